"""Stage 5, payment: batches to the treasury, each payment sent, paid (a payment row on the
ledger, an award received) or failed; and the payee changed and reviewed again between
attempts. The separation of duties (``duties``) is checked at each step."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from waibao.funds import access, duties, payee, wording
from waibao.funds.errors import FundsError, InvalidAmount, InvalidTransition
from waibao.funds.models import Application, Fund, LedgerEntry, Payment, PaymentBatch
from waibao.funds.selectors import application_committed_fen, application_paid_or_pending_fen
from waibao.funds.stages import common
from waibao.funds.stages.allocation import release_commitment
from waibao.funds.stages.common import S, fen_text
from waibao.registry.models import AwardReceived

PAYEE_CHANGEABLE = (S.APPROVED, S.UNFUNDED, S.COMMITTED, S.PAYEE_REVIEW)


def application_payment_details_change(
    *,
    application: Application,
    actor: Any,
    account_name: str,
    account_number: str,
    bank_name: str,
    reason: str,
) -> Application:
    """The enterprise changes where to pay an approved, unfunded or committed application
    (after a failed payment, say); refused while a payment is pending or sent.

    The new details were never reviewed, so the application goes back to review
    (``payee_review``) until a city reviewer checks them (``application_payee_review``): no
    batch takes it meanwhile (batches pay ``committed`` applications only). Its commitment
    is held, not released: the claim, the approval and the amount are unchanged, and a
    release would cost the enterprise its place in an oversubscribed year for correcting a
    bank account. Audited with both accounts masked."""
    access.require_enterprise_of(actor, application.organisation)
    if not reason.strip():
        raise FundsError(_("变更收款信息须说明理由"), field="reason")
    with transaction.atomic():
        application = common.locked(application)
        common.expect(application, *PAYEE_CHANGEABLE)
        if application.payments.filter(
            status__in=[Payment.Status.PENDING, Payment.Status.SENT]
        ).exists():
            raise InvalidTransition(_("向原账户的付款正在待发送或已发送，暂不能变更"))
        before = payee.masked(application.bank_account_number)
        common.set_payment_details(application, account_name, account_number, bank_name)
        after = payee.masked(application.bank_account_number)
        common.move(
            application,
            S.PAYEE_REVIEW,
            actor,
            "application.payment_details_change",
            reason=reason,
            before=before,
            after=after,
        )
    return application


def _state_after_payee_review(application: Application) -> str:
    """Where the application was before its payee changed, read from its money: committed if
    money is bound to it, unfunded if the allocation gave it none, else approved."""
    if application_committed_fen(application=application) > 0:
        return S.COMMITTED
    if application.allocated_fen == 0:
        return S.UNFUNDED
    return S.APPROVED


def application_payee_review(
    *, application: Application, actor: Any, decision: str, reason: str = ""
) -> Application:
    """A city reviewer checks changed payment details (against the account licence, say):
    ``approve`` returns the application to where it was, payable again; ``reject`` releases
    its commitment (a release row) and rejects it, with the reason. Never by the enterprise
    or whoever submitted it (``access.require_city_reviewer_of``)."""
    access.require_city_reviewer_of(actor, application)
    if decision not in ("approve", "reject"):
        raise FundsError(_("复核意见须为通过或不予支持"))
    if decision == "reject" and not reason.strip():
        raise FundsError(_("不予支持须说明理由"), field="reason")
    with transaction.atomic():
        line = common.lock_line(application.line)
        application = common.locked(application)
        common.expect(application, S.PAYEE_REVIEW)
        if decision == "reject":
            release_commitment(application, line=line, actor=actor, reason=reason)
            to_state = S.REJECTED
        else:
            to_state = _state_after_payee_review(application)
        account = payee.masked(application.bank_account_number)
        common.move(
            application,
            to_state,
            actor,
            f"application.payee_{decision}",
            reason=reason,
            account=account,
        )
    return application


def payment_batch_create(
    *, fund: Fund, year: int, actor: Any, applications: Iterable[Application] | None = None
) -> PaymentBatch:
    """A batch paying each committed application what is committed and not yet paid; never
    made by whoever finally approved one of them (``duties``, rule 2)."""
    access.require_city_admin_of(actor, fund)
    if applications is None:
        chosen = list(
            Application.objects.filter(fund=fund, year=year, status=S.COMMITTED).order_by("id")
        )
    else:
        chosen = list(applications)
    duties.require_not_approver(actor, [a.pk for a in chosen], step="batch")
    with transaction.atomic():
        batch = PaymentBatch.objects.create(fund=fund, year=year, created_by=actor)
        common.audit(actor, "payment_batch.create", batch, to_state=PaymentBatch.Status.PENDING)
        for application in chosen:
            application = common.locked(application)
            left = application_committed_fen(
                application=application
            ) - application_paid_or_pending_fen(application=application)
            if left > 0:
                payment_add(batch=batch, application=application, amount_fen=left, actor=actor)
        if not batch.payments.exists():
            raise FundsError(_("没有可拨付的款项：没有已安排资金且尚未拨付的申请"))
    return batch


def payment_add(
    *, batch: PaymentBatch, application: Application, amount_fen: int, actor: Any
) -> Payment:
    """One payment; refused beyond what the application's commitment leaves unpaid, and to
    whoever finally approved the application (``duties``, rule 2)."""
    access.require_city_admin_of(actor, batch.fund)
    duties.require_not_approver(actor, [application.pk], step="batch")
    with transaction.atomic():
        application = common.locked(application)
        if application.fund_id != batch.fund_id:
            raise FundsError(_("该申请不属于本批次的专项资金"))
        if batch.status != PaymentBatch.Status.PENDING:
            raise InvalidTransition(_("只能向待发送的批次添加付款"))
        common.expect(application, S.COMMITTED)
        left = application_committed_fen(application=application) - application_paid_or_pending_fen(
            application=application
        )
        if amount_fen <= 0 or amount_fen > left:
            raise InvalidAmount(
                _("向申请 %(application)s 付款 %(amount)s 超出核定安排的金额：尚可付款 %(left)s")
                % {
                    "application": application.pk,
                    "amount": wording.amount(amount_fen),
                    "left": wording.amount(max(left, 0)),
                }
            )
        payment = Payment.objects.create(
            batch=batch,
            application=application,
            amount_fen=amount_fen,
            **payee.account_of(application),
        )
        common.audit(
            actor,
            "payment.create",
            payment,
            to_state=Payment.Status.PENDING,
            application=application.pk,
            amount=fen_text(amount_fen),
        )
    return payment


def payment_batch_send(*, batch: PaymentBatch, actor: Any) -> PaymentBatch:
    """The batch has gone to the treasury: it and its payments are now ``sent``. Not by
    whoever configured the fund, made the batch or approved an application in it
    (``duties``, rules 1 and 3)."""
    access.require_city_admin_of(actor, batch.fund)
    duties.require_not_configurer(actor, batch.fund)
    duties.require_not_batch_maker(actor, batch)
    duties.require_not_approver(
        actor, batch.payments.values_list("application_id", flat=True), step="send"
    )
    with transaction.atomic():
        batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != PaymentBatch.Status.PENDING:
            raise InvalidTransition(
                _("批次 %(batch)s 的状态为“%(state)s”，不是待发送")
                % {"batch": batch.pk, "state": wording.state(PaymentBatch.Status, batch.status)}
            )
        common.move(batch, PaymentBatch.Status.SENT, actor, "payment_batch.send")
        for payment in batch.payments.select_for_update().filter(status=Payment.Status.PENDING):
            amount = fen_text(payment.amount_fen)
            common.move(payment, Payment.Status.SENT, actor, "payment.send", amount=amount)
    return batch


def _not_sent(payment: Payment) -> InvalidTransition:
    return InvalidTransition(
        _("付款 %(payment)s 的状态为“%(state)s”，不是已发送")
        % {"payment": payment.pk, "state": wording.state(Payment.Status, payment.status)}
    )


def _settle_if_done(batch: PaymentBatch, actor: Any) -> None:
    if not batch.payments.filter(status__in=[Payment.Status.PENDING, Payment.Status.SENT]).exists():
        common.move(batch, PaymentBatch.Status.SETTLED, actor, "payment_batch.settle")


def payment_mark_paid(*, payment: Payment, actor: Any) -> Payment:
    """The treasury paid: a payment row on the ledger; the application is paid when its whole
    commitment is. Not confirmed by whoever sent the batch (``duties``, rule 4)."""
    access.require_city_admin_of(actor, payment.batch.fund)
    duties.require_not_sender(actor, payment.batch)
    with transaction.atomic():
        application = common.locked(payment.application)
        payment = Payment.objects.select_for_update().select_related("batch").get(pk=payment.pk)
        if payment.status != Payment.Status.SENT:
            raise _not_sent(payment)
        common.ledger_row(
            application.line,
            LedgerEntry.Kind.PAYMENT,
            payment.amount_fen,
            actor,
            "国库拨付",
            application=application,
            payment=payment,
        )
        amount = fen_text(payment.amount_fen)
        common.move(
            payment,
            Payment.Status.PAID,
            actor,
            "payment.paid",
            amount=amount,
            application=application.pk,
        )
        paid = sum(
            application.payments.filter(status=Payment.Status.PAID).values_list(
                "amount_fen", flat=True
            )
        )
        if paid == application_committed_fen(application=application):
            common.move(application, S.PAID, actor, "application.paid", amount=fen_text(paid))
            _award_record(application, paid, actor)
        _settle_if_done(payment.batch, actor)
    return payment


def _award_record(application: Application, paid_fen: int, actor: Any) -> AwardReceived:
    """A paid application is an award received (FACTS.md ``awards_received``): the rules
    engine nets one-time clauses against it in later years (facts from the database read
    ``AwardReceived``), so a one-time award paid in 2022 is not offered again in 2023.
    One row per organisation, clause and year: a second paid application of the same clause
    and year (a correction after a release) adds to it."""
    award, created = AwardReceived.objects.get_or_create(
        organisation=application.organisation,
        clause=application.clause,
        year=application.year,
        defaults={"amount_fen": paid_fen},
    )
    before = None if created else award.amount_fen
    if not created:
        award.amount_fen += paid_fen
        award.save(update_fields=["amount_fen"])
    common.audit(
        actor,
        "award_received.record",
        award,
        clause=application.clause,
        year=application.year,
        application=application.pk,
        before=fen_text(before),
        amount=fen_text(award.amount_fen),
    )
    return award


def payment_mark_failed(*, payment: Payment, actor: Any, reason: str) -> Payment:
    """The treasury could not pay (a wrong account, say); the money stays committed and can
    be paid again in a new batch once the details are right. Not confirmed by whoever sent
    the batch (``duties``, rule 4)."""
    access.require_city_admin_of(actor, payment.batch.fund)
    duties.require_not_sender(actor, payment.batch)
    if not reason.strip():
        raise FundsError(_("付款失败须说明原因"), field="reason")
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("batch").get(pk=payment.pk)
        if payment.status != Payment.Status.SENT:
            raise _not_sent(payment)
        payment.failure_reason = reason
        amount = fen_text(payment.amount_fen)
        common.move(
            payment, Payment.Status.FAILED, actor, "payment.failed", reason=reason, amount=amount
        )
        _settle_if_done(payment.batch, actor)
    return payment
