"""Parameter types shared by the API's routers.

A year travels into ``datetime.date(year, 1, 1)`` and into the rules engine's dated
parameters, so an unbounded integer (``year=-612``, ``year=10000``) used to end in a server
error; the API refuses it with 422 instead, and the OpenAPI document states the bounds.
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Query
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
