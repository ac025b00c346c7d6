"""Hangzhou (2007): every entitlement clause, both sides of every threshold, caps, tiers,
validity (the special fund runs 至2010年) and rounding."""

from __future__ import annotations

from fractions import Fraction

import pytest

from waibao.money import format_fen, round_half_up
from waibao.rules.testing import amount, reason, record_maker, row

record = record_maker({"hangzhou": "91330100MA27AAAA0A"})


def hz(year: int = 2009, **facts):
    return record("hangzhou", year, **facts)


# (十二) software exports: 50万美元(含) -> 20万; 500万美元(含) -> 50万, highest tier only


@pytest.mark.parametrize(
    ("exports", "expected"),
    [
        ("500000.00", "200000.00"),
        ("500000.01", "200000.00"),
        ("4999999.99", "200000.00"),
        ("5000000.00", "500000.00"),
        ("12000000", "500000.00"),
    ],
)
def test_a_hangzhou_firm_exporting_at_or_above_a_tier_gets_that_tier_only(exports, expected):
    assert amount(hz(software_export_usd=exports), "hangzhou.12.software_export") == expected


def test_a_hangzhou_firm_exporting_usd_499999_99_gets_no_export_reward():
    why = reason(hz(software_export_usd="499999.99"), "hangzhou.12.software_export")
    assert "499999.99 < USD 500000.00" in why


def test_a_firm_paid_tier_one_in_2008_gets_only_the_difference_when_it_reaches_tier_two():
    facts = hz(
        2009,
        software_export_usd="5000000",
        awards_received=[
            {"clause": "hangzhou.12.software_export", "year": 2008, "amount_cny": "200000"}
        ],
    )
    assert amount(facts, "hangzhou.12.software_export") == "300000.00"


def test_a_firm_already_paid_tier_one_gets_nothing_for_tier_one_again():
    facts = hz(
        2009,
        software_export_usd="600000",
        awards_received=[
            {"clause": "hangzhou.12.software_export", "year": 2008, "amount_cny": "200000"}
        ],
    )
    assert "already paid 200000.00" in reason(facts, "hangzhou.12.software_export")


def test_an_award_recorded_for_the_same_year_does_not_net_against_that_year():
    facts = hz(
        2009,
        software_export_usd="600000",
        awards_received=[
            {"clause": "hangzhou.12.software_export", "year": 2009, "amount_cny": "200000"}
        ],
    )
    assert amount(facts, "hangzhou.12.software_export") == "200000.00"


def test_the_software_export_reward_is_a_fund_use_and_ends_with_the_fund_in_2010():
    assert amount(hz(2010, software_export_usd="600000"), "hangzhou.12.software_export")
    why = reason(hz(2011, software_export_usd="600000"), "hangzhou.12.software_export")
    assert why.startswith("not in force in 2011") and "2010-12-31" in why


def test_unknown_software_exports_leave_the_export_reward_unapplied_with_the_reason():
    assert reason(hz(), "hangzhou.12.software_export") == "unknown fact: software_export_usd"


# (十二) R&D centres: 200 / 100 / 60 万 by level


@pytest.mark.parametrize(
    ("level", "expected"),
    [("national", "2000000.00"), ("provincial", "1000000.00"), ("municipal", "600000.00")],
)
def test_an_rd_centre_recognised_in_the_year_gets_its_level_amount(level, expected):
    facts = hz(recognitions=[{"kind": "rd_center", "level": level, "date": "2009-04-01"}])
    assert amount(facts, "hangzhou.12.rd_center") == expected


def test_an_rd_centre_with_two_levels_in_one_year_gets_the_highest_only():
    facts = hz(
        recognitions=[
            {"kind": "rd_center", "level": "municipal", "date": "2009-02-01"},
            {"kind": "rd_center", "level": "provincial", "date": "2009-09-01"},
        ]
    )
    assert amount(facts, "hangzhou.12.rd_center") == "1000000.00"


