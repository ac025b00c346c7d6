"""``waibao plans``: load the work plans, run the daily supervision, export the report.

    waibao plans load [--jurisdiction NAME]
    waibao plans supervise [--today DATE] [--jurisdiction NAME] [--lead-after N] [--office-after M]
    waibao plans cadence --jurisdiction NAME --from DATE --to DATE
    waibao plans export --jurisdiction NAME --output FILE.xlsx [--today DATE] [--year YEAR]
                        [--targets FILE.json]

``supervise`` is meant to run once a day (cron); running it twice on one day, or again after a
missed day, sends each reminder and escalation once.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from waibao import jurisdictions
from waibao.cli.errors import BadInput

# The policy folders' slugs (waibao.jurisdictions), in the catalogue's order.
JURISDICTIONS = list(jurisdictions.slugs())


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from error


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "plans",
        help="work plans and supervision (督办): load, supervise, cadence, export",
        description="Work plans and supervision (督办) of the leading groups' tasks.",
    )
    parser.add_argument("--data-dir", default=None)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    load = actions.add_parser("load", help="load bodies, units, stages and tasks from the texts")
    load.add_argument("--jurisdiction", choices=JURISDICTIONS)
    load.set_defaults(handler=handle_load)

    supervise = actions.add_parser(
        "supervise", help="remind and escalate overdue tasks (idempotent; run daily)"
    )
    supervise.add_argument("--today", type=_date, default=None, help="default: today")
    supervise.add_argument("--jurisdiction", choices=JURISDICTIONS)
    supervise.add_argument("--lead-after", type=int, default=None, help="days overdue")
    supervise.add_argument("--office-after", type=int, default=None, help="days overdue")
    supervise.add_argument("--no-email", action="store_true", help="record reminders only")
    supervise.set_defaults(handler=handle_supervise)

    cadence = actions.add_parser("cadence", help="periods in which a required meeting was missed")
    cadence.add_argument("--jurisdiction", choices=JURISDICTIONS, required=True)
    cadence.add_argument("--from", dest="start", type=_date, required=True)
    cadence.add_argument("--to", dest="end", type=_date, required=True)
    cadence.set_defaults(handler=handle_cadence)

    export = actions.add_parser("export", help="the supervision report as XLSX")
    export.add_argument("--jurisdiction", choices=JURISDICTIONS, required=True)
    export.add_argument("--output", required=True)
    export.add_argument("--today", type=_date, default=None)
    export.add_argument("--year", type=int, default=None)
    export.add_argument(
        "--targets", default=None, help="JSON object: unit code -> target attainment score 0-100"
    )
    export.set_defaults(handler=handle_export)


def _local_today() -> date:
    """Today in the bureau's time zone (settings.TIME_ZONE, Asia/Shanghai)."""
    from django.utils import timezone

    return timezone.localdate()


def _setup(args: argparse.Namespace) -> None:
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir)


def handle_load(args: argparse.Namespace) -> int:
    _setup(args)
    from waibao.plans.loading import PlanDataError, plan_load

    names = [args.jurisdiction] if args.jurisdiction else JURISDICTIONS
    try:
        for name in names:
            result = plan_load(jurisdiction=name)
            print(
                f"{name}: {result.units} units, {result.bodies} bodies, {result.stages} stages, "
                f"{result.tasks} tasks, {result.assignments} assignments"
            )
    except PlanDataError as error:
        raise BadInput(error.lines) from error
    return 0


def handle_supervise(args: argparse.Namespace) -> int:
    _setup(args)
    from waibao.plans.conf import plan_settings
    from waibao.plans.services import supervise

    try:
        settings = plan_settings(
            escalate_to_lead_after_days=args.lead_after,
            escalate_to_office_after_days=args.office_after,
            send_email=False if args.no_email else None,
        )
    except ValueError as error:
        raise BadInput(str(error)) from error
    today = args.today or _local_today()
    run = supervise(today=today, jurisdiction=args.jurisdiction, settings=settings)
    for reminder in run.created:
        print(
            f"{today} {reminder.get_level_display()} {reminder.recipient_name}: "
            f"{reminder.task.key} 逾期{reminder.overdue_days}天"
        )
    print(
        f"{today}: {run.overdue_tasks} overdue tasks, {len(run.created)} new reminders, "
        f"{run.already_sent} already sent, {run.emails} emails"
    )
    return 0


def handle_cadence(args: argparse.Namespace) -> int:
    if args.end < args.start:
        raise BadInput(f"--to {args.end} is before --from {args.start}")
    _setup(args)
    from waibao.plans.selectors import cadence_gaps_for

    gaps = cadence_gaps_for(jurisdiction=args.jurisdiction, start=args.start, end=args.end)
    for gap in gaps:
        print(f"{gap.body.name}\t{gap.cadence.meeting_kind}\t{gap.period.label}")
    print(f"{len(gaps)} missed periods")
    return 0


def handle_export(args: argparse.Namespace) -> int:
    targets = None
    if args.targets:
        path = Path(args.targets)
        try:
            targets = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise BadInput(f"{path}: {error}") from error
        if not isinstance(targets, dict):
            raise BadInput(f"{path}: expected a JSON object of unit code -> score")
    _setup(args)
    from waibao.plans.export import supervision_report_xlsx

    try:
        content = supervision_report_xlsx(
            jurisdiction=args.jurisdiction,
            today=args.today or _local_today(),
            year=args.year,
            target_scores=targets,
        )
    except ValueError as error:
        raise BadInput(f"{args.targets}: {error}") from error
    Path(args.output).write_bytes(content)
    print(f"{args.output}: {len(content)} bytes")
    return 0
