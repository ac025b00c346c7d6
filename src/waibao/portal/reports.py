"""Enterprise reporting pages (issue 6): the organisation's profile with its yearly figures,
and its contracts and executions with forms to add one, or a file of them.

An enterprise sees and reports for its own organisation only; staff with contract rights
(district reviewers, city administrators, analysts) look at an organisation of their scope
read-only, named by ``?uscc=``; outside the scope it does not exist (404). Writes go through
``waibao.reporting.reports``, which checks ``submit_report`` on the organisation again, runs
the importers' own rules and leaves the audit record. A successful POST redirects (PRG);
a refused one shows the page again, with every problem and the values typed, status 400.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waibao import permissions
from waibao.portal.contract_list import contract_list
from waibao.portal.firm_list import firm_list
from waibao.portal.refusals import said_by_column
from waibao.portal.views import requires
from waibao.registry.models import Organisation
from waibao.reporting import reports
from waibao.reporting import selectors as reporting
from waibao.reporting.services import CONTRACT_COLUMNS, EXECUTION_COLUMNS

CONTRACT_FIELDS = tuple(c.name for c in CONTRACT_COLUMNS if c.name != "uscc")
EXECUTION_FIELDS = tuple(c.name for c in EXECUTION_COLUMNS if c.name != "uscc")


def _organisation(request: HttpRequest) -> Organisation | None:
    """The organisation of the page, or ``None`` for staff who have not named one yet; 404
    when the one named is not there or outside the user's scope."""
    uscc = request.GET.get("uscc", "").strip() or None
    organisation = reporting.reporting_organisation(request.user, uscc)
    is_enterprise = permissions.acts_for_one_organisation(request.user)
    if organisation is None and (uscc or is_enterprise):
        raise Http404
    return organisation


def _query(request: HttpRequest, organisation: Organisation) -> str:
    """``?uscc=…`` for staff (their pages name the firm), nothing for the enterprise."""
    if permissions.acts_for_one_organisation(request.user):
        return ""
    return "?" + urlencode({"uscc": organisation.uscc})


def _may_report(request: HttpRequest, organisation: Organisation) -> bool:
    return permissions.can(request.user, permissions.SUBMIT_REPORT, organisation)


def _firms(request: HttpRequest) -> HttpResponse:
    """Staff without ``?uscc=``: the firms of their scope with whether each reported the
    period's figures, filtered and paged (docs/decisions/0031-staff-lists.md)."""
    return render(request, "portal/report_pick.html", {"list": firm_list(request)})


def _contracts(request: HttpRequest) -> HttpResponse:
    """Staff without ``?uscc=`` on the contracts tab: every contract of their scope."""
    return render(request, "portal/report_contract_list.html", {"list": contract_list(request)})


# ------------------------------------------------------------------------------ profile


