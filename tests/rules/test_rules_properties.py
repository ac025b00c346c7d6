"""Property tests: the integer rounding equals waibao.money.round_half_up; amounts are never
negative, never above their ceiling, monotone in their base; no float anywhere."""

from __future__ import annotations

from fractions import Fraction

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from rules_cases import record

from waibao.facts import loads_facts, to_frame
from waibao.money import format_fen, round_half_up
from waibao.rules import evaluate_frame
from waibao.rules.formula import rate_round

fen = st.integers(min_value=0, max_value=10**13)
rates = st.fractions(min_value=0, max_value=1).filter(lambda r: r.denominator <= 10**4)


@given(fen, rates)
def test_the_integer_half_up_formula_equals_round_half_up(amount, rate):
    frame = pl.DataFrame({"n": [amount * rate.numerator], "d": [rate.denominator]})
    got = frame.select(rate_round(pl.col("n"), pl.col("d"))).item()
    assert got == round_half_up(Fraction(amount) * rate)


def _frame(records):
    import json

    return to_frame(loads_facts(json.dumps(records)))


def _amounts(result: pl.DataFrame, clause: str) -> list[int | None]:
    return result.filter(pl.col("clause") == clause).get_column("amount_fen").to_list()


money = st.integers(min_value=0, max_value=10**11).map(format_fen)


@settings(max_examples=25, deadline=None)
@given(st.lists(money, min_size=1, max_size=4), st.lists(money, min_size=1, max_size=4))
def test_certification_awards_are_never_negative_nor_above_the_cap_per_certificate(costs, more):
    certs = [
        {"scheme": "CMMI", "level": 3, "event": "new", "date": "2009-02-02", "cost_cny": cost}
        for cost in costs + more
    ]
    result = evaluate_frame(_frame([record("hangzhou", 2009, certifications=certs)]))
    (got,) = _amounts(result, "hangzhou.13.certification")
    assert 0 <= got <= 50_000_000 * len(certs)
    assert got <= sum(round_half_up(Fraction(int(c.replace(".", "")), 2)) for c in costs + more) + 1


@settings(max_examples=25, deadline=None)
@given(money, money)
def test_amounts_are_monotone_in_the_amount_they_depend_on(first, second):
    low, high = sorted([first, second], key=lambda t: int(t.replace(".", "")))
    records = [
        record(
            "wenzhou",
            2013,
            uscc=f"91330300MA27AAAA{i}B",
            tech_service_income_cny=value,
            expenses=[{"kind": "platform_usage", "amount_cny": value}],
        )
        for i, value in ((1, low), (2, high))
    ]
    result = evaluate_frame(_frame(records), include_all=True)
    for clause in ("wenzhou.6.platform_usage", "wenzhou.20.business_tax_exemption"):
        amounts = [a or 0 for a in _amounts(result, clause)]
        assert 0 <= amounts[0] <= amounts[1]
    # the 50% ceiling of wenzhou.6 is never exceeded
    ceiling = round_half_up(Fraction(int(high.replace(".", "")), 2))
    assert (_amounts(result, "wenzhou.6.platform_usage")[1] or 0) <= ceiling


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_software_export_rewards_are_tiers_never_above_500000_and_monotone(cents):
    values = [format_fen(cents), format_fen(cents + 1)]
    records = [
        record("hangzhou", 2009, uscc=f"91330100MA27AAAA{i}A", software_export_usd=v)
        for i, v in enumerate(values)
    ]
    result = evaluate_frame(_frame(records), include_all=True)
    amounts = [a or 0 for a in _amounts(result, "hangzhou.12.software_export")]
    assert amounts[0] <= amounts[1] <= 50_000_000
    assert set(amounts) <= {0, 20_000_000, 50_000_000}


def test_no_float_dtype_in_the_facts_frame_or_the_output_frame():
    facts = _frame(
        [
            record(
                "hangzhou",
                2009,
                software_export_usd="600000",
                certifications=[
                    {"scheme": "PCMM", "event": "new", "date": "2009-01-01", "cost_cny": "0.03"}
                ],
                trainings=[{"trainee": "graduate", "people": 3, "cost_cny": "100", "hired": 1}],
            )
        ]
    )

    def floats(dtype: pl.DataType) -> bool:
        if isinstance(dtype, pl.List):
            return floats(dtype.inner)
        if isinstance(dtype, pl.Struct):
            return any(floats(f.dtype) for f in dtype.fields)
        return dtype.is_float() or dtype == pl.Decimal

    assert not any(floats(d) for d in facts.schema.values())
    result = evaluate_frame(facts, include_all=True)
    assert not any(floats(d) for d in result.schema.values())
    assert result.schema["amount_fen"] == pl.Int64


def test_the_wide_frame_of_every_aggregation_has_no_float_column():
    from waibao.rules.engine import wide_frame
    from waibao.rules.formula import FORMULAS, Params
    from waibao.rules.registry import parameters, registry

    facts = _frame(
        [
            record(
                "hangzhou",
                2009,
                trainings=[{"trainee": "graduate", "people": 3, "cost_cny": "1", "hired": 1}],
            )
        ]
    )
    formulas = [(c, FORMULAS[c.id]) for c in registry() if c.id in FORMULAS]
    wide = wide_frame(facts, formulas, Params(parameters()), None)
    assert not [name for name, dtype in wide.schema.items() if dtype.is_float()]
