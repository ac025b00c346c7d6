"""The year a page or the API is asked about: the pages' calculator and statistics, the API's
calculator and statistics read it the same way (a year Waibao holds facts for, as
``waibao.years`` states it)."""

from __future__ import annotations

from django.utils import timezone

from waibao import years


def parse_year(text: str | None, default: int) -> int | None:
    """The ``year`` query parameter: a year Waibao holds facts for (``waibao.years``), else
    ``None``."""
    if not text:
        return default
    try:
        year = int(text)
    except ValueError:
        return None
    return year if years.is_fact_year(year, timezone.localdate()) else None
