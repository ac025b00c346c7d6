"""Stage 2b, review: 区县初审 then 市级复核, each approving (within the amounts the
entitlement and the bureau allow), returning for revision, or rejecting with a reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waibao.funds import access, duties, wording
from waibao.funds.errors import FundsError, InvalidAmount
from waibao.funds.models import Application
from waibao.funds.stages import common
from waibao.funds.stages.common import S, fen_text


def amount_bounds(application: Application) -> tuple[int, int | None, bool]:
    """(lowest, highest or None, fixed): the amounts a reviewer may approve.

    A ceiling (``amount_cny`` of a discretionary row) and the claim bound it from above, the
    text's floor (``min_cny``) from below. A non-discretionary amount is fixed: the reviewer
    approves it or refuses the application. A null amount needs the reviewer's figure, capped
    by the bureau's ``reviewer_cap_fen`` where it set one.
    """
    entitlement = application.entitlement
    setting = common.clause_setting(application.fund, application.clause)
    uppers = [v for v in (entitlement.amount_fen, application.claimed_fen) if v is not None]
    if entitlement.amount_fen is None and setting and setting.reviewer_cap_fen is not None:
        uppers.append(setting.reviewer_cap_fen)
    highest = min(uppers) if uppers else None
    lowest = max(entitlement.min_fen or 1, 1)
    fixed = not entitlement.discretionary and entitlement.amount_fen is not None
    return lowest, highest, fixed


def _check_reviewed_amount(application: Application, amount_fen: int | None) -> int:
    lowest, highest, fixed = amount_bounds(application)
    if fixed:
        assert highest is not None
        if amount_fen is not None and amount_fen != highest:
            raise InvalidAmount(
                _("%(clause)s 的金额是固定的（%(amount)s），只能按此金额通过或不予支持")
                % {"clause": wording.clause(application.clause), "amount": wording.amount(highest)},
                field="amount",
            )
        return highest
    if amount_fen is None:
        raise InvalidAmount(
            _("%(clause)s 须由审核人填写金额") % {"clause": wording.clause(application.clause)},
            field="amount",
        )
    if highest is not None and amount_fen > highest:
        raise InvalidAmount(
            _("%(amount)s 超过上限 %(ceiling)s")
            % {"amount": wording.amount(amount_fen), "ceiling": wording.amount(highest)},
            field="amount",
        )
    if amount_fen < lowest:
        raise InvalidAmount(
            _("%(amount)s 低于政策文件规定的下限 %(floor)s")
            % {"amount": wording.amount(amount_fen), "floor": wording.amount(lowest)},
            field="amount",
        )
    return amount_fen


DECISIONS = ("approve", "return", "reject")
NEEDS_REASON = {
    "return": gettext_lazy("退回修改须说明理由"),
    "reject": gettext_lazy("不予支持须说明理由"),
}


def _decide(
    application: Application,
    actor: Any,
    decision: str,
    reason: str,
    approved_state: str,
    stage: str,
    amount: int | None,
) -> None:
    if decision not in DECISIONS:
        raise FundsError(_("审核意见须为通过、退回修改或不予支持"))
    if decision in NEEDS_REASON and not reason.strip():
        raise FundsError(str(NEEDS_REASON[decision]), field="reason")
    outcome = {"approve": approved_state, "return": S.RETURNED, "reject": S.REJECTED}[decision]
    if decision != "approve":
        application.last_reason = reason
    action = f"application.{stage}_{decision}"
    common.move(application, outcome, actor, action, reason=reason, amount=fen_text(amount))


def application_review_district(
    *,
    application: Application,
    actor: Any,
    decision: str,
    reason: str = "",
    recommended_fen: int | None = None,
) -> Application:
    """区县初审: approve (optionally recommending an amount), return for revision, or reject."""
    with transaction.atomic():
        application = common.locked(application)
        access.require_district_reviewer_of(actor, application)
        common.expect(application, S.SUBMITTED)
        if decision == "approve":
            if recommended_fen is not None:
                application.recommended_fen = _check_reviewed_amount(application, recommended_fen)
            application.district_reviewed_by = actor
            application.city_due = timezone.localdate() + dt.timedelta(
                days=application.fund.city_review_days
            )
        _decide(
            application,
            actor,
            decision,
            reason,
            S.DISTRICT_APPROVED,
            "district",
            application.recommended_fen,
        )
    return application


def application_review_city(
    *,
    application: Application,
    actor: Any,
    approved_fen: int | None = None,
    decision: str,
    reason: str = "",
) -> Application:
    """市级复核: approve with the amount (default: the district's recommendation, else the
    claim), return for revision, or reject. Approving is refused to whoever configured the
    fund or a parameter of its policy (``duties``, rule 1)."""
    if decision == "approve":
        duties.require_not_configurer(actor, application.fund)
    with transaction.atomic():
        application = common.locked(application)
        access.require_city_reviewer_of(actor, application)
        common.expect(application, S.DISTRICT_APPROVED)
        if decision == "approve":
            if approved_fen is None:
                approved_fen = application.recommended_fen
            if approved_fen is None and amount_bounds(application)[2] is False:
                approved_fen = application.claimed_fen
            application.approved_fen = _check_reviewed_amount(application, approved_fen)
            application.city_reviewed_by = actor
        _decide(
            application, actor, decision, reason, S.CITY_APPROVED, "city", application.approved_fen
        )
    return application
