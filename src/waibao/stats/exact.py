"""Exact integer currency conversion as Ibis expressions, identical on every engine.

Ibis compiles ``a // b`` as ``FLOOR(CAST(a AS DOUBLE) / b)`` and decimals on SQLite as REAL,
so neither may touch money (ARCHITECTURE.md 3: no float in money). Waibao adds one operation,
:class:`IntegerQuotient`, which each engine computes natively on integers (SQLite and
PostgreSQL ``a / b`` on integers, DuckDB ``a // b``, Spark ``a DIV b``). Every operand Waibao
divides is non-negative, so truncation and flooring agree.

These are the vectorised twin of Waibao's one currency conversion, ``waibao.reporting.rates``
(``cny_minor``, ``usd_minor``: the same rule in Python integers, used by every other figure;
docs/decisions/0010); tests/reporting/test_currency_conversion.py proves them equal.

Conversion (docs/decisions/0003-stats-currency-conversion.md): an amount of ``a`` minor units
(hundredths) of a currency whose yearly average rate is ``r`` CNY per unit, kept as integer
millionths ``R = r × 10^6``, is worth exactly ``a × R / 10^6`` fen and ``a × R / R_usd`` US
cents. Each is rounded once, half up, per amount (per row). ``a × R`` can exceed int64 (an
amount of 10^14 hundredths at 10^8 millionths), so the product is carried as
``A × 10^6 + B`` with ``0 ≤ B < 10^6`` and never formed whole.
"""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.operations as ops
import sqlglot.expressions as sge
from ibis.backends.sql.compilers.duckdb import DuckDBCompiler
from ibis.backends.sql.compilers.postgres import PostgresCompiler
from ibis.backends.sql.compilers.pyspark import PySparkCompiler
from ibis.backends.sql.compilers.sqlite import SQLiteCompiler

MILLION = 1_000_000
INT64_MAX = 2**63 - 1


def direct_limit(rate_micro: int, usd_rate_micro: int) -> int:
    """The largest amount whose products ``2 × amount × rate + usd_rate`` and
    ``amount × rate + 500000`` fit int64, so that it converts without the split."""
    return (INT64_MAX - max(usd_rate_micro, MILLION)) // (2 * rate_micro)


class IntegerQuotient(ops.Binary):
    """``left // right`` for non-negative integers, computed in integer arithmetic."""

    left: ops.Value[dt.Integer]
    right: ops.Value[dt.Integer]

    dtype = dt.int64


def _typed_division(self, op, *, left, right):  # type: ignore[no-untyped-def]
    # SQLite and PostgreSQL divide two integers as integers when the division is "typed".
    return sge.Div(this=sge.paren(left), expression=sge.paren(right), typed=True)


def _integer_division(self, op, *, left, right):  # type: ignore[no-untyped-def]
    return sge.IntDiv(this=sge.paren(left), expression=sge.paren(right))


SQLiteCompiler.visit_IntegerQuotient = _typed_division  # type: ignore[attr-defined]
PostgresCompiler.visit_IntegerQuotient = _typed_division  # type: ignore[attr-defined]
DuckDBCompiler.visit_IntegerQuotient = _integer_division  # type: ignore[attr-defined]
PySparkCompiler.visit_IntegerQuotient = _integer_division  # type: ignore[attr-defined]


def quotient(left: ibis.Value | int, right: ibis.Value | int) -> ibis.IntegerValue:
    """The integer quotient of two non-negative integer expressions."""
    return IntegerQuotient(
        ibis.literal(left, type="int64") if isinstance(left, int) else left.cast("int64"),
        ibis.literal(right, type="int64") if isinstance(right, int) else right.cast("int64"),
    ).to_expr()


def _product_parts(
    amount: ibis.IntegerValue, rate_micro: ibis.IntegerValue
) -> tuple[ibis.IntegerValue, ibis.IntegerValue]:
    """``amount × rate_micro`` as ``(A, B)`` with ``amount × rate_micro = A × 10^6 + B``."""
    high = quotient(amount, MILLION)
    low = amount - high * MILLION
    low_product = low * rate_micro  # < 10^6 × rate_micro: fits int64 for any real rate
    carry = quotient(low_product, MILLION)
    return high * rate_micro + carry, low_product - carry * MILLION


def to_cny_minor(
    amount: ibis.IntegerValue,
    rate_micro: ibis.IntegerValue,
    limit: ibis.IntegerValue | None = None,
) -> ibis.IntegerValue:
    """Fen of ``amount`` hundredths at ``rate_micro`` millionths of CNY per unit, half up.

    With ``limit`` (:func:`direct_limit` of the row's rates), amounts up to it take the short
    form ``(a × R + 500000) // 10^6``; only larger ones take the overflow-proof split.
    """
    whole, rest = _product_parts(amount, rate_micro)
    split = whole + quotient(rest + MILLION // 2, MILLION)
    if limit is None:
        return split
    direct = quotient(amount * rate_micro + MILLION // 2, MILLION)
    return ibis.ifelse(amount <= limit, direct, split)


def to_usd_minor(
    amount: ibis.IntegerValue,
    rate_micro: ibis.IntegerValue,
    usd_rate_micro: ibis.IntegerValue,
    limit: ibis.IntegerValue | None = None,
) -> ibis.IntegerValue:
    """US cents of ``amount`` hundredths at ``rate_micro`` over ``usd_rate_micro``, half up.

    With ``limit``, amounts up to it take ``(2 × a × R + U) // (2 × U)`` directly."""
    whole, rest = _product_parts(amount, rate_micro)
    # (whole × 10^6 + rest) / U = q × 10^6 + (r × 10^6 + rest) / U, where whole = q × U + r.
    q = quotient(whole, usd_rate_micro)
    r = whole - q * usd_rate_micro
    numerator = r * MILLION + rest  # < U × 10^6 + 10^6: fits int64
    split = q * MILLION + quotient(2 * numerator + usd_rate_micro, 2 * usd_rate_micro)
    if limit is None:
        return split
    direct = quotient(2 * amount * rate_micro + usd_rate_micro, 2 * usd_rate_micro)
    return ibis.ifelse(amount <= limit, direct, split)
