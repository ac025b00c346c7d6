"""Recognition criteria as the texts give them."""

from __future__ import annotations

import datetime as dt

from waibao.evaluation.programmes import PROGRAMMES, all_met, check_criteria, valid_until


def test_a_guangzhou_zone_needs_the_districts_plan_targets_and_fund():
    spec = PROGRAMMES["guangzhou.9.demonstration_zone"]
    on = dt.date(2009, 5, 1)
    full = {"has_plan": True, "has_targets": True, "has_fund": True}
    assert all_met(check_criteria(spec, full, on))
    assert not all_met(check_criteria(spec, full | {"has_fund": False}, on))
    unknown = check_criteria(spec, {"has_plan": True, "has_targets": True}, on)
    assert [c["met"] for c in unknown] == [True, True, None]
    assert not all_met(unknown)


def test_a_wenzhou_platform_must_have_run_two_full_years_on_the_decision_date():
    spec = PROGRAMMES["wenzhou.7.public_platform"]
    evidence = {"operating_since": "2011-03-15", "effective": True}
    assert all_met(check_criteria(spec, evidence, dt.date(2013, 3, 15)))
    assert not all_met(check_criteria(spec, evidence, dt.date(2013, 3, 14)))


def test_a_datong_platform_is_valid_one_year_and_an_untimed_title_until_revoked():
    assert valid_until(PROGRAMMES["datong.18.public_platform"], dt.date(2024, 3, 1)) == dt.date(
        2025, 2, 28
    )
    assert valid_until(PROGRAMMES["guangzhou.9.demonstration_zone"], dt.date(2024, 3, 1)) is None
