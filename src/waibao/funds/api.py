"""The funds JSON API (django-ninja). Endpoints only validate input and shape output; the
services decide who may do what. Amounts are two-decimal strings of yuan, never numbers.

The reading endpoints are plain functions; every writing one is a row of ``EXPOSED``, which
calls its service through the same ``waibao.funds.actions`` entry the pages use.

Errors: 403 when the role or scope forbids, 409 when the application is in the wrong state,
400 for any other refused rule (amount, budget, evidence), each with ``detail``: the
services raise ``waibao.funds.errors``, ``waibao.web.errors`` answers for every endpoint.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.constants import NOT_SET
from ninja.errors import HttpError
from ninja.files import UploadedFile

from waibao import bounds, permissions
from waibao.funds import actions, exports, selectors
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
from waibao.money import format_fen
from waibao.web.auth import require
from waibao.web.params import Year

router = Router(tags=["funds"])


def _application(request: HttpRequest, pk: int) -> Application:
    application = selectors.application_get(actor=request.user, application_id=pk)
    if application is None:
        raise HttpError(404, _("您的职责范围内没有这项申请"))
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


class BankIn(Schema):
    account_name: str
    account_number: str
    bank_name: str


class SubmitIn(BankIn):
    claimed: str | None = None


class BankChangeIn(BankIn):
    reason: str


class PayeeReviewIn(Schema):
    decision: str
    reason: str = ""


class ReviewIn(PayeeReviewIn):
    amount: str | None = None


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


class ContinueIn(Schema):
    year: bounds.Year
    reason: str
    amount: str | None = None


class LineIn(Schema):
    source: str
    source_name: str


class AppropriationIn(Schema):
    amount: str
    note: str = ""


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


@router.get("/publications/{pk}", auth=None, summary="公示 (公开) / public list")
def publication_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    publication = get_object_or_404(Publication, pk=pk)
    return {
        "title": publication.title,
        "published_at": publication.published_at.isoformat(),
        "ends_at": publication.ends_at.isoformat(),
        "rows": selectors.publication_rows(publication=publication),
    }


def _batch(request: HttpRequest, pk: int) -> PaymentBatch:
    batch = get_object_or_404(PaymentBatch.objects.select_related("fund"), pk=pk)
    _city_admin(request, batch.fund)
    return batch


@router.get("/payment-batches/{pk}/export.{fmt}", summary="国库导出 CSV / XLSX")
def payment_batch_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    batch = _batch(request, pk)
    download = exports.payment_batch_download(
        batch=batch, fmt=fmt, request=request, user=request.user
    )
    if download is None:
        raise HttpError(404, _("请以 csv 或 xlsx 格式导出"))
    return HttpResponse(download[0], content_type=download[1])


# ---------------------------------------------------------------- the services, exposed
#
# Every POST endpoint is one row of ``EXPOSED``: the path, the summary, the service's
# ``Action`` (shared with the page), how the path finds the object it acts on, and how the
# answer is shaped. ``_endpoint`` turns a row into the view ninja registers, with the
# signature ninja reads (path parameters, then the body or the uploaded file).


def _fund_at(request: HttpRequest, path: dict[str, Any]) -> Fund:
    return get_object_or_404(Fund, code=path["code"])


def _line_at(request: HttpRequest, path: dict[str, Any]) -> BudgetLine:
    return get_object_or_404(BudgetLine.objects.select_related("fund"), pk=path["pk"])


def _entitlement_at(request: HttpRequest, path: dict[str, Any]) -> FundEntitlement:
    return get_object_or_404(FundEntitlement, pk=path["pk"])


def _application_at(request: HttpRequest, path: dict[str, Any]) -> Application:
    return _application(request, path["pk"])


def _objection_at(request: HttpRequest, path: dict[str, Any]) -> Objection:
    objection = get_object_or_404(Objection, pk=path["pk"])
    _application(request, objection.application_id)
    return objection


def _batch_at(request: HttpRequest, path: dict[str, Any]) -> PaymentBatch:
    return _batch(request, path["pk"])


def _payment_at(request: HttpRequest, path: dict[str, Any]) -> Payment:
    return get_object_or_404(Payment.objects.select_related("batch__fund"), pk=path["pk"])


def _application_out(application: Application, target: Any) -> ApplicationOut:
    return _out(application)


def _id_status(done: Any, target: Any) -> dict[str, Any]:
    return {"id": done.pk, "status": done.status}


FUND_SETTINGS = ("code", "allocation_method", "publicity_days")
FUND_SETTINGS += ("district_review_days", "city_review_days")
CLAUSE_SETTINGS = ("clause", "payable", "automatic", "priority", "source")


def _fund_settings(fund: Fund, target: Any) -> dict[str, Any]:
    return {name: getattr(fund, name) for name in FUND_SETTINGS}


def _clause_settings(setting: Any, target: Any) -> dict[str, Any]:
    shown = {name: getattr(setting, name) for name in CLAUSE_SETTINGS}
    return {**shown, "reviewer_cap": format_fen(setting.reviewer_cap_fen)}


def _continued(lines: list[BudgetLine], fund: Fund) -> dict[str, Any]:
    fund.refresh_from_db()
    return {
        "code": fund.code,
        "first_year": fund.first_year,
        "last_year": fund.last_year,
        "lines": [
            {"id": line.pk, "source": line.source, "year": line.year}
            | selectors.budget_line_balance(line=line).as_strings()
            for line in lines
        ],
    }


def _line_made(line: BudgetLine, target: Any) -> dict[str, Any]:
    return {"id": line.pk, "source": line.source}


def _line_balance(entry: Any, line: BudgetLine) -> dict[str, Any]:
    return selectors.budget_line_balance(line=line).as_strings()


def _evidence_out(item: Any, target: Any) -> dict[str, Any]:
    return {"id": item.pk, "sha256": item.sha256, "size": item.size, "type": item.content_type}


def _allocated(applications: list[Application], target: Any) -> dict[str, Any]:
    return {
        "committed": [a.pk for a in applications if a.status == Application.Status.COMMITTED],
        "unfunded": [a.pk for a in applications if a.status == Application.Status.UNFUNDED],
    }


def _created(applications: list[Application], target: Any) -> dict[str, Any]:
    return {"created": [a.pk for a in applications]}


def _published(publication: Publication, target: Any) -> dict[str, Any]:
    return {"id": publication.pk, "ends_at": publication.ends_at.isoformat()}


def _batch_made(batch: PaymentBatch, target: Any) -> dict[str, Any]:
    return {"id": batch.pk, "payments": selectors.payment_batch_rows(batch=batch, masked=True)}


@dataclass(frozen=True)
class Exposed:
    """One POST endpoint: ``name`` is the view's name (the OpenAPI operation id)."""

    name: str
    path: str
    summary: str
    action: actions.Action
    find: Callable[[HttpRequest, dict[str, Any]], Any]
    reply: Callable[[Any, Any], Any]
    body: type[Schema] | None = None
    schema: Any = None  # the answer's schema, where it has one
    created: bool = False  # 201 instead of 200
    upload: bool = False  # a multipart file instead of a JSON body
    doc: str | None = None


