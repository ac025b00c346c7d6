"""Sharing an oversubscribed budget line: exact to the fen, remainder rule stated and tested."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waibao.funds.allocation import Claim, allocate

DAY = dt.datetime(2010, 3, 1, tzinfo=dt.UTC)


def claim(key: int, amount: int, day: int = 0, priority: int = 0) -> Claim:
    return Claim(
        key=key, amount_fen=amount, applied_at=DAY + dt.timedelta(days=day), priority=priority
    )


def test_when_the_budget_covers_every_claim_each_gets_what_it_asked():
    claims = [claim(1, 500), claim(2, 300)]
    for method in ("pro_rata", "priority", "first_come"):
        assert allocate(claims, 800, method) == {1: 500, 2: 300}
        assert allocate(claims, 10_000, method) == {1: 500, 2: 300}


def test_pro_rata_gives_the_leftover_fen_to_the_largest_remainders():
    # 100 fen over three equal claims of 100: 33.33 each; one fen left goes to the first
    # by application date, since the remainders tie.
    claims = [claim(1, 100, day=2), claim(2, 100, day=1), claim(3, 100, day=3)]
    assert allocate(claims, 100, "pro_rata") == {1: 33, 2: 34, 3: 33}


def test_pro_rata_ties_on_remainder_and_date_go_to_the_smaller_id():
    claims = [claim(7, 100), claim(5, 100), claim(6, 100)]
    assert allocate(claims, 200, "pro_rata") == {5: 67, 6: 67, 7: 66}


def test_pro_rata_prefers_the_larger_remainder_over_the_earlier_date():
    # shares of 10 fen: 1000*10/1500 = 6.67 and 500*10/1500 = 3.33: the .67 gets the fen
    claims = [claim(1, 500, day=0), claim(2, 1000, day=5)]
    assert allocate(claims, 10, "pro_rata") == {1: 3, 2: 7}


def test_priority_pays_the_higher_priority_clause_in_full_first_and_the_next_in_part():
    claims = [
        claim(1, 600, day=0, priority=2),
        claim(2, 500, day=3, priority=1),
        claim(3, 400, day=1, priority=2),
    ]
    assert allocate(claims, 1000, "priority") == {2: 500, 1: 500, 3: 0}


def test_first_come_pays_in_order_of_application_date():
    claims = [claim(1, 600, day=2), claim(2, 500, day=1), claim(3, 400, day=0)]
    assert allocate(claims, 1000, "first_come") == {3: 400, 2: 500, 1: 100}


def test_an_unknown_method_and_a_non_positive_claim_are_refused():
    with pytest.raises(ValueError, match="unknown allocation method"):
        allocate([claim(1, 10)], 5, "lottery")
    with pytest.raises(ValueError, match="positive"):
        allocate([claim(1, 0)], 5, "pro_rata")


@given(
    amounts=st.lists(st.integers(min_value=1, max_value=10**12), min_size=1, max_size=40),
    budget_share=st.fractions(min_value=0, max_value=1),
    method=st.sampled_from(["pro_rata", "priority", "first_come"]),
)
def test_an_oversubscribed_line_is_shared_exactly_to_the_budget_and_never_above_a_claim(
    amounts, budget_share, method
):
    total = sum(amounts)
    budget = int(total * budget_share)
    claims = [claim(i, amount, day=i % 7, priority=i % 3) for i, amount in enumerate(amounts)]
    shares = allocate(claims, budget, method)
    assert sum(shares.values()) == min(budget, total)
    assert all(0 <= shares[c.key] <= c.amount_fen for c in claims)
    if method == "pro_rata" and budget < total:
        # each share is its exact proportion, rounded down or up by less than one fen
        for c in claims:
            exact = Fraction(c.amount_fen * budget, total)
            assert abs(shares[c.key] - exact) < 1
