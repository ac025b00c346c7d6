"""Guangzhou (2008) and Guangdong 粤府〔2012〕88号: layering (provincial clauses cover
Guangzhou), the (十九) exclusion with its date rule, TASE eligibility, and the fund uses."""

from __future__ import annotations

import pytest

from waibao.rules.testing import reason, record_maker, row, rows_of

record = record_maker(
    {
        "guangzhou": "91440100MA27AAAA0C",
        "guangdong": "91440600MA27AAAA0D",
        "hangzhou": "91330100MA27AAAA0A",  # a firm outside the province
    }
)


def gz(year: int = 2014, **facts):
    return record("guangzhou", year, **facts)


def test_a_guangzhou_firm_is_also_evaluated_under_guangdong_clauses():
    clauses = {r["clause"] for r in rows_of(gz(), include_all=True)}
    assert "guangzhou.5.market_development" in clauses
    assert "guangdong.12.international_events" in clauses
    assert not any(c.startswith(("hangzhou", "wenzhou", "datong")) for c in clauses)


def test_a_hangzhou_firm_is_not_under_guangdong_clauses():
    facts = record("hangzhou", 2014, expenses=[{"kind": "trade_fair", "amount_cny": "1"}])
    assert not any(r["clause"].startswith("guangdong") for r in rows_of(facts, include_all=True))


def test_trade_fair_costs_make_a_guangzhou_firm_eligible_under_city_and_province():
    facts = gz(expenses=[{"kind": "trade_fair", "amount_cny": "80000"}])
    applied = {r["clause"] for r in rows_of(facts)}
    assert {"guangzhou.5.market_development", "guangdong.12.international_events"} <= applied


def test_guangdong_clauses_do_not_apply_before_2012():
    facts = gz(2011, expenses=[{"kind": "trade_fair", "amount_cny": "80000"}])
    assert "not in force in 2011" in reason(facts, "guangdong.12.international_events")
    assert row(facts, "guangzhou.5.market_development")["applies"]


def violated(year, date, restored=None, kind="ip_infringement"):
    violation = {"kind": kind, "date": date}
    if restored:
        violation["restored"] = restored
    return gz(
        year, expenses=[{"kind": "trade_fair", "amount_cny": "80000"}], violations=[violation]
    )


def test_an_ip_infringement_in_the_year_removes_every_guangdong_and_guangzhou_row():
    rows = rows_of(violated(2014, "2014-12-31"), include_all=True)
    assert rows and not any(r["applies"] for r in rows)
    why = reason(violated(2014, "2014-12-31"), "guangzhou.5.market_development")
    assert "guangdong.19.disqualification" in why and "ip_infringement 2014-12-31" in why


def test_a_violation_dated_after_the_year_does_not_exclude_it():
    assert row(violated(2014, "2015-01-01"), "guangzhou.5.market_development")["applies"]


def test_a_violation_restored_on_1_january_leaves_that_year_clean():
    assert row(violated(2015, "2014-03-01", "2015-01-01"), "guangdong.12.international_events")[
        "applies"
    ]


def test_a_violation_restored_on_2_january_still_excludes_that_year():
    assert "excluded" in reason(
        violated(2015, "2014-03-01", "2015-01-02"), "guangdong.12.international_events"
    )


def test_an_information_security_violation_also_excludes():
    facts = violated(2014, "2014-06-01", kind="information_security")
    assert "excluded" in reason(facts, "guangzhou.5.market_development")


def test_late_statistics_reporting_does_not_disqualify():
    facts = violated(2014, "2014-06-01", kind="late_reporting")
    assert row(facts, "guangzhou.5.market_development")["applies"]


def tase(college, employees, so, offshore, revenue="1000", year=2014, region="440106"):
    return gz(
        year,
        region_code=region,
        employees=employees,
        employees_college=college,
        revenue_cny=revenue,
        so_revenue_cny=so,
        offshore_so_revenue_cny=offshore,
    )


def test_a_firm_at_exactly_the_2014_tase_shares_is_eligible_for_the_tax_treatment():
    found = row(tase(50, 100, "500", "350"), "guangdong.16.advanced_technology_service")
    assert found["applies"] and found["amount_cny"] is None and found["discretionary"]


