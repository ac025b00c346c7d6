"""The demonstration-city scorecard: computed sub-indicators by hand, entered values with
sources, missing values, the rank among peers (ties, boundaries)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from evaluation_helpers import D, contract, execution, organisation, year_row

from waibao.evaluation.models import PeerScore, ScorecardValue
from waibao.evaluation.scorecard import scorecard_compute, sub_points
from waibao.evaluation.selectors import scorecard_for
from waibao.reporting.models import ExchangeRate


def _rec(executed, offshore, employees, college):
    return {
        "contract_executed_usd": executed,
        "offshore_executed_usd": offshore,
        "employees": employees,
        "employees_college": college,
    }


def test_growth_reaches_full_points_at_30_percent_and_never_goes_below_zero():
    assert sub_points("execution_growth", Fraction(30, 100)) == 20
    assert sub_points("execution_growth", Fraction(45, 100)) == 20
    assert sub_points("execution_growth", Fraction(15, 100)) == 10
    assert sub_points("execution_growth", Fraction(-1, 10)) == 0
    assert sub_points("execution_growth", None) is None


def test_industry_and_talent_are_computed_and_the_rest_entered():
    previous = [_rec("100.00", "0.00", 100, 50)]
    current = [_rec("115.00", "34.50", 110, 66)]
    entered = {
        "infrastructure": (Fraction(12), "市发改委 2024 年报"),
        "costs": (Fraction(8), "统计局"),
    }
    card = scorecard_compute(current, previous, entered, [])
    lines = {line.indicator: line for line in card.lines}
    # growth 15% of 30% -> 10; offshore share 34.5/115 = 30% of 60% -> 10: industry 20
    assert lines["industry"].points == 20
    # college 66/110 = 60% -> 10; employment growth 10% of 20% -> 5: talent 15
    assert lines["talent"].points == 15
    assert (lines["infrastructure"].how, lines["infrastructure"].source) == (
        "entered",
        "市发改委 2024 年报",
    )
    assert lines["policy"].how == "missing"
    assert card.total == 20 + 15 + 12 + 8
    assert card.total_display == "55.00"


def test_without_a_previous_year_industry_falls_back_to_the_entered_value():
    card = scorecard_compute(
        [_rec("115.00", "34.50", 110, 66)], [], {"industry": (Fraction(33), "商务部通报")}, []
    )
    line = next(line for line in card.lines if line.indicator == "industry")
    assert (line.how, line.points) == ("entered", 33)


def test_the_rank_counts_only_peers_strictly_above():
    peers = [("甲市", Fraction(60), "s"), ("乙市", Fraction(55), "s"), ("丙市", Fraction(50), "s")]
    entered = {
        k: (Fraction(v), "s")
        for k, v in {"industry": 20, "talent": 15, "infrastructure": 12, "costs": 8}.items()
    }
    card = scorecard_compute([], [], entered, peers)
    assert card.total == 55
    assert card.rank == 2  # 乙市 ties at 55: shares rank 2 with it


@pytest.mark.django_db
def test_the_scorecard_of_a_city_reads_its_enterprises_entered_values_and_peers(places, category):
    for year in (2023, 2024):
        ExchangeRate.objects.create(
            currency="USD", year=year, cny_per_unit=Decimal("7"), source="t"
        )
    org = organisation("91330302MA000400XX", places["lucheng"])
    year_row(org, 2023, employees=100, employees_college=50)
    year_row(org, 2024, employees=110, employees_college=66)
    c = contract(org, category, "W1", D(2023, 1, 1), 1_000_00)
    execution(c, "1", D(2023, 5, 1), 100_00)
    execution(c, "2", D(2024, 5, 1), 130_00)  # +30%: full 20; all offshore: 100% share -> 20
    ScorecardValue.objects.create(
        city=places["wenzhou"],
        year=2024,
        indicator="policy",
        points=Decimal("14.5"),
        source="市政府办公室",
    )
    PeerScore.objects.create(
        city=places["wenzhou"], year=2024, peer_name="宁波市", total=Decimal("80"), source="商务部"
    )
    PeerScore.objects.create(
        city=places["wenzhou"], year=2024, peer_name="台州市", total=Decimal("40"), source="商务部"
    )
    card = scorecard_for("330300", 2024)
    assert card.as_dict()["lines"][0]["points"] == "40.00"
    # industry 40 + talent 15 + policy 14.5 = 69.5
    assert card.total_display == "69.50"
    assert (card.rank, card.as_dict()["of"]) == (2, 3)
