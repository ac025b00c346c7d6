"""免申即享: applications straight from entitlements; the enterprise only confirms payment."""

from __future__ import annotations

import pytest
from funds_factories import BANK, entitlement_row

from waibao.funds.errors import Forbidden, FundsError, InvalidTransition
from waibao.funds.models import Application
from waibao.funds.services import (
    application_confirm,
    automatic_batch_create,
    fund_clause_configure,
)

S = Application.Status


@pytest.fixture
def automatic(world):
    fund_clause_configure(
        fund=world.gz_fund,
        clause="guangzhou.5.certification",
        actor=world.gz_finance,
        automatic=True,
    )
    world.entitle(
        entitlement_row(world.alpha.uscc, "guangzhou.5.certification", "30000.00"),
        entitlement_row(world.gamma.uscc, "guangzhou.5.certification", "20000.00"),
        entitlement_row(world.beta.uscc, "guangzhou.5.training", "10000.00"),  # not automatic
        entitlement_row(world.delta.uscc, "hangzhou.17.graduate_training", "10000.00"),
    )
    return world


def test_the_batch_creates_applications_only_for_clauses_marked_automatic(automatic):
    world = automatic
    created = automatic_batch_create(fund=world.gz_fund, year=2010, actor=world.gz_admin)
    assert {(a.organisation, a.claimed_fen) for a in created} == {
        (world.alpha, 3_000_000),
        (world.gamma, 2_000_000),
    }
    assert all(a.status == S.AWAITING_CONFIRMATION and a.automatic for a in created)
    assert automatic_batch_create(fund=world.gz_fund, year=2010, actor=world.gz_admin) == []


def test_only_the_fund_s_city_admin_runs_the_batch(automatic):
    world = automatic
    for outsider in (world.hz_admin, world.tianhe_reviewer, world.alpha_user):
        with pytest.raises(Forbidden):
            automatic_batch_create(fund=world.gz_fund, year=2010, actor=outsider)


def test_the_enterprise_confirms_its_payment_details_and_the_application_goes_to_review(
    automatic,
):
    world = automatic
    created = automatic_batch_create(fund=world.gz_fund, year=2010, actor=world.gz_admin)
    mine = next(a for a in created if a.organisation == world.alpha)
    with pytest.raises(Forbidden):
        application_confirm(application=mine, actor=world.gamma_user, **BANK)
    with pytest.raises(FundsError, match="开户行"):
        application_confirm(application=mine, actor=world.alpha_user, **{**BANK, "bank_name": ""})
    confirmed = application_confirm(application=mine, actor=world.alpha_user, **BANK)
    assert confirmed.status == S.SUBMITTED and confirmed.bank_name == BANK["bank_name"]
    assert confirmed.evidence.count() == 0  # nothing asked of it but where to pay
    with pytest.raises(InvalidTransition):
        application_confirm(application=confirmed, actor=world.alpha_user, **BANK)