@pytest.mark.parametrize(
    ("college", "so", "offshore"),
    [(49, "500", "350"), (50, "499.99", "350"), (50, "500", "349.99")],
)
def test_a_firm_just_below_a_tase_share_is_not_eligible(college, so, offshore):
    facts = tase(college, 100, so, offshore)
    assert "below the national TASE criteria" in reason(
        facts, "guangdong.16.advanced_technology_service"
    )


def test_before_2014_the_offshore_share_criterion_was_50_percent():
    assert reason(
        tase(50, 100, "500", "350", year=2013), "guangdong.16.advanced_technology_service"
    )
    assert row(tase(50, 100, "500", "500", year=2013), "guangdong.16.advanced_technology_service")[
        "applies"
    ]


def test_before_2014_the_so_revenue_share_criterion_was_50_percent_too():
    tase_row = "guangdong.16.advanced_technology_service"
    assert row(tase(50, 100, "500", "500", year=2013), tase_row)["applies"]
    assert "below the national TASE criteria" in reason(
        tase(50, 100, "499.99", "500", year=2013), tase_row
    )


TASE = "guangdong.16.advanced_technology_service"


@pytest.mark.parametrize(
    ("region", "year", "applies"),
    [
        ("440604", 2013, False),  # 佛山 禅城: not a demonstration city (财税〔2010〕65号)
        ("440604", 2016, False),  # not among the ten cities added from 2016 (财税〔2016〕108号)
        ("440604", 2017, True),  # nationwide from 2017-01-01 (财税〔2017〕79号)
        ("441900", 2016, False),  # 东莞
        ("441900", 2017, True),
        ("440305", 2013, True),  # 深圳 南山: one of the 20 cities (财税〔2009〕63号)
        ("440106", 2012, True),  # 广州 天河
    ],
)
def test_the_tase_status_holds_only_in_the_demonstration_cities_until_2017(region, year, applies):
    found = row(tase(50, 100, "500", "500", year=year, region=region), TASE)
    assert found["applies"] is applies, found["reason"]
    if not applies:
        assert "not a national SO demonstration city" in found["reason"]
        assert region in found["reason"]


def test_the_tase_explanation_names_the_district_and_city_in_chinese():
    """Issue 21: a Chinese reader saw 区县 440106 属城市 440100; the names come from the
    shipped GB/T 2260 table. English keeps the codes, as the CLI always printed them."""
    found = row(tase(50, 100, "500", "500", year=2012), TASE, language="zh-hans")
    assert found["explanation"].startswith("天河区属广州市，为中国服务外包示范城市；")
    assert "440106" not in found["explanation"] and "440100" not in found["explanation"]
    refused = row(tase(50, 100, "500", "500", year=2013, region="440604"), TASE, language="zh-hans")
    assert refused["reason"].startswith(
        "禅城区（佛山市）于 2013 年12月31日不属中国服务外包示范城市"
    )
    later = row(tase(50, 100, "500", "500", year=2017, region="440604"), TASE, language="zh-hans")
    assert later["explanation"].startswith("禅城区：自2017年起全国适用")
    english = row(tase(50, 100, "500", "500", year=2012), TASE)
    assert english["explanation"].startswith("region 440106 in city 440100")


def test_a_district_the_table_lacks_is_said_by_its_code():
    found = row(tase(50, 100, "500", "500", year=2017, region="440199"), TASE, language="zh-hans")
    assert found["explanation"].startswith("区县 440199：自2017年起全国适用")


def test_the_tase_location_needs_the_region_code():
    facts = tase(50, 100, "500", "500", year=2013)
    del facts["region_code"]
    assert reason(facts, TASE) == "unknown fact: region_code"


