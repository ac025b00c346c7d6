"""A paid application records the award received, so a one-time clause is not paid again:
Wenzhou 7. (一次性 up to 500,000 for a national platform) through the funds, then the facts
built from the database (``--from-db``) for the next years net it (issue 19)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from funds_factories import BANK, PDF, after_publicity, organisation, region, user

from waibao.accounts.models import Role
from waibao.cli import main
from waibao.funds.entitlements import entitlement_import_for_year
from waibao.funds.models import Application, BudgetLine, Fund, FundEntitlement
from waibao.funds.selectors import allocation_preview
from waibao.funds.services import (
    allocation_commit,
    application_create,
    application_review_city,
    application_review_district,
    application_submit,
    budget_line_appropriate,
    evidence_attach,
    funds_preload,
    payment_batch_create,
    payment_batch_send,
    payment_mark_paid,
    publication_approve_all,
    publication_create,
)
from waibao.money import yuan
from waibao.registry.models import AwardReceived, OrganisationYear, Recognition

pytestmark = pytest.mark.django_db
CLAUSE = "wenzhou.7.public_platform"


def _from_db(year: int, capsys) -> dict:
    """The wenzhou.7 row of ``waibao entitlements --from-db --year YEAR --all``."""
    capsys.readouterr()
    assert main(["entitlements", "--from-db", "--year", str(year), "--all"]) == 0
    rows = json.loads(capsys.readouterr().out)
    (found,) = [r for r in rows if r["clause"] == CLAUSE]
    return found


def test_a_paid_one_time_award_is_not_paid_again_with_from_db(data_dir, capsys):
    zhejiang = region("330000", "浙江省", "province")
    wenzhou = region("330300", "温州市", "city", zhejiang)
    lucheng = region("330302", "鹿城区", "district", wenzhou)
    platform = organisation("91330302PPPPPPPP01", "鹿城公共服务平台", lucheng)
    platform.kind = "platform"
    platform.save()
    for year in range(2022, 2026):
        OrganisationYear.objects.create(organisation=platform, year=year, statistics_reported=True)
    Recognition.objects.create(
        organisation=platform,
        kind="public_platform",
        level="national",
        date=dt.date(2020, 3, 1),
        operating_years=2,
    )
    owner = user("platform", Role.ENTERPRISE, organisation=platform)
    reviewer = user("lucheng", Role.DISTRICT_REVIEWER, region=lucheng)
    admin = user("wzadmin", Role.CITY_ADMIN, region=wenzhou)
    configurer = user("wzconfig", Role.CITY_ADMIN, region=wenzhou)
    # separation of duties: the approver, the batch maker and the sender are three people
    clerk = user("wzclerk", Role.CITY_ADMIN, region=wenzhou)
    treasurer = user("wztreasurer", Role.CITY_ADMIN, region=wenzhou)

    # 2022: a national platform running 2 years: one-time, up to 500,000.00
    first = _from_db(2022, capsys)
    assert first["applies"] and first["amount_cny"] == "500000.00"

    funds_preload(years=[2022], actor=configurer)
    fund = Fund.objects.get(code="wenzhou-so-fund")
    line = BudgetLine.objects.get(fund=fund, year=2022, source="city")
    budget_line_appropriate(line=line, amount_fen=yuan(2_000_000), actor=configurer, note="2022")
    entitlement_import_for_year(year=2022, actor=admin)
    entitlement = FundEntitlement.objects.get(uscc=platform.uscc, year=2022, clause=CLAUSE)
    application = application_create(entitlement=entitlement, actor=owner)
    evidence_attach(application=application, actor=owner, name="认定.pdf", content=PDF)
    application = application_submit(application=application, actor=owner, **BANK)
    application_review_district(application=application, actor=reviewer, decision="approve")
    application_review_city(application=application, actor=admin, decision="approve")
    publication = publication_create(fund=fund, year=2022, actor=admin)
    publication_approve_all(publication=publication, actor=admin, now=after_publicity(publication))
    allocation_commit(line=line, actor=admin, expected_digest=allocation_preview(line=line).digest)
    # not yet paid: nothing recorded, so 2023 would still offer it
    assert not AwardReceived.objects.filter(organisation=platform).exists()
    batch = payment_batch_create(fund=fund, year=2022, actor=clerk)
    payment_batch_send(batch=batch, actor=treasurer)
    payment_mark_paid(payment=batch.payments.get(), actor=clerk)
    application.refresh_from_db()
    assert application.status == Application.Status.PAID

    award = AwardReceived.objects.get(organisation=platform, clause=CLAUSE)
    assert (award.year, award.amount_fen) == (2022, yuan(500_000))

    # 2022 itself is unchanged (an award of the same year is this very row's payment) ...
    assert _from_db(2022, capsys)["amount_cny"] == "500000.00"
    # ... and every later year finds it paid: not applied, with the reason
    for year in (2023, 2024, 2025):
        later = _from_db(year, capsys)
        assert not later["applies"], (year, later)
        assert "already paid 500000.00 by this clause in earlier years" in later["reason"]


def test_an_award_recorded_for_part_of_the_ceiling_leaves_only_the_difference(data_dir, capsys):
    """The one-time reading of docs/decisions/0002 (tier less what was paid): 300,000.00
    paid under a 500,000.00 ceiling leaves at most 200,000.00 for a later year."""
    zhejiang = region("330000", "浙江省", "province")
    wenzhou = region("330300", "温州市", "city", zhejiang)
    lucheng = region("330302", "鹿城区", "district", wenzhou)
    platform = organisation("91330302PPPPPPPP02", "鹿城平台乙", lucheng)
    platform.kind = "platform"
    platform.save()
    OrganisationYear.objects.create(organisation=platform, year=2023, statistics_reported=True)
    Recognition.objects.create(
        organisation=platform,
        kind="public_platform",
        level="national",
        date=dt.date(2020, 3, 1),
        operating_years=2,
    )
    AwardReceived.objects.create(
        organisation=platform, clause=CLAUSE, year=2022, amount_fen=yuan(300_000)
    )
    assert _from_db(2023, capsys)["amount_cny"] == "200000.00"
