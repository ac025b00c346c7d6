"""The bounds of every money, quantity and date value the project accepts, in one place
(issue 17 item 6: ``92233720368547758.08`` ended in a 500 on ``/api/report/contracts`` and on
appropriations; a registered capital of 40 nines overflowed SQLite's integer and PostgreSQL's
``bigint``; ``publicity_days`` took 100,000; founding and signing dates took 9999-12-31).

Where each is enforced:

- **money**: :func:`waibao.money.parse_fen` (every amount typed or imported as text: imports,
  forms, the API's decimal strings) and :func:`waibao.money.decimal_to_fen` refuse more than
  :data:`MAX_AMOUNT_FEN`; the database could hold more, but sums of many such amounts must
  still fit a 64-bit integer (92,233 amounts at the bound do).
- **dates**: :func:`waibao.registry.validation.parse_iso_date` (every import and form date)
  and the API's :data:`Day` type (422 naming the field) keep to :data:`FIRST_DAY`-:data:`LAST_DAY`.
- **quantities**: the API's :data:`Count`, :data:`PublicityDays`, :data:`ReviewDays` and
  :data:`Priority` types, and :func:`quantity_problem` in the services behind forms.

``tests/api/test_input_bounds.py`` walks every numeric and date field of the API's input
schemas and every amount and date column of the imports against these bounds.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from waibao.years import FIRST_YEAR, LAST_YEAR

# What a year may be at all: waibao.years, the one place for every year bound.
FIRST_DAY = dt.date(FIRST_YEAR, 1, 1)
LAST_DAY = dt.date(LAST_YEAR, 12, 31)

# 1,000,000,000,000.00 (一万亿) in yuan, US dollars or any currency, inclusive: above any
# contract, capital or fund line the policies speak of, far inside Int64 arithmetic with rates,
# and the bound the facts contract has always had (docs/contracts/FACTS.md).
MAX_AMOUNT_FEN = 100_000_000_000_000
MAX_AMOUNT_TEXT = "1000000000000.00"

MAX_COUNT = 10_000_000  # people, employees, trainees: above any enterprise or city
PUBLICITY_DAYS = (1, 90)  # 公示期: the texts say 5 to 7 (working) days
REVIEW_DAYS = (1, 365)  # district and city review time limits
PRIORITY = (0, 1_000)
# an API token's lifetime in days: the static bound of the API type; the configured maximum
# (WAIBAO_API_TOKEN_MAX_DAYS, 365 by default) is the service's rule inside it
TOKEN_DAYS = (1, 3_650)
WEIGHT_MAX = 1_000  # an indicator's weight in an evaluation method

Year = Annotated[
    int, Field(ge=FIRST_YEAR, le=LAST_YEAR, description=f"年度 / year, {FIRST_YEAR}-{LAST_YEAR}")
]
Day = Annotated[
    dt.date, Field(ge=FIRST_DAY, le=LAST_DAY, description=f"日期 / date, {FIRST_DAY} to {LAST_DAY}")
]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT, description=f"0 to {MAX_COUNT:,}")]
PublicityDays = Annotated[int, Field(ge=PUBLICITY_DAYS[0], le=PUBLICITY_DAYS[1])]
ReviewDays = Annotated[int, Field(ge=REVIEW_DAYS[0], le=REVIEW_DAYS[1])]
Priority = Annotated[int, Field(ge=PRIORITY[0], le=PRIORITY[1])]
TokenDays = Annotated[int, Field(ge=TOKEN_DAYS[0], le=TOKEN_DAYS[1])]
Weight = Annotated[int, Field(ge=0, le=WEIGHT_MAX)]

QUANTITIES = {
    "publicity_days": PUBLICITY_DAYS,
    "district_review_days": REVIEW_DAYS,
    "city_review_days": REVIEW_DAYS,
    "priority": PRIORITY,
    "employees": (0, MAX_COUNT),
    "employees_college": (0, MAX_COUNT),
}


def amount_problem(fen: int) -> str | None:
    """Why an amount in fen (or cents) is out of bounds, or ``None``."""
    if abs(fen) > MAX_AMOUNT_FEN:
        return f"amount is over the bound of {MAX_AMOUNT_TEXT}"
    return None


def day_problem(day: dt.date) -> str | None:
    if not FIRST_DAY <= day <= LAST_DAY:
        return f"date {day.isoformat()} is outside {FIRST_DAY} to {LAST_DAY}"
    return None


def quantity_problem(name: str, value: int) -> str | None:
    low, high = QUANTITIES[name]
    if not low <= value <= high:
        return f"{name} {value} is outside {low} to {high:,}"
    return None