def test_the_demonstration_cities_by_period_follow_the_national_notices():
    import datetime as dt

    from waibao.rules import parameters

    cities = parameters()["guangdong.16.advanced_technology_service.cities"]
    assert len(cities.value_on(dt.date(2009, 12, 31))) == 20
    assert "350200" not in cities.value_on(dt.date(2010, 6, 30))  # 厦门 from 2010-07-01
    assert "350200" in cities.value_on(dt.date(2010, 7, 1))
    assert len(cities.value_on(dt.date(2015, 12, 31))) == 21
    assert len(set(cities.value_on(dt.date(2016, 1, 1)))) == 31
    nationwide = parameters()["guangdong.16.advanced_technology_service.nationwide"]
    assert nationwide.value_on(dt.date(2016, 12, 31)) == 0
    assert nationwide.value_on(dt.date(2017, 1, 1)) == 1
    assert "财税〔2017〕79号" in str(nationwide.citation.source_on(dt.date(2017, 1, 1)))


def test_city_codes_of_districts_and_of_municipalities():
    import polars as pl

    from waibao.policies.guangdong.clauses import city_code

    codes = pl.Series(["440604", "440106", "110105", "500112", "350203"])
    cities = pl.select(city_code(pl.lit(codes))).to_series().to_list()
    assert cities == ["440600", "440100", "110000", "500000", "350200"]


@pytest.mark.parametrize(
    ("founded", "year", "applies"),
    [
        ("2013-12-31", 2013, True),  # the founding year
        ("2013-12-31", 2014, True),  # 新设立: still new the year after (issue 19)
        ("2013-01-01", 2014, True),
        ("2012-12-31", 2014, False),  # two years before: no longer new
        ("2015-01-01", 2014, False),  # not yet founded
    ],
)
def test_a_new_entity_of_a_multinational_is_new_in_its_founding_year_and_the_next(
    founded, year, applies
):
    facts = gz(year, founded=founded, parent_multinational_or_large=True)
    found = row(facts, "guangdong.11.new_entity")
    assert found["applies"] is applies, found["reason"]
    if not applies:
        assert "not newly set up" in found["reason"]


def test_a_new_entity_is_paid_once_only():
    facts = gz(
        2014,
        founded="2013-12-31",
        parent_multinational_or_large=True,
        awards_received=[{"clause": "guangdong.11.new_entity", "year": 2013, "amount_cny": "1"}],
    )
    reform = {"parameters": {"guangdong.11.new_entity.configured_amount": {"2012-01-01": "1"}}}
    assert "already paid" in reason(facts, "guangdong.11.new_entity", reform=reform)


OFFICE = "guangdong.11.new_entity_office"
OFFICE_RATE = {"parameters": {f"{OFFICE}.configured_rate": {"2012-01-01": "30%"}}}


def office(amount_rent="100000", amount_bought="0"):
    return [
        {"kind": "office_rent", "amount_cny": amount_rent, "area_sqm": 500},
        {"kind": "office_purchase", "amount_cny": amount_bought},
        {"kind": "trade_fair", "amount_cny": "99999"},  # not an office expense
    ]


def test_the_new_entitys_office_subsidy_is_a_share_of_its_office_purchase_and_rent():
    facts = gz(
        2014,
        founded="2013-12-31",
        parent_multinational_or_large=True,
        expenses=office("100000", "200000.01"),
    )
    # 30% × (100,000.00 + 200,000.01) = 90,000.003 -> 90,000.00
    assert row(facts, OFFICE, reform=OFFICE_RATE)["amount_cny"] == "90000.00"
    found = row(facts, OFFICE)
    assert found["applies"] and found["amount_cny"] is None and found["discretionary"]


def test_no_office_subsidy_without_office_costs_or_when_no_longer_new():
    facts = gz(2014, founded="2013-12-31", parent_multinational_or_large=True, expenses=[])
    assert "no office purchase or rent" in reason(facts, OFFICE)
    facts = gz(2015, founded="2013-12-31", parent_multinational_or_large=True, expenses=office())
    assert "not newly set up" in reason(facts, OFFICE)
    facts = gz(2014, founded="2013-12-31", parent_multinational_or_large=False, expenses=office())
    assert "multinational" in reason(facts, OFFICE)


MATCHING = "guangdong.13.training_matching"


def test_training_matching_needs_central_training_funds_received():
    facts = gz(2014, trainings=[{"trainee": "new_staff", "people": 10, "cost_cny": "50000"}])
    assert reason(facts, MATCHING) == "unknown fact: central_training_funds_cny"
    assert "no central training funds" in reason(gz(2014, central_training_funds_cny="0"), MATCHING)
    found = row(gz(2014, central_training_funds_cny="0.01"), MATCHING)
    assert found["applies"] and found["amount_cny"] is None


