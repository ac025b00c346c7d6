"""The enterprise's expense declarations (issue 19): the expenses the clauses read (office
rent or purchase, trade fairs, platform usage…) by year, a form to declare one and a button
to withdraw one. The rules of the reporting pages (``waibao.portal.reports``): an enterprise
sees and writes its own organisation only; staff with contract rights look at a firm of
their scope read-only (``?uscc=``). Writes go through ``waibao.reporting.expenses``."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from waibao import evidence_store, permissions
from waibao.portal.reports import _firms, _may_report, _organisation, _query, _writable
from waibao.portal.views import requires
from waibao.registry.models import Expense, Organisation
from waibao.reporting import expenses


def _page(
    request: HttpRequest,
    organisation: Organisation,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "portal/report_expenses.html",
        {
            "organisation": organisation,
            "expenses": expenses.expenses_of(organisation),
            "kinds": Expense.Kind.choices,
            "may_report": _may_report(request, organisation),
            "query": _query(request, organisation),
            "form": form or {},
            "errors": errors or {},
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@requires(permissions.VIEW_CONTRACT)
def expense_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        organisation = _writable(request)  # 404 outside the scope, 403 without the right
        typed = {name: request.POST.get(name, "") for name in expenses.FIELDS}
        try:
            expense = expenses.expense_declare(
                actor=request.user,
                organisation=organisation,
                values=typed,
                evidence=request.FILES.get("evidence"),
            )
        except expenses.ExpenseRefused as refused:
            return _page(request, organisation, form=typed, errors=refused.errors, status=400)
        messages.success(
            request,
            _("已申报 %(year)s 年%(kind)s。")
            % {"year": expense.year, "kind": expense.get_kind_display()},
        )
        return redirect(reverse("portal:report_expenses") + _query(request, organisation))
    organisation = _organisation(request)
    if organisation is None:
        return _firms(request)  # staff pick a firm from the list of their scope
    return _page(request, organisation)


@require_POST
@requires(permissions.SUBMIT_REPORT)
def expense_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _writable(request)
    try:
        expenses.expense_withdraw(actor=request.user, organisation=organisation, expense_id=pk)
    except Expense.DoesNotExist as missing:
        raise Http404 from missing  # another organisation's expense does not exist here
    messages.success(request, _("已撤回该项费用申报。"))
    return redirect(reverse("portal:report_expenses") + _query(request, organisation))


@require_http_methods(["GET"])
@requires(permissions.VIEW_CONTRACT)
def expense_evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """The supporting document of one declared expense, for whoever may see the firm's
    reports (its own enterprise, staff of its scope); anyone else a 404."""
    organisation = _organisation(request)
    if organisation is None:
        raise Http404
    expense = Expense.objects.filter(pk=pk, organisation=organisation).first()
    if expense is None or not expense.evidence_sha256:
        raise Http404
    path = evidence_store.evidence_path(expense.evidence_sha256)
    if not path.exists():
        raise Http404
    return FileResponse(
        path.open("rb"),
        content_type=expense.evidence_type,
        as_attachment=True,
        filename=expense.evidence_name or expense.evidence_sha256,
    )
