"""Checks for contracts and executions (DATA-FORMATS.md §2–3). Pure functions: each returns
the reason a value is refused, or ``None``. Country and currency lists come from pycountry
(ISO 3166-1, ISO 4217) and are read once into sets, because imports test millions of cells.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache

import pycountry

from waibao.money import MoneyError, parse_fen
from waibao.registry.validation import date_problem as date_problem

MAINLAND = "CN"


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes; includes HK, MO and TW, which Waibao counts as offshore."""
    return frozenset(country.alpha_2 for country in pycountry.countries)


@lru_cache(maxsize=1)
def currency_codes() -> frozenset[str]:
    """ISO 4217 alphabetic codes."""
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def country_problem(code: str) -> str | None:
    if code == "":
        return "client_country is empty"
    if code in country_codes():
        return None
    if code.upper() in country_codes():
        return f"client_country {code!r} must be upper case ({code.upper()})"
    return f"client_country {code!r} is not an ISO 3166-1 alpha-2 code"


def currency_problem(code: str) -> str | None:
    if code == "":
        return "currency is empty"
    if code in currency_codes():
        return None
    if code.upper() in currency_codes():
        return f"currency {code!r} must be upper case ({code.upper()})"
    return f"currency {code!r} is not an ISO 4217 code"


def category_problem(code: str, known: Collection[str]) -> str | None:
    if code == "":
        return "category is empty"
    if code in known:
        return None
    return f"category {code!r} is not a code of categories.csv"


def amount_problem(text: str) -> str | None:
    """A decimal string, at most two decimals, no sign, separator or exponent (waibao.money)."""
    try:
        parse_fen(text)
    except MoneyError as error:
        return str(error)
    return None


def is_offshore(client_country: str) -> bool:
    """Offshore (离岸) unless the client is in the mainland; HK, MO and TW are offshore."""
    return client_country != MAINLAND
