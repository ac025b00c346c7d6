"""统计查询: the STATS.md indicators of the user's region, for analysts and staff.

The page and ``GET /api/statistics/indicators`` answer the same question with the same code
as ``waibao stats indicators`` (one Ibis query on the operational database), narrowed to the
organisations of the user's region (``permissions.region_scope``). Viewing needs
``view_statistics``; a file (XLSX, CSV, JSON) needs ``export_statistics`` as well, so a
leader reads the table and an analyst takes it away. Results are cached under the data
version, like every figure of the portal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waibao import permissions
from waibao.stats.fields import GROUPING_FIELDS
from waibao.stats.indicators import INDICATORS

FIELD_LABELS: dict[str, Any] = {
    "month": _("月份"),
    "quarter": _("季度"),
    "group": _("业务类别"),
    "category": _("业务细类"),
    "client_country": _("客户国别(地区)"),
    "market": _("市场"),
    "offshore": _("离岸"),
    "region_code": _("区县代码"),
    "city": _("城市代码"),
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
FILE_FORMATS = ("xlsx", "csv", "json")


class QueryError(ValueError):
    """A parameter of the statistics query is not acceptable; the message names it."""


class Unavailable(RuntimeError):
    """The data cannot answer the query yet (an amount's currency has no yearly rate); the
    message says what to add. Not the caller's mistake, so not a 400."""


@dataclass(frozen=True)
class StatisticsQuery:
    year: int
    through_month: int
    by: tuple[str, ...]


def parse_query(year: str | None, through_month: str | None, by: list[str]) -> StatisticsQuery:
    """The query from its parameters (the page's form or the API's query string)."""
    from waibao.portal.views import parse_year

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
    names = [name for item in by for name in item.split(",") if name.strip()]
    names = [name.strip() for name in names]
    unknown = [name for name in names if name not in GROUPING_FIELDS]
    if unknown:
        raise QueryError(
            f"by: unknown field {', '.join(unknown)}; choose from {', '.join(GROUPING_FIELDS)}"
        )
    ordered = tuple(name for name in GROUPING_FIELDS if name in names)  # one order, no repeats
    return StatisticsQuery(year=parsed_year, through_month=month, by=ordered)


def indicators_for(user: Any, query: StatisticsQuery) -> list[dict[str, Any]]:
    """The indicator items (STATS.md shape) of the user's region; [] without the right.
    :class:`Unavailable` when an amount of the period has no yearly exchange rate."""
    region = permissions.region_scope(user, permissions.VIEW_STATISTICS)
    if region is None:
        return []
    prefix = permissions.region_prefix(region)
    from waibao.portal.figures import cached_figure
    from waibao.stats.sources import SourceError

    try:
        return cached_figure(
            "statistics",
            [prefix, query.year, query.through_month, *query.by],
            lambda: _compute(prefix, query),
        )
    except SourceError as error:
        raise Unavailable(str(error)) from error


def _compute(prefix: str, query: StatisticsQuery) -> list[dict[str, Any]]:
    from django.db import connection

    from waibao.stats import output
    from waibao.stats.indicators import indicator_rows
    from waibao.stats.sources import operational_source, within_region

    engine = "postgres" if connection.vendor == "postgresql" else "sqlite"
    source = within_region(operational_source(engine), prefix)
    rows = indicator_rows(
        source, year=query.year, by=list(query.by), through_month=query.through_month
    )
    return output.present(rows, list(query.by))


def export_file(
    items: list[dict[str, Any]], query: StatisticsQuery, fmt: str
) -> tuple[bytes, str, str]:
    """The file's bytes, content type and name for ``fmt`` (xlsx, csv or json)."""
    from waibao.stats import output

    name = f"waibao-indicators-{query.year}-{query.through_month:02d}"
    if query.by:
        name += "-by-" + "-".join(query.by)
    if fmt == "xlsx":
        return (
            output.to_xlsx(items, list(query.by)),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            name + ".xlsx",
        )
    if fmt == "csv":
        return (
            output.to_csv(items, list(query.by)).encode("utf-8"),
            "text/csv; charset=utf-8",
            name + ".csv",
        )
    return output.to_json(items).encode("utf-8"), "application/json; charset=utf-8", name + ".json"
