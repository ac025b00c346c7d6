"""``waibao entitlements``: evaluate every clause for every record of a facts file
(docs/contracts/FACTS.md), or of the facts built from the database (``--from-db --year
YEAR``); a facts Parquet file (docs/facts-parquet.md) reads like its JSON. JSON to
standard output by default; ``--format jsonl|csv|xlsx|parquet`` and ``--output FILE``;
``--reform`` reports, per clause, the rows and totals before and after a parameter overlay
and the difference. A file is read and its rows written as columns
(``waibao.facts.read_facts``, ``waibao.rules.output``)."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from waibao import jurisdictions
from waibao.cli.errors import BadInput
from waibao.cli.language import add_argument as add_language_argument
from waibao.cli.language import cli_language, current
from waibao.cli.progress import Progress
from waibao.spreadsheets import csv_writer, workbook, xlsx_append

if TYPE_CHECKING:
    import polars as pl


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "entitlements",
        help="evaluate every clause for every record of a facts file (docs/contracts/FACTS.md)",
        description=(
            "Evaluate every reward, subsidy and tax-incentive clause of the policy texts for "
            "every organisation-year of FACTS (a JSON array or JSON Lines file, "
            "docs/contracts/FACTS.md, or the same records as a Parquet file, "
            "docs/facts-parquet.md: `waibao facts convert` makes one), or of the facts built "
            "from the database with --from-db --year YEAR. Example facts, one file per policy "
            "text: docs/examples/ (try `waibao entitlements docs/examples/SLUG.jsonl --all`, "
            f"SLUG one of {', '.join(jurisdictions.slugs())})."
        ),
    )
    parser.add_argument(
        "facts", nargs="?", metavar="FACTS", help="facts file (JSON, JSON Lines or Parquet)"
    )
    parser.add_argument(
        "--from-db",
        action="store_true",
        help="build the facts from the database (the bureau's parameter settings apply)",
    )
    parser.add_argument("--year", type=int, help="the year of the facts built with --from-db")
    parser.add_argument("--data-dir", default=None, help="data directory (with --from-db)")
    parser.add_argument(
        "--all", action="store_true", help="also list the clauses that do not apply, with reasons"
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="add the facts, parameters (with citations), arithmetic and clause text per row",
    )
    parser.add_argument(
        "--format",
        choices=("json", "jsonl", "csv", "xlsx", "parquet"),
        default="json",
        help="json (default), jsonl (JSON Lines: one row a line), csv, xlsx or parquet "
        "(the csv's columns, amounts decimal(38,2); needs --output; docs/facts-parquet.md)",
    )
    parser.add_argument(
        "--output",
        metavar="FILE",
        help="write to FILE instead of standard output: whole or not at all, and read, "
        "evaluated and written a chunk of records at a time (docs/decisions/0039)",
    )
    parser.add_argument(
        "--reform",
        metavar="REFORM.yaml",
        help="overlay these parameters and report per clause rows and totals before and after",
    )
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        metavar="DATE",
        help="evaluate parameters as in force on DATE (default: each record's 31 December)",
    )
    add_language_argument(parser)
    parser.set_defaults(handler=handle, parser=parser)


def _load_frame(args: argparse.Namespace) -> pl.DataFrame:
    """The facts frame: a file read as columns (``waibao.facts.read_facts``, whose errors
    already name the file), or the facts built from the database (``waibao.entitlements``,
    as for the calculator and the funds)."""
    from waibao.facts import FactsError, read_facts

    try:
        if args.from_db:
            from waibao.cli.django_setup import setup_django

            setup_django(data_dir=args.data_dir)
            from waibao.entitlements import facts_frame_for_year

            return facts_frame_for_year(args.year)
        return read_facts(args.facts)
    except FactsError as error:
        if args.from_db:
            raise BadInput(
                [f"database year {args.year}: {line}" for line in error.errors]
            ) from error
        raise BadInput(error.errors) from error


def handle(args: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = args.parser
    if args.from_db and args.year is None:
        parser.error("--from-db needs --year YEAR")
    if args.from_db == (args.facts is not None):
        parser.error("give either FACTS or --from-db --year YEAR")
    if args.format == "xlsx" and not args.output:
        parser.error("--format xlsx needs --output FILE")
    if args.format == "parquet":
        if not args.output:
            parser.error(
                "--format parquet needs --output FILE (Parquet is binary: it is never written "
                "to a terminal or standard output)"
            )
        if args.explain or args.reform:
            parser.error(
                "--format parquet writes the entitlement rows: not with --explain or --reform "
                "(use json, jsonl or csv)"
            )

    if _in_chunks(args):
        with Progress("政策兑现测算 entitlements") as progress:
            with progress.step("读取、测算并写出 reading, evaluating and writing"):
                written = _write_in_chunks(args)
        if written is not None:
            progress.done(
                f"测算 {written.records:,} 条记录，{written.rows:,} 行结果",
                f"evaluated {written.records:,} records, {written.rows:,} rows",
            )
            return 0
    with Progress("政策兑现测算 entitlements") as progress:
        with progress.step("读取事实 reading the facts"), _policies_loading_beside():
            frame = _load_frame(args)
        records = frame.height
        with progress.step(f"测算 {records:,} 条记录 evaluating {records:,} records"):
            payload = _evaluate(args, frame)
        text: str | None = None
        if isinstance(payload, str):
            text = payload
        elif not isinstance(payload, list):  # rows as columns (waibao.rules.output)
            if args.output:
                with progress.step("写出 writing"):
                    _write_columns(args, payload)
        elif args.format == "xlsx":
            with progress.step("写出 writing"):
                _write_xlsx(args.output, payload)
        else:
            text = {"csv": _csv, "jsonl": _jsonl}.get(args.format, _json)(payload)
    if text is not None:
        _write_text(args, text)
    elif not isinstance(payload, list | str) and not args.output:
        _write_columns(args, payload)  # standard output, after the progress line is gone
    rows = 1 if isinstance(payload, str) else len(payload)
    progress.done(
        f"测算 {records:,} 条记录，{rows:,} 行结果",
        f"evaluated {records:,} records, {rows:,} rows",
    )
    return 0


def _in_chunks(args: argparse.Namespace) -> bool:
    """Whether the rows go to a file straight from the facts file a chunk of records at a
    time (``waibao.rules.pipeline``): everything but the database's facts, ``--explain``
    and ``--reform`` (documents built from the whole result) and XLSX."""
    from waibao.rules.pipeline import FORMATS

    plain = not (args.from_db or args.explain or args.reform)
    return plain and bool(args.output) and args.format in FORMATS


def _write_in_chunks(args: argparse.Namespace) -> Any:
    """The pipeline's ``Written``, or None when the facts must be read whole (nothing was
    written: the whole-file path then names every bad record, or evaluates the file)."""
    from waibao.facts import FactsError
    from waibao.rules import ParameterError
    from waibao.rules.pipeline import write_entitlements

    try:
        return write_entitlements(
            args.facts,
            args.output,
            args.format,
            include_all=args.all,
            as_of=args.as_of,
            language=_language(args),
        )
    except FactsError as error:
        raise BadInput(error.errors) from error
    except ParameterError as error:
        raise BadInput(str(error).splitlines()) from error


def _language(args: argparse.Namespace) -> str:
    """The language of explanations and reasons: the command's own --lang, else the run's
    (``waibao --lang``, or the locale)."""
    return cli_language(args.lang) if args.lang else current()


@contextmanager
def _policies_loading_beside() -> Iterator[None]:
    """Load the policy texts (clauses, dated parameters, formulas) in a thread while the
    facts are read: the read spends its time in Arrow and Polars with the interpreter lock
    released, so the half second of Python that loading the texts takes runs on the core
    the read leaves free (issue 20). Any error is left for the evaluation to raise."""

    def load() -> None:
        from waibao.rules.registry import parameters, registry

        with suppress(Exception):
            registry()
            parameters()
            jurisdictions.load_formulas()

    thread = threading.Thread(target=load, name="policies", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


Rows = list[dict[str, Any]]


def _evaluate(args: argparse.Namespace, frame: pl.DataFrame) -> Rows | pl.DataFrame | str:
    """The rows to write (as columns unless ``--explain`` or ``--reform``), or the reform's
    JSON document as text."""
    from waibao.rules import ParameterError, evaluate_frame
    from waibao.rules.engine import entitlement_rows, rows_from_frame
    from waibao.rules.explain import explain_rows
    from waibao.rules.reform import compare_reform, load_reform, reform_parameters
    from waibao.rules.registry import parameters

    language = _language(args)
    # From the database, the bureau's own parameter settings apply, the same overlay as in the
    # calculator and the funds (waibao.entitlements); a --reform file is laid over them.
    bureau: dict[str, Any] | None = None
    if args.from_db:
        from waibao.entitlements import bureau_overlay

        bureau = bureau_overlay()
    if args.reform:
        try:
            reform = load_reform(args.reform)
            overlay = _merged(bureau, reform_parameters(reform))
            before = evaluate_frame(frame, reform=bureau, as_of=args.as_of)
            after = evaluate_frame(frame, reform=overlay, as_of=args.as_of)
        except ParameterError as error:
            raise BadInput(str(error).splitlines()) from error
        rows: list[dict[str, Any]] = compare_reform(before, after)
        if args.format == "json":
            return _json({"reform": reform.get("name", args.reform), "clauses": rows})
        return rows
    result = evaluate_frame(
        frame, include_all=args.all, reform=bureau, as_of=args.as_of, language=language
    )
    if not args.explain:
        decimal = args.format == "parquet"  # Parquet's amounts: decimals, not text
        return entitlement_rows(result, include_all=args.all, decimal_amounts=decimal)
    rows = rows_from_frame(result, include_all=args.all)
    params = parameters().overlay(bureau) if bureau else parameters()
    return explain_rows(rows, result, frame, params, as_of=args.as_of)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def _jsonl(rows: Rows) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _write_columns(args: argparse.Namespace, rows: pl.DataFrame) -> None:
    """Entitlement rows written from their columns (``waibao.rules.output``): the same
    bytes as the per-row writers below."""
    from waibao.rules import output

    if rows.height == 0:
        rows = rows.select(_columns([]))
    if args.format in ("xlsx", "parquet"):
        write_file = output.write_xlsx if args.format == "xlsx" else output.write_parquet
        write_file(rows, args.output)
        return
    write = {"json": output.write_json, "jsonl": output.write_jsonl, "csv": output.write_csv}
    if args.output:
        with Path(args.output).open("wb") as out:
            write[args.format](rows, out)
        return
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (an embedding caller's)
        sys.stdout.write(output.text_of(write[args.format], rows))
        return
    write[args.format](rows, buffer)
    buffer.flush()


def _merged(base: dict[str, Any] | None, reform: Any) -> dict[str, Any]:
    """``reform`` laid over ``base``: per parameter, the reform's dated values win (the
    overlay keeps the last value given for a date, whatever its spelling)."""
    merged: dict[str, Any] = {name: dict(dated) for name, dated in (base or {}).items()}
    for name, dated in reform.items():
        merged.setdefault(name, {}).update(dated if isinstance(dated, dict) else {})
        if not isinstance(dated, dict):
            merged[name] = dated  # malformed: let the overlay name the problem
    return merged


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    if rows:
        return list(rows[0])
    return ["uscc", "year", "clause", "kind", "amount_cny", "min_cny", "discretionary",
            "citation", "explanation"]  # fmt: skip


def _csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    columns = _columns(rows)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in columns])
    return buffer.getvalue()


def _write_text(args: argparse.Namespace, text: str) -> None:
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _write_xlsx(path: str, rows: list[dict[str, Any]]) -> None:
    book = workbook(write_only=True)
    sheet = book.create_sheet("entitlements")
    columns = _columns(rows)
    xlsx_append(sheet, columns)
    for row in rows:
        # amounts stay text: Excel would turn them into binary floats
        xlsx_append(sheet, [_cell(row.get(name)) for name in columns])
    book.save(path)
