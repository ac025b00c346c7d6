"""Writing the register: record a measure's work, correct a record. Each write checks the
writer (``access``), checks the record against its measure's declaration (``programmes``) and
appends the change to the audit trail in the same transaction, so that the audit trail holds
every version a record ever had.

Services take keyword-only arguments; ``PermissionDenied`` for a user outside their scope,
``ValidationError`` for a record the measure does not allow. The refusals are read by a person
at the register's form (or an API client, in its ``Accept-Language``), so they are worded in
the request's language (gettext, Chinese msgids) and name things as that person does: a
measure by its title, a region and a text by their names, an amount as ``1,234.50 元``
(issue 21). ``waibao.bounds`` keeps its English for the command line; the date bound is
worded here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from waibao import bounds, jurisdiction_labels, jurisdictions
from waibao.audit.services import audit_record
from waibao.measures import access
from waibao.measures.models import MeasureRecord
from waibao.measures.programmes import MEASURES, Measure
from waibao.money import format_fen
from waibao.numbers_display import grouped
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
        raise ValidationError(
            {"measure": _("没有这项政策措施：%(measure)s") % {"measure": measure_id}}
        ) from None


def _named(measure: Measure) -> str:
    """A measure as the register's pages name it: its title in the reader's language."""
    return measure.title(get_language())


def _text(slug: str) -> str:
    """A policy text's jurisdiction by its name in the catalogue, not its slug."""
    return str(jurisdiction_labels.label(slug))


def _yuan(fen: int) -> str:
    """``123450`` → ``1,234.50 元`` (English: ``1,234.50 yuan``)."""
    return _("%(amount)s 元") % {"amount": grouped(format_fen(fen) or "0")}


def _amount_problem(fen: int) -> str | None:
    if fen < 0:
        return _("金额不能为负数（填写的是 %(amount)s）") % {"amount": _yuan(fen)}
    if bounds.amount_problem(fen):
        return _("金额不能超过 %(most)s（填写的是 %(amount)s）") % {
            "most": _yuan(bounds.MAX_AMOUNT_FEN),
            "amount": _yuan(fen),
        }
    return None


def _day_problem(day: dt.date) -> str | None:
    """The date bound of ``waibao.bounds`` in the reader's words."""
    if bounds.day_problem(day):
        return _("日期应在 %(first)s 至 %(last)s 之间（填写的是 %(day)s）") % {
            "first": bounds.FIRST_DAY.isoformat(),
            "last": bounds.LAST_DAY.isoformat(),
            "day": day.isoformat(),
        }
    return None


def _checked(entry: RecordInput) -> tuple[Measure, Region]:
    """The measure and the record's region, or a ValidationError naming what is wrong, keyed
    by the field it belongs to (the form's and the API's names), so the form shows each reason
    next to its field."""
    measure = measure_of(entry.measure)
    named = {"measure": _named(measure)}
    problems: dict[str, list[str]] = {}

    def refuse(field: str, reason: str) -> None:
        problems.setdefault(field, []).append(reason)

    if not entry.description.strip():
        refuse("description", _("请填写工作内容"))
    if problem := _day_problem(entry.recorded_on):
        refuse("recorded_on", problem)
    if measure.organisation == "required" and entry.organisation is None:
        refuse("uscc", _("“%(measure)s”的记录须填写机构的统一社会信用代码") % named)
    if measure.organisation == "none" and entry.organisation is not None:
        refuse("uscc", _("“%(measure)s”的记录不填写机构") % named)
    if entry.amount_fen is not None:
        if not measure.amount:
            refuse("amount", _("“%(measure)s”的记录不填写金额") % named)
        elif problem := _amount_problem(entry.amount_fen):
            refuse("amount", problem)
    region = entry.region
    if region is None and entry.organisation is not None:
        region = entry.organisation.region
    if region is None:
        region = Region.objects.filter(
            code=access.jurisdiction_region_code(measure.jurisdiction)
        ).first()
    text = jurisdictions.jurisdiction(measure.jurisdiction)
    if region is None:
        refuse("region", _("请填写区划代码"))
    elif not text.covers_region(region.code):
        refuse(
            "region",
            _("%(region)s不在%(text)s政策的适用范围内")
            % {"region": region.name, "text": _text(measure.jurisdiction)},
        )
    if entry.organisation is not None and not text.covers_region(entry.organisation.region_id):
        refuse(
            "uscc",
            _("%(organisation)s登记在%(text)s以外，不适用%(text)s的政策")
            % {"organisation": entry.organisation.name, "text": _text(measure.jurisdiction)},
        )
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
        raise PermissionDenied(_("无权登记“%(measure)s”的记录") % {"measure": _named(measure)})
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
        raise PermissionDenied(_("无权修改这条记录"))
    measure, region = _checked(entry)
    if measure.jurisdiction != record.jurisdiction:
        raise ValidationError(
            {
                "measure": _("“%(measure)s”不是%(text)s政策的措施，记录只能在原政策的措施之间更正")
                % {"measure": _named(measure), "text": _text(record.jurisdiction)}
            }
        )
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
