"""Parameter types shared by the API's routers: bounded, so that nonsense is a 422 naming
the parameter (and the OpenAPI document states the bounds) rather than a server error.

- A year travels into ``datetime.date(year, 1, 1)`` and the rules engine's dated parameters:
  ``year=-612`` or ``year=10000`` ended in a 500 (found by schemathesis, tests/api).
- A day (``today``, ``as_of``) is moved by months and years (``as_of`` minus the credit
  window, the calendar quarter after ``today``): ``0001-01-01`` and ``9999-12-31`` ended in a
  500 too.
- A page number becomes an SQL ``OFFSET``: ``page=99999999999999999999`` overflowed it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Query, Schema
from ninja.pagination import PageNumberPagination
from pydantic import Field

# Far wider than any policy text (2007 onwards) or statistics series needs, and far inside
# ``datetime.date``'s range, so that ``year - 1`` and ``year + 1`` stay representable.
FIRST_YEAR = 1900
LAST_YEAR = 2100

YEAR_DESCRIPTION = f"年度 / year, {FIRST_YEAR}-{LAST_YEAR}"

Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR, description=YEAR_DESCRIPTION)]


def year_query() -> Any:
    """An optional ``year`` query parameter with the same bounds, for views whose annotations
    another module resolves (``@paginate`` reads them in ``ninja.pagination``'s namespace,
    where ``Year`` is unknown)."""
    return Query(None, ge=FIRST_YEAR, le=LAST_YEAR, description=YEAR_DESCRIPTION)


FIRST_DAY = dt.date(FIRST_YEAR, 1, 1)
LAST_DAY = dt.date(LAST_YEAR, 12, 31)
DAY_DESCRIPTION = f"日期 / date, {FIRST_DAY} to {LAST_DAY}"

Day = Annotated[dt.date, Field(ge=FIRST_DAY, le=LAST_DAY, description=DAY_DESCRIPTION)]

LAST_PAGE = 1_000_000  # times the largest page size, far inside a 64-bit OFFSET


class Pages(PageNumberPagination):
    """django-ninja's page-number pagination with a bounded page number."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=LAST_PAGE)
        page_size: int | None = Field(None, ge=1)
