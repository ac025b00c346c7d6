"""Reads: status for a date, overdue lists, cadence gaps, the yearly assessment of units.

Date rules (docs/plans.md): a task is due on its due date and overdue from the next day
(``overdue_days`` = today − due, ≥ 1). Its due date is the earliest of its deadline and the due
dates of its milestones not yet done. A task done, or blocked, is never overdue.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from django.db.models import Prefetch, Q, QuerySet
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waibao import jurisdiction_labels
from waibao.plans.conf import PlanSettings, plan_settings
from waibao.plans.models import (
    Assignment,
    Body,
    Meeting,
    MeetingCadence,
    Milestone,
    Task,
    Unit,
)


class Status:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    OVERDUE = "overdue"
    BLOCKED = "blocked"


# A task's status as the office says it, in the language of the page or report that shows it.
STATUS_LABELS: dict[str, Any] = {
    Status.NOT_STARTED: gettext_lazy("未开始"),
    Status.IN_PROGRESS: gettext_lazy("推进中"),
    Status.DONE: gettext_lazy("已完成"),
    Status.OVERDUE: gettext_lazy("已逾期"),
    Status.BLOCKED: gettext_lazy("受阻"),
}


def task_list(*, jurisdiction: str | None = None) -> QuerySet[Task]:
    tasks = Task.objects.all()
    if jurisdiction:
        tasks = tasks.filter(jurisdiction=jurisdiction)
    return tasks.select_related("stage", "body").prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit", "via")),
        Prefetch("milestones", queryset=Milestone.objects.order_by("due", "position")),
        "reports",
    )


def operative_assignments(task: Task) -> list[Assignment]:
    """The assignments of real units: collectives stand in for their expanded members."""
    return [a for a in task.assignments.all() if a.unit.kind != Unit.Kind.COLLECTIVE]


def task_due(task: Task, *, today: date | None = None) -> date | None:
    """The date the task must meet next: its deadline or an undone milestone, whichever first."""
    if task.done_on is not None and (today is None or task.done_on <= today):
        return None
    dues = [
        m.due for m in task.milestones.all() if m.done_on is None or (today and m.done_on > today)
    ]
    if task.deadline is not None:
        dues.append(task.deadline)
    return min(dues) if dues else None


def task_status(task: Task, *, today: date) -> str:
    if task.done_on is not None and task.done_on <= today:
        return Status.DONE
    if task.blocked:
        return Status.BLOCKED
    due = task_due(task, today=today)
    if due is not None and due < today:
        return Status.OVERDUE
    started = (task.started_on is not None and task.started_on <= today) or any(
        report.reported_on <= today for report in task.reports.all()
    )
    return Status.IN_PROGRESS if started else Status.NOT_STARTED


def task_overdue_days(task: Task, *, today: date) -> int:
    if task_status(task, today=today) != Status.OVERDUE:
        return 0
    due = task_due(task, today=today)
    assert due is not None
    return (today - due).days


@dataclass(frozen=True)
class OverdueItem:
    task: Task
    due: date
    days: int
    pending_units: list[Unit]
    lead_units: list[Unit]


def pending_units(task: Task, *, today: date) -> list[Unit]:
    """Units whose part is not done: the responsible ones, else the leads when none are named."""
    operative = operative_assignments(task)
    responsible = [a for a in operative if a.role == Assignment.Role.RESPONSIBLE]
    pool = responsible or [a for a in operative if a.role == Assignment.Role.LEAD]
    return [a.unit for a in pool if a.done_on is None or a.done_on > today]


def lead_units(task: Task) -> list[Unit]:
    return [a.unit for a in operative_assignments(task) if a.role == Assignment.Role.LEAD]


def overdue_candidates(*, today: date, jurisdiction: str | None = None) -> QuerySet[Task]:
    """Tasks that may be overdue on ``today``, narrowed in SQL before statuses are computed:
    not done by then, not blocked, with a deadline or an unmet milestone before ``today``."""
    not_done = Q(done_on__isnull=True) | Q(done_on__gt=today)
    milestone_missed = Q(milestones__due__lt=today) & (
        Q(milestones__done_on__isnull=True) | Q(milestones__done_on__gt=today)
    )
    candidates = Task.objects.filter(not_done, blocked=False).filter(
        Q(deadline__lt=today) | milestone_missed
    )
    if jurisdiction:
        candidates = candidates.filter(jurisdiction=jurisdiction)
    return task_list(jurisdiction=jurisdiction).filter(pk__in=candidates.values("pk"))


def overdue_list(*, today: date, jurisdiction: str | None = None) -> list[OverdueItem]:
    items = []
    for task in overdue_candidates(today=today, jurisdiction=jurisdiction):
        days = task_overdue_days(task, today=today)
        if days:
            items.append(
                OverdueItem(
                    task=task,
                    due=today - timedelta(days=days),
                    days=days,
                    pending_units=pending_units(task, today=today),
                    lead_units=lead_units(task),
                )
            )
    return sorted(items, key=lambda item: (-item.days, item.task.jurisdiction, item.task.position))


def office_of(jurisdiction: str) -> Body | None:
    """The body reminders escalate to last: the leading group's office, else the mechanism."""
    bodies = Body.objects.filter(jurisdiction=jurisdiction)
    return (
        bodies.filter(kind=Body.Kind.OFFICE).first()
        or bodies.filter(kind=Body.Kind.COORDINATION).first()
        or bodies.first()
    )


