"""Datong (2023): every subsidy requires the year's statistical reports (保障措施(三))."""

from __future__ import annotations

from waibao.rules.testing import reason, record_maker, row

record = record_maker({"datong": "91140200MA27AAAA0E"})

CERT = [{"scheme": "ISO9000", "event": "new", "date": "2024-03-01", "cost_cny": "50000"}]
PLATFORM = [{"kind": "public_platform", "level": "municipal", "date": "2023-10-01"}]


def test_a_datong_firm_that_reported_statistics_is_eligible_for_certification_support():
    found = row(
        record("datong", 2024, statistics_reported=True, certifications=CERT),
        "datong.6.certification",
    )
    assert found["applies"] and found["amount_cny"] is None and found["discretionary"]


def test_a_datong_firm_that_did_not_report_statistics_gets_no_subsidy():
    facts = record(
        "datong", 2024, statistics_reported=False, certifications=CERT, recognitions=PLATFORM
    )
    assert "datong.statistics_link" in reason(facts, "datong.6.certification")
    assert "datong.statistics_link" in reason(facts, "datong.18.public_platform")


def test_unknown_statistics_reporting_leaves_datong_subsidies_unapplied():
    facts = record("datong", 2024, certifications=CERT)
    assert reason(facts, "datong.6.certification") == "unknown fact: statistics_reported"


def test_a_recognised_municipal_platform_that_reported_is_eligible_for_funding():
    facts = record("datong", 2024, statistics_reported=True, recognitions=PLATFORM)
    assert row(facts, "datong.18.public_platform")["applies"]


def test_datong_clauses_do_not_apply_before_2023():
    facts = record("datong", 2022, statistics_reported=True, certifications=CERT)
    assert "not in force in 2022" in reason(facts, "datong.6.certification")


def test_interest_subsidy_is_a_share_of_the_loan_interest_for_a_firm_that_reported():
    clause = "datong.9.interest_subsidy"
    facts = record("datong", 2024, loan_interest_cny="12345.67", statistics_reported=True)
    found = row(facts, clause)
    assert found["applies"] and found["amount_cny"] is None and found["discretionary"]
    reform = {"parameters": {f"{clause}.configured_rate": {"2023-01-01": "50%"}}}
    assert row(facts, clause, reform=reform)["amount_cny"] == "6172.84"  # 6,172.835 half up
    assert "no interest paid" in reason({**facts, "loan_interest_cny": "0"}, clause)
    assert "statistics not reported" in reason({**facts, "statistics_reported": False}, clause)
