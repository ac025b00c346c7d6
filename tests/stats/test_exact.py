"""Exact conversion: the Ibis expressions agree with Fraction arithmetic, rounded half up once
per amount, on SQLite and DuckDB, for small amounts (direct form) and huge ones (split form)."""

from __future__ import annotations

from fractions import Fraction

import ibis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from waibao.money import round_half_up
from waibao.stats.exact import direct_limit, quotient, to_cny_minor, to_usd_minor

USD_2024 = 7_118_900


def _expected(amount, rate, usd):
    return round_half_up(Fraction(amount * rate, 1_000_000)), round_half_up(
        Fraction(amount * rate, usd)
    )


def _compute(backend, rows):
    table = ibis.memtable(
        {
            "a": [r[0] for r in rows],
            "r": [r[1] for r in rows],
            "u": [r[2] for r in rows],
            "m": [direct_limit(r[1], r[2]) for r in rows],
        },
        schema={"a": "int64", "r": "int64", "u": "int64", "m": "int64"},
    )
    expr = table.select(
        cny=to_cny_minor(table.a, table.r, table.m),
        usd=to_usd_minor(table.a, table.r, table.u, table.m),
        cny_split=to_cny_minor(table.a, table.r),
        usd_split=to_usd_minor(table.a, table.r, table.u),
    )
    return backend.to_pyarrow(expr).to_pylist()


BACKENDS = {"sqlite": ibis.sqlite.connect, "duckdb": ibis.duckdb.connect}


@pytest.mark.parametrize("engine", sorted(BACKENDS))
def test_half_a_fen_rounds_up_and_just_under_half_rounds_down(engine):
    rows = [
        (30, 50_000, USD_2024),  # JPY 0.30 at 0.05: 1.5 fen -> 2
        (29, 50_000, USD_2024),  # 1.45 fen -> 1
        (1, 500_000, USD_2024),  # 0.5 fen -> 1
        (100, USD_2024, USD_2024),  # USD stays USD
        (7_118_900, 1_000_000, USD_2024),  # CNY 71189.00 -> USD 10000.00 exactly
    ]
    got = _compute(BACKENDS[engine](), rows)
    assert [(g["cny"], g["usd"]) for g in got] == [
        (2, 0),
        (1, 0),
        (1, 0),
        (712, 100),  # USD 1.00 = CNY 7.1189 -> 7.12
        (7_118_900, 1_000_000),
    ]


@pytest.mark.parametrize("engine", sorted(BACKENDS))
def test_amounts_beyond_int64_products_convert_exactly_through_the_split(engine):
    # 10^15 hundredths at 100 CNY per unit: a x R = 10^23, far beyond int64.
    amount, rate = 10**15, 100_000_000
    assert amount > direct_limit(rate, USD_2024)
    (got,) = _compute(BACKENDS[engine](), [(amount, rate, USD_2024)])
    assert (got["cny"], got["usd"]) == _expected(amount, rate, USD_2024)


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10**15),
            st.integers(min_value=1, max_value=100_000_000),
            st.integers(min_value=1_000_000, max_value=10_000_000),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_duckdb_and_sqlite_agree_with_fraction_arithmetic_for_any_amount(rows):
    expected = [_expected(*row) for row in rows]
    for connect in BACKENDS.values():
        got = _compute(connect(), rows)
        assert [(g["cny"], g["usd"]) for g in got] == expected
        assert [(g["cny_split"], g["usd_split"]) for g in got] == expected


def test_integer_quotient_never_goes_through_a_float():
    t = ibis.table({"a": "int64", "b": "int64"}, name="t")
    expr = t.select(q=quotient(t.a, t.b))
    for dialect in ("sqlite", "postgres", "duckdb", "pyspark"):
        sql = ibis.to_sql(expr, dialect=dialect).upper()
        assert "REAL" not in sql and "DOUBLE" not in sql and "FLOOR" not in sql, dialect
    assert 2**53 + 1 == ibis.duckdb.connect().execute(
        ibis.literal(2**53 + 1, type="int64").pipe(lambda v: quotient(v * 3, 3))
    )
