"""The leader's cockpit (领导驾驶舱): the headline figures of the year and of the month, the
districts ranked, and the current development targets, for the leader's jurisdiction.

Every amount and count is an item of the statistics query (``waibao.readmodel.statistics``):
the same function, the same user scope (``permissions.region_scope``), the same cache
under the data version, so that each figure's drill-down link — the statistics page with the
query's parameters filled in — shows the very same number. Amounts are in US dollars only,
each amount converted on its own at its year's rate (``waibao.stats.exact``, the vectorised
twin of ``waibao.reporting.rates``, proved equal by the tests), never a converted sum.

Employment is not an item of the statistics query: it is what the enterprises report for
the year (``OrganisationYear.employees``), read by the employment query
(``waibao.readmodel.employment``) for the same region, whose page (从业人员查询) the figure
drills down to (docs/decisions/0030-leader-cockpit.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any
from urllib.parse import urlencode

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from waibao import jurisdictions as catalogue
from waibao import permissions
from waibao.money import parse_fen
from waibao.readmodel.cache import cached_figure
from waibao.readmodel.statistics import StatisticsQuery, indicators_for

# The districts chart shows the largest this many by name and the rest as one bar (其他):
# forty bars of which every fourth is labelled tell nothing.
TOP_DISTRICTS = 8
# The charts' one unit: 亿美元 (10^8 US dollars, 10^10 cents).
CHART_DIVISOR = Decimal(10) ** 10


@dataclass(frozen=True)
class Figure:
    """One headline figure: its value, the same period a year before, the change between
    them, its monthly (or yearly) trend, and the statistics query that produced it.

    ``kind`` says how the values read: ``amount`` (a two-decimal USD string), ``count`` (an
    int) or ``ratio`` (a four-decimal string: a share or a growth)."""

    key: str
    label: str
    kind: str
    value: Any
    previous: Any
    change: str | None  # growth over ``previous`` (amounts and counts only)
    trend: list[Any]  # oldest first, the same kind as ``value``
    trend_label: str
    link: str  # "" when no statistics query produces the figure
    unit: str = ""  # 美元, 家, 人 (translated by the page)


@dataclass(frozen=True)
class DistrictRow:
    code: str  # "" for the row that gathers the rest (其他)
    name: str
    executed_usd: str
    signed_usd: str
    share: str | None  # of the scope's executed value
    chart_value: str  # executed value in 亿美元, for the chart only


@dataclass(frozen=True)
class TargetRow:
    id: str
    document: str
    phrase: str
    unit: str
    target_year: int
    target_value: Any
    actual_year: int | None
    actual_value: Any
    progress: str | None
    growth_needed: str | None
    growth_achieved: str | None
    met: bool | None
    on_track: bool | None


@dataclass(frozen=True)
class Cockpit:
    year: int | None  # the period: January to ``month`` of ``year`` (None: no data in scope)
    month: int
    year_figures: list[Figure] = field(default_factory=list)
    month_figures: list[Figure] = field(default_factory=list)
    districts: list[DistrictRow] = field(default_factory=list)
    districts_by: str = "region_code"  # "city" for a province or everywhere
    districts_link: str = ""
    months: list[dict[str, Any]] = field(default_factory=list)  # the monthly chart's table
    current_targets: list[TargetRow] = field(default_factory=list)
    past_targets: int = 0
    problem: str = ""  # why the figures cannot be shown (a missing exchange rate)

    def chart_data(self) -> dict[str, Any]:
        """What the two charts draw: amounts in 亿美元 as exact decimal strings."""
        return {
            "unit": str(_("亿美元")),
            "months": [str(_("%(month)s月") % {"month": row["month"]}) for row in self.months],
            "executed": [row["chart"] for row in self.months],
            "previous": [row["previous_chart"] for row in self.months],
            "districts": [row.name for row in self.districts],
            "districtValues": [row.chart_value for row in self.districts],
            "labels": {
                "current": str(_("%(year)s年") % {"year": self.year}),
                "previous": str(_("%(year)s年") % {"year": (self.year or 0) - 1}),
                "executed": str(_("执行额")),
            },
        }


def cockpit_for(user: Any, *, today: dt.date) -> Cockpit | None:
    """The cockpit of ``user``'s region, or ``None`` without the right to the statistics."""
    from waibao.readmodel.statistics import Unavailable

    scope = permissions.region_scope(user, permissions.VIEW_STATISTICS)
    if scope is None or not permissions.can(user, permissions.VIEW_DASHBOARD):
        return None
    period = latest_period(scope, today=today)
    targets, past = current_targets(user, this_year=today.year)
    if period is None:
        return Cockpit(year=None, month=12, current_targets=targets, past_targets=past)
    year, month = period
    try:
        figures = _figures(user, scope, year, month)
    except Unavailable as error:
        return Cockpit(
            year=year, month=month, current_targets=targets, past_targets=past, problem=str(error)
        )
    return Cockpit(year=year, month=month, current_targets=targets, past_targets=past, **figures)


