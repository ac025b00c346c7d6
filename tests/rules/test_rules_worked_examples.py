"""POLICY-READING.md worked examples 1-6, where FACTS.md gives a definite answer (FACTS.md
wins where the two differ: a higher tier pays the difference to what was already paid)."""

from __future__ import annotations

from rules_cases import amount, reason, record, row, rows_of


def test_example_1_hz_a_software_2009():
    facts = record(
        "hangzhou",
        2009,
        software_export_usd="600000",
        certifications=[
            {
                "scheme": "CMMI",
                "level": 4,
                "event": "new",
                "date": "2009-04-01",
                "cost_cny": "1200000",
            }
        ],
        trainings=[
            {"trainee": "graduate", "people": 30, "cost_cny": "180000", "hired": 20},
            {"trainee": "new_staff", "people": 40, "cost_cny": "200000"},
        ],
    )
    got = {r["clause"]: (r["amount_cny"], r["discretionary"]) for r in rows_of(facts)}
    assert got == {
        "hangzhou.12.software_export": ("200000.00", False),
        "hangzhou.13.certification": ("500000.00", True),
        "hangzhou.17.graduate_training": ("153000.00", True),
        "hangzhou.17.graduate_hired_refund": ("18000.00", False),
        "hangzhou.17.new_staff_training": ("100000.00", True),
    }


def test_example_1_follow_up_years_2010_range_and_2011_after_the_fund():
    def upkeep(year, fees):
        return record(
            "hangzhou",
            year,
            certifications=[
                {
                    "scheme": "CMMI",
                    "level": 4,
                    "event": "maintenance",
                    "date": f"{year}-06-01",
                    "cost_cny": fees,
                }
            ],
            awards_received=[
                {"clause": "hangzhou.13.certification", "year": 2009, "amount_cny": "500000"}
            ],
        )

    found = row(upkeep(2010, "800000"), "hangzhou.13.certification_upkeep")
    assert (found["min_cny"], found["amount_cny"]) == ("500000.00", "800000.00")
    assert "not in force in 2011" in reason(
        upkeep(2011, "300000"), "hangzhou.13.certification_upkeep"
    )


def test_example_2_three_firms_at_the_boundaries_2008():
    b1 = record(
        "hangzhou",
        2008,
        software_export_usd="500000",
        certifications=[
            {
                "scheme": "CMMI",
                "level": 3,
                "event": "new",
                "date": "2008-05-01",
                "cost_cny": "1000000",
            }
        ],
    )
    assert amount(b1, "hangzhou.12.software_export") == "200000.00"
    assert amount(b1, "hangzhou.13.certification") == "500000.00"
    b2 = record(
        "hangzhou",
        2008,
        software_export_usd="499999",
        certifications=[
            {
                "scheme": "CMMI",
                "level": 2,
                "event": "new",
                "date": "2008-05-01",
                "cost_cny": "300000",
            }
        ],
    )
    assert reason(b2, "hangzhou.12.software_export")
    assert reason(b2, "hangzhou.13.certification")
    b3 = record(
        "hangzhou",
        2008,
        software_export_usd="5000000",
        certifications=[
            {
                "scheme": "CMMI",
                "level": 5,
                "event": "upgrade",
                "date": "2008-05-01",
                "cost_cny": "800000",
            }
        ],
        awards_received=[
            {"clause": "hangzhou.12.software_export", "year": 2007, "amount_cny": "200000"}
        ],
    )
    # FACTS.md: the higher tier pays the difference to what this clause already paid
    assert amount(b3, "hangzhou.12.software_export") == "300000.00"
    assert amount(b3, "hangzhou.13.certification") == "400000.00"


def test_example_3_growth_of_exactly_10_percent_and_capital_of_exactly_100_million_2007():
    hz_c = record(
        "hangzhou",
        2007,
        rd_expense_cny="3300000",
        rd_expense_prev_cny="3000000",
        recognitions=[{"kind": "rd_center", "level": "provincial", "date": "2007-07-01"}],
    )
    assert amount(hz_c, "hangzhou.10.rd_super_deduction") == "1650000.00"
    assert amount(hz_c, "hangzhou.12.rd_center") == "1000000.00"
    short = record("hangzhou", 2007, rd_expense_cny="3299999", rd_expense_prev_cny="3000000")
    assert reason(short, "hangzhou.10.rd_super_deduction")
    hz_c2 = record(
        "hangzhou",
        2007,
        registered_capital_cny="100000000",
        offshore_focused=True,
        tax_paid_cny="10",
        founded="2007-02-01",  # a new entrant (來杭投資)
    )
    found = row(hz_c2, "hangzhou.9.large_offshore_entrant")
    assert found["applies"] and found["amount_cny"] is None
    assert reason(
        {**hz_c2, "registered_capital_cny": "99999999"}, "hangzhou.9.large_offshore_entrant"
    )


