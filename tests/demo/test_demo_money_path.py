"""The demo's money path (``waibao.demo.money_path``) and its logins: on the demo data set as
``waibao demo`` builds it (the default size), each fund has an application in every state,
its ledger balances, the separation of duties held at every step, and every demo login signs
in (password, and the printed TOTP secret for staff) and finds its lists filled.

The demo is built once for the module inside a transaction rolled back at the end.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from waibao import demo
from waibao.demo.loader import demo_load
from waibao.demo.logins import LOGIN_SPECS, demo_logins_ensure
from waibao.demo.money_path import PLANS, STATES, YEAR, demo_money_path_ensure

pytestmark = pytest.mark.django_db


KEYS = ("WAIBAO_FIELD_KEY", "WAIBAO_BLIND_INDEX_KEY")


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    from cryptography.fernet import Fernet
    from django.core.cache import caches

    keys = {name: Fernet.generate_key().decode() for name in KEYS}
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        for name, key in keys.items():  # as tests/conftest.py, kept for the module
            patch.setenv(name, key)
        patch.setenv("WAIBAO_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            caches["default"].clear()
            demo_load(demo.generate())
            logins = {login.username: login for login in demo_logins_ensure()}
            result = demo_money_path_ensure()
            yield logins, result, keys
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            caches["default"].clear()


@pytest.fixture
def world(demo_world, monkeypatch):
    """The module's demo, with the field keys it was encrypted with (TOTP secrets, bank
    accounts) instead of the fresh ones every test gets."""
    logins, result, keys = demo_world
    for name, key in keys.items():
        monkeypatch.setenv(name, key)
    return logins, result


def test_each_fund_has_an_application_in_every_state_and_some_by_mian_shen_ji_xiang(world):
    from waibao.funds.models import Application, FundClause

    _logins, result = world
    assert not result.existing and result.applications == len(PLANS) * len(STATES)
    for plan in PLANS:
        states = set(
            Application.objects.filter(fund__code=plan.code, year=YEAR).values_list(
                "status", flat=True
            )
        )
        assert states >= set(STATES), plan.code
        automatic = FundClause.objects.filter(fund__code=plan.code, automatic=True)
        assert automatic.count() == 1, plan.code
        generated = Application.objects.filter(
            fund__code=plan.code, automatic=True, clause=automatic.get().clause
        )
        assert generated.exists() and all(a.entitlement_id for a in generated)
        assert set(generated.values_list("status", flat=True)) == {"awaiting_confirmation"}
    # Hangzhou's fund runs 至2010年 in its text; the demo reads it as continued by the bureau
    # (docs/decisions/0032): its first officer extended it, and the audit trail says why
    from waibao.audit.models import AuditRecord
    from waibao.funds.models import Fund, LedgerEntry

    assert Fund.objects.get(code="hangzhou-so-fund").last_year == YEAR
    continued = AuditRecord.objects.get(action="fund.continue")
    assert continued.actor_username == "hz-city" and "0032" in continued.reason
    # through the funds service: the year's lines were made and appropriated by hz-city
    appropriations = LedgerEntry.objects.filter(
        line__fund__code="hangzhou-so-fund", line__year=YEAR, kind="appropriation"
    )
    assert appropriations.count() == 3
    assert set(appropriations.values_list("created_by__username", flat=True)) == {"hz-city"}
    # every fund found its states in demo districts, with the demo enterprise's first
    assert not result.skipped


def test_the_objection_is_open_on_the_application_in_publicity(world):
    from waibao.funds.models import Application

    for plan in PLANS:
        current = Application.objects.get(fund__code=plan.code, status="in_publicity")
        assert current.objections.filter(status="open").count() == 1
        assert current.publication.ends_at > current.publication.published_at


def test_each_fund_s_ledger_balances_and_its_batch_was_paid(world):
    from waibao.funds.models import Application, BudgetLine, LedgerEntry, Payment, PaymentBatch
    from waibao.funds.selectors import budget_line_balance

    for plan in PLANS:
        lines = BudgetLine.objects.filter(fund__code=plan.code, year=YEAR)
        assert lines.exists()
        for line in lines:
            balance = budget_line_balance(line=line)
            assert balance.appropriated_fen == (
                balance.available_fen + balance.outstanding_fen + balance.paid_fen
            ), line
        assert sum(budget_line_balance(line=line).appropriated_fen for line in lines) > 0
        paid = Application.objects.get(fund__code=plan.code, status="paid")
        committed = Application.objects.get(fund__code=plan.code, status="committed")
        ledger = LedgerEntry.objects.filter(line__fund__code=plan.code)
        assert ledger.filter(kind="payment").get().amount_fen == paid.approved_fen
        assert set(ledger.filter(kind="commitment").values_list("application_id", flat=True)) == {
            paid.pk,
            committed.pk,
        }
        batch = PaymentBatch.objects.get(fund__code=plan.code)
        assert batch.status == PaymentBatch.Status.SETTLED
        assert list(batch.payments.values_list("application_id", "status")) == [
            (paid.pk, Payment.Status.PAID)
        ]


def test_every_step_is_in_the_audit_trail_by_the_right_pair_of_hands(world):
    from waibao.audit.models import AuditRecord
    from waibao.funds.models import Application, PaymentBatch

    for plan in PLANS:
        paid = Application.objects.get(fund__code=plan.code, status="paid")
        batch = PaymentBatch.objects.get(fund__code=plan.code)

        def actor(action, obj):
            record = AuditRecord.objects.get(
                action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)
            )
            return record.actor_username or None

        assert actor("application.submit", paid) == plan.enterprise
        assert actor("application.city_approve", paid) == plan.approver
        assert actor("application.approve_final", paid) == plan.approver
        assert actor("payment_batch.create", batch) == plan.set_up
        assert actor("payment_batch.send", batch) == plan.sender
        assert actor("application.paid", paid) == plan.set_up
        assert len({plan.set_up, plan.approver, plan.sender}) == 3
        district = actor("application.district_approve", paid)
        assert district and district != plan.enterprise


def _sign_in(client, login):
    import pyotp

    step = client.post("/security/login/", {"username": login.username, "password": login.password})
    assert step.status_code == 302, login.username
    if login.totp_secret:
        assert step["Location"] == "/security/login/verify/"
        client.post("/security/login/verify/", {"code": pyotp.TOTP(login.totp_secret).now()})
    assert "_auth_user_id" in client.session, login.username


def test_every_demo_login_signs_in_and_finds_its_lists_filled(world, client, settings):
    """Each login signs in once (a TOTP code is refused a second time: replay protection)."""
    from waibao.funds.models import Application

    settings.WAIBAO_ENFORCE_SECOND_FACTOR = True
    logins, _result = world
    assert set(logins) == {spec.username for spec in LOGIN_SPECS}
    expected: dict[str, list[tuple[str, str, str]]] = {}
    for plan in PLANS:
        submitted = Application.objects.get(fund__code=plan.code, status="submitted")
        reviewer = next(
            s.username
            for s in LOGIN_SPECS
            if s.role == "district_reviewer" and s.region_code == submitted.organisation.region_id
        )
        for username, listing, status in (
            # the district reviewer of the submitted application: its queue
            (reviewer, "queue", "submitted"),
            # the approving officer: the district-approved application in its queue
            (plan.approver, "queue", "district_approved"),
            # the officer who set the fund up sees every application of it
            (plan.set_up, "applications", "paid"),
            # the enterprise: its paid application
            (plan.enterprise, "applications", "paid"),
        ):
            expected.setdefault(username, []).append((plan.code, listing, status))
    for username, login in logins.items():
        client.logout()
        _sign_in(client, login)
        assert client.get("/").status_code == 200, username
        page = client.get("/funds/")
        assert page.status_code == 200, username
        for code, listing, status in expected.get(username, []):
            rows = list(page.context[listing])
            assert any(a.status == status and a.fund.code == code for a in rows), (
                username,
                listing,
                status,
            )
    assert len(expected) >= 4 * len(PLANS) - 1


def test_every_demo_enterprise_login_is_left_an_entitlement_to_claim_or_confirm(world, client):
    """The tour's enterprise step is no dead end: besides its paid application, each demo
    enterprise login finds on /funds/ a 2024 entitlement to apply for, or a 免申即享
    application the bureau generated for it to confirm (Hangzhou's: its clause is the fund's
    免申即享 one)."""
    from waibao.accounts.models import Profile
    from waibao.funds.models import Application, FundEntitlement

    for plan in PLANS:
        organisation = Profile.objects.get(user__username=plan.enterprise).organisation
        claimable = FundEntitlement.objects.filter(
            organisation=organisation, year=YEAR, application__isnull=True
        )
        waiting = Application.objects.filter(
            organisation=organisation, year=YEAR, status="awaiting_confirmation"
        )
        assert claimable.exists() or waiting.exists(), plan.enterprise
        assert Application.objects.filter(organisation=organisation, status="paid").exists()
        client.force_login(Profile.objects.get(user__username=plan.enterprise).user)
        page = client.get("/funds/")
        shown = page.content.decode()
        if claimable.exists():
            assert "可申请的政策兑现" in shown and claimable.first().clause in shown
            assert list(page.context["claimable"]), plan.enterprise
        else:
            assert "免申即享待确认" in shown and waiting.first().clause in shown


def test_a_second_run_adds_nothing(world):
    from waibao.funds.models import Application, LedgerEntry

    counts = (Application.objects.count(), LedgerEntry.objects.count())
    assert demo_money_path_ensure().existing
    assert (Application.objects.count(), LedgerEntry.objects.count()) == counts