# ---- meeting cadence -----------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    starts: date
    ends: date

    @property
    def label(self) -> str:
        if self.starts.month == 1 and self.ends.month == 12:
            return f"{self.starts.year}"
        if self.ends.month - self.starts.month == 2:
            return f"{self.starts.year}Q{(self.starts.month - 1) // 3 + 1}"
        return f"{self.starts.year}-{self.starts.month:02d}"


def _period_containing(day: date, period: str) -> Period:
    if period == MeetingCadence.Period.MONTH:
        first_month = day.month
        months = 1
    elif period == MeetingCadence.Period.QUARTER:
        first_month = (day.month - 1) // 3 * 3 + 1
        months = 3
    else:
        first_month = 1
        months = 12
    last_month = first_month + months - 1
    last_day = calendar.monthrange(day.year, last_month)[1]
    return Period(date(day.year, first_month, 1), date(day.year, last_month, last_day))


def calendar_periods(start: date, end: date, period: str) -> list[Period]:
    """The calendar months, quarters or years that end within [start, end]."""
    periods = []
    current = _period_containing(start, period)
    while current.starts <= end:
        if start <= current.ends <= end:
            periods.append(current)
        current = _period_containing(current.ends + timedelta(days=1), period)
    return periods


@dataclass(frozen=True)
class CadenceGap:
    body: Body
    cadence: MeetingCadence
    period: Period


def cadence_gaps(*, body: Body, start: date, end: date) -> list[CadenceGap]:
    """Each calendar period that ended within [start, end], on or after the cadence started, with
    no meeting of the required kind anywhere in it. A period still running at ``end`` is not
    judged yet; a period that began before ``start`` is judged on all its days."""
    gaps = []
    for cadence in body.cadences.all():
        periods = [
            p for p in calendar_periods(start, end, cadence.period) if p.starts >= cadence.starts
        ]
        if not periods:
            continue
        held = set(
            Meeting.objects.filter(
                body=body,
                kind=cadence.meeting_kind,
                held_on__gte=periods[0].starts,
                held_on__lte=periods[-1].ends,
            ).values_list("held_on", flat=True)
        )
        for period in periods:
            if not any(period.starts <= day <= period.ends for day in held):
                gaps.append(CadenceGap(body=body, cadence=cadence, period=period))
    return gaps


def cadence_gaps_for(*, jurisdiction: str, start: date, end: date) -> list[CadenceGap]:
    gaps: list[CadenceGap] = []
    for body in Body.objects.filter(jurisdiction=jurisdiction).prefetch_related("cadences"):
        gaps.extend(cadence_gaps(body=body, start=start, end=end))
    return gaps


# ---- yearly assessment (a text's 保障措施 考核) -------------------------------------------------

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class TargetAttainmentSource(Protocol):
    """Where district target attainment comes from (the stats app): unit code or region code
    to a score from 0 to 100 for the year."""

    def __call__(self, *, jurisdiction: str, year: int) -> Mapping[str, Decimal]: ...


@dataclass
class UnitAssessment:
    unit: Unit
    tasks_due: int = 0
    on_time: int = 0
    weight_due: Decimal = Decimal(0)
    weight_on_time: Decimal = Decimal(0)
    task_score: Decimal | None = None
    target_score: Decimal | None = None
    score: Decimal | None = None
    items: list[tuple[Task, str, date, date | None, bool]] = field(default_factory=list)


