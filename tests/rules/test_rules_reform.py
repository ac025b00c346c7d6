"""Reforms: a parameter overlay re-run over everyone, compared per clause."""

from __future__ import annotations

import pytest
from rules_cases import record

from waibao.facts import to_frame, validate_records
from waibao.rules import ParameterError, compare_reform, entitlements, evaluate_frame

FACTS = [
    record("hangzhou", 2009, software_export_usd="600000"),
    record("hangzhou", 2009, uscc="91330100MA27AAAA1A", software_export_usd="6000000"),
    record("wenzhou", 2013, expenses=[{"kind": "leased_line", "amount_cny": "240000"}]),
]
REFORM = {
    "parameters": {
        "hangzhou.12.software_export.tiers": {
            "2009-01-01": [
                {"at": "500000", "amount": "250000"},
                {"at": "5000000", "amount": "500000"},
            ]
        },
        "wenzhou.9.leased_line.configured_rate": {"2012-06-21": "50%"},
    }
}


def test_a_bureau_configured_rate_gives_a_discretionary_clause_an_amount():
    rows = entitlements(FACTS, reform=REFORM)
    leased = next(r for r in rows if r["clause"] == "wenzhou.9.leased_line")
    assert leased["amount_cny"] == "120000.00" and leased["discretionary"] is True


def test_the_reform_report_gives_rows_totals_before_and_after_and_the_difference():
    frame = to_frame(validate_records(FACTS))
    report = compare_reform(
        evaluate_frame(frame), evaluate_frame(frame, reform=REFORM["parameters"])
    )
    by_clause = {r["clause"]: r for r in report}
    assert by_clause["hangzhou.12.software_export"] == {
        "clause": "hangzhou.12.software_export",
        "rows_before": 2,
        "rows_after": 2,
        "total_before_cny": "700000.00",
        "total_after_cny": "750000.00",
        "difference_cny": "50000.00",
    }
    assert by_clause["wenzhou.9.leased_line"]["difference_cny"] == "120000.00"


def test_a_reform_dated_after_the_year_changes_nothing_for_that_year():
    late = {"parameters": {"wenzhou.9.leased_line.configured_rate": {"2014-01-01": "50%"}}}
    leased = next(
        r for r in entitlements(FACTS, reform=late) if r["clause"] == "wenzhou.9.leased_line"
    )
    assert leased["amount_cny"] is None


def test_a_reform_naming_an_unknown_parameter_is_refused():
    with pytest.raises(ParameterError, match="no such parameter"):
        entitlements(FACTS, reform={"parameters": {"nowhere.rate": {"2009-01-01": "1%"}}})


def test_a_reform_rate_written_as_a_float_is_refused():
    with pytest.raises(ParameterError, match="not floats"):
        entitlements(
            FACTS,
            reform={"parameters": {"wenzhou.9.leased_line.configured_rate": {"2012-06-21": 0.5}}},
        )


def test_as_of_evaluates_parameters_in_force_on_that_date():
    rows = entitlements(FACTS, reform=REFORM, as_of=__import__("datetime").date(2008, 12, 31))
    hz = [r for r in rows if r["clause"] == "hangzhou.12.software_export"]
    assert sorted(r["amount_cny"] for r in hz) == ["200000.00", "500000.00"]
