"""The language of the CLI's explanations and reasons (issue 21): ``--lang`` when given, else
the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, in POSIX order): Chinese for a ``zh_*``
locale, English otherwise. English by default keeps the output existing scripts read
(docs/decisions/0017-rules-texts-in-chinese.md); ids, amounts and columns never change."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping

from waibao.rules.language import normalise

CHOICES = ("zh-hans", "en")


def add_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=CHOICES,
        default=None,
        help="language of explanations and reasons (default: from LANG; English unless zh_*)",
    )


def cli_language(given: str | None, environ: Mapping[str, str] | None = None) -> str:
    if given:
        return normalise(given)
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "zh-hans" if value.lower().startswith("zh") else "en"
    return "en"
