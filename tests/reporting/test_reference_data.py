"""Categories and exchange rates shipped as data and loaded by migration."""

from __future__ import annotations

import csv
from decimal import Decimal
from fractions import Fraction

import pytest

from waibao.paths import DATA_FILES
from waibao.reporting.models import Category, ExchangeRate
from waibao.reporting.rates import MissingRate, cny_per_unit, rate_table, to_cny_fen, to_usd_cents
from waibao.reporting.reference import CATEGORIES_VERSION, categories_load, exchange_rates_load

CURRENCIES = ("USD", "EUR", "JPY", "HKD", "GBP", "KRW", "SGD")


def _rates_csv() -> list[dict[str, str]]:
    with (DATA_FILES / "exchange_rates.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_shipped_categories_are_the_shared_spec_file_unchanged():
    spec = "/work/shared/spec/categories.csv"
    try:
        with open(spec, encoding="utf-8") as handle:
            expected = handle.read()
    except FileNotFoundError:
        pytest.skip("shared spec not beside this checkout")
    assert (DATA_FILES / "categories.csv").read_text(encoding="utf-8") == expected


@pytest.mark.django_db
def test_the_migration_loads_every_category_under_its_version():
    assert Category.objects.count() == 19
    design = Category.objects.get(code="KPO.02")
    assert (design.group, design.name_zh, design.version) == ("KPO", "设计服务", CATEGORIES_VERSION)
    assert categories_load() == 19
    assert Category.objects.count() == 19


def test_the_rate_table_has_every_currency_for_every_year_2005_to_2025_with_a_source():
    rows = _rates_csv()
    keys = {(row["currency"], int(row["year"])) for row in rows}
    assert keys == {(c, y) for c in CURRENCIES for y in range(2005, 2026)}
    assert len(rows) == len(keys)
    for row in rows:
        assert row["source"]
        assert Decimal(row["cny_per_unit"]) > 0
        assert "e" not in row["cny_per_unit"].lower()
        if row["year"] == "2025":
            assert "provisional" in row["source"]


def test_the_usd_rates_are_the_published_yearly_averages_of_the_central_parity():
    usd = {int(r["year"]): r["cny_per_unit"] for r in _rates_csv() if r["currency"] == "USD"}
    assert usd[2005] == "8.1917"
    assert usd[2015] == "6.2284"
    assert usd[2024] == "7.1217"


@pytest.mark.django_db
def test_the_migration_loads_every_rate_and_loading_again_changes_nothing():
    assert ExchangeRate.objects.count() == len(CURRENCIES) * 21
    assert exchange_rates_load() == (0, 0)


@pytest.mark.django_db
def test_a_rate_an_administrator_corrected_is_not_overwritten_by_the_shipped_table():
    ExchangeRate.objects.filter(currency="EUR", year=2019).update(
        cny_per_unit=Decimal("7.7355"), source="中国统计年鉴2020 表11-14"
    )
    assert exchange_rates_load() == (0, 0)
    assert cny_per_unit("EUR", 2019) == Decimal("7.7355")


@pytest.mark.django_db
def test_usd_2024_converts_to_fen_at_7_1217_rounded_once_half_up():
    assert cny_per_unit("USD", 2024) == Decimal("7.1217")
    # 1.00 USD = 7.1217 CNY = 712.17 fen → 712 fen
    assert to_cny_fen(100, "USD", 2024) == 712
    # 0.50 USD = 356.085 fen: under one half of a fen over 356 → 356
    assert to_cny_fen(50, "USD", 2024) == 356
    # 2.00 USD → 1424.34 fen → 1424
    assert to_cny_fen(200, "USD", 2024) == 1424


@pytest.mark.django_db
def test_an_exact_half_fen_rounds_up():
    ExchangeRate.objects.create(
        currency="XTS", year=2024, cny_per_unit=Decimal("1.005"), source="t"
    )
    # 100 hundredths × 1.005 = 100.5 fen → 101
    assert to_cny_fen(100, "XTS", 2024) == 101
    # 300 × 1.005 = 301.5 → 302
    assert to_cny_fen(300, "XTS", 2024) == 302
    # 99 × 1.005 = 99.495 → 99
    assert to_cny_fen(99, "XTS", 2024) == 99


@pytest.mark.django_db
def test_cny_is_its_own_rate_and_usd_is_not_converted_to_usd():
    assert to_cny_fen(12345, "CNY", 1990) == 12345
    assert to_usd_cents(12345, "USD", 1990) == 12345


@pytest.mark.django_db
def test_eur_converts_to_usd_through_both_yearly_rates_with_one_rounding():
    rates = rate_table()
    eur, usd = rates["EUR", 2019], rates["USD", 2019]
    expected = Fraction(1_000_000) * Fraction(eur) / Fraction(usd)
    cents = to_usd_cents(1_000_000, "EUR", 2019, rates=rates)
    assert abs(Fraction(cents) - expected) <= Fraction(1, 2)
    assert cents == to_usd_cents(1_000_000, "EUR", 2019)


@pytest.mark.django_db
def test_a_missing_rate_is_a_clear_error_naming_currency_and_year():
    with pytest.raises(MissingRate, match="no exchange rate for EUR in 2031"):
        to_cny_fen(100, "EUR", 2031)
    with pytest.raises(MissingRate, match="CHF in 2020"):
        to_usd_cents(100, "CHF", 2020, rates=rate_table())
