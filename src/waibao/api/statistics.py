"""统计查询 as JSON: the STATS.md indicators of the caller's region (``view_statistics``),
and the same as a file (``export_statistics``). The page ``/statistics/`` runs the same code
(``waibao.readmodel.statistics``). Likewise 从业人员查询 (``/statistics/employees/``,
``waibao.readmodel.employment``): the same scope, cache and files."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja.errors import HttpError

from waibao import permissions
from waibao.readmodel import employment, statistics
from waibao.web.auth import require
from waibao.web.params import Year

router = Router(tags=["statistics"])

ByQuery = Query(
    [],
    description="分组字段 / grouping fields (repeat or comma-separated): "
    + ", ".join(statistics.FIELD_LABELS),
)


def _items(user: Any, query: statistics.StatisticsQuery) -> list[dict[str, Any]]:
    return statistics.indicators_for(user, query)


def _query(year: int, through_month: int, by: list[str]) -> statistics.StatisticsQuery:
    return statistics.parse_query(str(year), str(through_month), by)


# A download's answer, as OpenAPI describes it: one of the three file types asked for
FILE_RESPONSE: dict[str, Any] = {
    "responses": {
        "200": {
            "description": "the file",
            "content": {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                "text/csv": {},
                "application/json": {},
            },
        }
    }
}


@router.get(
    "/statistics/indicators",
    response=list[dict[str, Any]],
    summary="统计指标 / the STATS.md indicators of your region",
)
def indicators(
    request: HttpRequest,
    year: Year,
    through_month: int = Query(12, ge=1, le=12),
    by: list[str] = ByQuery,
) -> list[dict[str, Any]]:
    """One object per group: the grouping fields, ``year`` and every indicator (amounts as
    decimal strings in yuan or US dollars, ``executed_usd_yoy`` a ratio string or null).
    409 naming the currency-years when an amount of the period has no yearly rate."""
    user = require(request, permissions.VIEW_STATISTICS)
    return _items(user, _query(year, through_month, by))


@router.get(
    "/statistics/export",
    summary="统计指标下载 / the indicators as XLSX, CSV or JSON",
    response={200: bytes},
    openapi_extra=FILE_RESPONSE,
)
def export(
    request: HttpRequest,
    year: Year,
    format: Literal["xlsx", "csv", "json"],
    through_month: int = Query(12, ge=1, le=12),
    by: list[str] = ByQuery,
) -> HttpResponse:
    user = require(request, permissions.EXPORT_STATISTICS)
    query = _query(year, through_month, by)
    return statistics.file_response(_items(user, query), query, format, actor=user)


@router.get(
    "/statistics/employees",
    response=list[dict[str, Any]],
    summary="从业人员 / year-end staff reported in your region, five years",
)
def employees(
    request: HttpRequest,
    year: Year,
    by: Literal["", "region_code", "city"] = Query("", description="分组 / grouping"),
) -> list[dict[str, Any]]:
    """The 从业人员查询 page's figures (``waibao.readmodel.employment``): for the region
    (grouping field null) and then each district or city, one object per year, oldest first,
    the year asked last: ``employees`` (null when no firm reported), ``employees_yoy`` (a
    ratio string or null) and ``enterprises_reporting``."""
    user = require(request, permissions.VIEW_STATISTICS)
    return employment.items(_employment(user, year, by))


@router.get(
    "/statistics/employees/export",
    summary="从业人员下载 / the staff figures as XLSX, CSV or JSON",
    response={200: bytes},
    openapi_extra=FILE_RESPONSE,
)
def employees_export(
    request: HttpRequest,
    year: Year,
    format: Literal["xlsx", "csv", "json"],
    by: Literal["", "region_code", "city"] = Query("", description="分组 / grouping"),
) -> HttpResponse:
    user = require(request, permissions.EXPORT_STATISTICS)
    return employment.file_response(_employment(user, year, by), format, actor=user)


def _employment(user: Any, year: int, by: str) -> employment.Employment:
    found = employment.employment_for(user, employment.parse_query(str(year), by))
    if found is None:  # the right was checked; a user with no region scope
        raise HttpError(403, "无权访问 / not allowed for this role")
    return found
