"""``waibao import-roster FILE``: a training roster (docs/formats/roster.md), all-or-nothing.
Reasons and the summary follow the run's language (``waibao.cli.language``); the
``file:row:column:`` position of a reason never changes."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-roster",
        help="import a training roster (CSV or XLSX), all-or-nothing",
        description=(
            "Import a training roster (docs/formats/roster.md). Every bad row is reported as "
            "file:row:column: reason and nothing is written; re-importing changes nothing."
        ),
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--data-dir", default=None)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from pathlib import Path

    from waibao.cli import language
    from waibao.cli.django_setup import setup_django
    from waibao.cli.errors import BadInput

    if not Path(args.file).is_file():
        raise BadInput(f"{args.file}: no such file")
    setup_django(data_dir=args.data_dir)
    from django.db import transaction

    from waibao.imports.record import cli_import_record
    from waibao.talent.roster import RosterError, roster_import

    try:
        with transaction.atomic():
            result = roster_import(args.file)
            counts = {
                "added": result.added,
                "filled": result.filled,
                "unchanged": result.unchanged,
                "people_added": result.people_added,
            }
            cli_import_record(kind="roster", path=Path(args.file), counts=counts)
    except RosterError as error:
        raise BadInput(error.lines) from error
    if language.chinese():
        from django.utils.translation import gettext as _

        counts = {
            "added": result.added,
            "filled": result.filled,
            "unchanged": result.unchanged,
            "people": result.people_added,
        }
        message = _(
            "新增 %(added)s 条，补填 %(filled)s 条，未变 %(unchanged)s 条（新增人员 %(people)s 人）"
        )
        print(message % counts)
        return 0
    print(
        f"{result.added} added, {result.filled} filled in, {result.unchanged} unchanged "
        f"({result.people_added} new people)"
    )
    return 0
