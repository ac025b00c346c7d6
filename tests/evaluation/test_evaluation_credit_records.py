"""Credit events write registry violations, so Guangdong (十九) takes away an enterprise's
Guangdong and Guangzhou entitlements, and restoration gives them back."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from evaluation_helpers import D, organisation, year_row

from waibao import rules
from waibao.evaluation import selectors, services
from waibao.facts.from_db import facts_for_year
from waibao.registry.models import Certification, Violation

pytestmark = pytest.mark.django_db


@pytest.fixture
def guangzhou_firm(places):
    org = organisation("91440106MA000010XX", places["tianhe"], name="天河软件")
    for year in (2024, 2025):
        Certification.objects.create(
            organisation=org,
            scheme="CMMI",
            level=3 if year == 2024 else 5,
            event="new" if year == 2024 else "upgrade",
            date=D(year, 5, 1),
            cost_fen=100_000_00,
        )
        year_row(org, year, employees=120, statistics_reported=True)
    return org


def _clauses(org, year):
    records = [r for r in facts_for_year(year) if r["uscc"] == org.uscc]
    return {row["clause"] for row in rules.entitlements(records)}


def _provincial_or_city(clauses):
    return {c for c in clauses if c.startswith(("guangdong.", "guangzhou."))}


def test_an_ip_infringement_removes_guangdong_and_guangzhou_rows_until_restored(guangzhou_firm):
    before = _provincial_or_city(_clauses(guangzhou_firm, 2024))
    assert before == {"guangdong.9.certification", "guangzhou.5.certification"}
    event = services.credit_event_record(
        guangzhou_firm, "ip_infringement", "serious", D(2024, 8, 1)
    )
    violation = Violation.objects.get()
    assert (violation.kind, violation.date, violation.restored) == (
        "ip_infringement",
        D(2024, 8, 1),
        None,
    )
    assert _provincial_or_city(_clauses(guangzhou_firm, 2024)) == set()
    assert _provincial_or_city(_clauses(guangzhou_firm, 2025)) == set()
    services.credit_event_restore(event, D(2025, 1, 1))
    assert Violation.objects.get().restored == D(2025, 1, 1)
    # Restored on 1 January 2025: 2025 is whole again; 2024 stays lost.
    assert _provincial_or_city(_clauses(guangzhou_firm, 2025)) == _provincial_or_city(
        facts_clauses_without_violation(guangzhou_firm, 2025)
    )
    assert _provincial_or_city(_clauses(guangzhou_firm, 2025))
    assert _provincial_or_city(_clauses(guangzhou_firm, 2024)) == set()


def facts_clauses_without_violation(org, year):
    records = [dict(r, violations=[]) for r in facts_for_year(year) if r["uscc"] == org.uscc]
    return {row["clause"] for row in rules.entitlements(records)}


def test_an_information_security_breach_disqualifies_too(guangzhou_firm):
    services.credit_event_record(guangzhou_firm, "information_security", "grave", D(2024, 2, 1))
    assert _provincial_or_city(_clauses(guangzhou_firm, 2024)) == set()


def test_a_late_report_is_recorded_but_does_not_disqualify(guangzhou_firm):
    before = _provincial_or_city(_clauses(guangzhou_firm, 2024))
    services.credit_event_record(guangzhou_firm, "late_reporting", "minor", D(2024, 3, 1))
    assert Violation.objects.get().kind == "late_reporting"
    assert _provincial_or_city(_clauses(guangzhou_firm, 2024)) == before


def test_a_commendation_writes_no_violation_and_the_grade_follows_the_events(guangzhou_firm):
    services.credit_event_record(guangzhou_firm, "commendation", "minor", D(2024, 3, 1))
    assert not Violation.objects.exists()
    services.credit_event_record(guangzhou_firm, "false_statement", "serious", D(2024, 4, 1))
    grade = selectors.credit_grade_for(guangzhou_firm, D(2024, 12, 31))
    # 100 (+5 capped at 100) - 15 = 85: grade B
    assert (grade.points, grade.grade) == (85, "B")


def test_a_restoration_before_the_event_is_refused(guangzhou_firm):
    event = services.credit_event_record(guangzhou_firm, "ip_infringement", "minor", D(2024, 8, 1))
    with pytest.raises(ValidationError, match="precede"):
        services.credit_event_restore(event, D(2024, 7, 31))
