"""Stage 4, allocation: money bound to finally approved applications (commitment rows on the
ledger, refused beyond what a line has left), or given back to the line (release rows)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from waibao.funds import access, wording
from waibao.funds.errors import BudgetExceeded, FundsError, InvalidAmount, InvalidTransition
from waibao.funds.models import Application, BudgetLine, LedgerEntry
from waibao.funds.selectors import (
    allocation_preview,
    application_committed_fen,
    application_paid_or_pending_fen,
    budget_line_balance,
)
from waibao.funds.stages import common
from waibao.funds.stages.common import S, fen_text
from waibao.money import format_fen


def _commit_locked(
    line: BudgetLine, application: Application, amount_fen: int, actor: Any, reason: str
) -> LedgerEntry:
    """Commit with the line already locked: refused if it would exceed what is left."""
    available = budget_line_balance(line=line).available_fen
    if amount_fen > available:
        raise BudgetExceeded(
            _("为申请 %(application)s 安排 %(amount)s 将超出“%(line)s”的余额：尚余 %(left)s")
            % {
                "application": application.pk,
                "amount": wording.amount(amount_fen),
                "line": line,
                "left": wording.amount(available),
            }
        )
    entry = common.ledger_row(
        line, LedgerEntry.Kind.COMMITMENT, amount_fen, actor, reason, application=application
    )
    application.allocated_fen = amount_fen
    common.move(
        application,
        S.COMMITTED,
        actor,
        "application.commit",
        reason=reason,
        amount=fen_text(amount_fen),
        line=line.pk,
        available_before=fen_text(available),
        available_after=fen_text(available - amount_fen),
    )
    return entry


def application_commit(
    *, application: Application, actor: Any, amount_fen: int | None = None
) -> Application:
    """Bind money to one finally approved application (its approved amount unless a lower one
    is given), refused inside the transaction if the line cannot cover it."""
    access.require_city_reviewer_of(actor, application)
    with transaction.atomic():
        line = common.lock_line(application.line)
        application = common.locked(application)
        common.expect(application, S.APPROVED, S.UNFUNDED)  # unfunded: money was added since
        assert application.approved_fen is not None
        amount = application.approved_fen if amount_fen is None else amount_fen
        if not 0 < amount <= application.approved_fen:
            raise InvalidAmount(
                _("安排金额须在 0.01 元至核定金额 %(approved)s 之间")
                % {"approved": wording.amount(application.approved_fen)}
            )
        _commit_locked(line, application, amount, actor, "核定安排资金")
    return application


def allocation_commit(
    *, line: BudgetLine, actor: Any, expected_digest: str | None = None
) -> list[Application]:
    """Commit the allocation ``allocation_preview`` shows, recomputed under the line lock.
    With ``expected_digest`` (the preview's), a plan that changed since is refused."""
    access.require_city_admin_of(actor, line.fund)
    with transaction.atomic():
        line = common.lock_line(line)
        preview = allocation_preview(line=line)
        if expected_digest is not None and expected_digest != preview.digest:
            raise FundsError(_("预览之后预算或申请已有变化，请重新预览"))
        method = line.fund.get_allocation_method_display()
        results = []
        for row in preview.rows:
            application = common.locked(Application(pk=row.application_id))
            common.expect(application, S.APPROVED)
            if row.allocated_fen > 0:
                reason = (
                    f"{method}：安排 {format_fen(row.allocated_fen)} / 核定 "
                    f"{format_fen(row.requested_fen)}"
                    if preview.oversubscribed
                    else "预算足额安排"
                )
                _commit_locked(line, application, row.allocated_fen, actor, reason)
            else:
                application.allocated_fen = 0
                reason = f"{method}：预算已安排完毕"
                requested = fen_text(row.requested_fen)
                common.move(
                    application,
                    S.UNFUNDED,
                    actor,
                    "application.unfunded",
                    reason=reason,
                    requested=requested,
                )
            results.append(application)
        common.audit(
            actor,
            "allocation.commit",
            line,
            reason=preview.rule,
            method=preview.method,
            available=fen_text(preview.available_fen),
            requested=fen_text(preview.requested_fen),
            allocated=fen_text(preview.allocated_fen),
            digest=preview.digest,
        )
    return results


def release_commitment(application: Application, *, line: Any, actor: Any, reason: str) -> int:
    """The application's committed money back to its (locked) line as a release row, never a
    deletion, with ``reason`` as its last; the caller rejects it (``move``). Returns the
    amount released (fen)."""
    amount = application_committed_fen(application=application)
    if amount:
        common.ledger_row(
            line, LedgerEntry.Kind.RELEASE, amount, actor, reason, application=application
        )
    application.last_reason = reason
    return amount


def application_release(*, application: Application, actor: Any, reason: str) -> Application:
    """Give a committed, unpaid application's money back to its line (the enterprise lost its
    eligibility, withdrew, or the commitment was a mistake): a release row, never a deletion."""
    access.require_city_reviewer_of(actor, application)
    if not reason.strip():
        raise FundsError(_("收回已安排的资金须说明理由"))
    with transaction.atomic():
        line = common.lock_line(application.line)
        application = common.locked(application)
        common.expect(application, S.COMMITTED)
        if application_paid_or_pending_fen(application=application):
            raise InvalidTransition(_("已有待发送、已发送或已到账的付款，请先处理付款"))
        amount = release_commitment(application, line=line, actor=actor, reason=reason)
        released = {"amount": fen_text(amount), "line": line.pk}
        common.move(
            application, S.REJECTED, actor, "application.release", reason=reason, **released
        )
    return application
