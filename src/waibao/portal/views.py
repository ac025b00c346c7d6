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
from django.utils import timezone

from waibao import permissions
from waibao.portal import selectors
from waibao.portal.selectors import home_figures

FIRST_YEAR = 2000  # the oldest of the five policy texts is from 2007; facts before make no sense


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"figures": home_figures()})


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


def parse_year(text: str | None, default: int) -> int | None:
    """The ``year`` query parameter: a whole number in a sensible range, else ``None``."""
    if not text:
        return default
    try:
        year = int(text)
    except ValueError:
        return None
    return year if FIRST_YEAR <= year <= timezone.localdate().year + 1 else None


@requires(permissions.VIEW_CONTRACT)
def calculator(request: HttpRequest) -> HttpResponse:
    year = parse_year(request.GET.get("year"), timezone.localdate().year - 1)
    if year is None:
        return render(
            request, "portal/calculator.html", {"bad_year": request.GET.get("year")}, status=400
        )
    uscc = request.GET.get("uscc", "").strip() or None
    organisation = selectors.calculator_organisation(request.user, uscc)
    is_enterprise = permissions.role_of(request.user) == "enterprise"
    if organisation is None and (uscc or is_enterprise):
        raise Http404
    rows = selectors.calculator_rows(organisation, year) if organisation is not None else []
    return render(
        request,
        "portal/calculator.html",
        {
            "year": year,
            "uscc": uscc or "",
            "organisation": organisation,
            "years": selectors.calculator_years(organisation) if organisation else [],
            "q": request.GET.get("q", ""),
            "candidates": (
                selectors.calculator_candidates(request.user, request.GET.get("q", ""))
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
    return render(request, "portal/targets.html", {"progress": progress, "problem": problem})
