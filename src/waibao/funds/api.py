"""The funds JSON API (django-ninja). Endpoints only validate input and shape output; the
services decide who may do what. Amounts are two-decimal strings of yuan, never numbers.

Errors: 403 when the role or scope forbids, 409 when the application is in the wrong state,
400 for any other refused rule (amount, budget, evidence), each with ``detail``: the
services raise ``waibao.funds.errors``, ``waibao.web.errors`` answers for every endpoint.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from waibao import bounds, permissions
from waibao.funds import exports, selectors, services
from waibao.funds.access import require_city_admin_of
from waibao.funds.models import (
    Application,
    BudgetLine,
    Fund,
    FundEntitlement,
    Objection,
    Payment,
    PaymentBatch,
    Publication,
)
from waibao.money import MoneyError, format_fen, parse_fen
from waibao.web.auth import require
from waibao.web.params import Year

router = Router(tags=["funds"])


def _fen(text: str | None) -> int | None:
    if text is None or text == "":
        return None
    try:
        return parse_fen(text)
    except MoneyError as error:
        raise HttpError(400, str(error)) from error


def _application(request: HttpRequest, pk: int) -> Application:
    application = selectors.application_get(actor=request.user, application_id=pk)
    if application is None:
        raise HttpError(404, "no such application in your scope")
    return application


def _city_admin(request: HttpRequest, fund: Fund) -> None:
    require_city_admin_of(actor=request.user, fund=fund)


class ApplicationOut(Schema):
    id: int
    organisation: str
    uscc: str
    year: int
    clause: str
    status: str
    automatic: bool
    entitlement: str | None
    claimed: str | None
    recommended: str | None
    approved: str | None
    allocated: str | None
    citation: str
    last_reason: str
    district_due: str | None
    city_due: str | None


def _out(application: Application) -> ApplicationOut:
    return ApplicationOut(
        id=application.pk,
        organisation=application.organisation.name,
        uscc=application.organisation.uscc,
        year=application.year,
        clause=application.clause,
        status=application.status,
        automatic=application.automatic,
        entitlement=format_fen(application.entitlement.amount_fen),
        claimed=format_fen(application.claimed_fen),
        recommended=format_fen(application.recommended_fen),
        approved=format_fen(application.approved_fen),
        allocated=format_fen(application.allocated_fen),
        citation=application.entitlement.citation,
        last_reason=application.last_reason,
        district_due=application.district_due.isoformat() if application.district_due else None,
        city_due=application.city_due.isoformat() if application.city_due else None,
    )


class ClaimIn(Schema):
    claimed: str | None = None


class SubmitIn(Schema):
    account_name: str
    account_number: str
    bank_name: str
    claimed: str | None = None


class BankIn(Schema):
    account_name: str
    account_number: str
    bank_name: str


class BankChangeIn(BankIn):
    reason: str


class FundConfigIn(Schema):
    allocation_method: str | None = None
    publicity_days: bounds.PublicityDays | None = None
    district_review_days: bounds.ReviewDays | None = None
    city_review_days: bounds.ReviewDays | None = None


class ClauseConfigIn(Schema):
    automatic: bool | None = None
    priority: bounds.Priority | None = None
    source: str | None = None
    reviewer_cap: str | None = None


class AppropriationIn(Schema):
    amount: str
    note: str = ""


class LineIn(Schema):
    source: str
    source_name: str


class ReviewIn(Schema):
    decision: str
    reason: str = ""
    amount: str | None = None


class PayeeReviewIn(Schema):
    decision: str
    reason: str = ""


class ObjectionIn(Schema):
    raised_by: str
    text: str


class ResolveIn(Schema):
    upheld: bool
    resolution: str


class DigestIn(Schema):
    digest: str | None = None


class FailedIn(Schema):
    reason: str


@router.get("/funds", summary="专项资金 / funds")
def fund_list(request: HttpRequest) -> list[dict[str, Any]]:
    require(request, permissions.VIEW_FUNDS)
    return [
        {
            "code": fund.code,
            "name": fund.name,
            "jurisdiction": fund.jurisdiction,
            "citation": fund.citation,
            "allocation_method": fund.allocation_method,
            "publicity_days": fund.publicity_days,
        }
        for fund in Fund.objects.all()
    ]


@router.get("/funds/{code}/{year}/lines", summary="预算科目及余额 / budget lines and balances")
def line_list(request: HttpRequest, code: str, year: Year) -> list[dict[str, Any]]:
    fund = get_object_or_404(Fund, code=code)
    _city_admin(request, fund)
    return [
        {
            "id": line.pk,
            "source": line.source,
            "source_name": line.source_name,
            "planned": format_fen(line.planned_fen),
            "planned_is_minimum": line.planned_is_minimum,
            "citation": line.citation,
            **selectors.budget_line_balance(line=line).as_strings(),
        }
        for line in BudgetLine.objects.filter(fund=fund, year=year)
    ]


@router.post("/funds/{code}/configure", summary="资金设置 / fund settings")
def fund_configure(request: HttpRequest, code: str, body: FundConfigIn) -> dict[str, Any]:
    fund = services.fund_configure(
        fund=get_object_or_404(Fund, code=code),
        actor=request.user,
        **body.dict(),
    )
    return {
        "code": fund.code,
        "allocation_method": fund.allocation_method,
        "publicity_days": fund.publicity_days,
        "district_review_days": fund.district_review_days,
        "city_review_days": fund.city_review_days,
    }


@router.post(
    "/funds/{code}/clauses/{clause}",
    summary="条款设置: 免申即享、优先级、资金来源、审核上限 / clause settings",
)
def fund_clause_configure(
    request: HttpRequest, code: str, clause: str, body: ClauseConfigIn
) -> dict[str, Any]:
    setting = services.fund_clause_configure(
        fund=get_object_or_404(Fund, code=code),
        clause=clause,
        actor=request.user,
        automatic=body.automatic,
        priority=body.priority,
        source=body.source,
        reviewer_cap_fen=_fen(body.reviewer_cap),
    )
    return {
        "clause": setting.clause,
        "payable": setting.payable,
        "automatic": setting.automatic,
        "priority": setting.priority,
        "source": setting.source,
        "reviewer_cap": format_fen(setting.reviewer_cap_fen),
    }


@router.post(
    "/funds/{code}/{year}/lines",
    response={201: dict[str, Any]},
    summary="新增预算科目 / add a budget line",
)
def budget_line_create(request: HttpRequest, code: str, year: Year, body: LineIn) -> Status[Any]:
    line = services.budget_line_create(
        fund=get_object_or_404(Fund, code=code),
        year=year,
        actor=request.user,
        source=body.source,
        source_name=body.source_name,
    )
    return Status(201, {"id": line.pk, "source": line.source})


@router.post(
    "/lines/{pk}/appropriations",
    response={201: dict[str, Any]},
    summary="安排预算(台账入账) / appropriate money to a line",
)
def budget_line_appropriate(request: HttpRequest, pk: int, body: AppropriationIn) -> Status[Any]:
    line = get_object_or_404(BudgetLine.objects.select_related("fund"), pk=pk)
    amount = _fen(body.amount)
    if amount is None:
        raise HttpError(400, "amount is required")
    services.budget_line_appropriate(
        line=line,
        amount_fen=amount,
        actor=request.user,
        note=body.note,
    )
    return Status(201, selectors.budget_line_balance(line=line).as_strings())


@router.get("/applications", response=list[ApplicationOut], summary="申请(按权限范围)")
def application_list(
    request: HttpRequest, year: Year | None = None, status: str | None = None
) -> list[ApplicationOut]:
    return [
        _out(a) for a in selectors.application_list(actor=request.user, year=year, status=status)
    ]


@router.get("/applications/overdue", response=list[ApplicationOut], summary="超期待审")
def application_overdue(request: HttpRequest) -> list[ApplicationOut]:
    return [_out(a) for a in selectors.application_overdue_list(actor=request.user)]


@router.get("/applications/{pk}", response=ApplicationOut, summary="申请详情 / one application")
def application_detail(request: HttpRequest, pk: int) -> ApplicationOut:
    return _out(_application(request, pk))


@router.post(
    "/entitlements/{pk}/applications",
    response={201: ApplicationOut},
    summary="按政策兑现资格申请 / claim an entitlement",
)
def application_create(request: HttpRequest, pk: int, body: ClaimIn) -> Status[ApplicationOut]:
    entitlement = get_object_or_404(FundEntitlement, pk=pk)
    application = services.application_create(
        entitlement=entitlement,
        actor=request.user,
        claimed_fen=_fen(body.claimed),
    )
    return Status(201, _out(application))


@router.post("/applications/{pk}/evidence", summary="上传证明材料 (PDF/JPEG/PNG)")
def evidence_attach(
    request: HttpRequest,
    pk: int,
    file: UploadedFile = File(...),  # noqa: B008
) -> dict[str, Any]:
    item = services.evidence_attach(
        application=_application(request, pk),
        actor=request.user,
        name=file.name or "file",
        content=file,
    )
    return {"id": item.pk, "sha256": item.sha256, "size": item.size, "type": item.content_type}


@router.post("/applications/{pk}/submit", response=ApplicationOut, summary="提交申请 / submit")
def application_submit(request: HttpRequest, pk: int, body: SubmitIn) -> ApplicationOut:
    return _out(
        services.application_submit(
            application=_application(request, pk),
            actor=request.user,
            account_name=body.account_name,
            account_number=body.account_number,
            bank_name=body.bank_name,
            claimed_fen=_fen(body.claimed),
        )
    )


@router.post("/applications/{pk}/confirm", response=ApplicationOut, summary="免申即享确认")
def application_confirm(request: HttpRequest, pk: int, body: BankIn) -> ApplicationOut:
    return _out(
        services.application_confirm(
            application=_application(request, pk),
            actor=request.user,
            **body.dict(),
        )
    )


@router.post(
    "/applications/{pk}/payment-details",
    response=ApplicationOut,
    summary="更正收款信息 / correct the bank account",
)
def payment_details_change(request: HttpRequest, pk: int, body: BankChangeIn) -> ApplicationOut:
    return _out(
        services.application_payment_details_change(
            application=_application(request, pk),
            actor=request.user,
            **body.dict(),
        )
    )


@router.post(
    "/applications/{pk}/payee-review",
    response=ApplicationOut,
    summary="复核变更后的收款信息 / review changed payment details",
)
def payee_review(request: HttpRequest, pk: int, body: PayeeReviewIn) -> ApplicationOut:
    """A city reviewer approves changed payment details (the application is payable again)
    or rejects them (its commitment is released and it is rejected)."""
    return _out(
        services.application_payee_review(
            application=_application(request, pk),
            actor=request.user,
            decision=body.decision,
            reason=body.reason,
        )
    )


@router.post(
    "/applications/{pk}/district-review",
    response=ApplicationOut,
    summary="区县初审 / district review",
)
def district_review(request: HttpRequest, pk: int, body: ReviewIn) -> ApplicationOut:
    return _out(
        services.application_review_district(
            application=_application(request, pk),
            actor=request.user,
            decision=body.decision,
            reason=body.reason,
            recommended_fen=_fen(body.amount),
        )
    )


@router.post(
    "/applications/{pk}/city-review", response=ApplicationOut, summary="市级复核 / city review"
)
def city_review(request: HttpRequest, pk: int, body: ReviewIn) -> ApplicationOut:
    return _out(
        services.application_review_city(
            application=_application(request, pk),
            actor=request.user,
            decision=body.decision,
            reason=body.reason,
            approved_fen=_fen(body.amount),
        )
    )


@router.post(
    "/applications/{pk}/objections",
    response={201: dict[str, Any]},
    summary="登记公示异议 / record an objection",
)
def objection_record(request: HttpRequest, pk: int, body: ObjectionIn) -> Status[Any]:
    objection = services.objection_record(
        application=_application(request, pk),
        actor=request.user,
        raised_by=body.raised_by,
        text=body.text,
    )
    return Status(201, {"id": objection.pk, "status": objection.status})


@router.post("/objections/{pk}/resolve", summary="处理公示异议 / resolve an objection")
def objection_resolve(request: HttpRequest, pk: int, body: ResolveIn) -> dict[str, Any]:
    objection = get_object_or_404(Objection, pk=pk)
    _application(request, objection.application_id)
    objection = services.objection_resolve(
        objection=objection,
        actor=request.user,
        upheld=body.upheld,
        resolution=body.resolution,
    )
    return {"id": objection.pk, "status": objection.status}


@router.post("/applications/{pk}/approve", response=ApplicationOut, summary="公示期满核准")
def approve_final(request: HttpRequest, pk: int) -> ApplicationOut:
    return _out(
        services.application_approve_final(
            application=_application(request, pk),
            actor=request.user,
        )
    )


@router.post("/applications/{pk}/commit", response=ApplicationOut, summary="安排资金")
def commit(request: HttpRequest, pk: int) -> ApplicationOut:
    return _out(
        services.application_commit(application=_application(request, pk), actor=request.user)
    )


def _preview_out(preview: selectors.AllocationPreview) -> dict[str, Any]:
    return {
        "method": preview.method,
        "rule": preview.rule,
        "available": format_fen(preview.available_fen),
        "requested": format_fen(preview.requested_fen),
        "allocated": format_fen(preview.allocated_fen),
        "oversubscribed": preview.oversubscribed,
        "digest": preview.digest,
        "rows": [
            {
                "application": row.application_id,
                "organisation": row.organisation,
                "clause": row.clause,
                "requested": format_fen(row.requested_fen),
                "allocated": format_fen(row.allocated_fen),
                "reduction": format_fen(row.reduction_fen),
            }
            for row in preview.rows
        ],
    }


@router.get("/lines/{pk}/allocation", summary="分配预览 / allocation preview")
def allocation_preview(request: HttpRequest, pk: int) -> dict[str, Any]:
    line = get_object_or_404(BudgetLine.objects.select_related("fund"), pk=pk)
    _city_admin(request, line.fund)
    return _preview_out(selectors.allocation_preview(line=line))


@router.post("/lines/{pk}/allocation", summary="按预览安排资金 / commit the allocation")
def allocation_commit(request: HttpRequest, pk: int, body: DigestIn) -> dict[str, Any]:
    line = get_object_or_404(BudgetLine.objects.select_related("fund"), pk=pk)
    applications = services.allocation_commit(
        line=line, actor=request.user, expected_digest=body.digest
    )
    return {
        "committed": [a.pk for a in applications if a.status == Application.Status.COMMITTED],
        "unfunded": [a.pk for a in applications if a.status == Application.Status.UNFUNDED],
    }


@router.post("/funds/{code}/{year}/automatic", summary="免申即享: 生成申请")
def automatic_batch(request: HttpRequest, code: str, year: Year) -> dict[str, Any]:
    fund = get_object_or_404(Fund, code=code)
    created = services.automatic_batch_create(fund=fund, year=year, actor=request.user)
    return {"created": [a.pk for a in created]}


@router.post(
    "/funds/{code}/{year}/publications",
    response={201: dict[str, Any]},
    summary="公示市级审核通过的申请 / publish",
)
def publication_create(request: HttpRequest, code: str, year: Year) -> Status[Any]:
    fund = get_object_or_404(Fund, code=code)
    publication = services.publication_create(fund=fund, year=year, actor=request.user)
    return Status(201, {"id": publication.pk, "ends_at": publication.ends_at.isoformat()})


@router.get("/publications/{pk}", auth=None, summary="公示 (公开) / public list")
def publication_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    publication = get_object_or_404(Publication, pk=pk)
    return {
        "title": publication.title,
        "published_at": publication.published_at.isoformat(),
        "ends_at": publication.ends_at.isoformat(),
        "rows": selectors.publication_rows(publication=publication),
    }


@router.post(
    "/funds/{code}/{year}/payment-batches",
    response={201: dict[str, Any]},
    summary="生成拨付批次 / create a payment batch",
)
def payment_batch_create(request: HttpRequest, code: str, year: Year) -> Status[Any]:
    fund = get_object_or_404(Fund, code=code)
    batch = services.payment_batch_create(fund=fund, year=year, actor=request.user)
    rows = selectors.payment_batch_rows(batch=batch, masked=True)
    return Status(201, {"id": batch.pk, "payments": rows})


def _batch(request: HttpRequest, pk: int) -> PaymentBatch:
    batch = get_object_or_404(PaymentBatch.objects.select_related("fund"), pk=pk)
    _city_admin(request, batch.fund)
    return batch


@router.post("/payment-batches/{pk}/send", summary="报送国库 / sent to the treasury")
def payment_batch_send(request: HttpRequest, pk: int) -> dict[str, Any]:
    batch = services.payment_batch_send(batch=_batch(request, pk), actor=request.user)
    return {"id": batch.pk, "status": batch.status}


@router.get("/payment-batches/{pk}/export.{fmt}", summary="国库导出 CSV / XLSX")
def payment_batch_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    batch = _batch(request, pk)
    download = exports.payment_batch_download(
        batch=batch, fmt=fmt, request=request, user=request.user
    )
    if download is None:
        raise HttpError(404, "export as csv or xlsx")
    return HttpResponse(download[0], content_type=download[1])


@router.post("/payments/{pk}/paid", summary="已到账 / paid")
def payment_paid(request: HttpRequest, pk: int) -> dict[str, Any]:
    payment = get_object_or_404(Payment.objects.select_related("batch__fund"), pk=pk)
    payment = services.payment_mark_paid(payment=payment, actor=request.user)
    return {"id": payment.pk, "status": payment.status}


@router.post("/payments/{pk}/failed", summary="拨付失败 / failed")
def payment_failed(request: HttpRequest, pk: int, body: FailedIn) -> dict[str, Any]:
    payment = get_object_or_404(Payment.objects.select_related("batch__fund"), pk=pk)
    payment = services.payment_mark_failed(payment=payment, actor=request.user, reason=body.reason)
    return {"id": payment.pk, "status": payment.status}