def _assignment_done_on(assignment: Assignment, task: Task) -> date | None:
    """A lead answers for the whole task; a responsible unit for its own part."""
    if assignment.role == Assignment.Role.LEAD:
        return task.done_on
    return assignment.done_on or task.done_on


def unit_assessment(
    *,
    jurisdiction: str,
    year: int,
    target_scores: Mapping[str, Decimal | int | str] | None = None,
    settings: PlanSettings | None = None,
) -> list[UnitAssessment]:
    """Score every unit with work due in ``year``, out of 100.

    Task score: the weighted share of its assignments due in the year (by the task's deadline)
    that were done on or before the deadline; a lead assignment weighs
    ``lead_assignment_weight``, a responsible one ``responsible_assignment_weight``.
    Target score: ``target_scores[key]`` (0–100; the districts' statistics-target attainment),
    keyed by unit code or by the unit's 6-digit region code; when not given, the callable named
    by the ``target_source`` setting (a ``TargetAttainmentSource``, e.g. from the stats app) is
    asked for them. Score = task_weight × task score + target_weight × target
    score; a unit without a target score gets its task score, a unit with a target score and no
    task due its target score. Rounded once, to 0.01, half up.
    """
    settings = settings or plan_settings()
    if target_scores is None and settings.target_source:
        source: TargetAttainmentSource = import_string(settings.target_source)
        target_scores = source(jurisdiction=jurisdiction, year=year)
    targets = {str(key): Decimal(str(value)) for key, value in (target_scores or {}).items()}
    units = {unit.code: unit for unit in Unit.objects.filter(jurisdiction=jurisdiction)}
    by_region = {unit.region_code: unit for unit in units.values() if unit.region_code}
    for key, value in targets.items():
        if not 0 <= value <= HUNDRED:
            named = units.get(key) or by_region.get(key)
            raise ValueError(
                _("%(unit)s的目标得分须在 0 到 100 之间，现为 %(score)s")
                % {"unit": named.name if named else key, "score": value}
            )
    results: dict[int, UnitAssessment] = {}
    tasks = task_list(jurisdiction=jurisdiction).filter(deadline__year=year, blocked=False)
    for task in tasks:
        assert task.deadline is not None
        for assignment in operative_assignments(task):
            entry = results.setdefault(assignment.unit.pk, UnitAssessment(unit=assignment.unit))
            weight = (
                settings.lead_assignment_weight
                if assignment.role == Assignment.Role.LEAD
                else settings.responsible_assignment_weight
            )
            done_on = _assignment_done_on(assignment, task)
            on_time = done_on is not None and done_on <= task.deadline
            entry.tasks_due += 1
            entry.weight_due += weight
            entry.items.append((task, assignment.role, task.deadline, done_on, on_time))
            if on_time:
                entry.on_time += 1
                entry.weight_on_time += weight
    unknown = sorted(key for key in targets if key not in units and key not in by_region)
    if unknown:
        raise ValueError(
            _("%(jurisdiction)s没有代码为 %(codes)s 的单位，无法计入其目标得分")
            % {
                "jurisdiction": jurisdiction_labels.label(jurisdiction),
                "codes": _("、").join(unknown),
            }
        )
    for key, value in targets.items():
        unit = units.get(key) or by_region[key]
        entry = results.setdefault(unit.pk, UnitAssessment(unit=unit))
        entry.target_score = value
    for entry in results.values():
        if entry.weight_due:
            entry.task_score = entry.weight_on_time * HUNDRED / entry.weight_due
        if entry.task_score is not None and entry.target_score is not None:
            raw = (
                settings.assessment_task_weight * entry.task_score
                + settings.assessment_target_weight * entry.target_score
            )
        else:
            raw = entry.task_score if entry.task_score is not None else entry.target_score
        entry.score = None if raw is None else raw.quantize(CENT, rounding=ROUND_HALF_UP)
        if entry.task_score is not None:
            entry.task_score = entry.task_score.quantize(CENT, rounding=ROUND_HALF_UP)
    return sorted(
        results.values(),
        key=lambda e: (-(e.score if e.score is not None else Decimal(-1)), e.unit.code),
    )