PATH_TYPES: dict[str, Any] = {"pk": int, "code": str, "year": Year, "clause": str}
_PARAMETER = inspect.Parameter.POSITIONAL_OR_KEYWORD


def _endpoint(row: Exposed) -> Callable[..., Any]:
    names = re.findall(r"{(\w+)}", row.path)
    parameters = [inspect.Parameter("request", _PARAMETER, annotation=HttpRequest)]
    parameters += [inspect.Parameter(n, _PARAMETER, annotation=PATH_TYPES[n]) for n in names]
    if row.body is not None:
        parameters.append(inspect.Parameter("body", _PARAMETER, annotation=row.body))
    if row.upload:
        file = inspect.Parameter("file", _PARAMETER, annotation=UploadedFile, default=File(...))
        parameters.append(file)

    def endpoint(request: HttpRequest, **given: Any) -> Any:
        body = given.pop("body", None)
        target = row.find(request, given)
        done = row.action.run(target, request.user, actions.body_reader(body, **given))
        answer = row.reply(done, target)
        return Status(201, answer) if row.created else answer

    endpoint.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    endpoint.__name__ = endpoint.__qualname__ = row.name
    endpoint.__doc__ = row.doc
    return endpoint


def _response(row: Exposed) -> Any:
    if row.created:
        return {201: row.schema or dict[str, Any]}
    return NOT_SET if row.schema is None else row.schema


def _on_application(
    name: str, step: str, summary: str, action: actions.Action, body: Any = None
) -> Exposed:
    """A step on one application in the caller's scope, answered with the application."""
    path = f"/applications/{{pk}}/{step}"
    find, reply = _application_at, _application_out
    return Exposed(name, path, summary, action, find, reply, body, ApplicationOut)