def test_an_rd_centre_recognised_the_year_before_gets_nothing_this_year():
    facts = hz(recognitions=[{"kind": "rd_center", "level": "national", "date": "2008-12-31"}])
    assert "no rd_center recognition" in reason(facts, "hangzhou.12.rd_center")


# (十三) certifications: min(50% cost, 50万) per certificate, level 3-5 for CMM/CMMI, 参照 schemes


def cert(scheme, level, cost, event="new", date="2009-06-01"):
    return {"scheme": scheme, "level": level, "event": event, "date": date, "cost_cny": cost}


def test_cmmi_3_costing_1000000_hits_rate_and_cap_together_at_500000():
    facts = hz(2008, certifications=[cert("CMMI", 3, "1000000", date="2008-03-01")])
    assert amount(facts, "hangzhou.13.certification") == "500000.00"


def test_cmmi_4_costing_1200000_is_capped_at_500000_and_discretionary():
    found = row(hz(certifications=[cert("CMMI", 4, "1200000")]), "hangzhou.13.certification")
    assert found["amount_cny"] == "500000.00" and found["discretionary"] is True


def test_an_upgrade_costing_800000_gets_half_below_the_cap():
    facts = hz(certifications=[cert("CMMI", 5, "800000", event="upgrade")])
    assert amount(facts, "hangzhou.13.certification") == "400000.00"


def test_cmmi_level_2_does_not_qualify():
    facts = hz(certifications=[cert("CMMI", 2, "300000")])
    assert "no CMM/CMMI level 3-5" in reason(facts, "hangzhou.13.certification")


def test_iso9000_is_not_among_the_hangzhou_schemes():
    facts = hz(certifications=[cert("ISO9000", None, "300000")])
    assert "no CMM/CMMI level 3-5" in reason(facts, "hangzhou.13.certification")


def test_the_referenced_schemes_get_a_separate_cap_per_certificate():
    facts = hz(certifications=[cert("ISO27001", None, "400000"), cert("PCMM", None, "1500000")])
    assert amount(facts, "hangzhou.13.certification") == "700000.00"


def test_half_of_333333_33_is_166666_67_rounded_once():
    facts = hz(certifications=[cert("SAS70", None, "333333.33")])
    assert amount(facts, "hangzhou.13.certification") == "166666.67"


def test_two_half_fen_certificates_round_once_on_their_sum():
    facts = hz(certifications=[cert("SAS70", None, "0.01"), cert("PCMM", None, "0.01")])
    # 0.005 + 0.005 = 0.01 exactly; rounding each first would give 0.02
    assert amount(facts, "hangzhou.13.certification") == "0.01"


def test_a_maintenance_event_is_not_a_certification_award():
    facts = hz(certifications=[cert("CMMI", 3, "300000", event="maintenance")])
    assert "no CMM/CMMI" in reason(facts, "hangzhou.13.certification")


def test_a_qualifying_certification_with_unknown_cost_is_not_applied():
    facts = hz(
        certifications=[{"scheme": "CMMI", "level": 3, "event": "new", "date": "2009-01-05"}]
    )
    assert "cost" in reason(facts, "hangzhou.13.certification")


def test_the_certification_award_from_the_sme_fund_still_applies_in_2011():
    facts = hz(2011, certifications=[cert("CMMI", 3, "200000", date="2011-05-01")])
    assert amount(facts, "hangzhou.13.certification") == "100000.00"


# (十三) upkeep in the two following years: at least the award, at most the fees


def upkeep_facts(year, fees, award_year=2009, award="500000"):
    return hz(
        year,
        certifications=[cert("CMMI", 4, fees, event="maintenance", date=f"{year}-03-01")],
        awards_received=[
            {"clause": "hangzhou.13.certification", "year": award_year, "amount_cny": award}
        ],
    )


def test_upkeep_fees_above_the_award_are_a_range_from_the_award_to_the_fees():
    found = row(upkeep_facts(2010, "800000"), "hangzhou.13.certification_upkeep")
    assert (found["min_cny"], found["amount_cny"]) == ("500000.00", "800000.00")
    assert found["discretionary"] is True


