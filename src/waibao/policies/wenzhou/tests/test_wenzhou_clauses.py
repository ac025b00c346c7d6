"""Wenzhou 温政办〔2012〕117号: caps by title (highest only, one-time), usage-fee share,
discretionary subsidies, and the business-tax exemption ending 2016-04-30."""

from __future__ import annotations

import pytest

from waibao.rules.testing import amount, reason, record_maker, row

record = record_maker({"wenzhou": "91330300MA27AAAA0B"})


def wz(year: int = 2013, **facts):
    return record("wenzhou", year, **facts)


def park(level, date="2013-05-01", platform=True):
    return {
        "kind": "demonstration_park",
        "level": level,
        "date": date,
        "has_public_it_platform": platform,
    }


@pytest.mark.parametrize(
    ("level", "cap"), [("provincial", "500000.00"), ("municipal", "300000.00")]
)
def test_a_demonstration_park_with_a_platform_gets_up_to_its_title_cap(level, cap):
    found = row(wz(kind="park", recognitions=[park(level)]), "wenzhou.4.demonstration_park")
    assert found["amount_cny"] == cap and found["discretionary"] is True


def test_a_park_without_a_public_it_platform_gets_no_park_award():
    facts = wz(kind="park", recognitions=[park("municipal", platform=False)])
    assert "public IT platform" in reason(facts, "wenzhou.4.demonstration_park")


def test_a_park_municipal_in_2012_and_provincial_in_2013_gets_the_200000_difference():
    facts = wz(
        2013,
        kind="park",
        recognitions=[park("municipal", "2012-09-01"), park("provincial", "2013-05-01")],
        awards_received=[
            {"clause": "wenzhou.4.demonstration_park", "year": 2012, "amount_cny": "300000"}
        ],
    )
    assert amount(facts, "wenzhou.4.demonstration_park") == "200000.00"


def test_a_training_institution_with_both_titles_gets_the_highest_cap_only():
    facts = wz(
        kind="training_institution",
        recognitions=[
            {"kind": "training_institution", "level": "provincial", "date": "2013-01-10"},
            {"kind": "training_institution", "level": "municipal", "date": "2013-02-10"},
        ],
    )
    assert amount(facts, "wenzhou.5.training_institution") == "500000.00"


def test_platform_usage_fees_of_360000_get_at_most_180000():
    facts = wz(expenses=[{"kind": "platform_usage", "amount_cny": "360000"}])
    assert amount(facts, "wenzhou.6.platform_usage") == "180000.00"


def platform(level, years, date="2011-06-01"):
    return {"kind": "public_platform", "level": level, "date": date, "operating_years": years}


def test_a_provincial_platform_running_one_full_year_gets_nothing_yet():
    facts = wz(kind="platform", recognitions=[platform("provincial", 1)])
    assert "running at least 2 full years" in reason(facts, "wenzhou.7.public_platform")


@pytest.mark.parametrize(("level", "cap"), [("national", "500000.00"), ("provincial", "300000.00")])
def test_a_platform_running_exactly_two_full_years_gets_up_to_its_cap(level, cap):
    facts = wz(kind="platform", recognitions=[platform(level, 2)])
    assert amount(facts, "wenzhou.7.public_platform") == cap


def test_a_municipal_platform_is_not_under_clause_7():
    assert reason(wz(recognitions=[platform("municipal", 5)]), "wenzhou.7.public_platform")


def test_the_platform_award_is_one_time():
    facts = wz(
        2014,
        recognitions=[platform("provincial", 3)],
        awards_received=[
            {"clause": "wenzhou.7.public_platform", "year": 2013, "amount_cny": "300000"}
        ],
    )
    assert "already paid" in reason(facts, "wenzhou.7.public_platform")


@pytest.mark.parametrize(
    ("clause", "kind"),
    [
        ("wenzhou.9.leased_line", "leased_line"),
        ("wenzhou.12.market_development", "trade_fair"),
        ("wenzhou.13.investment_promotion", "investment_promotion"),
    ],
)
def test_discretionary_expense_subsidies_are_eligible_without_an_amount(clause, kind):
    found = row(wz(expenses=[{"kind": kind, "amount_cny": "80000"}]), clause)
    assert found["applies"] and found["amount_cny"] is None and found["discretionary"]
    assert "80000.00" in found["explanation"]
    assert reason(wz(expenses=[]), clause).startswith("no ")


RENT = [{"kind": "office_rent", "amount_cny": "150000", "area_sqm": 1500}]


def test_office_rent_in_a_demonstration_park_is_eligible_outside_it_is_not():
    facts = wz(in_demonstration_park=True, office_lease_started="2013-03-01", expenses=RENT)
    assert row(facts, "wenzhou.10.office_rent")["applies"]
    facts = wz(in_demonstration_park=False, office_lease_started="2013-03-01", expenses=RENT)
    assert reason(facts, "wenzhou.10.office_rent") == "not in a demonstration park"


