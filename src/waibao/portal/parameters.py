"""The administrator's parameter page: the bureau's own settings of the policy texts.

Each configurable parameter (an amount or rate a text leaves to the bureau, "给予一定补助") is
shown with the clause it serves (citation and text), the law's value, the value in force
today and every past decision; a form sets a new value from a date, with a reason
(``waibao.policy.services.parameter_set``: checked, dated, audited). Below, the funds'
clauses with 免申即享 (``FundClause.automatic``), changed through the funds' own service
(``fund_clause_configure``: a city administrator of the fund's city).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from waibao import permissions
from waibao.funds.selectors import fund_clause_rows
from waibao.policy import selectors, services
from waibao.portal.selectors import JURISDICTION_LABELS
from waibao.portal.views import requires


def _page(
    request: HttpRequest,
    *,
    status: int = 200,
    failed: str = "",
    typed: dict[str, str] | None = None,
    problems: dict[str, str] | None = None,
) -> HttpResponse:
    jurisdictions = selectors.configurable_jurisdictions(request.user)
    groups: dict[str, list[Any]] = {}
    language = translation.get_language() or "zh-hans"
    for row in selectors.parameter_rows(jurisdictions, language=language):
        groups.setdefault(row.jurisdiction, []).append(row)
    return render(
        request,
        "portal/parameters.html",
        {
            "groups": [
                (name, str(JURISDICTION_LABELS.get(name, name)), rows)
                for name, rows in groups.items()
            ],
            "fund_clauses": fund_clause_rows(request.user),
            "today": timezone.localdate().isoformat(),
            "failed": failed,
            "typed": typed or {},
            "problems": problems or {},
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@requires(permissions.CONFIGURE_POLICY)
def parameters(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request)
    name = request.POST.get("parameter", "")
    typed = {
        "value": request.POST.get("value", ""),
        "effective_from": request.POST.get("effective_from", ""),
        "reason": request.POST.get("reason", ""),
    }
    try:
        services.parameter_set(
            actor=request.user,
            parameter=name,
            value=typed["value"],
            effective_from=typed["effective_from"],
            reason=typed["reason"],
        )
    except services.UnknownParameter:
        raise Http404 from None
    except services.ParameterRefused as refused:
        return _page(request, status=400, failed=name, typed=typed, problems=refused.problems)
    messages.success(request, _("参数 %(name)s 已设置。") % {"name": name})
    return redirect(reverse("portal:parameters") + "#" + name)


@require_POST
@requires(permissions.CONFIGURE_POLICY)
def automatic(request: HttpRequest) -> HttpResponse:
    """免申即享 on or off for one clause of one fund (the funds' own rule decides who)."""
    from waibao.funds import services as funds
    from waibao.funds.errors import Forbidden, FundsError
    from waibao.funds.models import Fund

    fund = get_object_or_404(Fund, code=request.POST.get("fund", ""))
    clause = request.POST.get("clause", "")
    on = request.POST.get("automatic") == "1"
    try:
        funds.fund_clause_configure(fund=fund, clause=clause, actor=request.user, automatic=on)
    except Forbidden as error:  # not this user's fund (a system administrator reads only)
        raise PermissionDenied(str(error)) from error
    except FundsError as error:
        messages.error(request, str(error))
        return redirect(reverse("portal:parameters") + "#automatic")
    label = _("免申即享已开启") if on else _("免申即享已关闭")
    messages.success(request, f"{fund.code} {clause}: {label}")
    return redirect(reverse("portal:parameters") + "#automatic")