def latest_period(scope: str, *, today: dt.date) -> tuple[int, int] | None:
    """(year, month) of the latest execution (or, without any, contract) in the region, not
    after ``today``: the period the cockpit reports, January to that month."""
    from waibao.reporting.models import Contract, Execution

    executed = Execution.objects.filter(
        permissions.region_filter(scope, "contract__organisation__"), execution_date__lte=today
    ).aggregate(m=Max("execution_date"))["m"]
    if executed is None:
        executed = Contract.objects.filter(
            permissions.region_filter(scope, "organisation__"), signed_date__lte=today
        ).aggregate(m=Max("signed_date"))["m"]
    return None if executed is None else (executed.year, executed.month)


def statistics_link(year: int, month: int, by: tuple[str, ...] = ()) -> str:
    """The statistics page asked the query whose item a figure is."""
    params: list[tuple[str, Any]] = [("year", year), ("through_month", month)]
    params += [("by", name) for name in by]
    return f"{reverse('portal:statistics')}?{urlencode(params)}"


def _one(user: Any, year: int, month: int, by: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return indicators_for(user, StatisticsQuery(year=year, through_month=month, by=by))


def _cents(item: dict[str, Any] | None, name: str) -> int:
    return parse_fen(item[name]) if item and item.get(name) is not None else 0


def _growth(current: int, previous: int) -> str | None:
    from waibao.stats.output import format_ratio

    return None if previous == 0 else format_ratio(Fraction(current, previous) - 1)


def _share(part: int, whole: int) -> str | None:
    from waibao.stats.output import format_ratio

    return None if whole == 0 else format_ratio(Fraction(part, whole))


def _amount(cents: int) -> str:
    from waibao.money import format_fen

    return format_fen(cents) or "0.00"


def _chart(cents: int) -> str:
    return str((Decimal(cents) / CHART_DIVISOR).quantize(Decimal("0.000001"), ROUND_HALF_UP))


def _figures(user: Any, scope: str, year: int, month: int) -> dict[str, Any]:
    now = (_one(user, year, month) or [None])[0]
    before = (_one(user, year - 1, month) or [None])[0]
    monthly = {row["month"]: row for row in _one(user, year, month, ("month",))}
    monthly_before = {row["month"]: row for row in _one(user, year - 1, month, ("month",))}
    months = list(range(1, month + 1))
    year_link = statistics_link(year, month)
    month_link = statistics_link(year, month, ("month",))

    def headline(
        current: dict[str, Any] | None,
        previous: dict[str, Any] | None,
        series: list[dict[str, Any] | None],
        link: str,
    ) -> list[Figure]:
        trend_label = str(_("逐月"))
        out = []
        for key, label in (("executed_usd", _("执行额")), ("signed_usd", _("签约额"))):
            value, was = _cents(current, key), _cents(previous, key)
            out.append(
                Figure(
                    key,
                    str(label),
                    "amount",
                    _amount(value),
                    _amount(was),
                    _growth(value, was),
                    [_amount(_cents(row, key)) for row in series],
                    trend_label,
                    link,
                    "美元",
                )
            )
        out.append(
            Figure(
                "executed_usd_yoy",
                str(_("执行额同比增长")),
                "ratio",
                current.get("executed_usd_yoy") if current else None,
                previous.get("executed_usd_yoy") if previous else None,
                None,
                [row.get("executed_usd_yoy") if row else None for row in series],
                trend_label,
                link,
            )
        )
        out.append(
            Figure(
                "offshore_share",
                str(_("离岸执行占比")),
                "ratio",
                _share(_cents(current, "offshore_executed_usd"), _cents(current, "executed_usd")),
                _share(_cents(previous, "offshore_executed_usd"), _cents(previous, "executed_usd")),
                None,
                [
                    _share(_cents(row, "offshore_executed_usd"), _cents(row, "executed_usd"))
                    for row in series
                ],
                trend_label,
                link,
            )
        )
        reporting = (current or {}).get("enterprises_reporting", 0)
        reported_before = (previous or {}).get("enterprises_reporting", 0)
        out.append(
            Figure(
                "enterprises_reporting",
                str(_("填报企业")),
                "count",
                reporting,
                reported_before,
                _growth(reporting, reported_before),
                [(row or {}).get("enterprises_reporting", 0) for row in series],
                trend_label,
                link,
                str(_("家")),
            )
        )
        return out

    year_figures = headline(now, before, [monthly.get(m) for m in months], year_link)
    year_figures.append(_employment(user, year))
    month_figures = headline(
        monthly.get(month), monthly_before.get(month), [monthly.get(m) for m in months], month_link
    )
    # a province (or everywhere) is ranked by city, a city by district
    by = "city" if len(permissions.region_prefix(scope)) <= 2 else "region_code"
    districts = _districts(_one(user, year, month, (by,)), by, _cents(now, "executed_usd"))
    return {
        "year_figures": year_figures,
        "month_figures": month_figures,
        "districts": districts,
        "districts_by": by,
        "districts_link": statistics_link(year, month, (by,)),
        "months": [
            {
                "month": m,
                "executed_usd": _amount(_cents(monthly.get(m), "executed_usd")),
                "previous_usd": _amount(_cents(monthly_before.get(m), "executed_usd")),
                "chart": _chart(_cents(monthly.get(m), "executed_usd")),
                "previous_chart": _chart(_cents(monthly_before.get(m), "executed_usd")),
            }
            for m in months
        ],
    }


def _employment(user: Any, year: int) -> Figure:
    """Year-end staff the organisations of the region reported for ``year``, and the years
    before: the employment query (``waibao.readmodel.employment``), whose page the figure
    links to, so that the page shows the same number."""
    from waibao.readmodel.employment import EmploymentQuery, employment_for

    found = employment_for(user, EmploymentQuery(year=year))
    if found is None:
        raise ValueError("the cockpit is shown only to users with the statistics")
    total = found.total
    return Figure(
        "employees",
        str(_("从业人员(年末)")),
        "count",
        total.value,
        total.previous,
        total.change,
        [n or 0 for n in total.staff],
        str(_("逐年")),
        employment_link(year),
        str(_("人")),
    )


def employment_link(year: int, by: str = "") -> str:
    """The employment query's page for ``year`` (and grouping)."""
    params: list[tuple[str, Any]] = [("year", year)]
    if by:
        params.append(("by", by))
    return f"{reverse('portal:statistics_employees')}?{urlencode(params)}"


def _districts(items: list[dict[str, Any]], by: str, total: int) -> list[DistrictRow]:
    """The districts (cities for a province) by executed value, largest first; beyond
    ``TOP_DISTRICTS`` gathered into one row 其他."""
    from waibao.registry.models import Region

    ranked = sorted(items, key=lambda item: (-_cents(item, "executed_usd"), str(item[by])))
    names = dict(
        Region.objects.filter(code__in=[str(item[by]) for item in ranked]).values_list(
            "code", "name"
        )
    )

    def row(code: str, name: str, executed: int, signed: int) -> DistrictRow:
        return DistrictRow(
            code,
            name,
            _amount(executed),
            _amount(signed),
            _share(executed, total),
            _chart(executed),
        )

    rows = [
        row(
            str(item[by]),
            names.get(str(item[by]), str(item[by])),
            _cents(item, "executed_usd"),
            _cents(item, "signed_usd"),
        )
        for item in ranked[:TOP_DISTRICTS]
    ]
    rest = ranked[TOP_DISTRICTS:]
    if rest:
        rows.append(
            row(
                "",
                str(_("其他(%(n)s个)") % {"n": len(rest)}),
                sum(_cents(item, "executed_usd") for item in rest),
                sum(_cents(item, "signed_usd") for item in rest),
            )
        )
    return rows


def current_targets(user: Any, *, this_year: int) -> tuple[list[TargetRow], int]:
    """The targets of the jurisdictions inside the user's region whose year is this year or
    later, soonest first, with progress; and how many lie in the past (the targets page
    lists them)."""
    region = permissions.region_scope(user, permissions.VIEW_DASHBOARD)
    if region is None:
        return [], 0
    prefix = permissions.region_prefix(region)
    inside = sorted(j.slug for j in catalogue.jurisdictions() if j.region.startswith(prefix))
    progress = cached_figure("cockpit-targets", inside, lambda: _target_progress(inside))
    current = [item for item in progress if item["target_year"] >= this_year]
    current.sort(key=lambda item: (item["target_year"], item["id"]))
    rows = [
        TargetRow(
            id=item["id"],
            document=item["document"],
            phrase=item["source_phrase"],
            unit=item["unit"],
            target_year=item["target_year"],
            target_value=item["target_value"],
            actual_year=item["actual_year"],
            actual_value=item["actual_value"],
            progress=item["progress"],
            growth_needed=item["growth_needed"],
            growth_achieved=item["growth_achieved"],
            met=item["met"],
            on_track=item["on_track"],
        )
        for item in current
    ]
    return rows, len(progress) - len(current)


def _target_progress(jurisdictions: list[str]) -> list[dict[str, Any]]:
    from waibao.stats.sources import SourceError, configured_engine, operational_source
    from waibao.stats.targets import load_targets, target_progress

    targets = [t for t in load_targets() if t.jurisdiction in jurisdictions]
    try:
        return target_progress(targets, source=operational_source(configured_engine()))
    except SourceError:
        return []
