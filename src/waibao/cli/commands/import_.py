"""``waibao import enterprises|contracts|executions FILE`` (CLI.md, DATA-FORMATS.md §4).

All-or-nothing: on any bad row, every problem is printed to standard error as
``file:row:column: reason`` and the exit status is 1; nothing is written. On success prints
``FILE: N added, M unchanged``; warnings (executions above their contract's value) go to
standard error and do not change the exit status. Under a Chinese locale or ``--lang
zh-hans`` the reasons and the summary are said in Chinese; the ``file:row:column:`` position
and the ``FILE: `` head stay as they are (docs/decisions/0035-cli-language.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from waibao.imports.problems import ImportResult

KINDS = ("enterprises", "contracts", "executions")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import a CSV or XLSX file of docs/contracts/DATA-FORMATS.md, all-or-nothing",
        description=(
            "Import enterprises, contracts or executions from a CSV (UTF-8, BOM accepted) or "
            "XLSX file. The file is refused whole when any row is bad, with every problem "
            "listed as file:row:column: reason. Re-importing the same rows changes nothing; a "
            "row whose key exists with other values is an error. Contracts need their "
            "enterprise, executions their contract, already in the database."
        ),
    )
    parser.add_argument("kind", choices=KINDS, help="what the file holds")
    parser.add_argument("file", type=Path, help="the CSV or XLSX file")
    parser.add_argument("--data-dir", default=None, help="data directory (SQLite database)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from waibao.cli import language
    from waibao.cli.django_setup import setup_django
    from waibao.cli.errors import BadInput

    if not args.file.is_file():
        raise BadInput(f"{args.file}: no such file")
    setup_django(data_dir=args.data_dir)

    from waibao.cli.progress import Progress
    from waibao.imports.problems import ImportRefused
    from waibao.registry.services import enterprises_import
    from waibao.reporting.services import contracts_import, executions_import

    service = {
        "enterprises": enterprises_import,
        "contracts": contracts_import,
        "executions": executions_import,
    }[args.kind]
    from django.db import transaction

    from waibao.imports.record import cli_import_record

    # CLI.md: progress and a summary on a terminal (standard error), nothing otherwise
    with Progress(f"导入 import {args.file.name}") as progress:
        counted = (lambda row: progress.update(row, unit="行 rows")) if progress.enabled else None
        try:
            with progress.step("读取 reading"), transaction.atomic():
                result = service(path=args.file, name=str(args.file), progress=counted)
                counts = {"added": result.added, "unchanged": result.unchanged}
                cli_import_record(kind=args.kind, path=args.file, counts=counts)
        except ImportRefused as refused:
            raise BadInput([*refused.lines, f"{args.file}: refused, nothing imported"]) from None
    for warning in language.said_lines(result.warnings):
        print(warning, file=sys.stderr)
    rows = result.added + result.unchanged
    progress.done(
        f"导入 {rows:,} 行（新增 {result.added:,}，未变 {result.unchanged:,}）",
        f"imported {rows:,} rows ({result.added:,} added, {result.unchanged:,} unchanged)",
    )
    print(_summary(result, language.chinese()))
    return 0


def _summary(result: ImportResult, chinese: bool) -> str:
    """``FILE: N added, M unchanged`` (CLI.md), or the same counts in Chinese."""
    if not chinese:
        return result.summary()
    from django.utils.translation import gettext as _

    counts = {"added": result.added, "unchanged": result.unchanged}
    return f"{result.file}: " + _("新增 %(added)s 行，未变 %(unchanged)s 行") % counts
