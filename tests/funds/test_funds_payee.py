"""Payee redirect after approval (issue 17 item 4): a change of account holder, number or bank
on an approved or committed application sends it back to review; no batch pays details that
nobody reviewed; account details are validated, stored encrypted and shown masked."""

from __future__ import annotations

import pytest
from django.db import connection
from funds_factories import BANK, after_publicity

from waibao.audit.models import AuditRecord
from waibao.funds.errors import FundsError, InvalidTransition
from waibao.funds.models import Application, Payment
from waibao.funds.selectors import budget_line_balance
from waibao.funds.services import (
    allocation_commit,
    application_approve_final,
    application_payee_review,
    application_payment_details_change,
    payment_batch_create,
    publication_create,
)

CLAUSE = "guangzhou.5.training"
ATTACKER = {
    "account_name": "某某贸易有限公司",
    "account_number": "6217000099990001",
    "bank_name": "建设银行某支行",
    "reason": "更换收款账户",
}


@pytest.fixture
def api(client):
    def call(user, path, body):
        client.logout()
        client.force_login(user)
        return client.post(f"/api/funds{path}", body, content_type="application/json")

    return call


def _committed(world):
    application = world.city_approved(world.alpha, CLAUSE, "1000.00", discretionary=True)
    publication = publication_create(
        fund=world.gz_fund, year=2010, actor=world.gz_admin, applications=[application]
    )
    application_approve_final(
        application=application, actor=world.gz_admin, now=after_publicity(publication)
    )
    allocation_commit(line=application.line, actor=world.gz_admin)
    return Application.objects.get(pk=application.pk)


def test_a_payee_changed_after_commitment_goes_back_to_review_and_is_not_paid(world, api):
    application = _committed(world)
    line = application.line
    held = budget_line_balance(line=line)
    response = api(world.alpha_user, f"/applications/{application.pk}/payment-details", ATTACKER)
    assert response.status_code == 200, response.content
    application.refresh_from_db()
    assert application.status == "payee_review"
    # the commitment is held: the money stays bound to the application, not paid, not freed
    assert budget_line_balance(line=line) == held
    change = AuditRecord.objects.get(action="application.payment_details_change")
    assert (change.from_state, change.to_state) == ("committed", "payee_review")
    assert change.payload["after"] == "************0001"
    with pytest.raises(FundsError, match="没有可拨付的款项"):
        payment_batch_create(fund=world.gz_fund, year=2010, actor=world.gz_clerk)
    assert not Payment.objects.exists()
    # a city reviewer checks the new account; only then is it paid
    review = api(
        world.gz_admin,
        f"/applications/{application.pk}/payee-review",
        {"decision": "approve", "reason": "核对开户许可证"},
    )
    assert review.status_code == 200, review.content
    batch = payment_batch_create(fund=world.gz_fund, year=2010, actor=world.gz_clerk)
    assert batch.payments.get().bank_account_number == "6217000099990001"


def test_the_enterprise_cannot_approve_its_own_new_payee(world, api):
    application = _committed(world)
    application_payment_details_change(application=application, actor=world.alpha_user, **ATTACKER)
    response = api(
        world.alpha_user, f"/applications/{application.pk}/payee-review", {"decision": "approve"}
    )
    assert response.status_code == 403
    assert Application.objects.get(pk=application.pk).status == "payee_review"


def test_a_rejected_payee_releases_the_commitment(world):
    application = _committed(world)
    application_payment_details_change(application=application, actor=world.alpha_user, **ATTACKER)
    application_payee_review(
        application=application,
        actor=world.gz_admin,
        decision="reject",
        reason="账户不属于申请企业",
    )
    application.refresh_from_db()
    assert application.status == "rejected"
    assert budget_line_balance(line=application.line).committed_fen == (
        budget_line_balance(line=application.line).released_fen
    )


def test_an_approved_application_changed_before_commitment_is_not_allocated(world):
    application = world.approved(
        [world.city_approved(world.alpha, CLAUSE, "1000.00", discretionary=True)]
    )[0]
    application_payment_details_change(application=application, actor=world.alpha_user, **ATTACKER)
    assert Application.objects.get(pk=application.pk).status == "payee_review"
    with pytest.raises(InvalidTransition):
        application_payment_details_change(
            application=world.submitted(world.beta, CLAUSE, "10.00", discretionary=True),
            actor=world.beta_user,
            **ATTACKER,
        )


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("account_number", "=1+2", "只能由数字组成"),
        ("account_number", "1" * 5000, "8 至 30 位数字"),
        ("account_number", "1234567", "8 至 30 位数字"),
        ("account_number", "1" * 31, "8 至 30 位数字"),
        ("account_name", '=HYPERLINK("http://x"&C2,"点击查看")', "开头"),
        ("bank_name", "+cmd|' /C calc'!A0", "开头"),
        ("bank_name", "@SUM(1)", "开头"),
        ("account_name", "户" * 101, "100"),
        ("account_name", " ", "缺少收款信息"),
    ],
)
def test_payment_details_are_validated(world, field, value, why):
    application = world.draft(world.alpha, CLAUSE, "10.00", discretionary=True)
    from funds_factories import PDF

    from waibao.funds.services import application_submit, evidence_attach

    evidence_attach(application=application, actor=world.alpha_user, name="a.pdf", content=PDF)
    with pytest.raises(FundsError, match=why):
        application_submit(
            application=application, actor=world.alpha_user, **{**BANK, field: value}
        )


@pytest.mark.parametrize("number", ["12345678", "1" * 30, "6222 0000 1111 2222"])
def test_account_numbers_of_8_to_30_digits_are_accepted(world, number):
    application = world.draft(world.alpha, CLAUSE, "10.00", discretionary=True)
    from funds_factories import PDF

    from waibao.funds.services import application_submit, evidence_attach

    evidence_attach(application=application, actor=world.alpha_user, name="a.pdf", content=PDF)
    submitted = application_submit(
        application=application, actor=world.alpha_user, **{**BANK, "account_number": number}
    )
    assert submitted.bank_account_number == number.replace(" ", "")


def test_account_numbers_are_stored_encrypted_and_shown_masked(world, client):
    application = _committed(world)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bank_account_number FROM funds_application WHERE id = %s", [application.pk]
        )
        (stored,) = cursor.fetchone()
    assert BANK["account_number"] not in stored
    assert Application.objects.get(pk=application.pk).bank_account_number == BANK["account_number"]
    batch = payment_batch_create(fund=world.gz_fund, year=2010, actor=world.gz_clerk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT bank_account_number FROM funds_payment")
        (stored,) = cursor.fetchone()
    assert BANK["account_number"] not in stored
    client.force_login(world.gz_clerk)
    page = client.get(f"/funds/batches/{batch.pk}/").content.decode()
    assert BANK["account_number"] not in page and "************2222" in page
    client.force_login(world.alpha_user)
    page = client.get(f"/funds/applications/{application.pk}/").content.decode()
    assert BANK["account_number"] not in page