def test_upkeep_below_the_award_is_capped_at_the_fees():
    found = row(upkeep_facts(2010, "300000"), "hangzhou.13.certification_upkeep")
    assert (found["min_cny"], found["amount_cny"]) == ("300000.00", "300000.00")


def test_upkeep_in_2011_is_after_the_city_fund_ended():
    assert "not in force in 2011" in reason(
        upkeep_facts(2011, "300000"), "hangzhou.13.certification_upkeep"
    )


def test_upkeep_three_years_after_the_award_is_not_rewarded():
    facts = upkeep_facts(2010, "300000", award_year=2007)
    assert "no hangzhou.13.certification award" in reason(facts, "hangzhou.13.certification_upkeep")


# (十) R&D super deduction: growth >= 10% (inclusive), exact integers


def test_growth_of_exactly_10_percent_qualifies_for_the_extra_deduction():
    facts = hz(2007, rd_expense_cny="3300000", rd_expense_prev_cny="3000000")
    assert amount(facts, "hangzhou.10.rd_super_deduction") == "1650000.00"


def test_growth_one_yuan_short_of_10_percent_gets_no_deduction():
    facts = hz(2007, rd_expense_cny="3299999", rd_expense_prev_cny="3000000")
    assert "grew less than 1/10" in reason(facts, "hangzhou.10.rd_super_deduction")


def test_growth_one_fen_short_of_10_percent_gets_no_deduction():
    facts = hz(2007, rd_expense_cny="3299999.99", rd_expense_prev_cny="3000000")
    assert "grew less" in reason(facts, "hangzhou.10.rd_super_deduction")


def test_a_zero_expense_the_year_before_gives_no_growth():
    facts = hz(2007, rd_expense_cny="100", rd_expense_prev_cny="0")
    assert "growth undefined" in reason(facts, "hangzhou.10.rd_super_deduction")


def test_the_deduction_is_rounded_half_up_once():
    facts = hz(2012, rd_expense_cny="0.11", rd_expense_prev_cny="0.10")
    # 50% of 0.11 = 0.055 -> 0.06
    assert amount(facts, "hangzhou.10.rd_super_deduction") == "0.06"


# (十五) platform: 20%-30% range


def test_a_platform_investing_3000000_gets_a_range_from_600000_to_900000():
    facts = hz(expenses=[{"kind": "public_platform_investment", "amount_cny": "3000000"}])
    found = row(facts, "hangzhou.15.public_platform")
    assert (found["min_cny"], found["amount_cny"]) == ("600000.00", "900000.00")
    assert found["discretionary"] is True


# (十七) training: 85% ceiling, 15% refund for the hired, 50% new staff, custom


def training(trainee, people, cost, hired=None):
    entry = {"trainee": trainee, "people": people, "cost_cny": cost}
    if hired is not None:
        entry["hired"] = hired
    return entry


def test_thirty_graduates_at_6000_get_at_most_153000():
    facts = hz(trainings=[training("graduate", 30, "180000", 20)])
    assert amount(facts, "hangzhou.17.graduate_training") == "153000.00"


def test_twenty_hired_of_thirty_graduates_get_18000_refunded():
    facts = hz(trainings=[training("graduate", 30, "180000", 20)])
    assert amount(facts, "hangzhou.17.graduate_hired_refund") == "18000.00"


def test_the_refund_is_rounded_once_over_trainings_of_different_sizes():
    # 15% × (100.00 × 1/3 + 100.00 × 2/3) = 15.00 exactly; per-training rounding gives 15.01
    facts = hz(
        trainings=[training("graduate", 3, "100", 1), training("graduate", 3, "100", 2)],
    )
    assert amount(facts, "hangzhou.17.graduate_hired_refund") == "15.00"
    facts = hz(
        trainings=[training("graduate", 3, "0.10", 1), training("graduate", 7, "0.10", 1)],
    )
    # 15% × (10/3 + 10/7) fen = 0.15 × 4.7619… = 0.714… fen -> 0.01
    assert amount(facts, "hangzhou.17.graduate_hired_refund") == "0.01"


