"""The year a page or the API is asked about: the pages' calculator and statistics, the API's
calculator and statistics read it the same way (a facts year, 2000 to next year)."""

from __future__ import annotations

from django.utils import timezone

FIRST_YEAR = 2000  # the oldest of the five policy texts is from 2007; facts before make no sense


def parse_year(text: str | None, default: int) -> int | None:
    """The ``year`` query parameter: a whole number in a sensible range, else ``None``."""
    if not text:
        return default
    try:
        year = int(text)
    except ValueError:
        return None
    return year if FIRST_YEAR <= year <= timezone.localdate().year + 1 else None
