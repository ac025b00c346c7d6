"""Facts built from the registry and reporting tables equal a hand-written facts record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from waibao.facts import validate_records
from waibao.rules import entitlements

pytestmark = pytest.mark.django_db


@pytest.fixture
def hangzhou_firm():
    from waibao.registry.models import (
        AwardReceived,
        Certification,
        Organisation,
        OrganisationYear,
        Region,
        Training,
        Violation,
    )
    from waibao.reporting.models import Category, Contract, ExchangeRate, Execution

    province = Region.objects.get_or_create(
        code="330000", defaults={"name": "浙江省", "level": "province"}
    )[0]
    city = Region.objects.get_or_create(
        code="330100", defaults={"name": "杭州市", "level": "city", "parent": province}
    )[0]
    district = Region.objects.get_or_create(
        code="330106", defaults={"name": "西湖区", "level": "district", "parent": city}
    )[0]
    org = Organisation.objects.create(
        uscc="91330106MA27AAAA0A", name="HZ-A", region=district, ownership="foreign"
    )
    OrganisationYear.objects.create(organisation=org, year=2008, rd_expense_fen=300_000_000)
    OrganisationYear.objects.create(
        organisation=org,
        year=2009,
        software_export_usd_cents=60_000_000,
        rd_expense_fen=330_000_000,
        statistics_reported=True,
    )
    Certification.objects.create(
        organisation=org,
        scheme="CMMI",
        level=4,
        event="new",
        date=dt.date(2009, 4, 1),
        cost_fen=120_000_000,
    )
    Training.objects.create(
        organisation=org, year=2009, trainee="graduate", people=30, cost_fen=18_000_000, hired=20
    )
    AwardReceived.objects.create(
        organisation=org, clause="hangzhou.12.software_export", year=2008, amount_fen=0
    )
    Violation.objects.create(organisation=org, kind="late_reporting", date=dt.date(2009, 2, 1))
    ExchangeRate.objects.update_or_create(
        currency="USD", year=2009, defaults={"cny_per_unit": Decimal("6.831000"), "source": "test"}
    )
    ExchangeRate.objects.update_or_create(
        currency="EUR", year=2009, defaults={"cny_per_unit": Decimal("9.527000"), "source": "test"}
    )
    category = Category.objects.create(
        code="ITO01", group="ITO", name_zh="软件", name_en="software", version="t"
    )
    contract = Contract.objects.create(
        organisation=org,
        contract_id="C1",
        client_name="Client",
        client_country="DE",
        category=category,
        signed_date=dt.date(2009, 3, 1),
        amount_minor=100_000,  # EUR 1,000.00
        currency="EUR",
    )
    Execution.objects.create(
        contract=contract,
        execution_id="E1",
        execution_date=dt.date(2009, 6, 1),
        amount_minor=100_000,
        currency="EUR",
    )
    return org


def test_facts_from_the_database_match_the_facts_format(hangzhou_firm):
    from waibao.facts.from_db import facts_for_year

    (facts,) = facts_for_year(2009)
    assert facts["jurisdiction"] == "hangzhou" and facts["region_code"] == "330106"
    assert facts["software_export_usd"] == "600000.00"
    assert facts["rd_expense_cny"] == "3300000.00" and facts["rd_expense_prev_cny"] == "3000000.00"
    assert facts["foreign_invested"] is True
    # EUR 1,000.00 × 9.527 / 6.831 = USD 1,394.67 (rounded once, half up)
    assert facts["contract_signed_usd"] == "1394.67"
    assert facts["offshore_executed_usd"] == "1394.67"
    assert facts["certifications"][0]["cost_cny"] == "1200000.00"
    validate_records([facts])


def test_entitlements_from_the_database_follow_the_same_rules(hangzhou_firm):
    from waibao.facts.from_db import facts_for_year

    rows = {r["clause"]: r["amount_cny"] for r in entitlements(facts_for_year(2009))}
    assert rows["hangzhou.12.software_export"] == "200000.00"
    assert rows["hangzhou.13.certification"] == "500000.00"
    assert rows["hangzhou.10.rd_super_deduction"] == "1650000.00"
    assert rows["hangzhou.17.graduate_hired_refund"] == "18000.00"


def test_an_organisation_outside_the_five_jurisdictions_has_no_facts(hangzhou_firm):
    from waibao.facts.from_db import facts_for_year, jurisdiction_of

    assert jurisdiction_of("310101") is None
    assert jurisdiction_of("440300") == "guangdong"
    assert len(facts_for_year(2009)) == 1


def test_the_entitlements_command_reads_facts_from_the_database(hangzhou_firm, capsys):
    import json

    from waibao.cli import main

    assert main(["entitlements", "--from-db", "--year", "2009"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["clause"]: r["amount_cny"] for r in rows}["hangzhou.12.software_export"] == (
        "200000.00"
    )


def test_from_db_without_a_year_is_a_usage_error(capsys):
    from waibao.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["entitlements", "--from-db"])
    assert exit_.value.code == 2
