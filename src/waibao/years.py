"""Which years Waibao accepts, stated once for the API's parameters, the pages' forms, the
reports and the facts files (issue 18: the API said 1900-2100, the pages 2000 to next year,
the yearly report 2000 to this year). docs/decisions/0021-one-permission-table-and-year-bounds.md.

Two questions, each answered here and nowhere else:

1. **Is it a year at all?** :data:`FIRST_YEAR`-:data:`LAST_YEAR` (1900-2100): the bound of
   every year and date field (``waibao.bounds.Year`` and ``Day``, so the API answers 422
   naming the parameter and the OpenAPI document states it; every import and form date).
   Far wider than any policy or series needs and far inside ``datetime.date``, so that
   ``year - 1`` and ``year + 1`` stay representable.
2. **Is it a year Waibao holds facts for?** :data:`FIRST_FACT_YEAR` (2000; the oldest of the
   policy texts is from 2007) through the current year: the calculator, the statistics (page
   and API) and the yearly report refuse any other year with a reason (400). A year that has
   not begun has no facts to report, calculate or count.

The facts file format (docs/contracts/FACTS.md: ``year`` 1990-2100) is a published
contract for files made elsewhere; :data:`FACTS_FILE_YEARS` states it here and the facts
schema, the public calculator's form and its API schema read it.

No Django, no pydantic: the bottom floor.
"""

from __future__ import annotations

import datetime as dt

FIRST_YEAR = 1900
LAST_YEAR = 2100

FIRST_FACT_YEAR = 2000

FACTS_FILE_YEARS = (1990, 2100)


def last_fact_year(today: dt.date) -> int:
    """The latest year Waibao holds facts for on ``today``: the current year."""
    return today.year


def is_fact_year(year: int, today: dt.date) -> bool:
    return FIRST_FACT_YEAR <= year <= last_fact_year(today)


def fact_year_problem(year: int, today: dt.date) -> str | None:
    """Why ``year`` is not a year of facts, or ``None``."""
    if is_fact_year(year, today):
        return None
    return f"year {year} is not a year from {FIRST_FACT_YEAR} to {last_fact_year(today)}"


def facts_file_year_problem(year: int) -> str | None:
    low, high = FACTS_FILE_YEARS
    if not low <= year <= high:
        return f"year {year} is outside {low}-{high}"
    return None
