"""Generate ``docs/cli.md`` from the parser itself, so the CLI reference cannot drift.

``python -m waibao.cli.reference > docs/cli.md`` rewrites it; a test fails when the committed
file differs from what the parser says (STYLE.md: a command without documentation fails).
"""

from __future__ import annotations

import argparse
import os

from waibao.cli import build_parser


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _section(name: str, parser: argparse.ArgumentParser, depth: int) -> list[str]:
    lines = [f"{'#' * depth} `{name}`", "", "```text", parser.format_help().rstrip(), "```", ""]
    for child_name, child in sorted(_subparsers(parser).items()):
        lines += _section(f"{name} {child_name}", child, depth + 1)
    return lines


def cli_reference() -> str:
    os.environ["COLUMNS"] = "100"  # stable wrapping, whatever the terminal
    parser = build_parser()
    lines = [
        "# The `waibao` command",
        "",
        "Generated from the parser by `python -m waibao.cli.reference`; do not edit by hand.",
        "Exit status: 0 on success, 1 on bad input (errors on standard error), 2 on wrong usage.",
        "",
        "Long work (`import`, `stats`, `entitlements`) draws its progress on standard error, and",
        "ends with a summary line there (`导入 12,345 行，用时 3.2 秒 · imported 12,345 rows in",
        "3.2 s`), only when standard error is a terminal: standard output is never touched, and",
        "without a terminal both streams are exactly as described below.",
        "",
        "Language (docs/decisions/0035-cli-language.md): `waibao --lang zh-hans|en COMMAND`, else",
        "the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`): Chinese under a `zh_*` locale, English",
        "otherwise. It words reasons and summaries only: an import's problems keep their",
        "`file:row:column: reason` shape with the position untouched, and under English every",
        "line is exactly as docs/contracts/CLI.md and the sections below describe it.",
        "",
        "## `waibao`",
        "",
        "```text",
        parser.format_help().rstrip(),
        "```",
        "",
    ]
    for name, child in sorted(_subparsers(parser).items()):
        lines += _section(f"waibao {name}", child, 2)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(cli_reference(), end="")
