"""Portal views stay thin: they check ``waibao.permissions``, call selectors and render
(HackSoftware styleguide). Anonymous visitors of a signed-in page go to the login page;
signed-in users without the right get 403; objects outside their scope are 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from waibao import permissions
from waibao.portal import selectors, workbench
from waibao.portal.refusals import said
from waibao.portal.selectors import home_figures
from waibao.readmodel import calculator as calculator_reads
from waibao.readmodel.years import parse_year


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {"figures": home_figures(), "workbench": workbench.workbench_for(request.user)},
    )


def requires(action: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Sign-in first (302 to the login page), then ``permissions.can(user, action)`` (403)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not permissions.can(request.user, action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorate


def policies(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/policies.html", {"library": selectors.policy_library()})


def policy_detail(request: HttpRequest, clause_id: str) -> HttpResponse:
    found = selectors.policy_clause(clause_id)
    if found is None:
        raise Http404
    return render(request, "portal/policy_detail.html", {"item": found})


@requires(permissions.VIEW_CONTRACT)
def calculator(request: HttpRequest) -> HttpResponse:
    last_year = timezone.localdate().year - 1
    year = parse_year(request.GET.get("year"), last_year)
    if year is None:
        return render(
            request, "portal/calculator.html", {"bad_year": request.GET.get("year")}, status=400
        )
    uscc = request.GET.get("uscc", "").strip() or None
    organisation = calculator_reads.calculator_organisation(request.user, uscc)
    is_enterprise = permissions.acts_for_one_organisation(request.user)
    if organisation is None and (uscc or is_enterprise):
        raise Http404
    if organisation is not None and not request.GET.get("year"):
        year = calculator_reads.opening_year(organisation, last_year)
    language = translation.get_language() or "zh-hans"
    rows = (
        calculator_reads.calculator_rows(organisation, year, language=language)
        if organisation is not None
        else []
    )
    return render(
        request,
        "portal/calculator.html",
        {
            "year": year,
            "uscc": uscc or "",
            "organisation": organisation,
            "years": calculator_reads.calculator_years(organisation) if organisation else [],
            "q": request.GET.get("q", ""),
            "candidates": (
                calculator_reads.calculator_candidates(request.user, request.GET.get("q", ""))
                if organisation is None
                else []
            ),
            "is_enterprise": is_enterprise,
            "applying": [r for r in rows if r.applies],
            "not_applying": [r for r in rows if not r.applies],
        },
    )


@requires(permissions.VIEW_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors.dashboard_for(request.user)
    return render(
        request, "portal/dashboard.html", {"dashboard": data, "chart_data": data.chart_data()}
    )


@requires(permissions.VIEW_DASHBOARD)
def targets(request: HttpRequest) -> HttpResponse:
    """Progress towards the targets of the jurisdictions inside the user's region (a district
    sees none: the texts set city and province targets)."""
    progress, problem = selectors.target_progress_for(
        selectors.jurisdictions_in_scope(request.user, covering=False)
    )
    if progress:
        # the targets still to reach first (issue 22: the one current target came last);
        # a stable sort, so each group keeps the order of the policy files
        this_year = timezone.localdate().year
        progress = sorted(progress, key=lambda item: item["target_year"] < this_year)
    return render(request, "portal/targets.html", {"progress": progress, "problem": problem})


@requires(permissions.VIEW_STATISTICS)
def statistics(request: HttpRequest) -> HttpResponse:
    """统计查询: the indicators of the user's region, and their files for who may export."""
    from waibao.portal.statistics import display_table
    from waibao.readmodel import statistics as stats_page

    try:
        query = stats_page.parse_query(
            request.GET.get("year"), request.GET.get("through_month"), request.GET.getlist("by")
        )
    except stats_page.QueryError as error:
        return render(request, "portal/statistics.html", {"problem": said(str(error))}, status=400)
    fmt = request.GET.get("format")
    may_export = permissions.can(request.user, permissions.EXPORT_STATISTICS)
    if fmt is not None and fmt not in stats_page.FILE_FORMATS:
        return render(
            request,
            "portal/statistics.html",
            {"problem": said(f"format {fmt}: xlsx, csv or json")},
            status=400,
        )
    if fmt is not None and not may_export:
        raise PermissionDenied
    try:
        items = stats_page.indicators_for(request.user, query)
    except stats_page.Unavailable as error:
        context = {"query": query, "unavailable": str(error)}
        return render(request, "portal/statistics.html", context, status=409)
    if fmt is not None:
        return stats_page.file_response(items, query, fmt, actor=request.user)
    columns = [*query.by, "year", *stats_page.INDICATOR_LABELS]
    labels = {**stats_page.FIELD_LABELS, "year": _("年度"), **stats_page.INDICATOR_LABELS}
    # figures right-aligned and unbroken (137.42亿 on one line), the grouping names kept
    # whole where short (新荣区), the year as it comes
    kinds = [
        "amount" if name in stats_page.INDICATOR_LABELS else "key" if name in query.by else ""
        for name in columns
    ]
    return render(
        request,
        "portal/statistics.html",
        {
            "query": query,
            "months": range(1, 13),
            "fields": [(name, stats_page.FIELD_LABELS[name]) for name in stats_page.FIELD_LABELS],
            "headers": list(zip([labels[name] for name in columns], kinds, strict=True)),
            "table": [list(zip(row, kinds, strict=True)) for row in display_table(items, columns)],
            "may_export": may_export,
            "export_query": request.GET.urlencode(),
            "formats": stats_page.FILE_FORMATS,
        },
    )


@requires(permissions.VIEW_STATISTICS)
def statistics_employees(request: HttpRequest) -> HttpResponse:
    """从业人员查询: staff the organisations of the user's region reported, for five years, in
    total and by district or city (the cockpit's 从业人员 drills down here)."""
    from waibao.portal import names
    from waibao.readmodel import employment

    try:
        query = employment.parse_query(request.GET.get("year"), request.GET.get("by"))
    except employment.EmploymentQueryError as error:
        return render(
            request, "portal/statistics_employees.html", {"problem": said(str(error))}, status=400
        )
    fmt = request.GET.get("format")
    may_export = permissions.can(request.user, permissions.EXPORT_STATISTICS)
    if fmt is not None and fmt not in employment.FILE_FORMATS:
        problem = said(f"format {fmt}: xlsx, csv or json")
        return render(request, "portal/statistics_employees.html", {"problem": problem}, status=400)
    if fmt is not None and not may_export:
        raise PermissionDenied
    found = employment.employment_for(request.user, query)
    if found is None:  # the right was checked above; a user with no region scope
        raise PermissionDenied
    if fmt is not None:
        return employment.file_response(found, fmt, actor=request.user)
    regions = names.region_names(row.code for row in found.rows)
    return render(
        request,
        "portal/statistics_employees.html",
        {
            "query": query,
            "employment": found,
            "rows": [(regions.get(row.code, row.code), row) for row in found.rows],
            "groups": [("", _("不分组")), ("region_code", _("区县")), ("city", _("城市"))],
            "may_export": may_export,
            "export_query": request.GET.urlencode(),
            "formats": employment.FILE_FORMATS,
        },
    )
