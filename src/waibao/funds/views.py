"""Minimal pages for each step. Views only read the request, call a selector or a service and
render; every rule (who may, which state, which amount) is enforced by the services. A form's
step runs its service through ``waibao.funds.actions`` (``_step``), as the API does."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waibao import permissions
from waibao.funds import access, actions, exports, field_refusals, selectors
from waibao.funds.access import profile_of
from waibao.funds.application_list import application_list_page
from waibao.funds.errors import Forbidden, FundsError
from waibao.funds.models import (
    AllocationMethod,
    Application,
    BudgetLine,
    Fund,
    FundEntitlement,
    Payment,
    PaymentBatch,
    Publication,
)
from waibao.funds.payee import masked
from waibao.funds.stages.common import PAYABLE_KINDS
from waibao.funds.stages.review import amount_bounds
from waibao.money import format_fen

logger = logging.getLogger(__name__)


def _step(
    request: HttpRequest,
    action: actions.Action | None,
    target: Any,
    success: str = "",
    *,
    form: str = "",
    let_forbidden_answer: bool = False,
    **fixed: Any,
) -> Any:
    """Run one step of a page's form through its action (none: the form named no known
    step). A refused rule becomes an error message and the result ``None``: beside its field
    when it is about one (``form``: the form's key, ``field_refusals``), else at the top; so
    does a ``Forbidden``, unless the page lets it answer 403. ``fixed``: values the URL
    gives."""
    if action is None:
        return None
    try:
        done = action.run(target, request.user, actions.form_reader(request, **fixed))
    except FundsError as error:
        if let_forbidden_answer and isinstance(error, Forbidden):
            raise
        place = field_refusals.remember(request, form, error)
        if place is None:
            messages.error(request, str(error))
        request.funds_refused_anchor = place  # type: ignore[attr-defined]
        return None
    if success:
        messages.success(request, success)
    return done


def _back(request: HttpRequest, to: str, **kwargs: Any) -> HttpResponse:
    """Redirect to the page; to the refused field's message when a step was refused so."""
    response = redirect(to, **kwargs)
    place = getattr(request, "funds_refused_anchor", None)
    if place:
        response["Location"] += f"#{place}"
    return response


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
        _step(
            request,
            actions.OBJECTION_SUBMIT,
            application,
            _("异议已登记，主管部门将在核准前处理。"),
        )
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
    if profile is not None and permissions.acts_for_one_organisation(request.user):
        claimable = FundEntitlement.objects.filter(
            organisation_id=profile.organisation_id,
            application__isnull=True,
            kind__in=PAYABLE_KINDS,
        )
    funds = access.funds_run_by(request.user)
    return render(
        request,
        "funds/home.html",
        {
            "profile": profile,
            "applications": selectors.application_list(actor=request.user),
            "application_list": application_list_page(request),
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
    application = _step(
        request, actions.APPLY, entitlement, form=field_refusals.form_key("apply", pk)
    )
    if application is None:
        return _back(request, "funds:home")
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
            "bounds": amount_bounds(application),
            "masked_account": masked(application.bank_account_number),
            "trail": audit_trail(obj=application),
            # the review form's step (its refused field comes back beside it)
            "review_step": "district" if application.status == "submitted" else "city",
            "claimed_text": format_fen(application.claimed_fen) or "",
            "objections": application.objections.all(),
            "fen": format_fen,
        },
    )


# the page's /applications/<pk>/<action>/ steps; ``resolve`` acts on one of its objections
APPLICATION_STEPS = {
    "evidence": actions.EVIDENCE,
    "submit": actions.SUBMIT,
    "confirm": actions.CONFIRM,
    "bank": actions.PAYEE_CHANGE,
    "payee": actions.PAYEE_REVIEW,
    "district": actions.DISTRICT_REVIEW,
    "city": actions.CITY_REVIEW,
    "objection": actions.OBJECTION_RECORD,
    "resolve": actions.OBJECTION_RESOLVE,
    "approve": actions.APPROVE_FINAL,
    "commit": actions.COMMIT,
}


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        found = selectors.evidence_read(actor=request.user, evidence_id=pk)
    except selectors.EvidenceCorrupted as error:
        logger.error("%s", error)
        return HttpResponse(
            _("证明材料校验失败：%(error)s") % {"error": error},
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
    step = APPLICATION_STEPS.get(action)
    if step is None:
        raise Http404
    target: Any = application
    form = action
    if step is actions.OBJECTION_RESOLVE:
        target = get_object_or_404(application.objections, pk=request.POST.get("objection"))
        form = field_refusals.form_key(action, target.pk)
    _step(request, step, target, _("已完成"), form=form, let_forbidden_answer=True)
    return _back(request, "funds:application", pk=pk)


# the fund year page's steps (its forms' ``step``); ``appropriate`` acts on one of its lines
FUND_YEAR_STEPS = {
    "automatic": actions.AUTOMATIC,
    "publish": actions.PUBLISH,
    "configure": actions.FUND_CONFIGURE,
    "clause": actions.CLAUSE_CONFIGURE,
    "appropriate": actions.APPROPRIATE,
    "pay": actions.BATCH_CREATE,
}


@login_required
def fund_year(request: HttpRequest, code: str, year: int) -> HttpResponse:
    fund = get_object_or_404(Fund, code=code)
    access.require_runs_fund(request.user, fund)
    if request.method == "POST":
        action = FUND_YEAR_STEPS.get(request.POST.get("step", ""))
        target: Any = fund
        if action is actions.APPROPRIATE:
            target = get_object_or_404(BudgetLine, pk=request.POST.get("line"), fund=fund)
        done = _step(request, action, target, form=request.POST.get("step", ""), year=year)
        if done is not None and action is actions.AUTOMATIC:
            messages.success(request, _("免申即享：%(n)d") % {"n": len(done)})
        elif done is not None and action is actions.BATCH_CREATE:
            return redirect("funds:batch", pk=done.pk)
        return _back(request, "funds:fund_year", code=code, year=year)
    lines = [
        (line, selectors.budget_line_balance(line=line).as_strings())
        for line in BudgetLine.objects.filter(fund=fund, year=year)
    ]
    sources = selectors.source_names(fund)
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
            # the clause form offers the text's payable clauses and the fund's sources by name
            "payable_clauses": selectors.payable_clauses(fund),
            "sources": sources,
            "clauses": [(c, sources.get(c.source, c.source)) for c in fund.clauses.all()],
        },
    )


