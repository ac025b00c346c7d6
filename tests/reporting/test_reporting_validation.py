"""Contract and execution validation rules (DATA-FORMATS.md §2–3)."""

from __future__ import annotations

import pytest

from waibao.reporting.validation import (
    amount_problem,
    category_problem,
    country_problem,
    currency_problem,
    is_offshore,
)


@pytest.mark.parametrize("code", ["US", "JP", "DE", "CN", "HK", "MO", "TW"])
def test_iso_3166_alpha_2_countries_are_accepted_including_hk_mo_tw(code):
    assert country_problem(code) is None


def test_hong_kong_macao_and_taiwan_are_offshore_and_the_mainland_is_onshore():
    assert is_offshore("HK") and is_offshore("MO") and is_offshore("TW")
    assert not is_offshore("CN")


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("USA", "not an ISO 3166-1 alpha-2"),
        ("UK", "not an ISO 3166-1 alpha-2"),
        ("us", "must be upper case (US)"),
        ("", "client_country is empty"),
    ],
)
def test_a_country_that_is_not_iso_alpha_2_is_refused(code, reason):
    assert reason in country_problem(code)


@pytest.mark.parametrize("code", ["USD", "CNY", "EUR", "JPY", "HKD", "KRW", "SGD", "GBP"])
def test_iso_4217_currencies_are_accepted(code):
    assert currency_problem(code) is None


@pytest.mark.parametrize(
    ("code", "reason"),
    [("RMB", "not an ISO 4217"), ("usd", "upper case (USD)"), ("US$", "not an ISO 4217")],
)
def test_a_currency_that_is_not_iso_4217_is_refused(code, reason):
    assert reason in currency_problem(code)


def test_a_category_must_be_a_code_of_categories_csv():
    known = {"ITO.01", "KPO.07"}
    assert category_problem("ITO.01", known) is None
    assert category_problem("ITO.99", known) == "category 'ITO.99' is not a code of categories.csv"
    assert category_problem("", known) == "category is empty"


@pytest.mark.parametrize("text", ["0", "1234", "1234.5", "1234.50", "0.01"])
def test_decimal_strings_with_at_most_two_decimals_are_amounts(text):
    assert amount_problem(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1234.567", "more than two decimals"),
        ("1,234.50", "thousands separator"),
        ("-5.00", "negative"),
        ("1.2e3", "exponent"),
        (" 12", "surrounding spaces"),
        ("", "empty"),
        ("abc", "not a decimal number"),
    ],
)
def test_an_amount_that_is_not_a_plain_decimal_string_is_refused(text, reason):
    assert reason in amount_problem(text)