def test_no_graduate_hired_means_no_refund():
    facts = hz(trainings=[training("graduate", 30, "180000", 0)])
    assert "no hired graduate" in reason(facts, "hangzhou.17.graduate_hired_refund")


def test_new_staff_training_of_200000_gets_at_most_100000():
    facts = hz(trainings=[training("new_staff", 10, "200000")])
    assert amount(facts, "hangzhou.17.new_staff_training") == "100000.00"


def test_custom_training_with_hires_is_eligible_without_an_amount():
    found = row(hz(trainings=[training("custom", 12, "60000", 12)]), "hangzhou.17.custom_training")
    assert found["applies"] and found["amount_cny"] is None and found["discretionary"]


def test_custom_training_without_hires_is_not_eligible():
    assert reason(hz(trainings=[training("custom", 12, "60000", 0)]), "hangzhou.17.custom_training")


CUSTOM_RATE = {"parameters": {"hangzhou.17.custom_training.configured_rate": {"2007-01-01": "50%"}}}


@pytest.mark.parametrize(
    ("hired", "expected"),
    [
        (1, "2500.00"),  # 50% × 50,000.00 × 1 / 10
        (6, "15000.00"),  # 50% × 50,000.00 × 6 / 10 (issue 19: not 25,000.00)
        (10, "25000.00"),  # all hired: the whole fee is the base
    ],
)
def test_custom_training_pays_the_rate_of_the_hired_trainees_share_of_the_fee(hired, expected):
    facts = hz(trainings=[training("custom", 10, "50000", hired)])
    found = row(facts, "hangzhou.17.custom_training", reform=CUSTOM_RATE)
    assert found["applies"] and found["amount_cny"] == expected
    base = {1: "5000.00", 6: "30000.00", 10: "50000.00"}[hired]
    assert f"hired share, fee × hired / people = {base}" in found["explanation"]


def test_custom_training_share_adds_courses_exactly_and_rounds_once():
    # 50% × (100.00 × 1/3 + 100.00 × 1/3) = 33.333… -> 33.33; per-course rounding: 33.34
    facts = hz(trainings=[training("custom", 3, "100", 1), training("custom", 3, "100", 1)])
    assert amount(facts, "hangzhou.17.custom_training", reform=CUSTOM_RATE) == "33.33"
    # courses of different sizes beside a graduate course of yet another size (both clauses
    # add fractions over their own common denominator in the same pass):
    # 50% × (100.00 × 1/3 + 100.00 × 1/7) = 23.8095… -> 23.81
    facts = hz(
        trainings=[
            training("custom", 3, "100", 1),
            training("custom", 7, "100", 1),
            training("graduate", 11, "100", 1),
        ]
    )
    assert amount(facts, "hangzhou.17.custom_training", reform=CUSTOM_RATE) == "23.81"
    # 15% × 100.00 / 11 = 1.3636… -> 1.36
    assert amount(facts, "hangzhou.17.graduate_hired_refund") == "1.36"
    # a course without a hire adds nothing to the base
    facts = hz(trainings=[training("custom", 10, "50000", 6), training("custom", 5, "9000", 0)])
    assert amount(facts, "hangzhou.17.custom_training", reform=CUSTOM_RATE) == "15000.00"


def test_custom_training_without_a_rate_claims_no_base_amount():
    found = row(hz(trainings=[training("custom", 10, "50000", 6)]), "hangzhou.17.custom_training")
    assert found["applies"] and found["amount_cny"] is None
    assert "10 trainees, 6 hired" in found["explanation"]
    assert "amount for the reviewer" in found["explanation"]
    assert "base" not in found["explanation"]


