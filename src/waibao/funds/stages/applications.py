"""Stage 2a, applications: an enterprise claims an entitlement (or the bureau creates one,
免申即享), attaches evidence, gives its payment details and submits for review."""

from __future__ import annotations

import datetime as dt
from typing import Any, BinaryIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waibao.funds import access, evidence, payee, wording
from waibao.funds.errors import Forbidden, FundsError, InvalidAmount, InvalidTransition
from waibao.funds.models import Application, BudgetLine, Evidence, Fund, FundClause, FundEntitlement
from waibao.funds.stages import common
from waibao.funds.stages.common import PAYABLE_KINDS, S, fen_text


def fund_for_entitlement(entitlement: FundEntitlement) -> Fund:
    """The fund that pays a clause: the fund of the clause's jurisdiction covering the year."""
    jurisdiction = entitlement.clause.split(".", 1)[0]
    candidates = [
        fund
        for fund in Fund.objects.filter(jurisdiction=jurisdiction)
        if common.fund_covers(fund, entitlement.year)
    ]
    if not candidates:
        raise FundsError(
            _("%(clause)s：没有覆盖 %(year)s 年度的专项资金")
            % {"clause": wording.clause(entitlement.clause), "year": entitlement.year}
        )
    return candidates[0]


def _payable_line(fund: Fund, entitlement: FundEntitlement) -> BudgetLine:
    if entitlement.kind not in PAYABLE_KINDS:
        raise FundsError(
            _("%(clause)s 属于%(kind)s，不从专项资金支付")
            % {"clause": wording.clause(entitlement.clause), "kind": wording.kind(entitlement.kind)}
        )
    setting = common.clause_setting(fund, entitlement.clause)
    if setting is not None and not setting.payable:
        raise FundsError(
            _("%(clause)s 不从%(fund)s支付：%(reason)s")
            % {
                "clause": wording.clause(entitlement.clause),
                "fund": fund.name,
                "reason": setting.not_payable_reason,
            }
        )
    source = (setting.source if setting and setting.source else "") or fund.default_source
    line = BudgetLine.objects.filter(fund=fund, year=entitlement.year, source=source).first()
    if line is None:
        raise FundsError(
            _("%(fund)s没有 %(year)s 年度“%(source)s”的预算科目")
            % {"fund": fund.name, "year": entitlement.year, "source": source}
        )
    return line


def _check_claim(
    entitlement: FundEntitlement, setting: FundClause | None, claimed_fen: int | None
) -> None:
    if claimed_fen is None:
        if entitlement.amount_fen is not None:
            raise InvalidAmount(_("请填写申请金额"), field="claimed_fen")
        return
    if claimed_fen <= 0:
        raise InvalidAmount(_("申请金额必须大于零"), field="claimed_fen")
    if entitlement.amount_fen is not None and claimed_fen > entitlement.amount_fen:
        raise InvalidAmount(
            _("申请金额 %(claimed)s 超过应享金额 %(entitled)s（%(citation)s）")
            % {
                "claimed": wording.amount(claimed_fen),
                "entitled": wording.amount(entitlement.amount_fen),
                "citation": entitlement.citation,
            },
            field="claimed_fen",
        )
    cap = setting.reviewer_cap_fen if setting else None
    if entitlement.amount_fen is None and cap is not None and claimed_fen > cap:
        raise InvalidAmount(
            _("申请金额 %(claimed)s 超过主管部门设定的上限 %(cap)s")
            % {"claimed": wording.amount(claimed_fen), "cap": wording.amount(cap)},
            field="claimed_fen",
        )


def application_create(
    *, entitlement: FundEntitlement, actor: Any, claimed_fen: int | None = None
) -> Application:
    """An enterprise starts a claim on one of its entitlements (a draft)."""
    access.require_enterprise_of(actor, entitlement.organisation)
    fund = fund_for_entitlement(entitlement)
    if not fund.covers_region(entitlement.organisation.region_id):
        raise Forbidden(
            _("%(organisation)s不在%(fund)s的支持范围内")
            % {"organisation": entitlement.organisation.name, "fund": fund.name}
        )
    line = _payable_line(fund, entitlement)
    setting = common.clause_setting(fund, entitlement.clause)
    if claimed_fen is None and entitlement.amount_fen is not None:
        claimed_fen = entitlement.amount_fen
    _check_claim(entitlement, setting, claimed_fen)
    with transaction.atomic():
        if Application.objects.filter(entitlement=entitlement).exists():
            raise InvalidTransition(_("该项政策兑现已经申请过"))
        return _open(entitlement, fund, line, actor, S.DRAFT, "application.create", claimed_fen)


