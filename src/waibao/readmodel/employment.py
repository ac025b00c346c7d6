"""从业人员查询: year-end staff the enterprises of the user's region reported, year by year.

Employment is not an item of the statistics query (STATS.md counts contracts and executions,
whose years come from their dates); it is what the organisations report for a year
(``OrganisationYear.employees``). This module is its one reading, for the leader's cockpit
(the 从业人员 figure and its five-year trend) and for the statistics page the figure drills
down to (``/statistics/employees/``), so that both show the same number by construction:
the same function, the same scope (``permissions.region_scope(user, view_statistics)``, as
the statistics query), the same cache under the data version.

A year's figure is the sum of the staff reported for it by the organisations registered in
the region; ``None`` when none reported a figure (unknown, not zero). Beside it, how many
organisations reported one, so that a reader sees what the sum covers.

The same figures travel as exact machine values (:func:`items`): the page's downloads (XLSX,
CSV, JSON, audited ``statistics.export`` as the statistics downloads are) and
``GET /api/statistics/employees`` (``waibao.api.statistics``), one object per group and year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from waibao import permissions
from waibao.readmodel.cache import cached_figure
from waibao.readmodel.years import parse_year
from waibao.refusals import Refused

YEARS = 5  # the years shown: the one asked and the four before (the cockpit's trend)
GROUPS = ("region_code", "city")  # by district, by city; "" for the region as a whole
FILE_FORMATS = ("json", "csv", "xlsx")  # as the statistics query's (``stats.output.FORMATS``)


class EmploymentQueryError(Refused, ValueError):
    """A parameter of the employment query is not acceptable; the message names it (a 400 in
    the API, as ``statistics.QueryError``)."""


@dataclass(frozen=True)
class EmploymentQuery:
    year: int
    by: str = ""  # "" (the region), "region_code" or "city"


@dataclass(frozen=True)
class EmploymentRow:
    code: str  # the district or city code; "" for the whole region
    staff: tuple[int | None, ...]  # per year of ``Employment.years``; None: nobody reported
    reported: tuple[int, ...]  # per year: the organisations that reported staff

    @property
    def value(self) -> int | None:
        return self.staff[-1]

    @property
    def previous(self) -> int | None:
        return self.staff[-2]

    @property
    def reporting(self) -> int:
        """The organisations that reported staff for the query's year."""
        return self.reported[-1]

    @property
    def change(self) -> str | None:
        """Growth on the year before, exact, four decimals; None without both years."""
        return self.change_at(len(self.staff) - 1)

    def change_at(self, index: int) -> str | None:
        """Growth of year ``index`` on the one before it; None without both (the oldest
        year's year before is outside the query)."""
        from fractions import Fraction

        from waibao.stats.output import format_ratio

        value, before = self.staff[index], self.staff[index - 1] if index else None
        if value is None or not before:
            return None
        return format_ratio(Fraction(value, before) - 1)


@dataclass(frozen=True)
class Employment:
    query: EmploymentQuery
    years: tuple[int, ...]  # oldest first, ending with the year asked
    total: EmploymentRow
    rows: tuple[EmploymentRow, ...]  # by ``query.by``, by code; () for the region only


def parse_query(year: str | None, by: str | None) -> EmploymentQuery:
    """The query from the page's parameters (the year defaults to last year, as the
    statistics page's)."""
    parsed = parse_year(year, timezone.localdate().year - 1)
    if parsed is None:
        raise EmploymentQueryError(f"year {year}: not a year Waibao holds facts for")
    by = (by or "").strip()
    if by and by not in GROUPS:
        raise EmploymentQueryError(f"by {by}: choose from {', '.join(GROUPS)}")
    return EmploymentQuery(year=parsed, by=by)


def employment_for(user: Any, query: EmploymentQuery) -> Employment | None:
    """Staff reported in the user's region for the query's year and the four before, in
    total and by ``query.by``; ``None`` without the right to the statistics."""
    scope = permissions.region_scope(user, permissions.VIEW_STATISTICS)
    if scope is None:
        return None
    prefix = permissions.region_prefix(scope)
    # "employment.2": the rows carry every year's reporting count (an entry of the first
    # shape, cached before, would lack it)
    return cached_figure(
        "employment.2", [prefix, query.year, query.by], lambda: _compute(scope, query)
    )


def _compute(scope: str, query: EmploymentQuery) -> Employment:
    from django.db.models import Count, Sum

    from waibao.registry.models import OrganisationYear

    years = tuple(range(query.year - YEARS + 1, query.year + 1))
    reported = (
        OrganisationYear.objects.filter(
            permissions.region_filter(scope, "organisation__"),
            year__gte=years[0],
            year__lte=years[-1],
            employees__isnull=False,
        )
        .values("year", "organisation__region_id")
        .annotate(staff=Sum("employees"), organisations=Count("organisation", distinct=True))
    )
    # (group code, year) -> [staff, organisations]; "" is the whole region
    cells: dict[tuple[str, int], list[int]] = {}
    for item in reported:
        region = str(item["organisation__region_id"])
        codes = [""]
        if query.by == "region_code":
            codes.append(region)
        elif query.by == "city":
            codes.append(region[:4] + "00")
        for code in codes:
            cell = cells.setdefault((code, int(item["year"])), [0, 0])
            cell[0] += int(item["staff"])
            cell[1] += int(item["organisations"])

    def row(code: str) -> EmploymentRow:
        staff = tuple(cells[(code, year)][0] if (code, year) in cells else None for year in years)
        reported = tuple(cells.get((code, year), [0, 0])[1] for year in years)
        return EmploymentRow(code, staff, reported)

    groups = sorted({code for code, _year in cells if code})
    return Employment(query, years, row(""), tuple(row(code) for code in groups))


def columns(query: EmploymentQuery) -> list[str]:
    """The columns of :func:`items` (and of the files): the grouping field, if any, first."""
    return [*([query.by] if query.by else []), "year", *FIGURES]


FIGURES = ("employees", "employees_yoy", "enterprises_reporting")


def items(found: Employment) -> list[dict[str, Any]]:
    """The page's figures as exact machine values: for the region (the grouping field
    ``None``) and then each group, one object per year, oldest first: ``employees`` (an
    integer, null when nobody reported), ``employees_yoy`` (growth on the year before, a
    ratio string with four decimals, or null) and ``enterprises_reporting``."""
    out = []
    for row in (found.total, *found.rows):
        for index, year in enumerate(found.years):
            item: dict[str, Any] = {found.query.by: row.code or None} if found.query.by else {}
            item.update(
                year=year,
                employees=row.staff[index],
                employees_yoy=row.change_at(index),
                enterprises_reporting=row.reported[index],
            )
            out.append(item)
    return out


def file_response(found: Employment, fmt: str, *, actor: Any) -> HttpResponse:
    """The figures as a download in ``fmt`` (xlsx, csv or json), audited as the statistics
    downloads are (``waibao.readmodel.statistics.audited_file``)."""
    from waibao.readmodel.statistics import audited_file

    query = found.query
    name = f"waibao-employees-{query.year}" + (f"-by-{query.by}" if query.by else "")
    return audited_file(
        items(found),
        columns(query),
        "employees",
        f"{name}.{fmt}",
        actor=actor,
        query="employees",
        year=query.year,
        by=[query.by] if query.by else [],
    )
