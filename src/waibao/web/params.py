"""Parameter types shared by every router (the apps' and ``waibao.api``'s): bounded, so that
nonsense is a 422 naming the parameter (and the OpenAPI document states the bounds) rather
than a server error.

- A year travels into ``datetime.date(year, 1, 1)`` and the rules engine's dated parameters:
  ``year=-612`` or ``year=10000`` ended in a 500 (found by schemathesis, tests/api).
- A day (``today``, ``as_of``) is moved by months and years (``as_of`` minus the credit
  window, the calendar quarter after ``today``): ``0001-01-01`` and ``9999-12-31`` ended in a
  500 too.
- A page number becomes an SQL ``OFFSET``: ``page=99999999999999999999`` overflowed it.
"""

from __future__ import annotations

from typing import Any

from ninja import Query, Schema
from ninja.pagination import PageNumberPagination
from pydantic import Field

from waibao.bounds import FIRST_DAY, FIRST_YEAR, LAST_DAY, LAST_YEAR, Day, Year

__all__ = ["FIRST_DAY", "FIRST_YEAR", "LAST_DAY", "LAST_YEAR", "Day", "Pages", "Year", "year_query"]

# The bounds themselves live in waibao.bounds, the one place for every field's bounds.
YEAR_DESCRIPTION = f"年度 / year, {FIRST_YEAR}-{LAST_YEAR}"


def year_query() -> Any:
    """An optional ``year`` query parameter with the same bounds, for views whose annotations
    another module resolves (``@paginate`` reads them in ``ninja.pagination``'s namespace,
    where ``Year`` is unknown)."""
    return Query(None, ge=FIRST_YEAR, le=LAST_YEAR, description=YEAR_DESCRIPTION)


LAST_PAGE = 1_000_000  # times the largest page size, far inside a 64-bit OFFSET
MAX_PAGE_SIZE = 10_000  # asked for; the pagination still caps what it returns


class Pages(PageNumberPagination):
    """django-ninja's page-number pagination with a bounded page number."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=LAST_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)
