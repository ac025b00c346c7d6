"""``waibao stats``: indicators, targets, snapshots, key-enterprise monitoring, district
assessment and MOFCOM-style tables (STATS.md, CLI.md)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from waibao.cli.errors import BadInput
from waibao.cli.progress import Progress


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="statistics indicators, targets, snapshots, monitoring (docs/contracts/STATS.md)",
        description="Service-outsourcing statistics: one Ibis expression per indicator.",
    )
    parser.set_defaults(handler=lambda args: parser.error("choose a stats subcommand"))
    commands = parser.add_subparsers(dest="stats_command", metavar="SUBCOMMAND")

    indicators = commands.add_parser(
        "indicators",
        help="the indicators of docs/contracts/STATS.md for a year, grouped by the fields given",
        description="The indicators of docs/contracts/STATS.md for a year, grouped by --by.",
    )
    indicators.add_argument("--year", type=int, required=True)
    indicators.add_argument(
        "--by",
        default="",
        help="grouping fields, comma-separated: month, quarter, group, category, "
        "client_country, market, offshore, region_code, city, park_id, ownership",
    )
    indicators.add_argument(
        "--through-month",
        type=int,
        default=12,
        choices=range(1, 13),
        metavar="MONTH",
        help="year to date: months 1..MONTH of the year (and of the year before, for yoy)",
    )
    _engine_options(indicators)
    indicators.add_argument("--format", choices=("json", "csv", "xlsx"), default="json")
    indicators.add_argument("--output", help="file to write (standard output by default)")
    indicators.set_defaults(handler=handle_indicators)

    targets = commands.add_parser(
        "targets",
        help="every development target of the policy documents, with progress",
        description="Every development target of the policy documents, with progress.",
    )
    from waibao.policy_files import spoken_list
    from waibao.stats.target_files import reading_choices, target_jurisdictions

    targets.add_argument("--jurisdiction", help=spoken_list(target_jurisdictions()))
    targets.add_argument(
        "--as-of", type=int, help="the latest year of data to use (default: the latest)"
    )
    # one --<slug>-reading flag per policy folder whose targets.yaml declares readings
    for slug, (choices, help_text) in reading_choices().items():
        targets.add_argument(f"--{slug}-reading", choices=choices, help=help_text or None)
    targets.add_argument("--format", choices=("json", "text"), default="text")
    targets.add_argument("--data-dir", default=None)
    targets.set_defaults(handler=handle_targets)

    snapshot = commands.add_parser(
        "snapshot",
        help="write the operational database as Parquet for DuckDB and Spark",
        description="Write the operational database's statistics tables as Parquet files.",
    )
    snapshot.add_argument("directory", metavar="DIR")
    snapshot.add_argument("--data-dir", default=None)
    snapshot.set_defaults(handler=handle_snapshot)

    monitor = commands.add_parser(
        "monitor",
        help="重点企业监测: top enterprises per city, with fall and silence alerts",
        description="Key-enterprise monitoring (a text's 保障措施 统计支撑).",
    )
    monitor.add_argument("--year", type=int, required=True)
    monitor.add_argument("--month", type=int, default=12, choices=range(1, 13), metavar="MONTH")
    monitor.add_argument("--top", type=int, default=10, help="enterprises per city")
    monitor.add_argument("--city", help="only this city (6-digit code ending in 00)")
    monitor.add_argument(
        "--fall-threshold",
        default="0.30",
        help="alert when year-to-date executions fell by more than this share (0.30 = 30%%)",
    )
    _engine_options(monitor)
    monitor.add_argument("--format", choices=("json", "csv"), default="json")
    monitor.set_defaults(handler=handle_monitor)

    assess = commands.add_parser(
        "assess",
        help="考核: score and rank districts against the targets the bureau set",
        description="District assessment (a text's 保障措施 考核).",
    )
    assess.add_argument("--year", type=int, required=True)
    assess.add_argument(
        "--targets", required=True, help="CSV: region_code,indicator,target (bureau-edited)"
    )
    _engine_options(assess)
    assess.add_argument("--format", choices=("json", "csv"), default="json")
    assess.set_defaults(handler=handle_assess)

    report = commands.add_parser(
        "report",
        help="MOFCOM-style periodic tables as XLSX (one sheet per table)",
        description="The year's statistics in the layout of MOFCOM's periodic tables.",
    )
    report.add_argument("--year", type=int, required=True)
    report.add_argument("--through-month", type=int, default=12, choices=range(1, 13))
    report.add_argument("--output", required=True, help="the .xlsx file to write")
    _engine_options(report)
    report.set_defaults(handler=handle_report)


def _engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine",
        choices=("sqlite", "postgres", "duckdb", "spark"),
        help="where to compute: the operational database (sqlite, postgres; default: the "
        "configured one) or a Parquet snapshot (duckdb, spark)",
    )
    parser.add_argument(
        "--snapshot",
        metavar="DIR",
        help="Parquet snapshot for duckdb/spark (default: a fresh one of the database)",
    )
    parser.add_argument("--data-dir", default=None)


def open_source(args: argparse.Namespace) -> tuple[Any, Any]:
    """The source the options ask for; the second value keeps a temporary snapshot alive."""
    from waibao.stats.sources import (
        SourceError,
        configured_engine,
        operational_source,
        snapshot_source,
    )

    engine = args.engine
    try:
        if engine in (None, "sqlite", "postgres"):
            _setup(args)
            engine = engine or configured_engine()
            return operational_source(engine), None
        directory = args.snapshot
        keep = None
        if directory is None:
            from waibao.stats.snapshot import snapshot_write

            _setup(args)
            keep = tempfile.TemporaryDirectory(prefix="waibao-snapshot-")
            directory = keep.name
            snapshot_write(directory, engine=configured_engine())
        return snapshot_source(engine, directory), keep
    except SourceError as error:
        raise BadInput(str(error)) from error


def _setup(args: argparse.Namespace) -> None:
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=getattr(args, "data_dir", None))


def _write(args: argparse.Namespace, text: str | bytes) -> None:
    output = getattr(args, "output", None)
    if output:
        Path(output).write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    elif isinstance(text, bytes):
        sys.stdout.buffer.write(text)
    else:
        sys.stdout.write(text)


def handle_indicators(args: argparse.Namespace) -> int:
    from waibao.stats import output
    from waibao.stats.fields import UnknownField, parse_fields
    from waibao.stats.indicators import indicator_rows
    from waibao.stats.sources import SourceError

    try:
        by = parse_fields(args.by)
    except UnknownField as error:
        raise BadInput(str(error)) from error
    with Progress("统计指标 stats indicators") as progress:
        source, _keep = _open(args, progress)
        try:
            with progress.step(f"计算 {args.year} 年 computing {args.year}"):
                rows = indicator_rows(
                    source, year=args.year, by=by, through_month=args.through_month
                )
        except SourceError as error:
            raise BadInput(str(error)) from error
    items = output.present(rows, by)
    if args.format == "json":
        _write(args, output.to_json(items))
    elif args.format == "csv":
        _write(args, output.to_csv(items, by))
    else:
        _write(args, output.to_xlsx(items, by))
    progress.done(
        f"{args.year} 年指标 {len(items):,} 行", f"indicators of {args.year}: {len(items):,} rows"
    )
    return 0


def _open(args: argparse.Namespace, progress: Progress) -> tuple[Any, Any]:
    """:func:`open_source`, shown as a step (it writes a snapshot for duckdb and spark)."""
    snapshot = args.engine in ("duckdb", "spark") and args.snapshot is None
    with progress.step("写快照 writing a snapshot" if snapshot else "打开数据 opening the data"):
        return open_source(args)


def handle_snapshot(args: argparse.Namespace) -> int:
    from waibao.stats.snapshot import snapshot_write
    from waibao.stats.sources import configured_engine

    _setup(args)
    with Progress("统计快照 stats snapshot") as progress, progress.step("写出 writing"):
        counts = snapshot_write(args.directory, engine=configured_engine())
    for name, count in counts.items():
        print(f"{name}.parquet: {count} rows")
    rows = sum(counts.values())
    progress.done(
        f"快照 {len(counts)} 个文件 {rows:,} 行", f"snapshot: {len(counts)} files, {rows:,} rows"
    )
    return 0


def handle_targets(args: argparse.Namespace) -> int:
    from waibao.stats.target_files import reading_choices
    from waibao.stats.targets import (
        TargetError,
        load_targets,
        target_progress,
        targets_json,
        targets_text,
    )

    readings = {
        slug: getattr(args, f"{slug}_reading".replace("-", "_"), None) for slug in reading_choices()
    }
    from waibao.jurisdictions import slugs as catalogue_slugs

    refused: TargetError | None = None
    try:
        targets = load_targets(jurisdiction=args.jurisdiction, readings=readings)
    except TargetError as error:
        if args.jurisdiction not in catalogue_slugs():
            raise BadInput(str(error)) from error
        # a text that sets no targets: the bureau's own, if it entered any (after setup)
        targets, refused = [], error
    _setup(args)
    from waibao.stats.bureau_figures import with_bureau_figures
    from waibao.stats.sources import SourceError, configured_engine, operational_source

    targets = with_bureau_figures(
        targets,
        jurisdictions_wanted=None if args.jurisdiction is None else [args.jurisdiction],
    )
    if refused is not None and not targets:
        raise BadInput(str(refused))

    with Progress("发展目标 stats targets") as shown, shown.step("计算 computing"):
        try:
            source = operational_source(configured_engine())
            progress = target_progress(targets, source=source, as_of=args.as_of)
        except SourceError as error:
            raise BadInput(str(error)) from error
    sys.stdout.write(targets_json(progress) if args.format == "json" else targets_text(progress))
    shown.done(f"目标 {len(progress):,} 项", f"{len(progress):,} targets")
    return 0


def handle_monitor(args: argparse.Namespace) -> int:
    from waibao.stats.monitor import MonitorError, monitor_json_csv, monitor_run

    try:
        from waibao.money import parse_rate

        threshold = parse_rate(args.fall_threshold)
    except (ValueError, ArithmeticError) as error:
        raise BadInput(f"--fall-threshold: {args.fall_threshold!r} is not a share") from error
    with Progress("重点企业监测 stats monitor") as progress:
        source, _keep = _open(args, progress)
        try:
            with progress.step("计算 computing"):
                result = monitor_run(
                    source,
                    year=args.year,
                    month=args.month,
                    top=args.top,
                    city=args.city,
                    fall_threshold=threshold,
                )
        except MonitorError as error:
            raise BadInput(str(error)) from error
    sys.stdout.write(monitor_json_csv(result, args.format))
    period = f"{args.year}-{args.month:02d}"
    progress.done(f"{period} 重点企业监测", f"key enterprises monitored for {period}")
    return 0


def handle_assess(args: argparse.Namespace) -> int:
    from waibao.stats.assessment import (
        AssessmentError,
        assessment_json_csv,
        district_scores,
        read_district_targets,
    )

    try:
        targets = read_district_targets(Path(args.targets))
    except AssessmentError as error:
        raise BadInput(str(error)) from error
    with Progress("区县考核 stats assess") as progress:
        source, _keep = _open(args, progress)
        with progress.step("计算 computing"):
            rows = district_scores(source, year=args.year, targets=targets)
    sys.stdout.write(assessment_json_csv(rows, args.format))
    progress.done(f"考核 {len(rows):,} 个区县", f"{len(rows):,} districts assessed")
    return 0


def handle_report(args: argparse.Namespace) -> int:
    from waibao.stats.mofcom import mofcom_workbook

    with Progress("统计报表 stats report") as progress:
        source, _keep = _open(args, progress)
        with progress.step(f"计算 {args.year} 年报表 computing the tables of {args.year}"):
            workbook = mofcom_workbook(source, year=args.year, through_month=args.through_month)
    Path(args.output).write_bytes(workbook)
    print(f"wrote {args.output}")
    progress.done(f"报表已写出 {args.output}", f"report written to {args.output}")
    return 0