@require_http_methods(["GET", "POST"])
@requires(permissions.VIEW_CONTRACT)
def profile(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and not permissions.can(request.user, permissions.SUBMIT_REPORT):
        raise PermissionDenied  # as the other writes: no right 403, then scope 404
    organisation = _organisation(request)
    if organisation is None:
        if request.method == "POST":
            raise Http404  # staff write for a firm they name
        return _firms(request)
    may_report = _may_report(request, organisation)
    errors: dict[str, list[str]] = {}
    problems: list[str] = []
    typed: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if not may_report:
            raise PermissionDenied
        typed = {name: request.POST.get(name, "") for name in ("year", *reports.YEAR_FIELDS)}
        try:
            reports.organisation_year_report(
                actor=request.user,
                organisation=organisation,
                year=typed["year"],
                values={name: typed[name] for name in reports.YEAR_FIELDS},
            )
        except reports.ReportRefused as refused:
            errors, problems, status = said_by_column(refused.by_column()), refused.lines, 400
        else:
            messages.success(request, _("%(year)s 年度数据已保存。") % {"year": typed["year"]})
            return redirect(reverse("portal:report") + _query(request, organisation))
    data = reporting.organisation_profile(organisation)
    if not typed:
        typed = _year_form_values(data, request.GET.get("year", ""))
    return render(
        request,
        "portal/report_profile.html",
        {
            "profile": data,
            "organisation": organisation,
            "may_report": may_report,
            "query": _query(request, organisation),
            "form": typed,
            "errors": errors,
            "problems": problems,
        },
        status=status,
    )


def _year_form_values(data: reporting.Profile, year: str) -> dict[str, str]:
    """The yearly form pre-filled with a year's stored figures (``?year=``), else blank."""
    for row in data.years:
        if str(row.year) == year:
            typed = {"year": year}
            for name in reports.YEAR_FIELDS:
                value = getattr(row, name)
                if value is None:
                    typed[name] = ""
                elif isinstance(value, bool):
                    typed[name] = "true" if value else "false"
                else:
                    typed[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
            return typed
    return {"year": year}


# ---------------------------------------------------------------- contracts and executions


def _contracts_page(
    request: HttpRequest,
    organisation: Organisation,
    *,
    status: int = 200,
    contract_form: dict[str, str] | None = None,
    contract_errors: dict[str, list[str]] | None = None,
    execution_form: dict[str, str] | None = None,
    execution_errors: dict[str, list[str]] | None = None,
    upload_problems: list[str] | None = None,
    problems: list[str] | None = None,
) -> HttpResponse:
    language = get_language() or "zh-hans"
    rows = reporting.contracts_of(organisation)
    return render(
        request,
        "portal/report_contracts.html",
        {
            "organisation": organisation,
            "contracts": rows,
            "may_report": _may_report(request, organisation),
            "query": _query(request, organisation),
            "countries": reporting.country_choices(language),
            "currencies": reporting.currency_choices(language),
            "categories": reporting.category_choices(language),
            "contract_form": contract_form or {"client_country": "", "currency": ""},
            "contract_errors": contract_errors or {},
            "execution_form": execution_form or {"currency": ""},
            "execution_errors": execution_errors or {},
            "upload_problems": upload_problems or [],
            "problems": problems or [],
            # the import files' columns, named on the page (DATA-FORMATS.md is not shown)
            "contract_columns": [c.name for c in CONTRACT_COLUMNS],
            "execution_columns": [c.name for c in EXECUTION_COLUMNS],
        },
        status=status,
    )


@require_GET
@requires(permissions.VIEW_CONTRACT)
def contracts(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    if organisation is None:
        return _contracts(request)
    return _contracts_page(request, organisation)


def _writable(request: HttpRequest) -> Organisation:
    organisation = _organisation(request)
    if organisation is None:
        raise Http404
    if not _may_report(request, organisation):
        raise PermissionDenied
    return organisation


def _back(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return redirect(reverse("portal:report_contracts") + _query(request, organisation))


@require_POST
@requires(permissions.SUBMIT_REPORT)
def contract_add(request: HttpRequest) -> HttpResponse:
    organisation = _writable(request)
    typed = {name: request.POST.get(name, "") for name in CONTRACT_FIELDS}
    try:
        contract = reports.contract_report(
            actor=request.user, organisation=organisation, values=typed
        )
    except reports.ReportRefused as refused:
        return _contracts_page(
            request,
            organisation,
            status=400,
            contract_form=typed,
            contract_errors=said_by_column(refused.by_column()),
            problems=refused.lines,
        )
    if contract is None:
        messages.info(
            request, _("合同 %(id)s 已报送过，内容相同，未作改动。") % {"id": typed["contract_id"]}
        )
    else:
        messages.success(request, _("合同 %(id)s 已报送。") % {"id": contract.contract_id})
    return _back(request, organisation)


@require_POST
@requires(permissions.SUBMIT_REPORT)
def execution_add(request: HttpRequest) -> HttpResponse:
    organisation = _writable(request)
    typed = {name: request.POST.get(name, "") for name in EXECUTION_FIELDS}
    try:
        execution = reports.execution_report(
            actor=request.user, organisation=organisation, values=typed
        )
    except reports.ReportRefused as refused:
        return _contracts_page(
            request,
            organisation,
            status=400,
            execution_form=typed,
            execution_errors=said_by_column(refused.by_column()),
            problems=refused.lines,
        )
    ids = {"id": typed["execution_id"], "contract": typed["contract_id"]}
    if execution is None:
        messages.info(
            request, _("合同 %(contract)s 的执行 %(id)s 已报送过，内容相同，未作改动。") % ids
        )
    else:
        messages.success(request, _("合同 %(contract)s 的执行 %(id)s 已报送。") % ids)
    return _back(request, organisation)


@require_POST
@requires(permissions.SUBMIT_REPORT)
def upload(request: HttpRequest) -> HttpResponse:
    organisation = _writable(request)
    try:
        outcome = reports.reports_upload(
            actor=request.user,
            organisation=organisation,
            contracts=request.FILES.get("contracts_file"),
            executions=request.FILES.get("executions_file"),
        )
    except reports.ReportRefused as refused:
        return _contracts_page(request, organisation, status=400, upload_problems=refused.lines)
    for result in outcome.results:
        messages.success(
            request,
            _("%(file)s：新增 %(added)s 行，%(unchanged)s 行已存在且相同。")
            % {"file": result.file, "added": result.added, "unchanged": result.unchanged},
        )
    for warning in outcome.warnings:
        messages.warning(request, warning)
    return _back(request, organisation)
