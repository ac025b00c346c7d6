"""An enterprise reports, with its year's figures, the facts issue 19's clauses read: funds
received, expert fees, loans and their interest (integer fen), IP registrations and talents
introduced, the office lease's start and 高新技术企业 status. Every bad field is refused with
its reason and nothing changes; a change is audited with amounts as yuan text."""

from __future__ import annotations

import datetime as dt

import pytest

from waibao.reporting.reports import ReportRefused, organisation_year_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(enterprises, django_user_model):
    from waibao.accounts.models import Profile

    user = django_user_model.objects.create_user(username="wz", password="pw")
    Profile.objects.create(user=user, role="enterprise", organisation=enterprises[1])
    return user, enterprises[1]


def _report(reporter, year, **values):
    user, organisation = reporter
    return organisation_year_report(actor=user, organisation=organisation, year=year, values=values)


def test_the_policy_figures_are_stored_exactly_and_audited(reporter):
    from waibao.audit.models import AuditRecord

    row = _report(
        reporter,
        "2024",
        central_training_funds="1000000.01",
        higher_level_grants="200000",
        expert_fees="30000.5",
        guaranteed_loans="4000000",
        loan_interest="87654.32",
        ip_registrations="3",
        talents_introduced="0",
        office_lease_started="2024-12-31",
        high_tech_enterprise="true",
    )
    row.refresh_from_db()
    assert (
        row.central_training_funds_fen,
        row.higher_level_grants_fen,
        row.expert_fees_fen,
        row.guaranteed_loans_fen,
        row.loan_interest_fen,
    ) == (100_000_001, 20_000_000, 3_000_050, 400_000_000, 8_765_432)
    assert (row.ip_registrations, row.talents_introduced) == (3, 0)
    assert row.office_lease_started == dt.date(2024, 12, 31)
    assert row.high_tech_enterprise is True
    [record] = AuditRecord.objects.filter(action="organisation_year.report")
    assert record.payload["after"]["loan_interest_fen"] == "87654.32"
    assert record.payload["after"]["office_lease_started"] == "2024-12-31"
    assert record.payload["after"]["high_tech_enterprise"] is True


def test_only_the_fields_given_change_and_blank_means_not_known(reporter):
    _report(reporter, 2024, high_tech_enterprise=True, loan_interest="10")
    row = _report(reporter, 2024, high_tech_enterprise="false")
    assert row.high_tech_enterprise is False and row.loan_interest_fen == 1000
    row = _report(reporter, 2024, high_tech_enterprise="", loan_interest="")
    assert row.high_tech_enterprise is None and row.loan_interest_fen is None


def test_bad_policy_figures_are_each_refused_and_nothing_is_written(reporter):
    from waibao.registry.models import OrganisationYear

    with pytest.raises(ReportRefused) as refused:
        _report(
            reporter,
            2024,
            loan_interest="-1",
            expert_fees="1.005",
            ip_registrations="2.5",
            talents_introduced="-3",
            office_lease_started="2024-02-30",
            high_tech_enterprise="maybe",
        )
    columns = refused.value.by_column()
    assert set(columns) == {
        "loan_interest",
        "expert_fees",
        "ip_registrations",
        "talents_introduced",
        "office_lease_started",
        "high_tech_enterprise",
    }
    assert columns["office_lease_started"] == [
        "office_lease_started '2024-02-30' is not a date (YYYY-MM-DD)"
    ]
    assert columns["high_tech_enterprise"] == ["high_tech_enterprise 'maybe' is not true or false"]
    assert all(line.startswith("form:2024:") for line in refused.value.lines)
    assert not OrganisationYear.objects.exists()


def test_a_lease_starting_after_the_years_end_is_refused(reporter):
    _report(reporter, 2024, office_lease_started="2024-12-31")  # the last day: accepted
    with pytest.raises(ReportRefused) as refused:
        _report(reporter, 2024, office_lease_started="2025-01-01")
    assert refused.value.lines == [
        "form:2024:office_lease_started: office_lease_started 2025-01-01 is after the end of 2024"
    ]