def test_training_subsidies_end_with_the_fund_in_2010():
    facts = hz(2011, trainings=[training("graduate", 30, "180000", 20)])
    assert "not in force in 2011" in reason(facts, "hangzhou.17.graduate_training")


def test_an_approved_training_institution_is_eligible_for_a_reward_without_an_amount():
    facts = hz(
        kind="training_institution",
        recognitions=[{"kind": "training_institution", "level": "municipal", "date": "2008-01-01"}],
    )
    found = row(facts, "hangzhou.17.training_institution")
    assert found["applies"] and found["amount_cny"] is None


# (九) large offshore entrant, HQ office; (六) settlement; (十一) brand


def entrant(capital, **facts):
    facts.setdefault("founded", "2009-03-01")
    facts.setdefault("offshore_focused", True)
    return hz(registered_capital_cny=capital, tax_paid_cny="1", **facts)


@pytest.mark.parametrize(
    ("founded", "applies"),
    [("2009-12-31", True), ("2008-01-01", True), ("2007-12-31", False), ("2010-01-01", False)],
)
def test_the_entrant_grant_is_for_a_new_investment_in_its_first_year_and_the_next(founded, applies):
    found = row(entrant("100000000", founded=founded), "hangzhou.9.large_offshore_entrant")
    assert found["applies"] is applies, found["reason"]
    if not applies:
        assert "not a new investment (來杭投資)" in found["reason"]


def test_expert_fees_count_as_costs_in_full():
    found = row(hz(expert_fees_cny="300000"), "hangzhou.10.expert_fees")  # Example 3
    assert found["applies"] and found["amount_cny"] == "300000.00" and not found["discretionary"]
    assert "no fees paid" in reason(hz(expert_fees_cny="0"), "hangzhou.10.expert_fees")
    assert row(hz(2020, expert_fees_cny="0.01"), "hangzhou.10.expert_fees")["amount_cny"] == "0.01"


def test_an_export_brand_held_at_the_years_end_gets_the_brand_preferences():
    brand = {"kind": "export_brand", "level": "municipal", "date": "2009-12-31"}
    clause = "hangzhou.11.export_brand_preferences"
    found = row(hz(recognitions=[brand]), clause)
    assert found["applies"] and found["amount_cny"] is None and found["discretionary"]
    assert "no export brand" in reason(hz(recognitions=[{**brand, "date": "2010-01-01"}]), clause)


def test_ip_funding_needs_an_ip_registration_or_patent_of_the_year():
    assert "no own IP" in reason(hz(ip_registrations=0), "hangzhou.14.ip_funding")
    assert row(hz(ip_registrations=1), "hangzhou.14.ip_funding")["applies"]


@pytest.mark.parametrize(
    ("region", "loans", "applies"),
    [
        ("330106", "1000000", True),  # 西湖区: pays tax to the city
        ("330106", "0", False),
        ("330109", "1000000", False),  # 萧山: settles with the province
        ("330183", "1000000", False),  # 富阳
    ],
)
def test_loan_guarantees_for_firms_paying_tax_to_the_city(region, loans, applies):
    facts = hz(region_code=region, guaranteed_loans_cny=loans)
    found = row(facts, "hangzhou.21.loan_guarantee")
    assert found["applies"] is applies, found["reason"]
    if region in ("330109", "330183"):
        assert "settles its finances directly with the province" in found["reason"]


def test_the_loan_guarantee_names_the_district_in_chinese():
    guaranteed = row(
        hz(region_code="330106", guaranteed_loans_cny="1000000"), GUARANTEE, language="zh-hans"
    )
    assert "，西湖区（杭政办〔2006〕27号）" in guaranteed["explanation"]
    refused = row(
        hz(region_code="330109", guaranteed_loans_cny="1000000"), GUARANTEE, language="zh-hans"
    )
    assert refused["reason"].startswith("萧山区财政体制与省直接结算")


GUARANTEE = "hangzhou.21.loan_guarantee"


