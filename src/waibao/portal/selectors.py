"""Reads behind the portal's pages. Public aggregates only: counts, never one firm's figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max
from django.db.models.functions import Substr


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
