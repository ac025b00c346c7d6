"""Reading the register: the records a user may read, narrowed by the filters the list page,
the API and the export share, and one record as a plain row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from waibao import permissions
from waibao.measures import access
from waibao.measures.models import MeasureRecord
from waibao.measures.programmes import MEASURES
from waibao.money import format_fen


@dataclass(frozen=True)
class Filters:
    """Every filter is optional; an empty one leaves the list whole."""

    jurisdiction: str = ""
    measure: str = ""
    uscc: str = ""
    region: str = ""  # a region code: the records under it (a city covers its districts)
    since: dt.date | None = None
    until: dt.date | None = None


def records_for(user: Any, filters: Filters = Filters()) -> QuerySet[MeasureRecord]:
    qs = access.scope_records(user, MeasureRecord.objects.select_related("region", "organisation"))
    if filters.jurisdiction:
        qs = qs.filter(jurisdiction=filters.jurisdiction)
    if filters.measure:
        qs = qs.filter(measure=filters.measure)
    if filters.uscc:
        qs = qs.filter(organisation__uscc=filters.uscc)
    if filters.region:
        qs = qs.filter(permissions.region_filter(filters.region))
    if filters.since:
        qs = qs.filter(recorded_on__gte=filters.since)
    if filters.until:
        qs = qs.filter(recorded_on__lte=filters.until)
    return qs


def record_row(record: MeasureRecord, language: str | None = "zh-hans") -> dict[str, Any]:
    """One record as the API and the export show it (amount exact, as a decimal string)."""
    measure = MEASURES.get(record.measure)
    return {
        "id": record.pk,
        "jurisdiction": record.jurisdiction,
        "measure": record.measure,
        "measure_title": measure.title(language) if measure else record.measure,
        "citation": measure.citation if measure else "",
        "recorded_on": record.recorded_on,
        "region": record.region_id,
        "region_name": record.region.name,
        "uscc": record.organisation.uscc if record.organisation else None,
        "organisation": record.organisation.name if record.organisation else None,
        "description": record.description,
        "amount": format_fen(record.amount_fen),
        "amount_fen": record.amount_fen,
        "attachment_ref": record.attachment_ref,
        "revision": record.revision,
        "created_by": record.created_by.get_username() if record.created_by else None,
        "created_at": record.created_at,
        "updated_by": record.updated_by.get_username() if record.updated_by else None,
        "updated_at": record.updated_at,
    }