def test_training_matching_is_the_prescribed_ratio_of_the_central_funds():
    reform = {"parameters": {f"{MATCHING}.configured_rate": {"2012-01-01": "50%"}}}
    facts = gz(2014, central_training_funds_cny="1000000")  # Example 9: 1,000,000 × r
    assert row(facts, MATCHING, reform=reform)["amount_cny"] == "500000.00"


def test_a_provincial_demonstration_park_is_eligible_for_provincial_funding():
    facts = gz(
        kind="park",
        recognitions=[{"kind": "demonstration_park", "level": "provincial", "date": "2013-01-01"}],
    )
    assert row(facts, "guangdong.5.provincial_demonstration")["applies"]


def test_certifications_in_the_year_make_a_firm_eligible_under_city_and_province():
    facts = gz(
        certifications=[
            {"scheme": "ISO9000", "event": "new", "date": "2014-02-02", "cost_cny": "10000"}
        ]
    )
    applied = {r["clause"] for r in rows_of(facts)}
    assert {"guangzhou.5.certification", "guangdong.9.certification"} <= applied


def test_trainings_make_a_firm_eligible_for_city_training_but_not_for_provincial_matching():
    """(十三) matches central training funds received, not any training (issue 19)."""
    facts = gz(trainings=[{"trainee": "new_staff", "people": 5, "cost_cny": "10000"}])
    applied = {r["clause"] for r in rows_of(facts)}
    assert "guangzhou.5.training" in applied
    assert "guangdong.13.training_matching" not in applied
    facts["central_training_funds_cny"] = "5000"
    assert "guangdong.13.training_matching" in {r["clause"] for r in rows_of(facts)}


def test_platform_investment_is_a_guangzhou_fund_use():
    facts = gz(expenses=[{"kind": "public_platform_investment", "amount_cny": "1"}])
    assert row(facts, "guangzhou.5.public_platform")["applies"]


def test_premises_support_goes_to_enterprises_founded_within_three_years():
    rent = [{"kind": "office_rent", "amount_cny": "100000"}]
    assert row(gz(2014, founded="2012-01-01", expenses=rent), "guangzhou.5.premises")["applies"]
    assert "not within 3 years" in reason(
        gz(2014, founded="2011-12-31", expenses=rent), "guangzhou.5.premises"
    )


def test_a_foreign_invested_headquarters_is_eligible_for_the_hq_reward():
    assert row(gz(is_headquarters=True, foreign_invested=True), "guangzhou.6.headquarters")[
        "applies"
    ]
    assert reason(gz(is_headquarters=True, foreign_invested=False), "guangzhou.6.headquarters")


def test_guangzhou_fund_uses_hold_from_2008_with_no_end():
    facts = gz(2030, expenses=[{"kind": "trade_fair", "amount_cny": "1"}])
    assert row(facts, "guangzhou.5.market_development")["applies"]
    assert "not in force in 2007" in reason(
        gz(2007, expenses=[{"kind": "trade_fair", "amount_cny": "1"}]),
        "guangzhou.5.market_development",
    )


# Guangzhou (五)2's other fund uses and (十二) (issue 19): eligibility at and beside each
# threshold, amounts only when the bureau configures them


def test_matching_of_national_and_provincial_grants_is_a_share_of_the_grants():
    assert "no national and provincial SO grants" in reason(
        gz(higher_level_grants_cny="0"), "guangzhou.5.matching"
    )
    found = row(gz(higher_level_grants_cny="0.01"), "guangzhou.5.matching")
    assert found["applies"] and found["amount_cny"] is None and found["discretionary"]
    reform = {"parameters": {"guangzhou.5.matching.configured_rate": {"2008-01-01": "12.5%"}}}
    # 12.5% × 1,000.06 = 125.0075 -> 125.01 (half up, once)
    facts = gz(higher_level_grants_cny="1000.06")
    assert row(facts, "guangzhou.5.matching", reform=reform)["amount_cny"] == "125.01"


