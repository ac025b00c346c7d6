"""The one currency conversion (docs/decisions/0010): the Python rule of
``waibao.reporting.rates`` and its vectorised twin, the Ibis expressions of
``waibao.stats.exact``, give the same integers on the edge values, on SQLite and DuckDB."""

from __future__ import annotations

import csv
from fractions import Fraction

import pytest

from waibao.money import round_half_up
from waibao.paths import DATA_FILES
from waibao.reporting.rates import (
    MILLION,
    MissingRate,
    Rates,
    cny_minor,
    rate_micro,
    usd_minor,
)

ibis = pytest.importorskip("ibis")
exact = pytest.importorskip("waibao.stats.exact")


def _shipped() -> Rates:
    with (DATA_FILES / "exchange_rates.csv").open(encoding="utf-8") as handle:
        return Rates(
            {
                (r["currency"], int(r["year"])): rate_micro(r["cny_per_unit"])
                for r in csv.DictReader(handle)
            }
        )


SHIPPED = _shipped()
CURRENCIES = ("USD", "CNY", "EUR", "JPY", "HKD")


def _rows() -> list[tuple[int, int, int]]:
    """(amount, rate, USD rate): half-way cases, the shipped 2024/2025 rates of USD, CNY,
    EUR, JPY and HKD on small and ordinary amounts, and amounts at and above
    ``direct_limit`` (whose products overflow int64)."""
    usd = 7_000_000
    rows = [
        (30, 50_000, usd),  # JPY 0.30 at 0.05: 1.5 fen -> 2
        (29, 50_000, usd),  # 1.45 fen -> 1
        (1, 500_000, usd),  # 0.5 fen -> 1
        (1, 499_999, usd),  # 0.499999 fen -> 0
        (1, 3_500_000, usd),  # 0.5 cent -> 1
        (1, 3_499_999, usd),  # 0.4999... cent -> 0
        (3, 7_000_000 // 6, usd),  # 0.4999995 cent -> 0 (7,000,000 is not a multiple of 6)
        (10**15, 100_000_000, 7_118_900),  # 10^23: far beyond int64
    ]
    for year in (2024, 2025):
        u = SHIPPED.rate("USD", year)
        for currency in CURRENCIES:
            r = SHIPPED.rate(currency, year)
            limit = exact.direct_limit(r, u)
            rows += [
                (a, r, u) for a in (0, 1, 2, 3, 49, 50, 51, 99, 100, 12_345_678, 7_777_777_777)
            ]
            rows += [(limit - 1, r, u), (limit, r, u), (limit + 1, r, u), (10**15, r, u)]
    return rows


ROWS = _rows()
BACKENDS = {"sqlite": lambda: ibis.sqlite.connect(), "duckdb": lambda: ibis.duckdb.connect()}


def _ibis(engine: str, rows: list[tuple[int, int | None, int | None]]) -> list[dict]:
    table = ibis.memtable(
        {
            "a": [a for a, _r, _u in rows],
            "r": [r for _a, r, _u in rows],
            "u": [u for _a, _r, u in rows],
            "m": [exact.direct_limit(r or MILLION, u or MILLION) for _a, r, u in rows],
        },
        schema={"a": "int64", "r": "int64", "u": "int64", "m": "int64"},
    )
    expr = table.select(
        cny=exact.to_cny_minor(table.a, table.r, table.m),
        usd=exact.to_usd_minor(table.a, table.r, table.u, table.m),
        cny_split=exact.to_cny_minor(table.a, table.r),
        usd_split=exact.to_usd_minor(table.a, table.r, table.u),
    )
    return BACKENDS[engine]().to_pyarrow(expr).to_pylist()


def test_the_python_rule_is_fraction_arithmetic_rounded_once_half_up():
    for amount, rate, usd in ROWS:
        assert cny_minor(amount, rate) == round_half_up(Fraction(amount * rate, MILLION))
        assert usd_minor(amount, rate, usd) == round_half_up(Fraction(amount * rate, usd))


@pytest.mark.parametrize("engine", sorted(BACKENDS))
def test_the_ibis_twin_gives_the_python_rules_integers(engine):
    got = _ibis(engine, ROWS)
    expected = [(cny_minor(a, r), usd_minor(a, r, u)) for a, r, u in ROWS]
    assert [(g["cny"], g["usd"]) for g in got] == expected
    assert [(g["cny_split"], g["usd_split"]) for g in got] == expected


def test_half_way_amounts_round_up_and_just_under_round_down():
    assert [cny_minor(a, r) for a, r, _u in ROWS[:4]] == [2, 1, 1, 0]
    assert [usd_minor(a, r, u) for a, r, u in ROWS[4:7]] == [1, 0, 0]


@pytest.mark.parametrize("currency", CURRENCIES)
def test_every_shipped_currency_converts_like_the_twin(currency):
    amounts = [*range(0, 2_000), 10**9 + 7, 10**12 + 3]
    u, r = SHIPPED.rate("USD", 2024), SHIPPED.rate(currency, 2024)
    got = _ibis("duckdb", [(a, r, u) for a in amounts])
    assert [g["usd"] for g in got] == [SHIPPED.usd_cents(a, currency, 2024) for a in amounts]
    assert [g["cny"] for g in got] == [SHIPPED.cny_fen(a, currency, 2024) for a in amounts]


def test_usd_stays_usd_and_cny_stays_cny():
    assert SHIPPED.usd_cents(12_345, "USD", 2024) == 12_345
    assert SHIPPED.cny_fen(12_345, "CNY", 1990) == 12_345  # CNY needs no rate in any year
    assert SHIPPED.convert(12_345, "CNY", 2024, "CNY") == 12_345
    # USD 1.00 at 7.1217 in 2024: 712.17 fen -> 712
    assert SHIPPED.convert(100, "USD", 2024, "CNY") == 712


def test_a_missing_rate_is_an_error_in_python_and_null_in_the_twin():
    with pytest.raises(MissingRate, match="JPY in 2031"):
        SHIPPED.usd_cents(100, "JPY", 2031)
    with pytest.raises(MissingRate, match="USD in 2031"):
        SHIPPED.usd_cents(100, "CNY", 2031)  # CNY to USD needs the year's USD rate
    with pytest.raises(ValueError, match="USD or CNY"):
        SHIPPED.convert(100, "USD", 2024, "EUR")
    for engine in sorted(BACKENDS):
        got = _ibis(engine, [(100, None, 7_000_000), (100, 7_000_000, None)])
        assert [(g["cny"], g["usd"]) for g in got] == [(None, None), (700, None)], engine


def test_a_rate_is_read_exactly_or_refused():
    assert rate_micro("7.1217") == 7_121_700
    assert rate_micro("0.047020") == 47_020
    for bad in ("0.0000001", "0", "-1", "abc"):
        with pytest.raises(ValueError, match="at most six decimals"):
            rate_micro(bad)


@pytest.mark.django_db
def test_the_statistics_read_the_same_rates_as_every_other_figure():
    sources = pytest.importorskip("waibao.stats.sources")
    assert dict(Rates.from_database().micro) == sources.rates_from_database()
    assert dict(Rates.from_database().micro) == dict(SHIPPED.micro)
