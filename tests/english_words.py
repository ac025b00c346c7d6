"""Finds English left in a Chinese text (issue 21): a run of two or more English words.

A word is a run of Latin letters. Not counted: identifiers and proper names, that is words
with a digit, underscore or dot next to them (``hangzhou.12.software_export``, ``ISO20000``),
words written in capitals (``CMM``, ``PCMM``, ``SAS``, ``BS``, currency codes ``USD``/``CNY``)
and ``min`` (the formula's function). Two counted words separated by nothing but spaces make
a run."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[A-Za-z0-9_.\-/]+|\s+|.", re.S)
ALLOWED = {"min", "max", "m²"}


def _counts(token: str) -> bool:
    if not re.fullmatch(r"[A-Za-z]+", token):
        return False  # digits, dots, underscores: an identifier, a number or a code
    return not token.isupper() and token not in ALLOWED


def english_runs(text: str) -> list[str]:
    """Every run of two or more English words in ``text``."""
    runs: list[str] = []
    current: list[str] = []
    for token in _TOKEN.findall(text or ""):
        if token.isspace():
            continue
        if _counts(token):
            current.append(token)
            continue
        if len(current) >= 2:
            runs.append(" ".join(current))
        current = []
    if len(current) >= 2:
        runs.append(" ".join(current))
    return runs
