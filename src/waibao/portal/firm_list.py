"""企业报送查询 for staff: the firms of the user's scope with whether each reported the
period's yearly figures, as a list (docs/decisions/0031-staff-lists.md), not an empty
search box. The period is a year: the one before today's by default, the same "this
period" as the reviewer's workbench (``waibao.portal.workbench.firms_reporting``)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waibao import permissions
from waibao.registry.models import Organisation, OrganisationYear
from waibao.web import lists

REPORTED = "reported"
UNREPORTED = "unreported"
# Years offered besides those reported: the period and the four before it.
YEARS_BACK = 5


def _search(rows: QuerySet, value: str) -> QuerySet:
    return rows.filter(Q(name__icontains=value) | Q(uscc__icontains=value.upper()))


def _reported(rows: QuerySet, value: str) -> QuerySet:
    return rows.filter(reported=value == REPORTED)


def firm_list(request: HttpRequest) -> lists.ListPage:
    """The firms of the user's scope, filtered and paged as the request asks."""
    user = request.user
    firms = permissions.scope_organisations(user, Organisation.objects.all())
    period = timezone.localdate().year - 1
    reported_years = set(
        OrganisationYear.objects.filter(organisation__in=firms.values("pk"))
        .values_list("year", flat=True)
        .distinct()
    )
    years = sorted(reported_years | set(range(period - YEARS_BACK + 1, period + 1)))
    year_filter = lists.year_filter(
        "year", _("报送年度"), years, lambda rows, _value: rows, default=str(period), required=True
    )
    year = int(year_filter.read(request.GET.get("year")) or period)
    filters = [
        lists.text_filter("q", _("名称或代码"), _search),
        *lists.district_filter(firms, "region"),
        year_filter,
        lists.choice_filter(
            "status",
            _("报送状态"),
            ((REPORTED, _("已报送")), (UNREPORTED, _("未报送"))),
            _reported,
            all_label=_("全部"),
        ),
    ]
    rows = firms.select_related("region").annotate(
        reported=Exists(OrganisationYear.objects.filter(organisation=OuterRef("pk"), year=year))
    )
    return lists.list_page(
        request,
        rows,
        list_id="firms",
        filters=filters,
        orderings=(
            lists.Ordering("district", _("按区县"), ("region_id", "uscc")),
            lists.Ordering("name", _("按名称"), ("name", "uscc")),
            lists.Ordering("unreported", _("未报送在前"), ("reported", "region_id", "uscc")),
        ),
        columns=(
            lists.Column(_("名称")),
            lists.Column(_("统一社会信用代码")),
            lists.Column(_("区县")),
            lists.Column(_("%(year)s 年度数据") % {"year": year}),
            lists.Column(_("查看")),
        ),
        row_template="portal/_firm_row.html",
        empty=_("辖区内没有符合条件的机构。"),
    )
