"""Writing the register: record a measure's work, correct a record. Each write checks the
writer (``access``), checks the record against its measure's declaration (``programmes``) and
appends the change to the audit trail in the same transaction, so that the audit trail holds
every version a record ever had.

Services take keyword-only arguments; ``PermissionDenied`` for a user outside their scope,
``ValidationError`` for a record the measure does not allow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from waibao import bounds, jurisdictions
from waibao.audit.services import audit_record
from waibao.measures import access
from waibao.measures.models import MeasureRecord
from waibao.measures.programmes import MEASURES, Measure
from waibao.money import format_fen
from waibao.registry.models import Organisation, Region

AUDITED_FIELDS = (
    "measure",
    "recorded_on",
    "region_id",
    "organisation_id",
    "description",
    "amount_fen",
    "attachment_ref",
)


@dataclass(frozen=True)
class RecordInput:
    """What a person enters for one record (the form's or the API's fields)."""

    measure: str
    recorded_on: dt.date
    description: str
    region: Region | None = None
    organisation: Organisation | None = None
    amount_fen: int | None = None
    attachment_ref: str = ""


def measure_of(measure_id: str) -> Measure:
    try:
        return MEASURES[measure_id]
    except KeyError:
        raise ValidationError(f"no measure {measure_id!r} in any policy folder") from None


def _checked(entry: RecordInput) -> tuple[Measure, Region]:
    """The measure and the record's region, or a ValidationError naming what is wrong."""
    measure = measure_of(entry.measure)
    problems: list[str] = []
    if not entry.description.strip():
        problems.append("a record needs a description of the work done")
    if problem := bounds.day_problem(entry.recorded_on):
        problems.append(problem)
    if measure.organisation == "required" and entry.organisation is None:
        problems.append(f"{measure.id} records name an organisation")
    if measure.organisation == "none" and entry.organisation is not None:
        problems.append(f"{measure.id} records name no organisation")
    if entry.amount_fen is not None:
        if not measure.amount:
            problems.append(f"{measure.id} records carry no amount")
        elif entry.amount_fen < 0 or bounds.amount_problem(entry.amount_fen):
            problems.append(f"amount {entry.amount_fen} fen is out of bounds")
    region = entry.region
    if region is None and entry.organisation is not None:
        region = entry.organisation.region
    if region is None:
        region = Region.objects.filter(
            code=access.jurisdiction_region_code(measure.jurisdiction)
        ).first()
    text = jurisdictions.jurisdiction(measure.jurisdiction)
    if region is None:
        problems.append("a record needs a region")
    elif not text.covers_region(region.code):
        problems.append(f"region {region.code} is outside {measure.jurisdiction}")
    if entry.organisation is not None and not text.covers_region(entry.organisation.region_id):
        problems.append(f"{entry.organisation.uscc} is registered outside {measure.jurisdiction}")
    if problems:
        raise ValidationError(problems)
    assert region is not None
    return measure, region


def _snapshot(record: MeasureRecord) -> dict[str, Any]:
    values = {name: getattr(record, name) for name in AUDITED_FIELDS}
    values["recorded_on"] = record.recorded_on.isoformat()
    values["amount"] = format_fen(record.amount_fen)  # money as a string, never a float
    del values["amount_fen"]
    return values


@transaction.atomic
def record_create(*, user: Any, entry: RecordInput) -> MeasureRecord:
    """Record work done under a measure, by a writer of its text."""
    measure = measure_of(entry.measure)
    if not access.can_write(user, measure.jurisdiction):
        raise PermissionDenied(f"{user} may not record {measure.id}")
    measure, region = _checked(entry)
    record = MeasureRecord.objects.create(
        jurisdiction=measure.jurisdiction,
        measure=measure.id,
        recorded_on=entry.recorded_on,
        region=region,
        organisation=entry.organisation,
        description=entry.description.strip(),
        amount_fen=entry.amount_fen,
        attachment_ref=entry.attachment_ref.strip(),
        created_by=user,
        updated_by=user,
    )
    audit_record(
        actor=user,
        action="measure_record.create",
        obj=record,
        to_state=str(record.revision),
        payload={"citation": measure.citation, "after": _snapshot(record)},
    )
    return record


@transaction.atomic
def record_edit(
    *, user: Any, record: MeasureRecord, entry: RecordInput, reason: str = ""
) -> MeasureRecord:
    """Correct a record; the measure stays within the same text. The values before and after
    go to the audit trail, which keeps every version."""
    record = MeasureRecord.objects.select_for_update().get(pk=record.pk)
    if not access.can_write(user, record.jurisdiction):
        raise PermissionDenied(f"{user} may not change record {record.pk}")
    measure, region = _checked(entry)
    if measure.jurisdiction != record.jurisdiction:
        raise ValidationError(f"{measure.id} is not a measure of {record.jurisdiction}")
    before = _snapshot(record)
    record.measure = measure.id
    record.recorded_on = entry.recorded_on
    record.region = region
    record.organisation = entry.organisation
    record.description = entry.description.strip()
    record.amount_fen = entry.amount_fen
    record.attachment_ref = entry.attachment_ref.strip()
    after = _snapshot(record)
    if after == before:
        return record
    record.updated_by = user
    record.revision += 1
    record.save()
    audit_record(
        actor=user,
        action="measure_record.change",
        obj=record,
        from_state=str(record.revision - 1),
        to_state=str(record.revision),
        reason=reason,
        payload={"citation": measure.citation, "before": before, "after": after},
    )
    return record