@pytest.mark.parametrize(
    ("started", "applies"),
    [("2013-12-31", True), ("2012-01-01", True), ("2011-12-31", False), ("2014-01-01", False)],
)
def test_only_a_new_lease_gets_the_office_subsidy(started, applies):
    facts = wz(in_demonstration_park=True, office_lease_started=started, expenses=RENT)
    found = row(facts, "wenzhou.10.office_rent")
    assert found["applies"] is applies, found["reason"]
    if not applies:
        assert "not a new lease (新租赁)" in found["reason"]
    facts.pop("office_lease_started")
    assert reason(facts, "wenzhou.10.office_rent") == "unknown fact: office_lease_started"


def test_the_platform_usage_and_higher_level_funds_go_to_parks_and_platforms():
    clause = "wenzhou.6.higher_level_funds"
    assert row(wz(in_demonstration_park=True), clause)["applies"]
    assert row(wz(kind="platform"), clause)["applies"]
    assert "neither in a demonstration park" in reason(wz(in_demonstration_park=False), clause)


def key(level, date="2013-12-31"):
    return {"kind": "key_enterprise", "level": level, "date": date}


@pytest.mark.parametrize(
    ("titles", "applies", "text"),
    [
        ([key("provincial")], True, "provincial local-tax reward"),
        ([key("municipal"), key("provincial")], True, "provincial local-tax reward"),
        ([key("municipal")], True, "the city's reward"),
        ([key("national")], False, ""),
        ([key("provincial", "2014-01-01")], False, ""),
    ],
)
def test_key_enterprises_get_the_provincial_or_the_city_reward(titles, applies, text):
    found = row(wz(recognitions=titles), "wenzhou.8.key_enterprise_reward")
    assert found["applies"] is applies
    assert text in (found["explanation"] or "")


def test_matching_of_national_and_provincial_grants_won():
    clause = "wenzhou.11.matching"
    assert "no national and provincial SO grants" in reason(wz(higher_level_grants_cny="0"), clause)
    reform = {"parameters": {f"{clause}.configured_rate": {"2012-06-21": "50%"}}}
    facts = wz(higher_level_grants_cny="400000")  # Example 6's provincial grant
    assert row(facts, clause, reform=reform)["amount_cny"] == "200000.00"


def test_organised_events_pay_venue_and_travel_apart_from_exhibition_stands():
    costs = [
        {"kind": "venue_rent", "amount_cny": "30000"},
        {"kind": "travel", "amount_cny": "20000.01"},
        {"kind": "trade_fair", "amount_cny": "80000"},
    ]
    reform = {
        "parameters": {
            "wenzhou.12.organised_events.configured_rate": {"2012-06-21": "50%"},
            "wenzhou.12.market_development.configured_rate": {"2012-06-21": "50%"},
        }
    }
    facts = wz(expenses=costs)
    # 50% × (30,000.00 + 20,000.01) = 25,000.005 -> 25,000.01; the stands apart: 40,000.00
    assert row(facts, "wenzhou.12.organised_events", reform=reform)["amount_cny"] == "25000.01"
    assert row(facts, "wenzhou.12.market_development", reform=reform)["amount_cny"] == "40000.00"
    assert reason(wz(expenses=costs[2:]), "wenzhou.12.organised_events").startswith("no ")


def test_senior_talent_benefits_need_a_talent_introduced():
    assert "no senior talent" in reason(wz(talents_introduced=0), "wenzhou.17.senior_talent")
    found = row(wz(talents_introduced=1), "wenzhou.17.senior_talent")
    assert found["applies"] and found["amount_cny"] is None and found["discretionary"]


def test_training_of_new_recruits_is_eligible_for_a_discretionary_grant():
    facts = wz(trainings=[{"trainee": "new_staff", "people": 50, "cost_cny": "100000"}])
    assert row(facts, "wenzhou.15.training")["applies"]


def test_tech_service_income_of_5000000_saves_250000_of_business_tax():
    facts = wz(tech_service_income_cny="5000000")
    found = row(facts, "wenzhou.20.business_tax_exemption")
    assert found["amount_cny"] == "250000.00" and found["discretionary"] is False


def test_in_2016_the_exemption_covers_the_121_days_to_30_april():
    facts = wz(2016, tech_service_income_cny="3660000")
    # 3,660,000 × 5% × 121/366 = 60,500.00
    assert amount(facts, "wenzhou.20.business_tax_exemption") == "60500.00"


def test_in_2012_the_exemption_runs_from_the_document_date_21_june():
    facts = wz(2012, tech_service_income_cny="3660000")
    # 21 June to 31 December 2012: 194 of 366 days: 183,000 × 194/366 = 97,000.00
    assert amount(facts, "wenzhou.20.business_tax_exemption") == "97000.00"


def test_after_april_2016_there_is_no_business_tax_to_exempt():
    why = reason(wz(2017, tech_service_income_cny="5000000"), "wenzhou.20.business_tax_exemption")
    assert why.startswith("not in force in 2017") and "2016-04-30" in why


def test_wenzhou_clauses_are_not_in_force_before_the_document_year():
    assert "not in force in 2011" in reason(
        wz(2011, tech_service_income_cny="1"), "wenzhou.20.business_tax_exemption"
    )
