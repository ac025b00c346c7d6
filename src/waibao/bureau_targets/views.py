"""The bureau's figures page: the figures in force and their history for the jurisdictions
in the user's region, and a form to enter one where the user may (``access``). A refused
entry shows the page again with each reason next to its field, status 400; an accepted one
redirects (PRG)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waibao import jurisdiction_labels, permissions
from waibao.bureau_targets import access, measures, selectors, services
from waibao.bureau_targets.models import BureauFigure


@require_http_methods(["GET", "POST"])
def figures_page(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can(request.user, permissions.VIEW_DASHBOARD):
        raise PermissionDenied
    enterable = [
        slug for slug in access.viewable(request.user) if access.may_enter(request.user, slug)
    ]
    form: dict[str, str] = {"kind": BureauFigure.Kind.MEASURED, "comparison": ">="}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        if not enterable:
            raise PermissionDenied
        form = {name: request.POST.get(name, "") for name in services.FIELDS}
        try:
            figure = services.figure_enter(actor=request.user, values=form)
        except services.FigureRefused as refused:
            errors, status = refused.errors, 400
        else:
            messages.success(
                request,
                _("已录入：%(indicator)s %(year)s 年%(kind)s。")
                % {
                    "indicator": figure.get_indicator_display(),
                    "year": figure.year,
                    "kind": figure.get_kind_display(),
                },
            )
            return redirect("bureau_targets:figures")
    return render(
        request,
        "bureau_targets/figures.html",
        {
            **_listing(request.user),
            "enterable": _named(enterable),
            "form": form,
            "errors": errors,
            "measures": measures.MEASURES,
            "kinds": BureauFigure.Kind.choices,
            "comparisons": BureauFigure.Comparison.choices,
        },
        status=status,
    )


def _named(slugs: list[str]) -> list[tuple[str, Any]]:
    return [(slug, jurisdiction_labels.label(slug)) for slug in slugs]


def _listing(user: Any) -> dict[str, Any]:
    visible = access.viewable(user)
    current = selectors.current_figures(visible)
    in_force = {row.pk for row in current}
    history = list(selectors.figure_history(visible))
    return {
        "current": sorted(current, key=lambda r: (r.jurisdiction, r.indicator, r.kind, r.year)),
        "history": [(row, row.pk in in_force) for row in history],
    }
