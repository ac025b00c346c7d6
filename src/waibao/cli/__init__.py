"""The ``waibao`` command (CLI.md).

Each subcommand is a module of ``waibao.cli.commands`` with a ``register(subparsers)``
function; this module only discovers them, so adding a command touches no shared list.
Exit status: 0 on success, 1 on bad input (errors on standard error), 2 on wrong usage.
The language of the run is decided here, once: ``waibao --lang zh-hans|en COMMAND`` (or a
command's own ``--lang``), else the locale (``waibao.cli.language``).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from waibao import __version__
from waibao.cli import commands, language
from waibao.cli.allocator import keep_freed_pages
from waibao.cli.errors import BadInput


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="waibao",
        description="Waibao 外包: service-outsourcing policy, statistics and funds.",
    )
    parser.add_argument("--version", action="version", version=f"waibao {__version__}")
    # Its own dest: a command's --lang (``waibao entitlements --lang``) sets ``lang``, and a
    # subcommand's default would overwrite the global option's value of the same name.
    language.add_argument(parser, dest="cli_lang")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    keep_freed_pages()  # before anything imports Polars (waibao.cli.allocator)
    parser = build_parser()
    args = parser.parse_args(argv)
    with language.chosen(getattr(args, "lang", None) or args.cli_lang):
        try:
            result = args.handler(args)
        except BadInput as error:
            if language.chinese():
                # Refused before the command started Django (a missing file, a bad targets
                # file): start it for the catalogue the reasons are said with; no database.
                from waibao.cli.django_setup import setup_django

                setup_django(migrate=False)
            for line in language.said_lines(error.lines):
                print(line, file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 130
    return int(result or 0)