A = actions
EXPOSED = (
    Exposed("fund_configure", "/funds/{code}/configure", "资金设置 / fund settings",
            A.FUND_CONFIGURE, _fund_at, _fund_settings, FundConfigIn),
    Exposed("fund_clause_configure", "/funds/{code}/clauses/{clause}",
            "条款设置：免申即享、优先级、资金来源、审核上限 / clause settings",
            A.CLAUSE_CONFIGURE, _fund_at, _clause_settings, ClauseConfigIn),
    replace(Exposed("fund_continue", "/funds/{code}/continuation",
                    "续设资金至新年度 / continue a fund into a new year",
                    A.CONTINUE, _fund_at, _continued, ContinueIn, created=True),
            doc="The bureau continues a fund whose text ends before `year` (续设): its last "
            "year\nbecomes `year` and that year's budget lines are made with the text's "
            "amounts\n(`amount`: the bureau's yearly amount where the text names none)."),
    Exposed("budget_line_create", "/funds/{code}/{year}/lines", "新增预算科目 / add a budget line",
            A.LINE_CREATE, _fund_at, _line_made, LineIn, created=True),
    Exposed("budget_line_appropriate", "/lines/{pk}/appropriations",
            "安排预算(台账入账) / appropriate money to a line",
            A.APPROPRIATE, _line_at, _line_balance, AppropriationIn, created=True),
    Exposed("application_create", "/entitlements/{pk}/applications",
            "按政策兑现资格申请 / claim an entitlement",
            A.APPLY, _entitlement_at, _application_out, ClaimIn, ApplicationOut, created=True),
    Exposed("evidence_attach", "/applications/{pk}/evidence", "上传证明材料 (PDF/JPEG/PNG)",
            A.EVIDENCE, _application_at, _evidence_out, upload=True),
    _on_application("application_submit", "submit", "提交申请 / submit", A.SUBMIT, SubmitIn),
    _on_application("application_confirm", "confirm", "免申即享确认", A.CONFIRM, BankIn),
    _on_application("payment_details_change", "payment-details",
                    "更正收款信息 / correct the bank account", A.PAYEE_CHANGE, BankChangeIn),
    replace(_on_application("payee_review", "payee-review",
                            "复核变更后的收款信息 / review changed payment details",
                            A.PAYEE_REVIEW, PayeeReviewIn),
            doc="A city reviewer approves changed payment details (the application is payable "
            "again)\nor rejects them (its commitment is released and it is rejected)."),
    _on_application("district_review", "district-review", "区县初审 / district review",
                    A.DISTRICT_REVIEW, ReviewIn),
    _on_application("city_review", "city-review", "市级复核 / city review",
                    A.CITY_REVIEW, ReviewIn),
    Exposed("objection_record", "/applications/{pk}/objections",
            "登记公示异议 / record an objection",
            A.OBJECTION_RECORD, _application_at, _id_status, ObjectionIn, created=True),
    Exposed("objection_resolve", "/objections/{pk}/resolve", "处理公示异议 / resolve an objection",
            A.OBJECTION_RESOLVE, _objection_at, _id_status, ResolveIn),
    _on_application("approve_final", "approve", "公示期满核准", A.APPROVE_FINAL),
    _on_application("commit", "commit", "安排资金", A.COMMIT),
    Exposed("allocation_commit", "/lines/{pk}/allocation", "按预览安排资金 / commit the allocation",
            A.ALLOCATE, _line_at, _allocated, DigestIn),
    Exposed("automatic_batch", "/funds/{code}/{year}/automatic", "免申即享：生成申请",
            A.AUTOMATIC, _fund_at, _created),
    Exposed("publication_create", "/funds/{code}/{year}/publications",
            "公示市级审核通过的申请 / publish",
            A.PUBLISH, _fund_at, _published, created=True),
    Exposed("payment_batch_create", "/funds/{code}/{year}/payment-batches",
            "生成拨付批次 / create a payment batch",
            A.BATCH_CREATE, _fund_at, _batch_made, created=True),
    Exposed("payment_batch_send", "/payment-batches/{pk}/send", "报送国库 / sent to the treasury",
            A.BATCH_SEND, _batch_at, _id_status),
    Exposed("payment_paid", "/payments/{pk}/paid", "已到账 / paid",
            A.PAID, _payment_at, _id_status),
    Exposed("payment_failed", "/payments/{pk}/failed", "拨付失败 / failed",
            A.FAILED, _payment_at, _id_status, FailedIn),
)  # fmt: skip

for _row in EXPOSED:
    router.add_api_operation(
        _row.path, ["POST"], _endpoint(_row), response=_response(_row), summary=_row.summary
    )
