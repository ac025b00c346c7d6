"""The facts issue 19's clauses read come from the database too: each new OrganisationYear
field and expense kind reaches the facts record, and guangdong.13 and wenzhou.10 (which now
need a fact the registry did not hold) apply from the database again when the data says so,
with the amounts worked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from waibao.facts import validate_records
from waibao.rules import entitlements

pytestmark = pytest.mark.django_db

TIANHE_FIRM = "91440106MA59BBBB1B"
LUCHENG_FIRM = "91330302MA2CCCCC2C"
LUCHENG_PARK_CO = "91330302MA2DDDDD3D"


def _rows(year, reform=None):
    from waibao.facts.from_db import facts_for_year

    found = entitlements(facts_for_year(year), include_all=True, reform=reform)
    return {(r["uscc"], r["clause"]): r for r in found}


def _rate(parameter, since, value):
    return {"parameters": {parameter: {since: value}}}


@pytest.fixture
def guangzhou_firm():
    from waibao.registry.models import Organisation

    return Organisation.objects.create(uscc=TIANHE_FIRM, name="GZ-B", region_id="440106")


def test_every_new_fact_is_read_from_the_year_and_its_expenses(guangzhou_firm):
    from waibao.facts.from_db import facts_for_year
    from waibao.registry.models import Expense, OrganisationYear

    OrganisationYear.objects.create(
        organisation=guangzhou_firm,
        year=2024,
        central_training_funds_fen=100_000_001,
        higher_level_grants_fen=20_000_002,
        expert_fees_fen=3_000_003,
        guaranteed_loans_fen=400_000_004,
        loan_interest_fen=5_000_005,
        ip_registrations=6,
        talents_introduced=7,
        office_lease_started=dt.date(2023, 7, 1),
        high_tech_enterprise=True,
    )
    Expense.objects.create(organisation=guangzhou_firm, year=2024, kind="venue_rent", amount_fen=1)
    Expense.objects.create(organisation=guangzhou_firm, year=2024, kind="travel", amount_fen=250)

    (facts,) = facts_for_year(2024)
    assert {
        name: facts[name]
        for name in (
            "central_training_funds_cny",
            "higher_level_grants_cny",
            "expert_fees_cny",
            "guaranteed_loans_cny",
            "loan_interest_cny",
            "ip_registrations",
            "talents_introduced",
            "office_lease_started",
            "high_tech_enterprise",
        )
    } == {
        "central_training_funds_cny": "1000000.01",
        "higher_level_grants_cny": "200000.02",
        "expert_fees_cny": "30000.03",
        "guaranteed_loans_cny": "4000000.04",
        "loan_interest_cny": "50000.05",
        "ip_registrations": 6,
        "talents_introduced": 7,
        "office_lease_started": "2023-07-01",
        "high_tech_enterprise": True,
    }
    assert facts["expenses"] == [
        {"kind": "venue_rent", "amount_cny": "0.01", "area_sqm": None},
        {"kind": "travel", "amount_cny": "2.50", "area_sqm": None},
    ]
    validate_records([facts])


def test_figures_not_reported_stay_unknown_and_false_and_zero_are_kept(guangzhou_firm):
    from waibao.facts.from_db import facts_for_year
    from waibao.registry.models import OrganisationYear

    OrganisationYear.objects.create(
        organisation=guangzhou_firm,
        year=2024,
        loan_interest_fen=0,
        ip_registrations=0,
        high_tech_enterprise=False,
    )
    (facts,) = facts_for_year(2024)
    assert (facts["loan_interest_cny"], facts["ip_registrations"]) == ("0.00", 0)
    assert facts["high_tech_enterprise"] is False
    assert "central_training_funds_cny" not in facts and "office_lease_started" not in facts


# ------------------------------------------------------------- guangdong.13 training matching

MATCHING = "guangdong.13.training_matching"
MATCHING_RATE = f"{MATCHING}.configured_rate"


def test_guangdong_13_applies_from_the_database_to_central_training_funds_received(
    guangzhou_firm,
):
    from waibao.registry.models import OrganisationYear, Training

    Training.objects.create(
        organisation=guangzhou_firm, year=2024, trainee="new_staff", people=10, cost_fen=5_000_000
    )
    year = OrganisationYear.objects.create(organisation=guangzhou_firm, year=2024)
    # Not reported: the fact is unknown, the clause cannot be decided.
    assert _rows(2024)[(TIANHE_FIRM, MATCHING)]["reason"] == (
        "unknown fact: central_training_funds_cny"
    )
    # Reported as none received: training alone does not qualify (issue 19).
    year.central_training_funds_fen = 0
    year.save()
    row = _rows(2024)[(TIANHE_FIRM, MATCHING)]
    assert not row["applies"] and "no central training funds" in row["reason"]
    # Received 333,333.33; matched at 50%: 166,666.665 -> 166,666.67 (half up, once).
    year.central_training_funds_fen = 33_333_333
    year.save()
    reform = _rate(MATCHING_RATE, "2012-01-01", "50%")
    row = _rows(2024, reform)[(TIANHE_FIRM, MATCHING)]
    assert row["applies"] and row["amount_cny"] == "166666.67"
    # Without a configured ratio it applies with the amount left to the bureau.
    unconfigured = _rows(2024)[(TIANHE_FIRM, MATCHING)]
    assert unconfigured["applies"] and unconfigured["amount_cny"] is None


def test_guangdong_13_at_the_smallest_amount_received(guangzhou_firm):
    from waibao.registry.models import OrganisationYear

    OrganisationYear.objects.create(
        organisation=guangzhou_firm, year=2024, central_training_funds_fen=1
    )
    # 0.01 × 50% = 0.005 -> 0.01 (half up)
    row = _rows(2024, _rate(MATCHING_RATE, "2012-01-01", "50%"))[(TIANHE_FIRM, MATCHING)]
    assert row["applies"] and row["amount_cny"] == "0.01"


# ----------------------------------------------------------------- wenzhou.10 new office lease

OFFICE = "wenzhou.10.office_rent"
OFFICE_RATE = f"{OFFICE}.configured_rate"


@pytest.fixture
def wenzhou_firm_in_a_demonstration_park():
    from waibao.registry.models import Organisation, OrganisationYear, Park, Recognition

    park = Park.objects.create(park_id="WZ-LC-1", name="鹿城服务外包园", region_id="330302")
    operator = Organisation.objects.create(
        uscc=LUCHENG_PARK_CO, name="园区公司", region_id="330302", kind="park", park=park
    )
    Recognition.objects.create(
        organisation=operator,
        kind="demonstration_park",
        level="municipal",
        date=dt.date(2015, 1, 1),
    )
    firm = Organisation.objects.create(
        uscc=LUCHENG_FIRM, name="WZ-A", region_id="330302", park=park
    )
    from waibao.registry.models import Expense

    Expense.objects.create(organisation=firm, year=2024, kind="office_rent", amount_fen=12_345_678)
    OrganisationYear.objects.create(organisation=firm, year=2024, statistics_reported=True)
    return firm


def _lease(firm, started):
    from waibao.registry.models import OrganisationYear

    OrganisationYear.objects.filter(organisation=firm, year=2024).update(
        office_lease_started=started
    )


@pytest.mark.parametrize(
    ("started", "applies"),
    [
        (dt.date(2024, 12, 31), True),  # signed in the year
        (dt.date(2023, 1, 1), True),  # the first day of the year before (new_lease_years = 1)
        (dt.date(2022, 12, 31), False),  # one day earlier: not a new lease
    ],
)
def test_wenzhou_10_applies_from_the_database_to_a_new_lease_in_a_demonstration_park(
    wenzhou_firm_in_a_demonstration_park, started, applies
):
    firm = wenzhou_firm_in_a_demonstration_park
    _lease(firm, started)
    row = _rows(2024, _rate(OFFICE_RATE, "2012-06-21", "30%"))[(LUCHENG_FIRM, OFFICE)]
    assert row["applies"] is applies
    if applies:
        # rent 123,456.78 × 30% = 37,037.034 -> 37,037.03
        assert row["amount_cny"] == "37037.03"
    else:
        assert "not a new lease" in row["reason"]


def test_wenzhou_10_without_a_reported_lease_start_is_undecided(
    wenzhou_firm_in_a_demonstration_park,
):
    row = _rows(2024)[(LUCHENG_FIRM, OFFICE)]
    assert not row["applies"] and row["reason"] == "unknown fact: office_lease_started"


def test_wenzhou_10_a_new_lease_outside_a_demonstration_park_does_not_apply(
    wenzhou_firm_in_a_demonstration_park,
):
    from waibao.registry.models import Recognition

    firm = wenzhou_firm_in_a_demonstration_park
    _lease(firm, dt.date(2024, 3, 1))
    Recognition.objects.filter(kind="demonstration_park").update(revoked=dt.date(2023, 6, 30))
    row = _rows(2024)[(LUCHENG_FIRM, OFFICE)]
    assert not row["applies"] and row["reason"] == "not in a demonstration park"
