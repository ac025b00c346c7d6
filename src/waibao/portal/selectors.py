"""Reads behind the portal's pages only: the home page's public counts, the policy library and
the leader dashboard's series. What the API shows as well (the enterprise calculator, the
statistics) is read by ``waibao.readmodel``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Sum
from django.db.models.functions import ExtractYear, Substr
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from waibao import jurisdiction_labels, permissions
from waibao import jurisdictions as catalogue
from waibao.portal.parameter_values import parameter_value
from waibao.readmodel.cache import cached_figure
from waibao.readmodel.calculator import KIND_LABELS

if TYPE_CHECKING:
    from waibao.reporting.rates import Rates


@dataclass(frozen=True)
class CityCount:
    city_code: str
    city: str
    province: str
    organisations: int


@dataclass(frozen=True)
class HomeFigures:
    cities: list[CityCount]
    organisations: int
    latest_year: int | None
    contracts_signed: int
    executions: int


def home_figures() -> HomeFigures:
    """Organisations per city, and contracts and executions of the latest year with any."""
    from waibao.registry.models import Organisation, Region
    from waibao.reporting.models import Contract, Execution

    per_city = (
        Organisation.objects.annotate(city_prefix=Substr("region_id", 1, 4))
        .values("city_prefix")
        .annotate(n=Count("id"))
        .order_by("city_prefix")
    )
    codes = [row["city_prefix"] + "00" for row in per_city]
    names = {r.code: r for r in Region.objects.filter(code__in=codes).select_related("parent")}
    cities = []
    for row in per_city:
        code = row["city_prefix"] + "00"
        region = names.get(code)
        cities.append(
            CityCount(
                city_code=code,
                city=region.name if region else code,
                province=region.parent.name if region and region.parent else "",
                organisations=row["n"],
            )
        )
    latest = Contract.objects.aggregate(latest=Max("signed_date"))["latest"]
    year = latest.year if latest else None
    signed = executed = 0
    if year is not None:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        # Counts only, read from the date indexes: anything finer (offshore, value) needs
        # every row and belongs to the statistics pages.
        signed = Contract.objects.filter(signed_date__gte=first, signed_date__lte=last).count()
        executed = Execution.objects.filter(
            execution_date__gte=first, execution_date__lte=last
        ).count()
    return HomeFigures(
        cities=cities,
        organisations=sum(c.organisations for c in cities),
        latest_year=year,
        contracts_signed=signed,
        executions=executed,
    )


# --- Policy library -------------------------------------------------------------------------

JURISDICTION_LABELS = jurisdiction_labels.LABELS  # names from the policy folders' manifests


@dataclass(frozen=True)
class ParameterValue:
    since: dt.date
    value: SafeString  # as the pages write its type (``portal.parameter_values``)


@dataclass(frozen=True)
class ParameterView:
    name: str
    type: str
    description: str
    citation: str
    source_phrase: str
    values: list[ParameterValue]


@dataclass(frozen=True)
class ClauseView:
    clause: Any  # waibao.rules.Clause
    kind_label: str
    parameters: list[ParameterView]
    title: str = ""  # the clause's short title in the page's language (the id is secondary)
    rule: str = ""  # the clause's rule in the page's language
    validity_note: str | None = None  # how long it is in force, in the page's language


@dataclass(frozen=True)
class JurisdictionPolicies:
    jurisdiction: str
    label: str
    document: Any  # waibao.rules.Document
    clauses: list[ClauseView]


def _clause_view(found: Any) -> ClauseView:
    from django.utils import translation

    from waibao.rules import parameters

    language = translation.get_language() or "zh-hans"
    params = parameters()
    views = []
    for name in found.params:
        parameter = params[name]
        views.append(
            ParameterView(
                name=name,
                type=parameter.type,
                description=parameter.describe(language),
                citation=parameter.citation.text(),
                source_phrase=parameter.citation.phrase,
                values=[
                    ParameterValue(day, parameter_value(parameter.type, raw))
                    for day, raw in parameter.raw_values
                ],
            )
        )
    return ClauseView(
        clause=found,
        kind_label=str(KIND_LABELS.get(found.kind, found.kind)),
        parameters=views,
        title=found.title(language),
        rule=found.rule_in(language),
        validity_note=found.validity_note_in(language),
    )


def policy_library() -> list[JurisdictionPolicies]:
    """Every clause of the registry, grouped by jurisdiction in document order."""
    from waibao.rules import registry

    grouped: dict[str, list[Any]] = {}
    for found in registry():
        grouped.setdefault(found.jurisdiction, []).append(found)
    return [
        JurisdictionPolicies(
            jurisdiction=name,
            label=str(JURISDICTION_LABELS.get(name, name)),
            document=clauses[0].document,
            clauses=[_clause_view(c) for c in clauses],
        )
        for name, clauses in grouped.items()
    ]


def policy_clause(clause_id: str) -> ClauseView | None:
    from waibao.rules import clause

    try:
        return _clause_view(clause(clause_id))
    except KeyError:
        return None


# --- Leader dashboard ------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetClause:
    clause_id: str
    jurisdiction: str
    citation: str
    text: str


@dataclass(frozen=True)
class Dashboard:
    """What the dashboard draws, already as JSON-ready lists (amounts as decimal strings of
    the currency's main unit: exact, and the chart only scales them)."""

    years: list[int]
    currencies: list[str]
    executed_by_year: dict[str, list[str]]  # currency -> amount per year of ``years``
    executed_usd_by_year: list[str] | None  # all currencies in USD; None without every rate
    contracts_by_year: list[int]
    executions_by_year: list[int]
    latest_year: int | None
    latest_executions: int
    districts: list[str]  # the latest year's, largest in USD first when every rate is known
    executed_by_district: dict[str, list[str]]  # currency -> amount per district, latest year
    executed_usd_by_district: list[str] | None  # in USD per district; None without every rate
    organisations: int
    targets: list[TargetClause]

    def year_rows(self) -> list[tuple[int, int, int, str | None, list[str]]]:
        """(year, contracts signed, executions, executed in USD or None, executed amount per
        currency) for the table under the charts."""
        usd = self.executed_usd_by_year
        return [
            (
                year,
                self.contracts_by_year[i],
                self.executions_by_year[i],
                usd[i] if usd is not None else None,
                [self.executed_by_year[c][i] for c in self.currencies],
            )
            for i, year in enumerate(self.years)
        ]

    def currency_labels(self) -> list[tuple[str, str]]:
        """(ISO code, name) of each currency, for the table's column headers."""
        return [(c, currency_label(c)) for c in self.currencies]

    def chart_data(self) -> dict[str, Any]:
        return {
            "years": self.years,
            "currencies": self.currencies,
            "executedByYear": self.executed_by_year,
            "executedUsdByYear": self.executed_usd_by_year,
            "contractsByYear": self.contracts_by_year,
            "executionsByYear": self.executions_by_year,
            "latestYear": self.latest_year,
            "districts": self.districts,
            "executedByDistrict": self.executed_by_district,
            "executedUsdByDistrict": self.executed_usd_by_district,
            "labels": {
                "executed": str(_("执行金额")),
                "contracts": str(_("签订合同数")),
                "executions": str(_("执行笔数")),
                # the chart's axis unit: amounts scaled as the pages write them (亿/万, or
                # billion/million on English pages), the currency after it, counts in 笔/份
                "scales": chart_scales(),
                "currencyNames": {c: currency_name(c) for c in [*self.currencies, "USD"]},
                "currencyLabels": {c: currency_label(c) for c in [*self.currencies, "USD"]},
                "countUnit": str(_("笔/份")),
            },
        }


def chart_scales() -> list[tuple[int, str]]:
    """(divisor, word) from the largest, for a chart's amount axis: 亿 and 万 on Chinese
    pages, billion and million on English ones (waibao.numbers_display)."""
    from django.utils.translation import get_language

    if (get_language() or "").startswith("en"):
        return [(1_000_000_000, " billion "), (1_000_000, " million ")]
    return [(100_000_000, "亿"), (10_000, "万")]


def currency_name(code: str) -> str:
    """A currency as the unit after an amount (亿美元, 万元, 亿日元): 元 for CNY, else its
    ISO 4217 name in the page's language; English pages keep the code (2.1 billion USD)."""
    if code == "CNY":
        return str(_("元"))
    return _iso_currency_name(code)


def currency_label(code: str) -> str:
    """A currency as a legend or column names it: 人民币 for CNY, else as :func:`currency_name`."""
    if code == "CNY":
        return str(_("人民币"))
    return _iso_currency_name(code)


def _iso_currency_name(code: str) -> str:
    """ISO 4217's name from pycountry's catalogue in the page's language (美元, 欧元, 港元);
    the code on English pages, and where the catalogue has no name for it."""
    from django.utils.translation import get_language

    from waibao.reporting.selectors import currency_name as iso_currency_name

    language = get_language() or "zh-hans"
    if language.startswith("en"):
        return code
    return iso_currency_name(code, language)


def dashboard_for(user: Any) -> Dashboard:
    """Aggregates of the user's region (everything for a leader without one): executions by
    year and currency, contracts and executions counted by year, the latest year's executions
    by district. Sums per currency, never added across currencies without a rate.

    Cached under the data version (``waibao.readmodel.cache``) and the scope itself: the SQL
    of the user's three scoped querysets and the jurisdictions, so users share an entry only
    when ``waibao.permissions`` gives them the same rows."""
    from waibao.registry.models import Organisation
    from waibao.reporting.models import Contract, Execution

    action = permissions.VIEW_DASHBOARD
    executions = permissions.scope_executions(user, Execution.objects.all(), action)
    contracts = permissions.scope_contracts(user, Contract.objects.all(), action)
    organisations = permissions.scope_organisations(user, Organisation.objects.all(), action)
    jurisdictions = jurisdictions_in_scope(user)
    scope = [_sql(executions), _sql(contracts), _sql(organisations), jurisdictions]
    return cached_figure(
        "dashboard",
        scope,
        lambda: _dashboard(executions, contracts, organisations, jurisdictions),
    )


def _sql(queryset: Any) -> str:
    """A queryset's SQL with its parameters: what it selects, as a cache key's part."""
    sql, params = queryset.query.sql_with_params()
    return f"{sql} {params!r}"


def _dashboard(
    executions: Any, contracts: Any, organisations: Any, jurisdictions: list[str]
) -> Dashboard:
    from waibao.money import format_fen
    from waibao.registry.models import Region
    from waibao.reporting.rates import Rates

    rates = Rates.from_database()  # read once: the year and the district figures convert alike
    by_year_currency = (
        executions.annotate(y=ExtractYear("execution_date"))
        .values("y", "currency")
        .annotate(total=Sum("amount_minor"), n=Count("id"))
        .order_by("y", "currency")
    )
    signed = (
        contracts.annotate(y=ExtractYear("signed_date"))
        .values("y")
        .annotate(n=Count("id"))
        .order_by("y")
    )
    totals: dict[tuple[int, str], int] = {}
    execution_counts: dict[int, int] = {}
    for row in by_year_currency:
        totals[(row["y"], row["currency"])] = row["total"] or 0
        execution_counts[row["y"]] = execution_counts.get(row["y"], 0) + row["n"]
    contract_counts = {row["y"]: row["n"] for row in signed}
    years = sorted(set(execution_counts) | set(contract_counts))
    currencies = sorted({currency for _y, currency in totals})
    latest = max(execution_counts) if execution_counts else None

    districts: list[str] = []
    by_district: dict[str, list[str]] = {c: [] for c in currencies}
    usd_by_district: list[str] | None = None
    if latest is not None:
        rows = (
            executions.filter(
                execution_date__gte=dt.date(latest, 1, 1),
                execution_date__lte=dt.date(latest, 12, 31),
            )
            .values("contract__organisation__region_id", "currency")
            .annotate(total=Sum("amount_minor"))
            .order_by("contract__organisation__region_id")
        )
        sums: dict[tuple[str, str], int] = {}
        codes: list[str] = []
        for row in rows:
            code = row["contract__organisation__region_id"]
            if code not in codes:
                codes.append(code)
            sums[(code, row["currency"])] = row["total"] or 0
        usd = _usd_by_district(executions, latest, codes, rates)
        if usd is not None:  # the largest first: the leader reads a ranking
            codes.sort(key=lambda code: -usd[code])
        names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
        districts = [names.get(code, code) for code in codes]
        by_district = {
            c: [format_fen(sums.get((code, c), 0)) or "0.00" for code in codes] for c in currencies
        }
        if usd is not None:
            usd_by_district = [format_fen(usd[code]) or "0.00" for code in codes]
    return Dashboard(
        years=years,
        currencies=currencies,
        executed_by_year={
            c: [format_fen(totals.get((y, c), 0)) or "0.00" for y in years] for c in currencies
        },
        executed_usd_by_year=_usd_by_year(executions, years, rates),
        contracts_by_year=[contract_counts.get(y, 0) for y in years],
        executions_by_year=[execution_counts.get(y, 0) for y in years],
        latest_year=latest,
        latest_executions=execution_counts.get(latest, 0) if latest is not None else 0,
        districts=districts,
        executed_by_district=by_district,
        executed_usd_by_district=usd_by_district,
        organisations=organisations.count(),
        targets=_targets(jurisdictions),
    )


def jurisdictions_in_scope(user: Any, *, covering: bool = True) -> list[str]:
    """The jurisdictions inside the user's region (a province: its cities' texts), and with
    ``covering`` also those whose area covers it (a district reviewer: its city's and its
    province's texts, whose target texts are public but whose figures are beyond a district's
    scope); all of them for staff without a region. Regions are the policy folders' codes."""
    profile = getattr(user, "waibao_profile", None) if permissions.role_of(user) else None
    prefix = permissions.region_prefix(getattr(profile, "region_id", None))
    return [
        found.slug
        for found in catalogue.jurisdictions()
        if found.region.startswith(prefix) or (covering and prefix.startswith(found.region))
    ]


def _usd_by_year(executions: Any, years: list[int], rates: Rates) -> list[str] | None:
    """Each year's executions in USD, each amount converted on its own at its year's rate
    and then summed (``waibao.reporting.rates``, the one conversion: the same figure as the
    statistics, open data and the brief), or ``None`` when a rate is missing: the dashboard
    then shows each currency apart rather than guess."""
    from waibao.money import format_fen
    from waibao.reporting.rates import MissingRate

    cents = dict.fromkeys(years, 0)
    rows = executions.values_list("execution_date", "currency", "amount_minor").order_by()
    try:
        for when, currency, amount in rows.iterator(chunk_size=10_000):
            cents[when.year] += rates.usd_cents(amount, currency, when.year)
    except MissingRate:
        return None
    return [format_fen(cents[year]) or "0.00" for year in years]


def _usd_by_district(
    executions: Any, year: int, codes: list[str], rates: Rates
) -> dict[str, int] | None:
    """``year``'s executions in US cents per district code, converted one by one as
    :func:`_usd_by_year` does (so the districts add up to that year's figure), or ``None``
    when a rate is missing: amounts of different currencies are then never stacked."""
    from waibao.reporting.rates import MissingRate

    cents = dict.fromkeys(codes, 0)
    rows = (
        executions.filter(
            execution_date__gte=dt.date(year, 1, 1), execution_date__lte=dt.date(year, 12, 31)
        )
        .values_list("contract__organisation__region_id", "currency", "amount_minor")
        .order_by()
    )
    try:
        for code, currency, amount in rows.iterator(chunk_size=10_000):
            cents[code] += rates.usd_cents(amount, currency, year)
    except MissingRate:
        return None
    return cents


def _targets(jurisdictions: list[str]) -> list[TargetClause]:
    """The development targets the policy texts set (clauses of kind ``target``)."""
    from waibao.rules import registry

    return [
        TargetClause(c.id, str(JURISDICTION_LABELS.get(c.jurisdiction, "")), c.citation, c.text)
        for c in registry()
        if c.kind == "target" and c.jurisdiction in jurisdictions
    ]


def target_progress_for(jurisdictions: list[str]) -> tuple[list[dict[str, Any]] | None, str]:
    """Progress towards each numeric target (``waibao.stats``: actual against target, growth
    achieved and needed), and why there is none: the statistics package is not installed, or
    it cannot compute (a missing exchange rate, named, rather than a guess). Slow to compute
    (Ibis queries per target and year: one to a few seconds on the demo data), so it is
    cached under the data version (``waibao.readmodel.cache``): computed once per change of
    the data, by the first visitor or by ``waibao demo``."""

    return cached_figure("targets", sorted(jurisdictions), lambda: _target_progress(jurisdictions))


def _target_progress(jurisdictions: list[str]) -> tuple[list[dict[str, Any]] | None, str]:

    try:  # Ibis: imported only to compute, never for a figure already cached
        from waibao.stats.bureau_figures import with_bureau_figures
        from waibao.stats.sources import SourceError, configured_engine, operational_source
        from waibao.stats.targets import load_targets, target_progress
    except ImportError:
        return None, ""

    engine = configured_engine()
    targets = with_bureau_figures(
        [t for t in load_targets() if t.jurisdiction in jurisdictions],
        jurisdictions_wanted=jurisdictions,
    )
    try:
        return target_progress(targets, source=operational_source(engine)), ""
    except SourceError as error:
        from waibao.readmodel.statistics import source_problem

        return None, source_problem(error)


def figures_warm(users: list[Any]) -> int:
    """Compute ahead, into the cache, the dashboard and the targets progress of each user who
    may see them, and a leader's cockpit (the leader's home page), in every language of the
    site (``waibao demo`` does it after loading, so that nobody waits for the first
    computation). The number of figures computed."""
    from django.conf import settings
    from django.utils import timezone, translation

    from waibao.portal.workbench import opens_on_the_cockpit
    from waibao.readmodel.cockpit import cockpit_for

    done = 0
    for user in users:
        if not permissions.can(user, permissions.VIEW_DASHBOARD):
            continue
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                dashboard_for(user)
                target_progress_for(jurisdictions_in_scope(user, covering=False))
                done += 2
                if opens_on_the_cockpit(user):
                    cockpit_for(user, today=timezone.localdate())
                    done += 1
    return done