def test_example_4_other_certifications_platform_hq_custom_training_2009():
    facts = record(
        "hangzhou",
        2009,
        is_headquarters=True,
        tax_paid_cny="100000",
        certifications=[
            {"scheme": "ISO27001", "event": "new", "date": "2009-03-01", "cost_cny": "400000"},
            {"scheme": "PCMM", "event": "new", "date": "2009-08-01", "cost_cny": "1500000"},
        ],
        expenses=[
            {"kind": "public_platform_investment", "amount_cny": "3000000"},
            {"kind": "office_purchase", "amount_cny": "40000000", "area_sqm": 2000},
        ],
        trainings=[{"trainee": "custom", "people": 12, "cost_cny": "120000", "hired": 12}],
    )
    assert amount(facts, "hangzhou.13.certification") == "700000.00"
    platform = row(facts, "hangzhou.15.public_platform")
    assert (platform["min_cny"], platform["amount_cny"]) == ("600000.00", "900000.00")
    assert row(facts, "hangzhou.9.headquarters_office")["amount_cny"] is None
    assert row(facts, "hangzhou.17.custom_training")["amount_cny"] is None


def test_example_5_lucheng_park_2013():
    park = record(
        "wenzhou",
        2013,
        kind="park",
        recognitions=[
            {
                "kind": "demonstration_park",
                "level": "municipal",
                "date": "2012-08-01",
                "has_public_it_platform": True,
            },
            {
                "kind": "demonstration_park",
                "level": "provincial",
                "date": "2013-06-01",
                "has_public_it_platform": True,
            },
            {
                "kind": "public_platform",
                "level": "provincial",
                "date": "2011-03-01",
                "operating_years": 1,
            },
        ],
        awards_received=[
            {"clause": "wenzhou.4.demonstration_park", "year": 2012, "amount_cny": "300000"}
        ],
    )
    assert amount(park, "wenzhou.4.demonstration_park") == "200000.00"
    assert reason(park, "wenzhou.7.public_platform")
    centre = record(
        "wenzhou",
        2013,
        uscc="91330300MA27AAAA1B",
        kind="training_institution",
        recognitions=[
            {"kind": "training_institution", "level": "provincial", "date": "2013-02-01"},
            {"kind": "training_institution", "level": "municipal", "date": "2013-02-01"},
        ],
    )
    assert amount(centre, "wenzhou.5.training_institution") == "500000.00"
    park_y = record(
        "wenzhou",
        2013,
        uscc="91330300MA27AAAA2B",
        kind="park",
        recognitions=[
            {
                "kind": "demonstration_park",
                "level": "municipal",
                "date": "2013-02-01",
                "has_public_it_platform": False,
            }
        ],
    )
    assert reason(park_y, "wenzhou.4.demonstration_park")


def test_example_6_wz_f_2013():
    facts = record(
        "wenzhou",
        2013,
        in_demonstration_park=True,
        tech_service_income_cny="5000000",
        expenses=[
            {"kind": "platform_usage", "amount_cny": "360000"},
            {"kind": "leased_line", "amount_cny": "240000"},
            {"kind": "office_rent", "amount_cny": "450000", "area_sqm": 1500},
        ],
        office_lease_started="2013-04-01",  # "a new 1,500 m² lease in a demo park"
        higher_level_grants_cny="400000",  # "a provincial SO fund grant of 400,000"
        recognitions=[{"kind": "key_enterprise", "level": "provincial", "date": "2012-10-01"}],
        trainings=[{"trainee": "new_staff", "people": 50, "cost_cny": "100000"}],
    )
    got = {r["clause"]: r["amount_cny"] for r in rows_of(facts)}
    assert got == {
        "wenzhou.6.platform_usage": "180000.00",
        "wenzhou.6.higher_level_funds": None,  # in a demonstration park (6. sentence 1)
        "wenzhou.8.key_enterprise_reward": None,  # 8.: provincial local-tax reward, external
        "wenzhou.9.leased_line": None,
        "wenzhou.10.office_rent": None,
        "wenzhou.11.matching": None,  # 11.: 按照相关政策, the ratio is external
        "wenzhou.15.training": None,
        "wenzhou.20.business_tax_exemption": "250000.00",
    }


def test_example_2_b3_pays_the_higher_tier_in_full_when_the_bureau_chooses_that_reading():
    b3 = record(
        "hangzhou",
        2008,
        software_export_usd="5000000",
        awards_received=[
            {"clause": "hangzhou.12.software_export", "year": 2007, "amount_cny": "200000"}
        ],
    )
    full = {"parameters": {"hangzhou.12.software_export.pay_difference": {"2007-01-01": 0}}}
    assert amount(b3, "hangzhou.12.software_export", reform=full) == "500000.00"
    # the same tier is still never paid twice
    tier_one = {**b3, "software_export_usd": "600000"}
    assert "already paid" in reason(tier_one, "hangzhou.12.software_export", reform=full)
