"""A brief's period, ``YYYY-MM``: parsed without Django so the CLI can check it first."""

from __future__ import annotations

import re


def parse_period(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})-(\d{2})", text or "")
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"period {text!r} is not YYYY-MM (e.g. 2025-06)")
    return int(match[1]), int(match[2])
