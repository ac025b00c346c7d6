"""The language the CLI speaks (issue 21, docs/decisions/0035-cli-language.md): ``--lang``
when given (``waibao --lang zh-hans COMMAND``, or a command's own ``--lang``), else the
locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, in POSIX order): Chinese for a ``zh_*``
locale, English otherwise. English by default keeps the output existing scripts read
(docs/decisions/0017-rules-texts-in-chinese.md); ids, amounts, columns and the
``file:row:column:`` position of a reason never change with the language.

``main`` decides once per run (``chosen``); ``setup_django`` activates Django's translation
to it, and a command that never sets Django up reads the same decision from ``current``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

from waibao.language_tags import normalise

CHOICES = ("zh-hans", "en")
HELP = "language of explanations and reasons (default: from LANG; English unless zh_*)"

_chosen: str | None = None


def add_argument(parser: argparse.ArgumentParser, dest: str = "lang") -> None:
    parser.add_argument("--lang", dest=dest, choices=CHOICES, default=None, help=HELP)


def cli_language(given: str | None, environ: Mapping[str, str] | None = None) -> str:
    if given:
        return normalise(given)
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "zh-hans" if value.lower().startswith("zh") else "en"
    return "en"


def current() -> str:
    """The language of this run: ``main``'s decision, else the locale's."""
    return _chosen or cli_language(None)


def chinese() -> bool:
    return current() == "zh-hans"


@contextmanager
def chosen(given: str | None) -> Iterator[str]:
    """Decide the language for one run of ``main``; afterwards put back Django's active
    language as it was (a test runs many commands in one process)."""
    global _chosen
    before_chosen, before_django = _chosen, _django_language()
    _chosen = cli_language(given)
    try:
        yield _chosen
    finally:
        _chosen = before_chosen
        if _django_ready():
            from django.utils import translation

            if before_django is None:
                translation.deactivate()
            else:
                translation.activate(before_django)


def _django_ready() -> bool:
    apps = sys.modules.get("django.apps")
    return bool(apps is not None and apps.apps.ready)


def _django_language() -> str | None:
    if not _django_ready():
        return None
    from django.utils import translation

    return translation.get_language()


def activate_django() -> None:
    """Django's translation activated to the run's language (``setup_django`` calls it)."""
    from django.utils import translation

    translation.activate(current())


def said_lines(lines: Iterable[str]) -> list[str]:
    """Bad-input lines as the user reads them: under Chinese, each ``file:row:column:
    reason`` reason said in Chinese (``waibao.cli.wording``), the position untouched; under
    English exactly as written. The catalogue needs Django: ``main`` starts it for a command
    refused before it did; without it the lines stay as they are."""
    lines = [part for line in lines for part in line.split("\n")]
    if not chinese() or not _django_ready():
        return lines
    from waibao.cli.wording import said_lines as cli_said_lines

    return cli_said_lines(lines)