def test_a_rate_that_is_not_a_number_is_a_parameter_error_naming_it():
    from waibao.rules.params import ParameterError

    reform = {"parameters": {"guangzhou.5.matching.configured_rate": {"2008-01-01": "1/3"}}}
    with pytest.raises(ParameterError, match=r"guangzhou\.5\.matching\.configured_rate"):
        row(gz(higher_level_grants_cny="1"), "guangzhou.5.matching", reform=reform)


@pytest.mark.parametrize(
    ("founded", "applies"),
    [("2014-12-31", True), ("2013-01-01", True), ("2012-12-31", False), ("2015-01-01", False)],
)
def test_an_enterprise_brought_in_is_new_in_its_founding_year_and_the_next(founded, applies):
    found = row(gz(2014, founded=founded), "guangzhou.5.attraction")
    assert found["applies"] is applies, found["reason"]


def test_the_attraction_reward_is_one_time():
    reform = {"parameters": {"guangzhou.5.attraction.configured_amount": {"2008-01-01": "50000"}}}
    assert (
        row(gz(2014, founded="2014-03-01"), "guangzhou.5.attraction", reform=reform)["amount_cny"]
        == "50000.00"
    )
    paid = [{"clause": "guangzhou.5.attraction", "year": 2014, "amount_cny": "50000"}]
    facts = gz(2015, founded="2014-03-01", awards_received=paid)
    assert "already paid 50000.00" in reason(facts, "guangzhou.5.attraction", reform=reform)


def test_rd_support_is_a_share_of_the_years_rd_expense():
    assert "no technology development" in reason(gz(rd_expense_cny="0"), "guangzhou.5.rd")
    reform = {"parameters": {"guangzhou.5.rd.configured_rate": {"2008-01-01": "10%"}}}
    assert (
        row(gz(rd_expense_cny="123456.75"), "guangzhou.5.rd", reform=reform)["amount_cny"]
        == "12345.68"
    )  # 12,345.675 -> half up


def test_ip_and_brand_support_needs_an_ip_registration_or_a_brand_of_the_year():
    brand = {"kind": "export_brand", "level": "municipal", "date": "2014-12-31"}
    old_brand = {**brand, "date": "2013-12-31"}
    assert row(gz(ip_registrations=1, recognitions=[]), "guangzhou.5.ip_brand")["applies"]
    assert row(gz(ip_registrations=0, recognitions=[brand]), "guangzhou.5.ip_brand")["applies"]
    assert "no own IP" in reason(
        gz(ip_registrations=0, recognitions=[old_brand]), "guangzhou.5.ip_brand"
    )


def test_demonstration_zone_support_goes_to_a_recognised_park():
    zone = {"kind": "demonstration_park", "level": "municipal", "date": "2014-12-31"}
    assert row(gz(kind="park", recognitions=[zone]), "guangzhou.5.demonstration_zone")["applies"]
    late = {**zone, "date": "2015-01-01"}
    assert "no demonstration-zone" in reason(
        gz(kind="park", recognitions=[late]), "guangzhou.5.demonstration_zone"
    )
    assert reason(gz(recognitions=[zone]), "guangzhou.5.demonstration_zone") == "not a park"


@pytest.mark.parametrize("clause", ["guangzhou.5.talent", "guangzhou.12.talent"])
def test_talent_rewards_need_a_senior_talent_introduced_in_the_year(clause):
    assert "no senior SO talent" in reason(gz(talents_introduced=0), clause)
    found = row(gz(talents_introduced=1), clause)
    assert found["applies"] and found["amount_cny"] is None and found["discretionary"]
    assert reason(gz(), clause) == "unknown fact: talents_introduced"


def test_a_recognised_high_tech_enterprise_gets_the_national_preferences():
    clause = "guangdong.16.high_tech_enterprise"
    found = row(gz(high_tech_enterprise=True), clause)
    assert found["applies"] and found["amount_cny"] is None and found["kind"] == "tax_incentive"
    assert "not a recognised 高新技术企业" in reason(gz(high_tech_enterprise=False), clause)
    assert reason(gz(), clause) == "unknown fact: high_tech_enterprise"
