"""Development targets (clauses.yaml kind ``target``) as data, and progress towards them.

Each policy folder's ``targets.yaml`` holds one entry per numeric target of its text with its
citation (docs/adding-a-policy.md); the folders are found through the catalogue
(``waibao.jurisdictions``), so a new text's targets need no change here. Progress compares the
actual value of the latest year with data against the target, with the comparison the text
uses (以上/达到 inclusive, 超过 strict), and the compound yearly growth achieved since the base
year against the growth still needed. All arithmetic is exact (``Fraction``); growth rates
are compared exactly by raising both sides to whole powers, and only printed as decimals.

Measures Waibao computes from its own data (any other measure is entered by the bureau under
``entered: {YEAR: value}``):

- ``signed_usd``, ``executed_usd``, ``offshore_executed_usd``, ``enterprises_reporting``: the
  statistics indicators (STATS.md) of the area and year;
- ``enterprises_registered``: enterprises in the registry founded by the end of the year;
- ``certified_enterprises``: enterprises holding an international certification by year end;
- ``certifications``: certifications obtained (new) by year end, counted as certificates;
- ``certified_revenue_over`` / ``certified_staff_over``: certified enterprises whose year
  revenue (yuan) / year-end staff exceeds ``threshold``;
- ``employees``, ``employees_college``: year-end staff of the area's enterprises;
- ``people_trained``: people trained from ``count_from`` to the year;
- ``so_revenue_cny``: service-outsourcing revenue of the area's enterprises.

``base.value`` is entered when Waibao has no data for the base year (a computed value wins);
``target.multiple`` makes the target base × multiple, ``target.approx`` is the text's 左右
figure, used when the base is unknown. A sentence the text lets be read two ways declares
``readings`` (choices, a default, the help of its ``--<folder>-reading`` flag).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from waibao import policy_files
from waibao.money import format_fen, parse_fen
from waibao.stats.output import format_ratio
from waibao.stats.target_files import TARGETS_FILE_NAME, target_jurisdictions

INDICATOR_MEASURES = (
    "signed_usd",
    "executed_usd",
    "offshore_executed_usd",
    "enterprises_reporting",
)
REGISTRY_MEASURES = (
    "enterprises_registered",
    "certified_enterprises",
    "certifications",
    "certified_revenue_over",
    "certified_staff_over",
    "employees",
    "employees_college",
    "people_trained",
    "so_revenue_cny",
)


class TargetError(ValueError):
    """targets.yaml or a request about it is wrong."""


@dataclass
class Target:
    id: str
    clause: str
    jurisdiction: str
    ref: str
    source_phrase: str
    measure: str
    unit: str
    area: str
    comparison: str
    target_year: int
    target_value: int | None
    target_basis: str
    base_year: int | None = None
    base_entered: int | None = None
    base_source: str | None = None
    multiple: int | None = None
    approx: int | None = None
    reading: str | None = None
    threshold: int | None = None
    count_from: int | None = None
    entered: dict[int, int] = field(default_factory=dict)
    note: str | None = None
    document: str = ""  # the text's title, as targets.yaml states it
    # where a figure the bureau entered (waibao.bureau_targets) stands in ``entered``: its
    # source note by year; and who set the target: "text" (targets.yaml) or "bureau"
    entered_sources: dict[int, str] = field(default_factory=dict)
    origin: str = "text"
    target_source: str | None = None


def _amount(value: Any, unit: str) -> int | None:
    """A value of targets.yaml in minor units (cents, fen) for amounts, as is for counts."""
    if value is None:
        return None
    if unit in ("usd", "cny"):
        return parse_fen(str(value))
    return int(value)


def load_targets(
    *,
    jurisdiction: str | None = None,
    readings: Mapping[str, str | None] | None = None,
    **reading_by_flag: str | None,
) -> list[Target]:
    """The targets of every folder (or of ``jurisdiction``'s). ``readings`` maps a folder to
    the reading chosen for its ambiguous sentences (its default otherwise); the keyword
    ``<slug>_reading=...`` says the same, as the CLI flag ``--<slug>-reading`` does."""
    chosen: dict[str, str | None] = dict(readings or {})
    for keyword, value in reading_by_flag.items():
        if not keyword.endswith("_reading"):
            raise TypeError(f"load_targets() got an unexpected keyword argument {keyword!r}")
        chosen[keyword.removesuffix("_reading")] = value
    owners = target_jurisdictions()
    if jurisdiction is not None and jurisdiction not in owners:
        raise TargetError(
            f"--jurisdiction: {jurisdiction!r} has no targets; choose from " + ", ".join(owners)
        )
    targets = []
    for owner, data in policy_files.read_all(TARGETS_FILE_NAME):
        if jurisdiction is not None and owner.slug != jurisdiction:
            continue
        # a slug with a hyphen arrives from a keyword or a CLI dest with an underscore
        chosen_here = chosen.get(owner.slug) or chosen.get(owner.slug.replace("-", "_"))
        targets.extend(_folder_targets(owner.slug, owner.region, data, chosen_here))
    return targets


def _folder_targets(
    owner: str, region: str, data: dict[str, Any], chosen: str | None
) -> list[Target]:
    readings = data.get("readings") or {}
    targets = []
    for entry in data.get("targets") or []:
        unit = entry["unit"]
        spec = entry["target"]
        base = entry.get("base") or {}
        multiple = spec.get("multiple")
        reading = None
        if "multiple_reading" in spec:
            choices = readings[spec["multiple_reading"]]
            reading = chosen or choices["default"]
            if reading not in choices["choices"]:
                raise TargetError(f"{entry['id']}: no reading {reading!r}")
            multiple = choices["choices"][reading]["multiple"]
        base_value = base.get("value")
        if "value_by_reading" in base:
            base_value = base["value_by_reading"][reading]
        targets.append(
            Target(
                id=entry["id"],
                clause=entry["clause"],
                jurisdiction=owner,
                ref=entry["ref"],
                source_phrase=entry["source_phrase"],
                measure=entry["measure"],
                unit=unit,
                area=str(entry.get("area", region)),
                comparison=entry["comparison"],
                target_year=int(spec["year"]),
                target_value=_amount(spec.get("value"), unit),
                target_basis="stated" if "value" in spec else f"base × {multiple}",
                base_year=base.get("year"),
                base_entered=_amount(base_value, unit),
                base_source=base.get("source"),
                multiple=multiple,
                approx=_amount(spec.get("approx"), unit),
                reading=reading,
                threshold=(
                    _amount(entry["threshold"], "cny")
                    if entry["measure"] == "certified_revenue_over"
                    else entry.get("threshold")
                ),
                count_from=entry.get("count_from"),
                entered={int(y): _amount(v, unit) for y, v in (entry.get("entered") or {}).items()},
                note=entry.get("note"),
                document=str(data.get("document", "")),
            )
        )
    return targets


# ---------------------------------------------------------------- measures


class Measures:
    """Computes the measures of targets.yaml for an area and a year (``None``: no data)."""

    def __init__(self, source: Any) -> None:
        self.source = source
        self._indicator_cache: dict[int, list[dict[str, Any]]] = {}

    def value(self, target: Target, year: int) -> int | None:
        return self.value_with_basis(target, year)[0]

    def value_with_basis(self, target: Target, year: int) -> tuple[int | None, str | None]:
        """The value, and ``"computed"`` or ``"entered"``: a computed value wins; where Waibao
        computes none (a measure it cannot compute, or a year without data) the value the
        bureau entered stands in."""
        computed = None
        if target.measure in INDICATOR_MEASURES:
            computed = self._indicator(target.measure, target.area, year)
        elif target.measure in REGISTRY_MEASURES:
            computed = self._registry(target, year)
        if computed is not None:
            return computed, "computed"
        entered = target.entered.get(year)
        return entered, None if entered is None else "entered"

    def prefetch(self, years: set[int]) -> None:
        """The indicators of every year in ``years`` by region, in one grouped query: a query
        per year cost most of the targets page's time (docs/decisions/0009)."""
        from waibao.stats.indicators import yearly_indicator_rows

        wanted = years - set(self._indicator_cache)
        if wanted:
            found = yearly_indicator_rows(self.source, years=wanted, by=["region_code"])
            self._indicator_cache.update(found)

    def _indicator(self, measure: str, area: str, year: int) -> int | None:
        if year not in self._indicator_cache:
            self.prefetch({year})
        rows = [row for row in self._indicator_cache[year] if row["region_code"].startswith(area)]
        if not rows:
            return None
        return sum(row[measure] for row in rows)

    def _registry(self, target: Target, year: int) -> int | None:
        import datetime as dt

        from django.db.models import Q, Sum

        from waibao.registry.models import Certification, Organisation, OrganisationYear, Training

        area, end = target.area, dt.date(year, 12, 31)
        in_area = Q(organisation__region__code__startswith=area)
        certified = Certification.objects.filter(in_area, date__lte=end).values("organisation")
        if target.measure == "enterprises_registered":
            return Organisation.objects.filter(
                Q(founded__lte=end) | Q(founded__isnull=True),
                kind=Organisation.Kind.ENTERPRISE,
                region__code__startswith=area,
            ).count()
        if target.measure == "certified_enterprises":
            return certified.distinct().count()
        if target.measure == "certifications":
            return Certification.objects.filter(
                in_area, date__lte=end, event=Certification.Event.NEW
            ).count()
        years = OrganisationYear.objects.filter(in_area, year=year)
        if target.measure == "certified_revenue_over":
            return years.filter(
                organisation__in=certified, revenue_fen__gt=target.threshold
            ).count()
        if target.measure == "certified_staff_over":
            return years.filter(organisation__in=certified, employees__gt=target.threshold).count()
        if target.measure == "people_trained":
            total = Training.objects.filter(
                in_area, year__gte=target.count_from or year, year__lte=year
            ).aggregate(n=Sum("people"))["n"]
            return None if total is None else int(total)
        column = {
            "employees": "employees",
            "employees_college": "employees_college",
            "so_revenue_cny": "so_revenue_fen",
        }[target.measure]
        total = years.aggregate(n=Sum(column))["n"]
        return None if total is None else int(total)


def latest_data_year() -> int | None:
    from django.db.models import Max

    from waibao.registry.models import OrganisationYear
    from waibao.reporting.models import Contract, Execution

    years = [
        value.year
        for value in (
            Contract.objects.aggregate(m=Max("signed_date"))["m"],
            Execution.objects.aggregate(m=Max("execution_date"))["m"],
        )
        if value is not None
    ]
    last_reported = OrganisationYear.objects.aggregate(m=Max("year"))["m"]
    if last_reported is not None:
        years.append(int(last_reported))
    return max(years) if years else None


# ---------------------------------------------------------------- progress


def meets(actual: int, target: int, comparison: str) -> bool:
    """以上/达到 (``>=``) include the number; 超过 (``>``) does not."""
    if comparison == ">=":
        return actual >= target
    if comparison == ">":
        return actual > target
    raise TargetError(f"unknown comparison {comparison!r}")


def minimum_needed(target: int, comparison: str, unit: str) -> int:
    """The least value that meets the target: 超过200家 needs 201 (one cent more for money)."""
    return target + 1 if comparison == ">" else target


def compound_growth(start: int, end: int, years: int) -> Decimal | None:
    """``(end / start) ** (1 / years) - 1`` to 28 significant digits (for display only)."""
    if start <= 0 or years <= 0 or end < 0:
        return None
    with localcontext() as context:
        context.prec = 28
        return (Decimal(end) / Decimal(start)) ** (Decimal(1) / Decimal(years)) - 1


def growth_at_least(achieved: tuple[int, int, int], needed: tuple[int, int, int]) -> bool | None:
    """Exactly: is ``(a1/a0)^(1/m) - 1 >= (n1/n0)^(1/k) - 1``? Raise both to the power m × k."""
    a0, a1, m = achieved
    n0, n1, k = needed
    if a0 <= 0 or n0 <= 0 or m <= 0 or k <= 0:
        return None
    return Fraction(a1, a0) ** k >= Fraction(n1, n0) ** m


def _show(value: int | None, unit: str) -> Any:
    if value is None:
        return None
    return format_fen(value) if unit in ("usd", "cny") else value


def _show_growth(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format_ratio(Fraction(value))


def target_progress(
    targets: list[Target], *, source: Any, as_of: int | None = None
) -> list[dict[str, Any]]:
    measures = Measures(source)
    latest = as_of if as_of is not None else latest_data_year()
    measures.prefetch(
        {
            year
            for target in targets
            if target.measure in INDICATOR_MEASURES
            for year in (
                target.base_year,
                None if latest is None else min(latest, target.target_year),
            )
            if year is not None
        }
    )
    out = []
    for target in targets:
        base_value, base_basis = None, None
        if target.base_year is not None:
            base_value, base_basis = measures.value_with_basis(target, target.base_year)
            if base_value is None and target.base_entered is not None:
                base_value, base_basis = target.base_entered, "entered"
        goal, goal_basis = target.target_value, target.target_basis
        if goal is None and target.multiple is not None:
            if base_value is not None:
                goal = base_value * target.multiple
            elif target.approx is not None:
                goal, goal_basis = target.approx, "approximate (左右 figure of the text)"
        actual_year = None if latest is None else min(latest, target.target_year)
        actual, actual_basis = (
            (None, None) if actual_year is None else measures.value_with_basis(target, actual_year)
        )
        item: dict[str, Any] = {
            "id": target.id,
            "jurisdiction": target.jurisdiction,
            "document": target.document,
            "clause": target.clause,
            "ref": target.ref,
            "source_phrase": target.source_phrase,
            "measure": target.measure,
            "unit": target.unit,
            "comparison": target.comparison,
            "base_year": target.base_year,
            "base_value": _show(base_value, target.unit),
            "base_basis": base_basis,
            "target_year": target.target_year,
            "target_value": _show(goal, target.unit),
            "target_basis": goal_basis,
            "minimum_needed": (
                None
                if goal is None
                else _show(minimum_needed(goal, target.comparison, target.unit), target.unit)
            ),
            "reading": target.reading,
            "actual_year": actual_year,
            "actual_value": _show(actual, target.unit),
            "actual_basis": actual_basis,
            "actual_source": (
                target.entered_sources.get(actual_year)
                if actual_basis == "entered" and actual_year is not None
                else None
            ),
            "origin": target.origin,
            "target_source": target.target_source,
            "met": None,
            "progress": None,
            "growth_achieved": None,
            "growth_needed": None,
            "on_track": None,
            "note": target.note,
        }
        if actual is not None and goal is not None:
            item["met"] = meets(actual, goal, target.comparison)
            item["progress"] = format_ratio(Fraction(actual, goal)) if goal else None
            remaining = target.target_year - actual_year if actual_year is not None else 0
            needed_min = minimum_needed(goal, target.comparison, target.unit)
            elapsed = (
                actual_year - target.base_year
                if actual_year is not None and target.base_year is not None
                else 0
            )
            if base_value is not None and elapsed > 0:
                item["growth_achieved"] = _show_growth(compound_growth(base_value, actual, elapsed))
            if remaining > 0:
                item["growth_needed"] = _show_growth(compound_growth(actual, needed_min, remaining))
            if item["met"] or remaining <= 0:
                item["on_track"] = item["met"]
            elif base_value is not None and elapsed > 0:
                item["on_track"] = growth_at_least(
                    (base_value, actual, elapsed), (actual, needed_min, remaining)
                )
        out.append(item)
    return out


def targets_json(progress: list[dict[str, Any]]) -> str:
    return json.dumps(progress, ensure_ascii=False, indent=2) + "\n"


def targets_text(progress: list[dict[str, Any]]) -> str:
    lines = []
    for item in progress:
        unit = {"usd": "USD", "cny": "CNY", "count": ""}[item["unit"]]
        status = {True: "met", False: "not met", None: "no data"}[item["met"]]
        track = {True: "on track", False: "behind", None: "-"}[item["on_track"]]
        lines.append(
            f"{item['id']}  {item['source_phrase']}\n"
            f"  target {item['comparison']} {item['target_value']} {unit} in "
            f"{item['target_year']} ({item['target_basis']}); "
            f"actual {item['actual_value']} in {item['actual_year']}: {status}, "
            f"progress {item['progress']}, growth achieved {item['growth_achieved']} "
            f"vs needed {item['growth_needed']} a year: {track}"
        )
    return "\n".join(lines) + "\n"
