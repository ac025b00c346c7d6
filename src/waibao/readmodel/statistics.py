"""统计查询: the STATS.md indicators of the user's region, for analysts and staff.

The page (``waibao.portal.views.statistics``, which shows the items with
``waibao.portal.statistics.display_table``) and ``GET /api/statistics/indicators`` answer the
same question with this module's code, the same as ``waibao stats indicators`` (one Ibis
query on the operational database), narrowed to the organisations of the user's region
(``permissions.region_scope``). Viewing needs ``view_statistics``; a file (XLSX, CSV, JSON)
needs ``export_statistics`` as well, so a leader reads the table and an analyst takes it away.
Results are cached under the data version (``waibao.readmodel.cache``), like every figure of
the portal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waibao import permissions
from waibao.readmodel.cache import cached_figure
from waibao.readmodel.years import parse_year
from waibao.refusals import Conflict, Refused
from waibao.stats import output
from waibao.stats.fields import GROUPING_FIELDS, UnknownField, parse_fields
from waibao.stats.indicators import INDICATORS

FIELD_LABELS: dict[str, Any] = {
    "month": _("月份"),
    "quarter": _("季度"),
    "group": _("业务类别"),
    "category": _("业务细类"),
    "client_country": _("客户国别(地区)"),
    "market": _("市场"),
    "offshore": _("离岸"),
    "region_code": _("区县"),
    "city": _("城市"),
    "park_id": _("园区"),
    "ownership": _("企业性质"),
}
INDICATOR_LABELS: dict[str, Any] = {
    "contracts_signed": _("签约合同数(份)"),
    "signed_usd": _("签约合同额(美元)"),
    "signed_cny": _("签约合同额(元)"),
    "executed_usd": _("执行额(美元)"),
    "executed_cny": _("执行额(元)"),
    "offshore_signed_usd": _("离岸签约额(美元)"),
    "offshore_executed_usd": _("离岸执行额(美元)"),
    "onshore_signed_usd": _("在岸签约额(美元)"),
    "onshore_executed_usd": _("在岸执行额(美元)"),
    "enterprises_reporting": _("填报企业数(家)"),
    "executed_usd_yoy": _("执行额同比"),
}
assert set(FIELD_LABELS) == set(GROUPING_FIELDS) and set(INDICATOR_LABELS) == set(INDICATORS)
FILE_FORMATS = output.FORMATS


class QueryError(Refused, ValueError):
    """A parameter of the statistics query is not acceptable; the message names it."""


class Unavailable(Conflict, RuntimeError):
    """The data cannot answer the query yet (an amount's currency has no yearly rate); the
    message says what to add. Not the caller's mistake, so not a 400."""


@dataclass(frozen=True)
class StatisticsQuery:
    year: int
    through_month: int
    by: tuple[str, ...]


def parse_query(year: str | None, through_month: str | None, by: list[str]) -> StatisticsQuery:
    """The query from its parameters (the page's form or the API's query string)."""
    default_year = timezone.localdate().year - 1
    parsed_year = parse_year(year, default_year)
    if parsed_year is None:
        raise QueryError(f"year {year}: not a year Waibao holds facts for")
    try:
        month = int(through_month) if through_month else 12
    except ValueError:
        month = 0
    if not 1 <= month <= 12:
        raise QueryError(f"through_month {through_month}: a month 1-12")
    # a field ticked twice (a form and a link both naming it) counts once
    ticked = dict.fromkeys(name.strip() for item in by for name in item.split(","))
    try:
        names = parse_fields(",".join(ticked), option="by")
    except UnknownField as error:
        raise QueryError(str(error)) from error
    ordered = tuple(name for name in GROUPING_FIELDS if name in names)  # one order, no repeats
    return StatisticsQuery(year=parsed_year, through_month=month, by=ordered)


def indicators_for(user: Any, query: StatisticsQuery) -> list[dict[str, Any]]:
    """The indicator items (STATS.md shape) of the user's region; [] without the right.
    :class:`Unavailable` when an amount of the period has no yearly exchange rate."""
    region = permissions.region_scope(user, permissions.VIEW_STATISTICS)
    if region is None:
        return []
    prefix = permissions.region_prefix(region)
    from waibao.stats.sources import SourceError

    try:
        return cached_figure(
            "statistics",
            [prefix, query.year, query.through_month, *query.by],
            lambda: _compute(prefix, query),
        )
    except SourceError as error:
        raise Unavailable(source_problem(error)) from error


def source_problem(error: Exception) -> str:
    """Why the statistics cannot answer, in the reader's language: the missing rates named
    and where an administrator adds them; any other engine problem as the engine says it."""
    from waibao.stats.sources import MissingRates

    if isinstance(error, MissingRates):
        return str(
            _("缺少年平均汇率：%(missing)s（请系统管理员在管理后台“年平均汇率”中补充）")
            % {"missing": "、".join(error.missing)}
        )
    return str(error)


def _compute(prefix: str, query: StatisticsQuery) -> list[dict[str, Any]]:
    from waibao.stats.indicators import indicator_rows
    from waibao.stats.sources import configured_engine, operational_source, within_region

    source = within_region(operational_source(configured_engine()), prefix)
    rows = indicator_rows(
        source, year=query.year, by=list(query.by), through_month=query.through_month
    )
    return output.present(rows, list(query.by))


def file_response(
    items: list[dict[str, Any]], query: StatisticsQuery, fmt: str, *, actor: Any
) -> HttpResponse:
    """The items as a download in ``fmt`` (one of ``output.FORMATS``), named after the query."""
    name = f"waibao-indicators-{query.year}-{query.through_month:02d}"
    if query.by:
        name += "-by-" + "-".join(query.by)
    payload = {"year": query.year, "through_month": query.through_month, "by": list(query.by)}
    return audited_file(
        items, output.columns(query.by), "indicators", f"{name}.{fmt}", actor=actor, **payload
    )


def audited_file(
    items: list[dict[str, Any]],
    columns: list[str],
    sheet: str,
    filename: str,
    *,
    actor: Any,
    **query: Any,
) -> HttpResponse:
    """``items`` as the download ``filename`` (its extension the format: xlsx, csv or json),
    the columns ``columns`` in CSV and XLSX (one sheet ``sheet``), exact machine values.

    Each download is recorded in the audit trail (``statistics.export``, reason: the file's
    name, payload: the query, the format and the rows), so that who took which figures away is
    known, and the analyst's home lists its recent exports
    (``waibao.portal.workbench.recent_exports``). The statistics and the employment query
    (``waibao.readmodel.employment``) both hand their files over here."""
    from waibao.audit.services import audit_record

    fmt = filename.rsplit(".", 1)[1]
    audit_record(
        actor=actor,
        action="statistics.export",
        obj=("statistics", str(query["year"])),
        reason=filename,
        payload={**query, "format": fmt, "items": len(items)},
    )
    if fmt == "xlsx":
        content = output.table_xlsx(items, columns, sheet)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        content, content_type = output.table_csv(items, columns).encode(), "text/csv; charset=utf-8"
    else:
        content, content_type = output.to_json(items).encode(), "application/json; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
