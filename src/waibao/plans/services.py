"""Writes: progress reports with attachments, completion, meetings and their decisions, and the
daily supervision run (reminders and escalation).

Services take keyword-only arguments, check access where a user acts, and run in one
transaction. ``PermissionDenied`` is raised for a user acting outside their scope. A refusal a
unit's officer reads on the task page (an empty report, a file over the limit) is worded in the
request's language (gettext, Chinese msgids; issue 21).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from waibao import jurisdiction_labels
from waibao.paths import data_dir
from waibao.plans import permissions
from waibao.plans.conf import PlanSettings, plan_settings
from waibao.plans.models import (
    Assignment,
    Attachment,
    Attendance,
    Body,
    Decision,
    Meeting,
    Milestone,
    ProgressReport,
    Reminder,
    Task,
    Unit,
)
from waibao.plans.selectors import (
    Status,
    lead_units,
    office_of,
    operative_assignments,
    overdue_candidates,
    pending_units,
    task_list,
    task_overdue_days,
    task_status,
)

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def attachments_dir() -> Path:
    return data_dir() / "plans" / "attachments"


def _safe_filename(name: str) -> str:
    name = Path(name).name.strip() or "attachment"
    return re.sub(r"[^\w.\-\u4e00-\u9fff]", "_", name)[:150]


def _too_large(filename: str, limit: int) -> str:
    """``报告.pdf：文件超过 20 MB 的上限`` (MB as people say it: 20 MiB is 20 MB to them; a
    limit under 1 MB in KB)."""
    size = f"{limit / 1024**2:,.0f} MB" if limit >= 1024**2 else f"{limit / 1024:,.0f} KB"
    return _("%(name)s：文件超过 %(limit)s 的上限") % {"name": filename, "limit": size}


def attachment_store(*, report: ProgressReport, filename: str, content: bytes) -> Attachment:
    """Store the bytes under the data directory, named by their SHA-256, and record the sum."""
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_too_large(filename, MAX_ATTACHMENT_BYTES))
    digest = hashlib.sha256(content).hexdigest()
    relative = Path(digest[:2]) / f"{digest}_{_safe_filename(filename)}"
    target = attachments_dir() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.write_bytes(content)
    return Attachment.objects.create(
        report=report,
        filename=filename,
        path=str(relative),
        sha256=digest,
        size=len(content),
    )


def attachment_verify(attachment: Attachment) -> bool:
    """True when the stored file still has the checksum recorded when it was filed."""
    path = attachments_dir() / attachment.path
    if not path.exists():
        return False
    return hashlib.sha256(path.read_bytes()).hexdigest() == attachment.sha256


@transaction.atomic
def attachments_read(uploads: Sequence[Any]) -> list[tuple[str, bytes]]:
    """The uploaded attachments of a report, each refused past the upload limit before it is
    read into memory (``waibao.uploads``)."""
    from waibao.uploads import FileRefused, limits, upload_read

    files = []
    for upload in uploads:
        try:
            files.append((upload.name or "attachment", upload_read(upload)))
        except FileRefused:  # the upload's only refusal is its size
            raise ValidationError(
                _too_large(upload.name or "attachment", limits().upload_bytes)
            ) from None
    return files


def report_file(
    *,
    user: object,
    task: Task,
    unit: Unit,
    reported_on: date,
    text: str,
    completes: bool = False,
    files: Sequence[tuple[str, bytes]] = (),
) -> ProgressReport:
    """A unit's officer reports progress on the unit's part of a task; ``completes`` marks it
    done, and the task is done when every unit it waits on is done."""
    if not permissions.can_report(user, task, unit):
        raise PermissionDenied(_("只能报送本单位承担的任务"))
    if not text.strip():
        raise ValidationError(_("请填写进展情况"))
    report = ProgressReport.objects.create(
        task=task, unit=unit, author=user, reported_on=reported_on, text=text, completes=completes
    )
    for filename, content in files:
        attachment_store(report=report, filename=filename, content=content)
    if task.started_on is None or task.started_on > reported_on:
        task.started_on = reported_on
        task.save(update_fields=["started_on"])
    if completes:
        Assignment.objects.filter(task=task, unit=unit, done_on__isnull=True).update(
            done_on=reported_on
        )
        task_refresh_done(task=task)
    return report


def task_refresh_done(*, task: Task) -> None:
    """Done when no unit it waits on is pending (on the latest completion date)."""
    task = task_list().get(pk=task.pk)
    if task.done_on is not None:
        return
    pool = [a for a in operative_assignments(task) if a.role == Assignment.Role.RESPONSIBLE]
    pool = pool or [a for a in operative_assignments(task) if a.role == Assignment.Role.LEAD]
    if pool and all(a.done_on is not None for a in pool):
        last = max(a.done_on for a in pool if a.done_on is not None)
        if not pending_units(task, today=last):
            task.done_on = last
            task.save(update_fields=["done_on"])


@transaction.atomic
def task_mark_done(*, user: object, task: Task, done_on: date) -> Task:
    if not permissions.can_manage(user, task.jurisdiction):
        raise PermissionDenied(_("只有领导小组办公室可以标记任务完成"))
    task.done_on = done_on
    task.save(update_fields=["done_on"])
    return task


@transaction.atomic
def task_set_blocked(*, user: object, task: Task, blocked: bool, reason: str = "") -> Task:
    if not permissions.can_manage(user, task.jurisdiction):
        raise PermissionDenied(_("只有领导小组办公室可以标记任务受阻"))
    task.blocked = blocked
    task.blocked_reason = reason if blocked else ""
    task.save(update_fields=["blocked", "blocked_reason"])
    return task


@transaction.atomic
def task_set_deadline(*, user: object, task: Task, deadline: date | None) -> Task:
    """The office fixes a deadline (the texts rarely give one); it is no longer an assumption."""
    if not permissions.can_manage(user, task.jurisdiction):
        raise PermissionDenied(_("只有领导小组办公室可以确定任务期限"))
    task.deadline = deadline
    task.deadline_assumed = False
    task.save(update_fields=["deadline", "deadline_assumed"])
    return task


@transaction.atomic
def milestone_mark_done(*, user: object, milestone: Milestone, done_on: date) -> Milestone:
    jurisdiction = (milestone.task or milestone.stage).jurisdiction  # type: ignore[union-attr]
    if not permissions.can_manage(user, jurisdiction):
        raise PermissionDenied(_("只有领导小组办公室可以标记节点完成"))
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    return milestone


@dataclass(frozen=True)
class AttendanceEntry:
    unit: Unit
    person: str = ""
    present: bool = True


def _kinds_listed() -> str:
    """The meeting kinds an API caller may send: ``thematic（专题会议）、…``."""
    return _("、").join(
        _("%(code)s（%(label)s）") % {"code": value, "label": label}
        for value, label in Meeting.Kind.choices
    )


@transaction.atomic
def meeting_record(
    *,
    body: Body,
    kind: str,
    held_on: date,
    title: str = "",
    minutes: str = "",
    attendance: Iterable[AttendanceEntry] = (),
    decisions: Iterable[str] = (),
    user: object | None = None,
) -> Meeting:
    """Record a meeting held, who attended, its minutes and its decisions. ``user`` is checked
    when given (the office records meetings); loaders and tests may omit it."""
    if user is not None and not permissions.can_manage(user, body.jurisdiction):
        raise PermissionDenied(_("只有领导小组办公室可以记录会议"))
    if kind not in Meeting.Kind.values:
        raise ValidationError(
            _("没有“%(kind)s”这类会议，可选：%(kinds)s") % {"kind": kind, "kinds": _kinds_listed()}
        )
    meeting = Meeting.objects.create(
        body=body, kind=kind, held_on=held_on, title=title, minutes=minutes
    )
    for entry in attendance:
        Attendance.objects.create(
            meeting=meeting, unit=entry.unit, person=entry.person, present=entry.present
        )
    for position, text in enumerate(decisions):
        Decision.objects.create(meeting=meeting, text=text, position=position)
    return meeting


@transaction.atomic
def decision_to_task(
    *,
    decision: Decision,
    title: str,
    lead: Sequence[Unit],
    responsible: Sequence[Unit] = (),
    deadline: date | None = None,
    user: object | None = None,
) -> Task:
    """A meeting decision becomes a follow-up task, supervised like a task from the text."""
    body = decision.meeting.body
    if user is not None and not permissions.can_manage(user, body.jurisdiction):
        raise PermissionDenied(_("只有领导小组办公室可以下达督办任务"))
    if not lead and not responsible:
        raise ValidationError(_("督办任务须有牵头单位或责任单位"))
    earlier = Task.objects.filter(decision=decision).first()
    if earlier is not None:
        raise ValidationError(_("这项会议决定已转为督办任务“%(title)s”") % {"title": earlier.title})
    foreign = [u for u in (*lead, *responsible) if u.jurisdiction != body.jurisdiction]
    if foreign:
        raise ValidationError(
            _("%(units)s不属于%(jurisdiction)s")
            % {
                "units": _("、").join(u.name for u in foreign),
                "jurisdiction": jurisdiction_labels.label(body.jurisdiction),
            }
        )
    task = Task.objects.create(
        jurisdiction=body.jurisdiction,
        key=f"{body.jurisdiction}.decision.{decision.pk}",
        clause_ref=f"{decision.meeting.held_on:%Y-%m-%d}会议决定",
        title=title,
        source_phrase=decision.text,
        origin=Task.Origin.DECISION,
        decision=decision,
        body=body,
        deadline=deadline,
        position=10_000 + decision.pk,
    )
    position = 0
    for role, units in ((Assignment.Role.LEAD, lead), (Assignment.Role.RESPONSIBLE, responsible)):
        for unit in units:
            Assignment.objects.create(task=task, unit=unit, role=role, position=position)
            position += 1
            for member in unit.members.all() if unit.kind == Unit.Kind.COLLECTIVE else ():
                Assignment.objects.get_or_create(
                    task=task, unit=member, role=role, defaults={"via": unit, "position": position}
                )
                position += 1
    return task


# ---- daily supervision --------------------------------------------------------------------


@dataclass
class SupervisionRun:
    today: date
    overdue_tasks: int = 0
    created: list[Reminder] = field(default_factory=list)
    already_sent: int = 0
    emails: int = 0


def _recipient_emails(*, unit: Unit | None, body: Body | None) -> list[str]:
    if unit is not None:
        roles = permissions.reminder_roles(unit=unit)
    else:
        assert body is not None
        roles = permissions.reminder_roles(jurisdiction=body.jurisdiction)
    return sorted({r.user.email for r in roles.select_related("user") if r.user.email})


def _remind(
    run: SupervisionRun,
    settings: PlanSettings,
    sent: set[tuple[int, str, str, date]],
    *,
    task: Task,
    level: str,
    due: date,
    days: int,
    unit: Unit | None = None,
    body: Body | None = None,
) -> None:
    key = f"unit:{unit.pk}" if unit is not None else f"body:{body.pk if body else 0}"
    if (task.pk, level, key, due) in sent:
        run.already_sent += 1
        return
    reminder = Reminder.objects.create(
        task=task,
        level=level,
        recipient_key=key,
        due=due,
        unit=unit,
        body=body,
        sent_on=run.today,
        overdue_days=days,
    )
    sent.add((task.pk, level, key, due))
    if settings.send_email:
        recipients = _recipient_emails(unit=unit, body=body)
        if recipients:
            label = Reminder.Level(level).label
            send_mail(
                subject=f"[督办] {label}：{task} 已逾期{days}天",
                message=(
                    f"任务：{task.clause_ref} {task.title}\n应完成日期：{due}\n"
                    f"逾期天数：{days}\n原文：{task.source_phrase}\n"
                ),
                from_email=None,
                recipient_list=recipients,
            )
            reminder.emails = len(recipients)
            reminder.save(update_fields=["emails"])
            run.emails += len(recipients)
    run.created.append(reminder)


@transaction.atomic
def supervise(
    *,
    today: date,
    jurisdiction: str | None = None,
    settings: PlanSettings | None = None,
) -> SupervisionRun:
    """Remind and escalate every overdue task once per level and recipient (idempotent).

    Overdue day 1 onwards: each responsible unit whose part is not done (or, with none named,
    each lead unit). Day ``escalate_to_lead_after_days`` onwards: each lead unit (or the office,
    when the task names no lead or the leads were the ones reminded). Day
    ``escalate_to_office_after_days`` onwards: the office. A run that missed days catches up:
    it sends every level the task has reached.
    """
    settings = settings or plan_settings()
    run = SupervisionRun(today=today)
    offices: dict[str, Body | None] = {}
    candidates = list(overdue_candidates(today=today, jurisdiction=jurisdiction))
    # The reminders already sent for these tasks, read once: the unique key (task, level,
    # recipient, due date) is what makes a second run on a day send nothing.
    sent = set(
        Reminder.objects.filter(task__in=candidates).values_list(
            "task_id", "level", "recipient_key", "due"
        )
    )
    for task in candidates:
        if task_status(task, today=today) != Status.OVERDUE:
            continue
        days = task_overdue_days(task, today=today)
        due = today.fromordinal(today.toordinal() - days)
        run.overdue_tasks += 1
        if task.jurisdiction not in offices:
            offices[task.jurisdiction] = office_of(task.jurisdiction)
        office = offices[task.jurisdiction]
        for unit in pending_units(task, today=today):
            _remind(
                run, settings, sent, task=task, level="responsible", due=due, days=days, unit=unit
            )
        if days >= settings.escalate_to_lead_after_days:
            # Above the responsible units stand the leads; above leads who were themselves
            # the ones reminded (no responsible unit named), or no lead at all, the office.
            has_responsible = any(
                a.role == Assignment.Role.RESPONSIBLE for a in operative_assignments(task)
            )
            leads = lead_units(task) if has_responsible else []
            for unit in leads:
                _remind(run, settings, sent, task=task, level="lead", due=due, days=days, unit=unit)
            if not leads and office is not None:
                _remind(
                    run, settings, sent, task=task, level="lead", due=due, days=days, body=office
                )
        if days >= settings.escalate_to_office_after_days and office is not None:
            _remind(run, settings, sent, task=task, level="office", due=due, days=days, body=office)
    return run
