"""The applications a user may see, as one list on the funds page (docs/decisions/
0031-staff-lists.md): newest first, with the filters reviewers use (state, year, overdue,
district, a firm by name or code). The scope is the funds app's own
(``selectors.application_list``); the filters only narrow it."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waibao.funds import selectors
from waibao.funds.models import Application
from waibao.web import lists

YES = "yes"


def _search(rows: QuerySet, value: str) -> QuerySet:
    found = Q(organisation__name__icontains=value) | Q(organisation__uscc__icontains=value.upper())
    if value.isdigit():
        found |= Q(pk=int(value))
    return rows.filter(found)


def _overdue(rows: QuerySet, _value: str) -> QuerySet:
    today = timezone.localdate()
    return rows.filter(
        Q(status=Application.Status.SUBMITTED, district_due__lt=today)
        | Q(status=Application.Status.DISTRICT_APPROVED, city_due__lt=today)
    )


def application_list_page(request: HttpRequest) -> lists.ListPage:
    applications = selectors.application_list(actor=request.user)
    years = list(applications.order_by().values_list("year", flat=True).distinct())
    filters = [
        lists.text_filter("q", _("单位名称、代码或申请编号"), _search),
        *lists.district_filter(applications, "organisation__region"),
        lists.year_filter("year", _("年度"), years, lambda rows, value: rows.filter(year=value)),
        lists.choice_filter(
            "status",
            _("状态"),
            Application.Status.choices,
            lambda rows, value: rows.filter(status=value),
            all_label=_("全部"),
        ),
        lists.choice_filter(
            "overdue", _("审核超期"), ((YES, _("已超期")),), _overdue, all_label=_("全部")
        ),
    ]
    return lists.list_page(
        request,
        applications,
        list_id="applications",
        filters=filters,
        orderings=(
            lists.Ordering("newest", _("最新在前"), ("-year", "-id")),
            lists.Ordering("firm", _("按单位"), ("organisation__name", "year", "id")),
        ),
        columns=(
            lists.Column(_("编号")),
            lists.Column(_("单位")),
            lists.Column(_("年度")),
            lists.Column(_("条款")),
            lists.Column(_("申请(元)"), "amount"),
            lists.Column(_("核定(元)"), "amount"),
            lists.Column(_("安排(元)"), "amount"),
            lists.Column(_("状态")),
        ),
        row_template="funds/_application_row.html",
        table_class="cards",
        empty=_("暂无"),
    )
