"""Minimal pages for each step. Views only read the request, call a selector or a service and
render; every rule (who may, which state, which amount) is enforced by the services."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waibao.funds import exports, selectors, services
from waibao.funds.access import profile_of
from waibao.funds.errors import Forbidden, FundsError
from waibao.funds.models import (
    AllocationMethod,
    Application,
    BudgetLine,
    Fund,
    FundEntitlement,
    Objection,
    Payment,
    PaymentBatch,
    Publication,
)
from waibao.funds.payee import masked
from waibao.money import format_fen
from waibao.typed_numbers import TypedNumberError, typed_fen

logger = logging.getLogger(__name__)


def _amount(request: HttpRequest, name: str) -> int | None:
    text = request.POST.get(name, "").strip()
    if not text:
        return None
    try:  # as typed: 1,234.50 or full-width digits (waibao.typed_numbers)
        return typed_fen(text)
    except TypedNumberError as error:
        raise FundsError(f"{name}: {error}") from error


def _integer(request: HttpRequest, name: str, default: int) -> int:
    text = request.POST.get(name, "").strip()
    try:
        return int(text) if text else default
    except ValueError as error:
        raise FundsError(f"{name}: {text!r} is not a whole number") from error


def _bank(request: HttpRequest) -> dict[str, str]:
    return {
        "account_name": request.POST.get("account_name", ""),
        "account_number": request.POST.get("account_number", ""),
        "bank_name": request.POST.get("bank_name", ""),
    }


def publication_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "funds/publication_list.html",
        {"publications": selectors.publication_current_list()},
    )


def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    publication = get_object_or_404(Publication.objects.select_related("fund"), pk=pk)
    if request.method == "POST":
        application = get_object_or_404(
            Application, pk=request.POST.get("application"), publication=publication
        )
        try:
            services.objection_submit(
                application=application,
                raised_by=request.POST.get("raised_by", ""),
                contact=request.POST.get("contact", ""),
                text=request.POST.get("text", ""),
            )
            messages.success(request, _("异议已登记, 主管部门将在核准前处理。"))
        except FundsError as error:
            messages.error(request, str(error))
        return redirect("funds:publication", pk=pk)
    return render(
        request,
        "funds/publication_detail.html",
        {"publication": publication, "rows": selectors.publication_rows(publication=publication)},
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    claimable = FundEntitlement.objects.none()
    if profile is not None and profile.role == "enterprise":
        claimable = FundEntitlement.objects.filter(
            organisation_id=profile.organisation_id,
            application__isnull=True,
            kind__in=services.PAYABLE_KINDS,
        )
    funds = Fund.objects.none()
    if profile is not None and profile.role == "city_admin":
        funds = Fund.objects.filter(city_code=profile.region_id)
    return render(
        request,
        "funds/home.html",
        {
            "profile": profile,
            "applications": selectors.application_list(actor=request.user),
            "queue": selectors.application_review_queue(actor=request.user),
            "overdue": selectors.application_overdue_list(actor=request.user),
            "claimable": claimable,
            "funds": funds,
        },
    )


@login_required
@require_POST
def entitlement_apply(request: HttpRequest, pk: int) -> HttpResponse:
    entitlement = get_object_or_404(FundEntitlement, pk=pk)
    try:
        application = services.application_create(
            entitlement=entitlement, actor=request.user, claimed_fen=_amount(request, "claimed")
        )
    except FundsError as error:
        messages.error(request, str(error))
        return redirect("funds:home")
    return redirect("funds:application", pk=application.pk)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(actor=request.user, application_id=pk)
    if application is None:
        raise Http404
    from waibao.audit.selectors import audit_trail

    return render(
        request,
        "funds/application_detail.html",
        {
            "application": application,
            "profile": profile_of(request.user),
            "bounds": services.amount_bounds(application),
            "masked_account": masked(application.bank_account_number),
            "trail": audit_trail(obj=application),
            "objections": application.objections.all(),
            "fen": format_fen,
        },
    )


def _run_action(request: HttpRequest, application: Application, action: str) -> Any:
    user = request.user
    post = request.POST
    if action == "evidence":
        upload = request.FILES.get("file")
        if upload is None:
            raise FundsError("choose a file")
        return services.evidence_attach(
            application=application, actor=user, name=upload.name or "file", content=upload
        )
    if action == "submit":
        return services.application_submit(
            application=application,
            actor=user,
            claimed_fen=_amount(request, "claimed"),
            **_bank(request),
        )
    if action == "confirm":
        return services.application_confirm(application=application, actor=user, **_bank(request))
    if action == "bank":
        return services.application_payment_details_change(
            application=application, actor=user, reason=post.get("reason", ""), **_bank(request)
        )
    if action == "payee":
        return services.application_payee_review(
            application=application,
            actor=user,
            decision=post.get("decision", ""),
            reason=post.get("reason", ""),
        )
    if action == "district":
        return services.application_review_district(
            application=application,
            actor=user,
            decision=post.get("decision", ""),
            reason=post.get("reason", ""),
            recommended_fen=_amount(request, "amount"),
        )
    if action == "city":
        return services.application_review_city(
            application=application,
            actor=user,
            decision=post.get("decision", ""),
            reason=post.get("reason", ""),
            approved_fen=_amount(request, "amount"),
        )
    if action == "objection":
        return services.objection_record(
            application=application,
            actor=user,
            raised_by=post.get("raised_by", ""),
            text=post.get("text", ""),
        )
    if action == "resolve":
        objection = get_object_or_404(Objection, pk=post.get("objection"), application=application)
        return services.objection_resolve(
            objection=objection,
            actor=user,
            upheld=post.get("upheld") == "1",
            resolution=post.get("resolution", ""),
        )
    if action == "approve":
        return services.application_approve_final(application=application, actor=user)
    if action == "commit":
        return services.application_commit(application=application, actor=user)
    raise Http404


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        found = selectors.evidence_read(actor=request.user, evidence_id=pk)
    except selectors.EvidenceCorrupted as error:
        logger.error("%s", error)
        return HttpResponse(
            _("证明材料校验失败: %(error)s") % {"error": error},
            status=409,
            content_type="text/plain",
        )
    if found is None:
        raise Http404
    item, data = found
    response = HttpResponse(data, content_type=item.content_type)
    response["Content-Disposition"] = f'attachment; filename="evidence-{item.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = selectors.application_get(actor=request.user, application_id=pk)
    if application is None:
        raise Http404
    try:
        _run_action(request, application, action)
        messages.success(request, _("已完成"))
    except Forbidden:
        raise
    except FundsError as error:
        messages.error(request, str(error))
    return redirect("funds:application", pk=pk)


@login_required
def fund_year(request: HttpRequest, code: str, year: int) -> HttpResponse:
    fund = get_object_or_404(Fund, code=code)
    profile = profile_of(request.user)
    if profile is None or profile.role != "city_admin" or profile.region_id != fund.city_code:
        raise Forbidden("only the fund's city admin")
    if request.method == "POST":
        try:
            step = request.POST.get("step")
            if step == "automatic":
                created = services.automatic_batch_create(fund=fund, year=year, actor=request.user)
                messages.success(request, _("免申即享: %(n)d") % {"n": len(created)})
            elif step == "publish":
                services.publication_create(fund=fund, year=year, actor=request.user)
            elif step == "configure":
                services.fund_configure(
                    fund=fund,
                    actor=request.user,
                    allocation_method=request.POST.get("allocation_method") or None,
                    publicity_days=_integer(request, "publicity_days", fund.publicity_days),
                )
            elif step == "clause":
                services.fund_clause_configure(
                    fund=fund,
                    clause=request.POST.get("clause", ""),
                    actor=request.user,
                    automatic=request.POST.get("automatic") == "1",
                    priority=_integer(request, "priority", 100),
                    source=request.POST.get("source", ""),
                    reviewer_cap_fen=_amount(request, "reviewer_cap"),
                )
            elif step == "appropriate":
                line = get_object_or_404(BudgetLine, pk=request.POST.get("line"), fund=fund)
                amount = _amount(request, "amount")
                if amount is None:
                    raise FundsError("amount is required")
                services.budget_line_appropriate(
                    line=line,
                    amount_fen=amount,
                    actor=request.user,
                    note=request.POST.get("note", ""),
                )
            elif step == "pay":
                batch = services.payment_batch_create(fund=fund, year=year, actor=request.user)
                return redirect("funds:batch", pk=batch.pk)
        except FundsError as error:
            messages.error(request, str(error))
        return redirect("funds:fund_year", code=code, year=year)
    lines = [
        (line, selectors.budget_line_balance(line=line).as_strings())
        for line in BudgetLine.objects.filter(fund=fund, year=year)
    ]
    return render(
        request,
        "funds/fund_year.html",
        {
            "fund": fund,
            "year": year,
            "lines": lines,
            "publications": fund.publications.filter(year=year),
            "batches": fund.payment_batches.filter(year=year),
            # the template's method select and clause table (empty without them: seen in the
            # browser test's screenshot)
            "methods": AllocationMethod.choices,
            "clauses": fund.clauses.all(),
        },
    )


@login_required
def line_allocation(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(BudgetLine.objects.select_related("fund"), pk=pk)
    profile = profile_of(request.user)
    if profile is None or profile.role != "city_admin" or profile.region_id != line.fund.city_code:
        raise Forbidden("only the fund's city admin")
    if request.method == "POST":
        try:
            services.allocation_commit(
                line=line, actor=request.user, expected_digest=request.POST.get("digest")
            )
            messages.success(request, _("已安排资金"))
        except FundsError as error:
            messages.error(request, str(error))
        return redirect("funds:allocation", pk=pk)
    return render(
        request,
        "funds/allocation.html",
        {
            "line": line,
            "preview": selectors.allocation_preview(line=line),
            "fen": format_fen,
            "balance": selectors.budget_line_balance(line=line).as_strings(),
        },
    )


def _batch_for(request: HttpRequest, pk: int) -> PaymentBatch:
    batch = get_object_or_404(PaymentBatch.objects.select_related("fund"), pk=pk)
    profile = profile_of(request.user)
    if profile is None or profile.role != "city_admin" or profile.region_id != batch.fund.city_code:
        raise Forbidden("only the fund's city admin")
    return batch


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    if request.method == "POST":
        try:
            step = request.POST.get("step")
            if step == "send":
                services.payment_batch_send(batch=batch, actor=request.user)
            else:
                payment = get_object_or_404(Payment, pk=request.POST.get("payment"), batch=batch)
                if step == "paid":
                    services.payment_mark_paid(payment=payment, actor=request.user)
                elif step == "failed":
                    services.payment_mark_failed(
                        payment=payment, actor=request.user, reason=request.POST.get("reason", "")
                    )
        except FundsError as error:
            messages.error(request, str(error))
        return redirect("funds:batch", pk=pk)
    return render(
        request,
        "funds/batch.html",
        {
            "batch": batch,
            # the status in the reader's language; the export keeps the codes
            "rows": [
                {**row, "status_label": Payment.Status(row["status"]).label}
                for row in selectors.payment_batch_rows(batch=batch, masked=True)
            ],
        },
    )


@login_required
def batch_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    batch = _batch_for(request, pk)
    download = exports.payment_batch_download(
        batch=batch, fmt=fmt, request=request, user=request.user
    )
    if download is None:
        raise Http404
    content, content_type = download
    response = HttpResponse(
        "\ufeff" + content if isinstance(content, str) else content, content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="payment-batch-{batch.pk}.{fmt}"'
    return response
