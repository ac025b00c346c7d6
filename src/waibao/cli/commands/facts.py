"""``waibao facts convert IN OUT``: a facts file validated and written in the other form
(docs/facts-parquet.md), so a bureau converts its JSON once and evaluates the Parquet file
many times without parsing JSON each time."""

from __future__ import annotations

import argparse
from pathlib import Path

from waibao.cli.errors import BadInput
from waibao.cli.progress import Progress

FORMATS = {".parquet": "parquet", ".jsonl": "jsonl"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "facts",
        help="facts files (docs/contracts/FACTS.md): convert JSON to Parquet and back",
        description="Facts files (docs/contracts/FACTS.md and docs/facts-parquet.md).",
    )
    parser.set_defaults(handler=lambda args: parser.error("choose a facts subcommand"))
    commands = parser.add_subparsers(dest="facts_command", metavar="SUBCOMMAND")
    convert = commands.add_parser(
        "convert",
        help="validate a facts file and write it as Parquet (OUT.parquet) or JSON Lines",
        description=(
            "Read IN (JSON, JSON Lines or Parquet), validate every record as `waibao "
            "entitlements` does (every bad record named, exit 1, nothing written), and write "
            "the same records to OUT: Parquet when OUT ends in .parquet (docs/facts-parquet.md: "
            "the columns and types JSON is read into, read back without parsing text), JSON "
            "Lines when it ends in .jsonl. OUT appears whole or not at all."
        ),
    )
    convert.add_argument("source", metavar="IN", help="facts file (JSON, JSON Lines or Parquet)")
    convert.add_argument("target", metavar="OUT", help="OUT.parquet or OUT.jsonl")
    convert.set_defaults(handler=handle_convert, parser=convert)


def handle_convert(args: argparse.Namespace) -> int:
    target = Path(args.target)
    form = FORMATS.get(target.suffix.lower())
    if form is None:
        args.parser.error(f"OUT must end in {' or '.join(FORMATS)}: {target}")
    from waibao.facts import FactsError, read_facts
    from waibao.facts.parquet import write_jsonl_facts, write_parquet_facts

    with Progress("事实文件转换 facts convert") as progress:
        with progress.step("读取并校验 reading and validating"):
            try:
                frame = read_facts(args.source)
            except FactsError as error:
                raise BadInput(error.errors) from error
        with progress.step("写出 writing"):
            try:
                (write_parquet_facts if form == "parquet" else write_jsonl_facts)(frame, target)
            except OSError as error:
                raise BadInput(f"{target}: cannot write: {error}") from error
    progress.done(f"转换 {frame.height:,} 条记录", f"converted {frame.height:,} records to {form}")
    return 0
