"""The plans API (/api/plans/): tasks with status, progress reports, overdue lists, meeting
cadence, the yearly assessment and the XLSX supervision report. A session or an API token
(``waibao.web.auth``); the rules of ``waibao.plans.permissions`` decide what each user
sees. A task outside the user's scope answers 404, as if it did not exist."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from waibao import jurisdiction_labels
from waibao.plans import permissions
from waibao.plans.export import supervision_report_xlsx
from waibao.plans.models import Body, Decision, Jurisdiction, Meeting, Stage, Task, Unit
from waibao.plans.selectors import (
    cadence_gaps_for,
    overdue_list,
    task_due,
    task_list,
    task_overdue_days,
    task_status,
    unit_assessment,
)
from waibao.plans.services import (
    AttendanceEntry,
    attachments_read,
    decision_to_task,
    meeting_record,
    report_file,
)
from waibao.web.params import Day, Year

router = Router(tags=["plans"])


class AssignmentOut(Schema):
    unit: str
    unit_code: str
    role: str
    via: str | None
    done_on: date | None


class TaskOut(Schema):
    key: str
    jurisdiction: str
    clause_ref: str
    title: str
    source_phrase: str
    assignment_phrase: str
    status: str
    due: date | None
    overdue_days: int
    done_on: date | None
    lead: list[str]
    responsible: list[str]


class ReportOut(Schema):
    id: int
    unit: str
    reported_on: date
    text: str
    completes: bool
    attachments: list[dict[str, str | int]]


class MilestoneOut(Schema):
    title: str
    due: date
    done_on: date | None


class TaskDetailOut(TaskOut):
    assignments: list[AssignmentOut]
    milestones: list[MilestoneOut]
    reports: list[ReportOut]


class OverdueOut(Schema):
    key: str
    title: str
    due: date
    overdue_days: int
    pending_units: list[str]
    lead_units: list[str]


class CadenceGapOut(Schema):
    body: str
    meeting_kind: str
    period: str
    starts: date
    ends: date


class AssessmentOut(Schema):
    unit: str
    unit_code: str
    tasks_due: int
    on_time: int
    task_score: Decimal | None
    target_score: Decimal | None
    score: Decimal | None


def _today(value: date | None) -> date:
    return value or timezone.localdate()


def _task_out(task: Task, today: date) -> dict[str, object]:
    written = [a for a in task.assignments.all() if a.via_id is None]
    return {
        "key": task.key,
        "jurisdiction": task.jurisdiction,
        "clause_ref": task.clause_ref,
        "title": task.title,
        "source_phrase": task.source_phrase,
        "assignment_phrase": task.assignment_phrase,
        "status": task_status(task, today=today),
        "due": task_due(task, today=today),
        "overdue_days": task_overdue_days(task, today=today),
        "done_on": task.done_on,
        "lead": [a.unit.name for a in written if a.role == "lead"],
        "responsible": [a.unit.name for a in written if a.role == "responsible"],
    }


def _visible_task(request: HttpRequest, key: str) -> Task:
    visible = permissions.visible_tasks(request.user).values("pk")
    return get_object_or_404(task_list().filter(pk__in=visible), key=key)


def _require_oversight(request: HttpRequest, jurisdiction: str) -> None:
    if not permissions.can_oversee(request.user, jurisdiction):
        raise HttpError(403, _("只有领导小组办公室和领导可以查看本辖区督办情况"))


@router.get("/tasks", response=list[TaskOut], summary="可见的任务及状态")
def tasks(
    request: HttpRequest,
    jurisdiction: str | None = None,
    status: str | None = None,
    today: Day | None = None,
) -> list[dict[str, object]]:
    day = _today(today)
    visible = permissions.visible_tasks(request.user).values("pk")
    rows = [_task_out(t, day) for t in task_list(jurisdiction=jurisdiction).filter(pk__in=visible)]
    return [row for row in rows if status is None or row["status"] == status]


@router.get("/tasks/{key}", response=TaskDetailOut, summary="任务详情、节点与进展报告")
def task_detail(request: HttpRequest, key: str, today: Day | None = None) -> dict[str, object]:
    task = _visible_task(request, key)
    day = _today(today)
    out = _task_out(task, day)
    out["assignments"] = [
        {
            "unit": a.unit.name,
            "unit_code": a.unit.code,
            "role": a.role,
            "via": a.via.name if a.via else None,
            "done_on": a.done_on,
        }
        for a in task.assignments.all()
    ]
    out["milestones"] = [
        {"title": m.title, "due": m.due, "done_on": m.done_on} for m in task.milestones.all()
    ]
    out["reports"] = [
        {
            "id": r.pk,
            "unit": r.unit.name,
            "reported_on": r.reported_on,
            "text": r.text,
            "completes": r.completes,
            "attachments": [
                {"filename": a.filename, "sha256": a.sha256, "size": a.size}
                for a in r.attachments.all()
            ],
        }
        for r in task.reports.select_related("unit").prefetch_related("attachments")
    ]
    return out


@router.post("/tasks/{key}/reports", response={201: ReportOut}, summary="单位报送进展")
def task_report(
    request: HttpRequest,
    key: str,
    unit_code: Form[str],
    text: Form[str],
    completes: Form[bool] = False,
    reported_on: Form[Day | None] = None,
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status:
    task = _visible_task(request, key)
    unit = get_object_or_404(Unit, jurisdiction=task.jurisdiction, code=unit_code)
    report = report_file(
        user=request.user,
        task=task,
        unit=unit,
        reported_on=reported_on or timezone.localdate(),
        text=text,
        completes=completes,
        files=attachments_read(files or []),
    )
    return Status(
        201,
        {
            "id": report.pk,
            "unit": unit.name,
            "reported_on": report.reported_on,
            "text": report.text,
            "completes": report.completes,
            "attachments": [
                {"filename": a.filename, "sha256": a.sha256, "size": a.size}
                for a in report.attachments.all()
            ],
        },
    )


@router.get("/overdue", response=list[OverdueOut], summary="逾期任务清单")
def overdue(
    request: HttpRequest, jurisdiction: str, today: Day | None = None
) -> list[dict[str, object]]:
    _require_oversight(request, jurisdiction)
    return [
        {
            "key": item.task.key,
            "title": item.task.title,
            "due": item.due,
            "overdue_days": item.days,
            "pending_units": [u.name for u in item.pending_units],
            "lead_units": [u.name for u in item.lead_units],
        }
        for item in overdue_list(today=_today(today), jurisdiction=jurisdiction)
    ]


@router.get("/cadence", response=list[CadenceGapOut], summary="未按频次召开的会议")
def cadence(
    request: HttpRequest, jurisdiction: str, start: Day, end: Day
) -> list[dict[str, object]]:
    _require_oversight(request, jurisdiction)
    return [
        {
            "body": gap.body.name,
            "meeting_kind": gap.cadence.meeting_kind,
            "period": gap.period.label,
            "starts": gap.period.starts,
            "ends": gap.period.ends,
        }
        for gap in cadence_gaps_for(jurisdiction=jurisdiction, start=start, end=end)
    ]


@router.get("/assessment", response=list[AssessmentOut], summary="单位年度考核(任务部分)")
def assessment(request: HttpRequest, jurisdiction: str, year: Year) -> list[dict[str, object]]:
    _require_oversight(request, jurisdiction)
    return [
        {
            "unit": e.unit.name,
            "unit_code": e.unit.code,
            "tasks_due": e.tasks_due,
            "on_time": e.on_time,
            "task_score": e.task_score,
            "target_score": e.target_score,
            "score": e.score,
        }
        for e in unit_assessment(jurisdiction=jurisdiction, year=year)
    ]


@router.get("/report.xlsx", summary="督办报告(XLSX)")
def report_xlsx(
    request: HttpRequest, jurisdiction: str, today: Day | None = None, year: Year | None = None
) -> HttpResponse:
    _require_oversight(request, jurisdiction)
    if jurisdiction not in Jurisdiction.values:  # it names the file: never free text
        raise HttpError(404, _("没有代码为“%(code)s”的辖区") % {"code": jurisdiction})
    day = _today(today)
    content = supervision_report_xlsx(jurisdiction=jurisdiction, today=day, year=year)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="plans-{jurisdiction}-{day}.xlsx"'
    return response


class UnitOut(Schema):
    code: str
    name: str
    kind: str


class BodyOut(Schema):
    code: str
    name: str
    kind: str
    clause_ref: str
    source_phrase: str
    host_unit: str | None
    chair: str
    director: str
    members: list[UnitOut]
    members_complete: bool
    members_note: str
    members_description: str
    cadences: list[dict[str, str]]


@router.get("/bodies", response=list[BodyOut], summary="领导小组、办公室及成员单位")
def bodies(request: HttpRequest, jurisdiction: str) -> list[dict[str, object]]:
    _require_oversight(request, jurisdiction)
    return [
        {
            "code": b.code,
            "name": b.name,
            "kind": b.kind,
            "clause_ref": b.clause_ref,
            "source_phrase": b.source_phrase,
            "host_unit": b.host_unit.name if b.host_unit else None,
            "chair": b.chair,
            "director": b.director,
            "members": [{"code": u.code, "name": u.name, "kind": u.kind} for u in b.members.all()],
            "members_complete": b.members_complete,
            "members_note": b.members_note,
            "members_description": b.members_description,
            "cadences": [
                {
                    "meeting_kind": c.meeting_kind,
                    "period": c.period,
                    "source_phrase": c.source_phrase,
                }
                for c in b.cadences.all()
            ],
        }
        for b in Body.objects.filter(jurisdiction=jurisdiction).select_related("host_unit")
    ]


class StageOut(Schema):
    code: str
    kind: str
    name: str
    starts: date
    ends: date
    dates_assumed: bool
    assumption: str
    goal: str
    source_phrase: str
    requirements: list[dict[str, str]]
    milestones: list[MilestoneOut]


@router.get("/stages", response=list[StageOut], summary="工作阶段与五年规划期")
def stages(request: HttpRequest, jurisdiction: str) -> list[dict[str, object]]:
    _require_oversight(request, jurisdiction)
    return [
        {
            "code": s.code,
            "kind": s.kind,
            "name": s.name,
            "starts": s.starts,
            "ends": s.ends,
            "dates_assumed": s.dates_assumed,
            "assumption": s.assumption,
            "goal": s.goal,
            "source_phrase": s.source_phrase,
            "requirements": s.requirements,
            "milestones": [
                {"title": m.title, "due": m.due, "done_on": m.done_on} for m in s.milestones.all()
            ],
        }
        for s in Stage.objects.filter(jurisdiction=jurisdiction).prefetch_related("milestones")
    ]


class AttendanceIn(Schema):
    unit_code: str
    person: str = ""
    present: bool = True


class MeetingIn(Schema):
    body_code: str
    kind: str
    held_on: Day
    title: str = ""
    minutes: str = ""
    attendance: list[AttendanceIn] = []
    decisions: list[str] = []


class MeetingOut(Schema):
    id: int
    body: str
    kind: str
    held_on: date
    decisions: list[dict[str, object]]


def _unknown_units(jurisdiction: str, codes: list[str]) -> str:
    """The unit codes a caller sent that name no unit of the jurisdiction (no name to give:
    the codes are all there is)."""
    return _("%(jurisdiction)s没有代码为 %(codes)s 的单位") % {
        "jurisdiction": jurisdiction_labels.label(jurisdiction),
        "codes": _("、").join(codes),
    }


@router.post("/meetings", response={201: MeetingOut}, summary="办公室记录会议、出席与决定")
def meeting_create(request: HttpRequest, jurisdiction: str, payload: MeetingIn) -> Status:
    body = Body.objects.filter(jurisdiction=jurisdiction, code=payload.body_code).first()
    if body is None:
        raise HttpError(
            404,
            _("%(jurisdiction)s没有代码为“%(code)s”的领导小组或办公室")
            % {"jurisdiction": jurisdiction_labels.label(jurisdiction), "code": payload.body_code},
        )
    units = {u.code: u for u in Unit.objects.filter(jurisdiction=jurisdiction)}
    unknown = [a.unit_code for a in payload.attendance if a.unit_code not in units]
    if unknown:
        raise HttpError(422, _unknown_units(jurisdiction, unknown))
    meeting = meeting_record(
        user=request.user,
        body=body,
        kind=payload.kind,
        held_on=payload.held_on,
        title=payload.title,
        minutes=payload.minutes,
        attendance=[
            AttendanceEntry(unit=units[a.unit_code], person=a.person, present=a.present)
            for a in payload.attendance
        ],
        decisions=payload.decisions,
    )
    return Status(201, _meeting_out(meeting))


def _meeting_out(meeting: Meeting) -> dict[str, object]:
    return {
        "id": meeting.pk,
        "body": meeting.body.name,
        "kind": meeting.kind,
        "held_on": meeting.held_on,
        "decisions": [{"id": d.pk, "text": d.text} for d in meeting.decisions.all()],
    }


class FollowUpIn(Schema):
    title: str
    lead: list[str]
    responsible: list[str] = []
    deadline: Day | None = None


@router.post(
    "/decisions/{decision_id}/task", response={201: TaskOut}, summary="会议决定转为督办任务"
)
def decision_task(request: HttpRequest, decision_id: int, payload: FollowUpIn) -> Status:
    decision = Decision.objects.select_related("meeting__body").filter(pk=decision_id).first()
    if decision is None:
        raise HttpError(404, _("没有编号为 %(id)s 的会议决定") % {"id": decision_id})
    jurisdiction = decision.meeting.body.jurisdiction
    units = {u.code: u for u in Unit.objects.filter(jurisdiction=jurisdiction)}
    unknown = [code for code in (*payload.lead, *payload.responsible) if code not in units]
    if unknown:
        raise HttpError(422, _unknown_units(jurisdiction, unknown))
    task = decision_to_task(
        user=request.user,
        decision=decision,
        title=payload.title,
        lead=[units[code] for code in payload.lead],
        responsible=[units[code] for code in payload.responsible],
        deadline=payload.deadline,
    )
    return Status(201, _task_out(task_list().get(pk=task.pk), timezone.localdate()))
