"""Stage 5, payment: batches to the treasury, each payment sent, paid (a payment row on the
ledger, an award received) or failed; and the payee changed and reviewed again between
attempts. The separation of duties (``duties``) is checked at each step."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from waibao.funds import access, duties, payee
from waibao.funds.errors import (
    FundsError,
    InvalidAmount,
    InvalidTransition,
)
from waibao.funds.models import (
    Application,
    Fund,
    LedgerEntry,
    Payment,
    PaymentBatch,
)
from waibao.funds.selectors import (
    application_committed_fen,
    application_paid_or_pending_fen,
)
from waibao.funds.stages.allocation import release_and_reject
from waibao.funds.stages.common import (
    S,
    audit,
    expect,
    fen_text,
    lock_line,
    locked,
    set_payment_details,
)
from waibao.money import format_fen
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
        raise FundsError("a change of payment details needs its reason")
    with transaction.atomic():
        application = locked(application)
        expect(application, *PAYEE_CHANGEABLE)
        if application.payments.filter(
            status__in=[Payment.Status.PENDING, Payment.Status.SENT]
        ).exists():
            raise InvalidTransition("a payment to the old account is pending or sent")
        before = payee.masked(application.bank_account_number)
        from_state = application.status
        set_payment_details(application, account_name, account_number, bank_name)
        application.status = S.PAYEE_REVIEW
        application.save()
        audit(
            actor,
            "application.payment_details_change",
            application,
            from_state=from_state,
            to_state=S.PAYEE_REVIEW,
            reason=reason,
            before=before,
            after=payee.masked(application.bank_account_number),
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
        raise FundsError("decision must be approve or reject")
    if decision == "reject" and not reason.strip():
        raise FundsError("a reject needs its reason")
    with transaction.atomic():
        line = lock_line(application.line)
        application = locked(application)
        expect(application, S.PAYEE_REVIEW)
        if decision == "reject":
            release_and_reject(application, line=line, actor=actor, reason=reason)
        else:
            application.status = _state_after_payee_review(application)
        application.save()
        audit(
            actor,
            f"application.payee_{decision}",
            application,
            from_state=S.PAYEE_REVIEW,
            to_state=application.status,
            reason=reason,
            account=payee.masked(application.bank_account_number),
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
        audit(actor, "payment_batch.create", batch, to_state=PaymentBatch.Status.PENDING)
        for application in chosen:
            application = locked(application)
            left = application_committed_fen(
                application=application
            ) - application_paid_or_pending_fen(application=application)
            if left > 0:
                payment_add(batch=batch, application=application, amount_fen=left, actor=actor)
        if not batch.payments.exists():
            raise FundsError("nothing to pay: no committed, unpaid applications")
    return batch


def payment_add(
    *, batch: PaymentBatch, application: Application, amount_fen: int, actor: Any
) -> Payment:
    """One payment; refused beyond what the application's commitment leaves unpaid, and to
    whoever finally approved the application (``duties``, rule 2)."""
    access.require_city_admin_of(actor, batch.fund)
    duties.require_not_approver(actor, [application.pk], step="batch")
    with transaction.atomic():
        application = locked(application)
        if application.fund_id != batch.fund_id:
            raise FundsError("the application is not of this batch's fund")
        if batch.status != PaymentBatch.Status.PENDING:
            raise InvalidTransition("payments are added to a pending batch only")
        expect(application, S.COMMITTED)
        left = application_committed_fen(application=application) - application_paid_or_pending_fen(
            application=application
        )
        if amount_fen <= 0 or amount_fen > left:
            raise InvalidAmount(
                f"a payment of {format_fen(amount_fen)} to application {application.pk} is "
                f"beyond its approval: {format_fen(max(left, 0))} left to pay"
            )
        payment = Payment.objects.create(
            batch=batch,
            application=application,
            amount_fen=amount_fen,
            bank_account_name=application.bank_account_name,
            bank_account_number=application.bank_account_number,
            bank_name=application.bank_name,
        )
        audit(
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
            raise InvalidTransition(f"batch {batch.pk} is {batch.status}, not pending")
        batch.status = PaymentBatch.Status.SENT
        batch.save()
        audit(
            actor,
            "payment_batch.send",
            batch,
            from_state=PaymentBatch.Status.PENDING,
            to_state=PaymentBatch.Status.SENT,
        )
        for payment in batch.payments.select_for_update().filter(status=Payment.Status.PENDING):
            payment.status = Payment.Status.SENT
            payment.save()
            audit(
                actor,
                "payment.send",
                payment,
                from_state=Payment.Status.PENDING,
                to_state=Payment.Status.SENT,
                amount=fen_text(payment.amount_fen),
            )
    return batch


def _settle_if_done(batch: PaymentBatch, actor: Any) -> None:
    if not batch.payments.filter(status__in=[Payment.Status.PENDING, Payment.Status.SENT]).exists():
        batch.status = PaymentBatch.Status.SETTLED
        batch.save()
        audit(
            actor,
            "payment_batch.settle",
            batch,
            from_state=PaymentBatch.Status.SENT,
            to_state=PaymentBatch.Status.SETTLED,
        )


def payment_mark_paid(*, payment: Payment, actor: Any) -> Payment:
    """The treasury paid: a payment row on the ledger; the application is paid when its whole
    commitment is. Not confirmed by whoever sent the batch (``duties``, rule 4)."""
    access.require_city_admin_of(actor, payment.batch.fund)
    duties.require_not_sender(actor, payment.batch)
    with transaction.atomic():
        application = locked(payment.application)
        payment = Payment.objects.select_for_update().select_related("batch").get(pk=payment.pk)
        if payment.status != Payment.Status.SENT:
            raise InvalidTransition(f"payment {payment.pk} is {payment.status}, not sent")
        payment.status = Payment.Status.PAID
        payment.save()
        LedgerEntry.objects.create(
            line=application.line,
            kind=LedgerEntry.Kind.PAYMENT,
            amount_fen=payment.amount_fen,
            application=application,
            payment=payment,
            created_by=actor,
            note="国库拨付",
        )
        audit(
            actor,
            "payment.paid",
            payment,
            from_state=Payment.Status.SENT,
            to_state=Payment.Status.PAID,
            amount=fen_text(payment.amount_fen),
            application=application.pk,
        )
        paid = sum(
            application.payments.filter(status=Payment.Status.PAID).values_list(
                "amount_fen", flat=True
            )
        )
        if paid == application_committed_fen(application=application):
            application.status = S.PAID
            application.save()
            audit(
                actor,
                "application.paid",
                application,
                from_state=S.COMMITTED,
                to_state=S.PAID,
                amount=fen_text(paid),
            )
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
    audit(
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
        raise FundsError("a failed payment needs its reason")
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("batch").get(pk=payment.pk)
        if payment.status != Payment.Status.SENT:
            raise InvalidTransition(f"payment {payment.pk} is {payment.status}, not sent")
        payment.status = Payment.Status.FAILED
        payment.failure_reason = reason
        payment.save()
        audit(
            actor,
            "payment.failed",
            payment,
            from_state=Payment.Status.SENT,
            to_state=Payment.Status.FAILED,
            reason=reason,
            amount=fen_text(payment.amount_fen),
        )
        _settle_if_done(payment.batch, actor)
    return payment
