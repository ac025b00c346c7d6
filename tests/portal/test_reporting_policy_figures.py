"""The yearly-figures form and ``/api/report/years`` take the facts issue 19's clauses read,
and what an enterprise reports there is what its calculator computes: Datong 9.'s interest
subsidy from the loan interest a firm reports, end to end through the database facts and the
bureau's configured rate."""

from __future__ import annotations

import datetime as dt
import re

import pytest

PINGCHENG = "91140213MA0EEEEE4E"  # a Datong (平城区) firm

POLICY_FORM = {
    "central_training_funds": "1000000.01",
    "higher_level_grants": "",
    "expert_fees": "30000.5",
    "guaranteed_loans": "4000000",
    "loan_interest": "87654.32",
    "ip_registrations": "3",
    "talents_introduced": "2",
    "office_lease_started": "2024-03-01",
    "high_tech_enterprise": "true",
}


@pytest.fixture
def enterprise(client, world):
    client.force_login(world.users["enterprise"])
    return client


def _row(html: str, clause: str) -> str:
    match = re.search(rf'<tr[^>]*data-clause="{re.escape(clause)}".*?</tr>', html, re.S)
    assert match, f"no row for {clause}"
    return match.group(0)


@pytest.mark.django_db
def test_the_form_stores_the_policy_figures_and_shows_them_again(enterprise, world):
    from waibao.registry.models import OrganisationYear

    response = enterprise.post("/report/", {"year": "2024", **POLICY_FORM})
    assert response.status_code == 302
    row = OrganisationYear.objects.get(organisation=world.orgs.own, year=2024)
    assert row.central_training_funds_fen == 100_000_001 and row.higher_level_grants_fen is None
    assert (row.expert_fees_fen, row.loan_interest_fen) == (3_000_050, 8_765_432)
    assert (row.ip_registrations, row.talents_introduced) == (3, 2)
    assert row.office_lease_started == dt.date(2024, 3, 1) and row.high_tech_enterprise is True
    prefilled = enterprise.get("/report/?year=2024").content.decode()
    assert 'id="loan_interest" name="loan_interest" value="87654.32"' in prefilled
    assert 'name="office_lease_started" value="2024-03-01"' in prefilled
    assert '<option value="true" selected>' in prefilled
    table = re.search(r'<table id="policy-years">.*?</table>', prefilled, re.S)
    assert table and "1000000.01" in table.group(0) and "2024-03-01" in table.group(0)


@pytest.mark.django_db
def test_a_bad_policy_figure_is_shown_by_its_field_and_nothing_changes(enterprise, world):
    from waibao.registry.models import OrganisationYear

    response = enterprise.post(
        "/report/",
        {"year": "2024", **POLICY_FORM, "office_lease_started": "2025-01-01", "loan_interest": "x"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="office_lease_started-error"' in html and 'id="loan_interest-error"' in html
    assert "is after the end of 2024" in html
    assert not OrganisationYear.objects.filter(organisation=world.orgs.own).exists()


@pytest.mark.django_db
def test_the_form_reads_in_english(enterprise):
    html = enterprise.get("/en/report/").content.decode()
    assert "Interest paid on loans (yuan)" in html and "Office lease start date" in html


@pytest.mark.django_db
def test_the_api_takes_and_gives_the_policy_figures(enterprise, world):
    body = {
        "year": 2024,
        "loan_interest": "87654.32",
        "ip_registrations": 3,
        "office_lease_started": "2024-03-01",
        "high_tech_enterprise": False,
    }
    response = enterprise.post("/api/report/years", body, content_type="application/json")
    assert response.status_code == 200
    got = response.json()
    assert (got["loan_interest"], got["ip_registrations"]) == ("87654.32", 3)
    assert (got["office_lease_started"], got["high_tech_enterprise"]) == ("2024-03-01", False)
    assert got["central_training_funds"] is None  # not sent: not known
    profile = enterprise.get("/api/report/profile").json()
    [year] = profile["years"]
    assert (year["loan_interest"], year["office_lease_started"]) == ("87654.32", "2024-03-01")
    bad = enterprise.post(
        "/api/report/years",
        {"year": 2024, "office_lease_started": "01/03/2024"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["problems"][0]["column"] == "office_lease_started"


@pytest.fixture
def datong_firm(client, django_user_model):
    """A Datong firm with its enterprise user, the year's statistics reported (Datong pays
    only then) and the bureau's rate for 9. set to 50% from 2023-01-01."""
    from waibao.accounts.models import Profile
    from waibao.policy.models import ParameterOverride
    from waibao.registry.models import Organisation, OrganisationYear

    firm = Organisation.objects.create(uscc=PINGCHENG, name="大同云数据", region_id="140213")
    OrganisationYear.objects.create(organisation=firm, year=2024, statistics_reported=True)
    user = django_user_model.objects.create_user(username="dt", password="pw")
    Profile.objects.create(user=user, role="enterprise", organisation=firm)
    admin = django_user_model.objects.create_user(username="dt-admin", password="pw")
    ParameterOverride.objects.create(
        parameter="datong.9.interest_subsidy.configured_rate",
        jurisdiction="datong",
        value="50%",
        effective_from=dt.date(2023, 1, 1),
        reason="test: the bureau's rate",
        set_by=admin,
    )
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_datong_9_interest_subsidy_from_the_reported_interest_through_the_calculator(
    datong_firm,
):
    subsidy = "datong.9.interest_subsidy"
    before = _row(datong_firm.get("/calculator/?year=2024").content.decode(), subsidy)
    assert 'class="not-applicable"' in before and "缺少事实：贷款利息" in before
    response = datong_firm.post("/report/", {"year": "2024", "loan_interest": "87654.33"})
    assert response.status_code == 302
    after = _row(datong_firm.get("/calculator/?year=2024").content.decode(), subsidy)
    # 87,654.33 × 50% = 43,827.165 -> 43,827.17 (half up, once)
    assert "not-applicable" not in after and "43827.17" in after
    api = datong_firm.get("/api/calculator/2024").json()
    row = {r["clause"]: r for r in api["rows"]}[subsidy]
    assert (row["applies"], row["amount_cny"]) == (True, "43827.17")
    # Reported as none paid: it does not apply.
    datong_firm.post("/report/", {"year": "2024", "loan_interest": "0"})
    api = datong_firm.get("/api/calculator/2024").json()
    assert {r["clause"]: r for r in api["rows"]}[subsidy]["applies"] is False