def _open(
    entitlement: FundEntitlement,
    fund: Fund,
    line: BudgetLine,
    actor: Any,
    status: str,
    action: str,
    claimed_fen: int | None,
    reason: str = "",
    **more: Any,
) -> Application:
    """A new application on ``entitlement``, audited with its clause and claim."""
    application = Application.objects.create(
        fund=fund,
        line=line,
        entitlement=entitlement,
        organisation=entitlement.organisation,
        year=entitlement.year,
        clause=entitlement.clause,
        status=status,
        claimed_fen=claimed_fen,
        created_by=actor,
        **more,
    )
    audited = {"clause": entitlement.clause, "claimed": fen_text(claimed_fen)}
    common.audit(actor, action, application, to_state=status, reason=reason, **audited)
    return application


def evidence_attach(
    *, application: Application, actor: Any, name: str, content: bytes | BinaryIO
) -> Evidence:
    """Attach a PDF, JPEG or PNG (checked by content) to a draft or returned application."""
    access.require_enterprise_of(actor, application.organisation)
    data, content_type = evidence.read_checked(content, name)
    with transaction.atomic():
        application = common.locked(application)
        common.expect(application, S.DRAFT, S.RETURNED)
        sha256 = evidence.store(data)
        item = Evidence.objects.create(
            application=application,
            sha256=sha256,
            size=len(data),
            content_type=content_type,
            original_name=name[:255],
            uploaded_by=actor,
        )
        common.audit(
            actor,
            "evidence.attach",
            application,
            from_state=application.status,
            to_state=application.status,
            sha256=sha256,
            size=len(data),
            content_type=content_type,
            name=name[:255],
        )
    return item


def application_submit(
    *,
    application: Application,
    actor: Any,
    account_name: str,
    account_number: str,
    bank_name: str,
    claimed_fen: int | None = None,
) -> Application:
    """Submit (or resubmit after a return): evidence attached, payment details given."""
    access.require_enterprise_of(actor, application.organisation)
    with transaction.atomic():
        application = common.locked(application)
        common.expect(application, S.DRAFT, S.RETURNED)
        if claimed_fen is not None:
            setting = common.clause_setting(application.fund, application.clause)
            _check_claim(application.entitlement, setting, claimed_fen)
            application.claimed_fen = claimed_fen
        if not application.evidence.exists():
            raise FundsError(_("提交前请至少上传一份证明材料"))
        common.set_payment_details(application, account_name, account_number, bank_name)
        _to_district_review(application, actor, "application.submit", with_due=True)
    return application


def automatic_batch_create(*, fund: Fund, year: int, actor: Any) -> list[Application]:
    """免申即享: applications straight from the year's entitlements for the clauses the bureau
    marked automatic; the enterprises only confirm their payment details."""
    access.require_city_admin_of(actor, fund)
    settings = {
        s.clause: s for s in FundClause.objects.filter(fund=fund, automatic=True, payable=True)
    }
    created = []
    with transaction.atomic():
        entitlements = (
            FundEntitlement.objects.filter(
                year=year,
                clause__in=settings,
                application__isnull=True,
                organisation__region__code__startswith=fund.area_prefix,
            )
            .select_related("organisation")
            .order_by("id")
        )
        for entitlement in entitlements:
            if entitlement.kind not in PAYABLE_KINDS:
                continue
            line = _payable_line(fund, entitlement)
            status, claimed = S.AWAITING_CONFIRMATION, entitlement.amount_fen
            action = "application.create_automatic"
            application = _open(
                entitlement, fund, line, actor, status, action, claimed, "免申即享", automatic=True
            )
            created.append(application)
    return created


def application_confirm(
    *,
    application: Application,
    actor: Any,
    account_name: str,
    account_number: str,
    bank_name: str,
) -> Application:
    """免申即享: the enterprise confirms where to pay; the application goes to review."""
    access.require_enterprise_of(actor, application.organisation)
    with transaction.atomic():
        application = common.locked(application)
        common.expect(application, S.AWAITING_CONFIRMATION)
        common.set_payment_details(application, account_name, account_number, bank_name)
        _to_district_review(application, actor, "application.confirm", "免申即享：确认收款信息")
    return application


def _to_district_review(
    application: Application, actor: Any, action: str, reason: str = "", with_due: bool = False
) -> None:
    """Submitted: the district's review starts now, due after the fund's review days."""
    now = timezone.now()
    application.submitted_at = application.submitted_at or now
    application.submitted_by = actor
    application.district_due = timezone.localdate(now) + dt.timedelta(
        days=application.fund.district_review_days
    )
    audited: dict[str, Any] = {"claimed": fen_text(application.claimed_fen)}
    if with_due:
        audited["district_due"] = application.district_due.isoformat()
    audited["account"] = payee.masked(application.bank_account_number)
    common.move(application, S.SUBMITTED, actor, action, reason=reason, **audited)