@login_required
@require_POST
def fund_continue(request: HttpRequest, code: str) -> HttpResponse:
    """续设 from the funds home page: on success, the new year's page."""
    fund = get_object_or_404(Fund, code=code)
    lines = _step(
        request,
        actions.CONTINUE,
        fund,
        _("资金已续设"),
        form=field_refusals.form_key("continue", code),
        let_forbidden_answer=True,
    )
    if lines is None:
        return _back(request, "funds:home")
    fund.refresh_from_db()
    return redirect("funds:fund_year", code=code, year=fund.last_year)


@login_required
def line_allocation(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(BudgetLine.objects.select_related("fund"), pk=pk)
    access.require_runs_fund(request.user, line.fund)
    if request.method == "POST":
        _step(request, actions.ALLOCATE, line, _("已安排资金"))
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
    access.require_runs_fund(request.user, batch.fund)
    return batch


# the batch page's steps: ``send`` acts on the batch, the others on one of its payments
BATCH_STEPS = {"send": actions.BATCH_SEND, "paid": actions.PAID, "failed": actions.FAILED}


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    if request.method == "POST":
        step = request.POST.get("step", "")
        target: Any = batch
        if step != "send":
            target = get_object_or_404(batch.payments, pk=request.POST.get("payment"))
        form = field_refusals.form_key(step, None if step == "send" else target.pk)
        _step(request, BATCH_STEPS.get(step), target, form=form)
        return _back(request, "funds:batch", pk=pk)
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