def test_registered_capital_of_exactly_100_million_qualifies_for_the_one_time_grant():
    found = row(entrant("100000000"), "hangzhou.9.large_offshore_entrant")
    assert found["applies"] and found["amount_cny"] is None and found["discretionary"]


def test_registered_capital_one_yuan_short_of_100_million_does_not_qualify():
    assert "< 100000000.00" in reason(entrant("99999999"), "hangzhou.9.large_offshore_entrant")


def test_the_one_time_grant_is_not_paid_twice():
    facts = entrant(
        "100000000",
        awards_received=[
            {"clause": "hangzhou.9.large_offshore_entrant", "year": 2008, "amount_cny": "1000000"}
        ],
    )
    assert "already paid" in reason(facts, "hangzhou.9.large_offshore_entrant")


def test_a_firm_not_mainly_offshore_gets_no_entrant_grant():
    facts = entrant("200000000", offshore_focused=False)
    assert "offshore" in reason(facts, "hangzhou.9.large_offshore_entrant")


def test_a_headquarters_paying_tax_with_2000_sqm_of_offices_is_eligible_per_square_metre():
    facts = hz(
        is_headquarters=True,
        tax_paid_cny="50000",
        expenses=[{"kind": "office_purchase", "amount_cny": "30000000", "area_sqm": 2000}],
    )
    found = row(facts, "hangzhou.9.headquarters_office")
    assert found["applies"] and "2000 m²" in found["explanation"]


def test_a_headquarters_paying_no_tax_gets_no_office_subsidy():
    facts = hz(
        is_headquarters=True,
        tax_paid_cny="0",
        expenses=[{"kind": "office_rent", "amount_cny": "300000", "area_sqm": 200}],
    )
    assert reason(facts, "hangzhou.9.headquarters_office") == "no taxes paid"


def test_a_firm_in_a_demonstration_zone_paying_tax_is_eligible_for_settlement_support():
    found = row(hz(in_demonstration_park=True, tax_paid_cny="1"), "hangzhou.6.settlement")
    assert found["applies"]
    assert reason(hz(in_demonstration_park=False, tax_paid_cny="1"), "hangzhou.6.settlement")


def test_a_national_export_brand_obtained_in_the_year_is_eligible_for_a_reward():
    facts = hz(recognitions=[{"kind": "export_brand", "level": "national", "date": "2009-05-05"}])
    assert row(facts, "hangzhou.11.brand")["applies"]
    facts = hz(recognitions=[{"kind": "export_brand", "level": "municipal", "date": "2009-05-05"}])
    assert reason(facts, "hangzhou.11.brand")


def test_hangzhou_clauses_are_not_in_force_before_the_2007_document():
    assert "not in force in 2006" in reason(
        hz(2006, software_export_usd="600000"), "hangzhou.12.software_export"
    )


def test_the_refund_of_a_large_class_with_a_large_fee_stays_exact():
    # 15% × 999,999,999,999.99 × 9,999,999 / 10,000,000, without an Int64 overflow
    facts = hz(trainings=[training("graduate", 10_000_000, "999999999999.99", 9_999_999)])
    exact = Fraction(99999999999999) * 9_999_999 / 10_000_000 * Fraction(3, 20)
    assert amount(facts, "hangzhou.17.graduate_hired_refund") == format_fen(round_half_up(exact))


def test_the_refund_over_six_different_large_class_sizes_is_left_to_a_person():
    trainings = [training("graduate", 2000 + i, "1000", 1) for i in range(6)]
    assert "compute by hand" in reason(hz(trainings=trainings), "hangzhou.17.graduate_hired_refund")


def test_the_refund_over_five_class_sizes_is_exact():
    trainings = [training("graduate", size, "1", 1) for size in (3, 7, 11, 13, 17)]
    exact = sum(Fraction(100, size) for size in (3, 7, 11, 13, 17)) * Fraction(3, 20)
    facts = hz(trainings=trainings)
    assert amount(facts, "hangzhou.17.graduate_hired_refund") == format_fen(round_half_up(exact))
