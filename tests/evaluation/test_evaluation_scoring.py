"""The exact weighted score: normalisations by hand, ties, missing values, one candidate."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from waibao.evaluation.scoring import (
    Candidate,
    Method,
    MethodError,
    display,
    normalise,
    rank,
    score,
    top,
)


def test_min_max_puts_the_lowest_at_0_the_highest_at_1_and_the_rest_in_proportion():
    assert normalise([10, 20, 40], "min_max") == [Fraction(0), Fraction(1, 3), Fraction(1)]


def test_min_max_of_equal_values_gives_everyone_1_and_a_missing_value_0():
    assert normalise([5, 5, None], "min_max") == [Fraction(1), Fraction(1), Fraction(0)]


def test_percentile_is_the_share_of_the_others_strictly_below_and_ties_share_it():
    # 10 beats none of 3 others; the two 20s beat one; 40 beats three.
    assert normalise([10, 20, 20, 40], "percentile") == [
        Fraction(0),
        Fraction(1, 3),
        Fraction(1, 3),
        Fraction(1),
    ]


def test_when_everyone_has_none_nobody_earns_points_for_it():
    assert normalise([0, 0], "min_max") == [Fraction(0), Fraction(0)]
    assert normalise([0], "percentile") == [Fraction(0)]


def test_a_single_candidate_is_1_under_either_normalisation():
    assert normalise([7], "percentile") == [Fraction(1)]
    assert normalise([7], "min_max") == [Fraction(1)]


def test_an_unknown_normalisation_or_all_zero_weights_is_refused():
    with pytest.raises(MethodError):
        normalise([1], "zscore")
    with pytest.raises(MethodError):
        score([], Method("x", "1", {"a": 0}))


KEY = Method(
    "key_enterprise",
    "t1",
    {"employees": 30, "contract_signed_usd": 30, "contract_executed_usd": 40},
    tie_break=("-contract_executed_usd", "key"),
)


def test_the_key_enterprise_score_is_100_times_the_weighted_mean_of_normalised_values():
    a = Candidate(
        "A", "甲", {"employees": 100, "contract_signed_usd": 0, "contract_executed_usd": 50}
    )
    b = Candidate(
        "B", "乙", {"employees": 300, "contract_signed_usd": 10, "contract_executed_usd": 0}
    )
    c = Candidate(
        "C", "丙", {"employees": 200, "contract_signed_usd": 5, "contract_executed_usd": 100}
    )
    by_key = {s.candidate.key: s for s in score([a, b, c], KEY)}
    # A: 30*0 + 30*0 + 40*(1/2) = 20  -> 100*20/100 = 20
    # B: 30*1 + 30*1 + 40*0 = 60      -> 60
    # C: 30*(1/2) + 30*(1/2) + 40*1 = 70 -> 70
    assert by_key["A"].score == 20
    assert by_key["B"].score == 60
    assert by_key["C"].score == 70
    explanation = by_key["C"].explanation(KEY)
    assert explanation["arithmetic"] == "100 × (30×1/2 + 30×1/2 + 40×1) / 100 = 70 ≈ 70.00"
    assert [t["normalised"] for t in explanation["terms"]] == ["1/2", "1/2", "1"]


def test_a_score_with_a_repeating_fraction_is_kept_exact_and_rounded_once_for_display():
    method = Method("m", "1", {"x": 1, "y": 2})
    s = score([Candidate("A", "", {"x": 0, "y": 1}), Candidate("B", "", {"x": 3, "y": 0})], method)
    # A: 100*(1*0 + 2*1)/3 = 200/3
    assert s[0].score == Fraction(200, 3)
    assert s[0].score_display == "66.67"
    assert display(Fraction(1, 200)) == "0.01"  # half up: 0.005 -> 0.01


def test_a_missing_fact_counts_as_the_lowest_and_is_flagged_in_the_explanation():
    method = Method("m", "1", {"x": 1})
    s = score([Candidate("A", "", {"x": None}), Candidate("B", "", {"x": 5})], method)
    assert s[0].score == 0
    assert s[0].explanation(method)["terms"][0]["missing"] is True


TOP = Method(
    "top_ten",
    "t1",
    {"tax_paid_cny": 1},
    size=2,
    tie_break=("-tax_paid_cny", "founded", "key"),
)


def _c(key, tax, founded, score_value=0):
    return Candidate(key, key, {"tax_paid_cny": tax, "s": score_value}, extra={"founded": founded})


def test_equal_scores_are_broken_by_taxes_then_earlier_founding_then_uscc():
    method = Method("top", "1", {"s": 1}, size=3, tie_break=("-tax_paid_cny", "founded", "key"))
    cands = [
        _c("Z", 100, dt.date(2010, 1, 1), 5),
        _c("Y", 200, dt.date(2015, 1, 1), 5),  # more taxes: first
        _c("X", 100, dt.date(2005, 1, 1), 5),  # same taxes as Z, founded earlier: before Z
        _c("W", 100, dt.date(2005, 1, 1), 5),  # same as X in everything: uscc W before X
    ]
    ranked = top(score(cands, method), method)
    assert [s.candidate.key for s in ranked] == ["Y", "W", "X"]
    assert ranked[0].tie_note.startswith("same score as")


def test_a_missing_founding_date_sorts_after_a_known_one():
    method = Method("top", "1", {"s": 1}, tie_break=("founded", "key"))
    ranked = rank(
        score([_c("A", 1, None, 5), _c("B", 1, dt.date(2020, 1, 1), 5)], method), method.tie_break
    )
    assert [s.candidate.key for s in ranked] == ["B", "A"]


def test_the_list_is_cut_at_the_methods_size_and_ranks_run_from_1():
    method = Method("top", "1", {"s": 1}, size=2, tie_break=("key",))
    ranked = top(
        score([_c(k, 0, None, v) for k, v in zip("ABC", (1, 3, 2), strict=True)], method), method
    )
    assert [(s.rank, s.candidate.key) for s in ranked] == [(1, "B"), (2, "C")]
