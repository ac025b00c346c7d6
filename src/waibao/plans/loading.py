"""Load a jurisdiction's bodies, units, stages and tasks from its policy folder's
``plan.yaml`` (``waibao/policies/<slug>/plan.yaml``, found through the catalogue).

A refusal names where in the file it is (``plan.yaml: tasks[3] key: reason``, the position
kept as written so an editor finds the line) and says the reason in the active language
(gettext, Chinese msgids; issue 21): units by the names the file gives them, fields by what
the office calls them with the file's key beside it, dates as the file should write them.

Loading is idempotent: rows are matched by their codes and keys and updated, so a reload after a
correction of the data keeps what people recorded (reports, completion dates, meetings). A
collective unit ("各县(区)人民政府和…经开区管委会", "领导小组成员单位") is kept as written and
also expanded into one assignment per member unit; those expanded rows are what reminders and
the assessment use. A member that already leads the task is not also made responsible for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from waibao import jurisdictions, policy_files, yaml_text
from waibao.plans.models import (
    Assignment,
    Body,
    MeetingCadence,
    Milestone,
    Stage,
    Task,
    Unit,
)

PLAN_FILE_NAME = "plan.yaml"


def plan_jurisdictions() -> list[str]:
    """The jurisdictions whose policy folder holds a work plan, in the catalogue's order."""
    return list(policy_files.slugs_with(PLAN_FILE_NAME))


class PlanDataError(Exception):
    """Everything wrong with a plan data file, one line per problem, each naming where."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class LoadResult:
    jurisdiction: str
    units: int
    bodies: int
    stages: int
    tasks: int
    assignments: int


def plan_data_path(jurisdiction: str) -> Path:
    """Where ``jurisdiction``'s plan is (or would be): its folder's ``plan.yaml``."""
    try:
        folder = jurisdictions.jurisdiction(jurisdiction).folder
    except KeyError:
        folder = jurisdictions.BUILT_IN / jurisdiction
    return folder / PLAN_FILE_NAME


def plan_data_read(jurisdiction: str) -> dict[str, Any]:
    path = plan_data_path(jurisdiction)
    if not path.exists():
        reason = _("没有%(jurisdiction)s的工作方案数据") % {
            "jurisdiction": jurisdictions.name(jurisdiction, get_language() or "zh-hans")
        }
        raise PlanDataError([f"{path}: {reason}"])
    data = yaml_text.safe_load(path.read_text(encoding="utf-8"))
    _validate(path, data)
    return data


# A task's required fields by what the office calls them (the file's key follows in brackets).
TASK_FIELDS: dict[str, Any] = {
    "key": gettext_lazy("任务编号"),
    "clause_ref": gettext_lazy("条款序号"),
    "title": gettext_lazy("任务名称"),
    "source_phrase": gettext_lazy("原文"),
}


def _unknown_unit(role: str, name: str) -> str:
    """``牵头单位“市不存在局”不在本方案的单位名单中`` (one msgid per role: each language
    words the role its own way)."""
    if role == "lead":
        return _("牵头单位“%(unit)s”不在本方案的单位名单中") % {"unit": name}
    if role == "responsible":
        return _("责任单位“%(unit)s”不在本方案的单位名单中") % {"unit": name}
    if role == "host_unit":
        return _("办公室所在单位“%(unit)s”不在本方案的单位名单中") % {"unit": name}
    return _("成员单位“%(unit)s”不在本方案的单位名单中") % {"unit": name}


def _date_problem(value: Any) -> str | None:
    """Why ``value`` is no date the loader can read (``None``: it is one, or absent)."""
    if value is None or isinstance(value, date):
        return None
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return _("“%(value)s”不是日期，请写成 2024-03-01 这样的格式") % {"value": value}
    return None


def _validate(path: Path, data: dict[str, Any]) -> None:
    errors: list[str] = []
    unit_names = {u["name"] for u in data.get("units", [])}
    unit_codes = {u["code"] for u in data.get("units", [])}
    body_codes = {b["code"] for b in data.get("bodies", [])}
    stage_codes = {s["code"] for s in data.get("stages", [])}
    for index, unit in enumerate(data.get("units", [])):
        for member in unit.get("members", []):
            if member not in unit_codes:
                where = f"{path}: units[{index}] {unit['code']}"
                errors.append(f"{where}: {_unknown_unit('member', member)}")
    for index, body in enumerate(data.get("bodies", [])):
        where = f"{path}: bodies[{index}] {body['code']}"
        for member in body.get("members", []):
            if member not in unit_codes:
                errors.append(f"{where}: {_unknown_unit('member', member)}")
        host = body.get("host_unit")
        if host and host not in unit_codes:
            errors.append(f"{where}: {_unknown_unit('host_unit', host)}")
        for position, cadence in enumerate(body.get("cadences", [])):
            problem = _date_problem(cadence.get("starts"))
            if problem:
                errors.append(f"{where}: cadences[{position}] starts: {problem}")
    for index, stage in enumerate(data.get("stages", [])):
        for name in ("starts", "ends"):
            problem = _date_problem(stage.get(name))
            if problem:
                errors.append(f"{path}: stages[{index}] {stage.get('code')}: {name}: {problem}")
        for position, milestone in enumerate(stage.get("milestones", [])):
            problem = _date_problem(milestone.get("due"))
            if problem:
                errors.append(
                    f"{path}: stages[{index}] {stage.get('code')}: milestones[{position}] due: "
                    f"{problem}"
                )
    keys: set[str] = set()
    for index, task in enumerate(data.get("tasks", [])):
        where = f"{path}: tasks[{index}] {task.get('key')}"
        for field, label in TASK_FIELDS.items():
            if not task.get(field):
                errors.append(
                    f"{where}: "
                    + _("缺少%(label)s（%(field)s）") % {"label": label, "field": field}
                )
        if task.get("key") in keys:
            errors.append(f"{where}: " + _("任务编号与前面的任务重复"))
        keys.add(task.get("key"))
        if not task.get("lead") and not task.get("responsible"):
            errors.append(f"{where}: " + _("既未写牵头单位，也未写责任单位"))
        for role in ("lead", "responsible"):
            for name in task.get(role) or []:
                if name not in unit_names:
                    errors.append(f"{where}: {_unknown_unit(role, name)}")
        if task.get("body") and task["body"] not in body_codes:
            errors.append(
                f"{where}: " + _("所属机构“%(body)s”不在本方案的机构中") % {"body": task["body"]}
            )
        if task.get("stage") and task["stage"] not in stage_codes:
            errors.append(
                f"{where}: " + _("所属阶段“%(stage)s”不在本方案的阶段中") % {"stage": task["stage"]}
            )
        if len(task.get("title", "")) > 200:
            errors.append(f"{where}: " + _("任务名称超过 200 个字"))
        problem = _date_problem(task.get("deadline"))
        if problem:
            errors.append(f"{where}: deadline: {problem}")
        for position, milestone in enumerate(task.get("milestones", [])):
            problem = _date_problem(milestone.get("due"))
            if problem:
                errors.append(f"{where}: milestones[{position}] due: {problem}")
    if errors:
        raise PlanDataError(errors)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@transaction.atomic
def plan_load(*, jurisdiction: str) -> LoadResult:
    """Create or update everything the folder's ``plan.yaml`` describes."""
    data = plan_data_read(jurisdiction)
    units: dict[str, Unit] = {}
    for spec in data.get("units", []):
        unit, _ = Unit.objects.update_or_create(
            jurisdiction=jurisdiction,
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "kind": spec["kind"],
                "region_code": spec.get("region_code", ""),
                "note": spec.get("note", ""),
            },
        )
        units[spec["code"]] = unit
    bodies: dict[str, Body] = {}
    for spec in data.get("bodies", []):
        body, _ = Body.objects.update_or_create(
            jurisdiction=jurisdiction,
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "kind": spec["kind"],
                "parent": bodies.get(spec.get("parent", "")),
                "host_unit": units.get(spec.get("host_unit", "")),
                "chair": spec.get("chair", ""),
                "deputy_chairs": spec.get("deputy_chairs", ""),
                "director": spec.get("director", ""),
                "members_complete": spec.get("members_complete", True),
                "members_note": spec.get("members_note", ""),
                "members_description": spec.get("members_description", ""),
                "clause_ref": spec["clause_ref"],
                "source_phrase": spec["source_phrase"],
            },
        )
        body.members.set([units[code] for code in spec.get("members", [])])
        for cadence in spec.get("cadences", []):
            MeetingCadence.objects.update_or_create(
                body=body,
                meeting_kind=cadence["meeting_kind"],
                defaults={
                    "period": cadence["period"],
                    "starts": _as_date(cadence["starts"]),
                    "clause_ref": cadence.get("clause_ref", ""),
                    "source_phrase": cadence.get("source_phrase", ""),
                },
            )
        bodies[spec["code"]] = body
    for spec in data.get("units", []):
        if spec.get("members"):
            units[spec["code"]].members.set([units[code] for code in spec["members"]])
        elif spec.get("members_of_body"):
            units[spec["code"]].members.set(bodies[spec["members_of_body"]].members.all())
    stages: dict[str, Stage] = {}
    for spec in data.get("stages", []):
        stage, _ = Stage.objects.update_or_create(
            jurisdiction=jurisdiction,
            code=spec["code"],
            defaults={
                "kind": spec.get("kind", Stage.Kind.STAGE),
                "number": spec.get("number", 1),
                "name": spec["name"],
                "starts": _as_date(spec["starts"]),
                "ends": _as_date(spec["ends"]),
                "dates_assumed": spec.get("dates_assumed", False),
                "assumption": spec.get("assumption", ""),
                "goal": spec.get("goal", ""),
                "clause_ref": spec["clause_ref"],
                "source_phrase": spec["source_phrase"],
                "requirements": spec.get("requirements", []),
            },
        )
        _load_milestones(spec.get("milestones", []), stage=stage)
        stages[spec["code"]] = stage
    by_name = {unit.name: unit for unit in units.values()}
    assignments = 0
    for position, spec in enumerate(data.get("tasks", [])):
        task, _ = Task.objects.update_or_create(
            key=spec["key"],
            defaults={
                "jurisdiction": jurisdiction,
                "clause_ref": spec["clause_ref"],
                "title": spec["title"],
                "source_phrase": spec["source_phrase"],
                "assignment_phrase": spec.get("assignment_phrase", ""),
                "origin": Task.Origin.TEXT,
                "stage": stages.get(spec.get("stage", "")),
                "body": bodies.get(spec.get("body", "")),
                "note": spec.get("note", ""),
                "deadline": _as_date(spec.get("deadline")),
                "deadline_assumed": spec.get("deadline_assumed", False),
                "position": position,
            },
        )
        assignments += _load_assignments(
            task,
            lead=[by_name[name] for name in spec.get("lead") or []],
            responsible=[by_name[name] for name in spec.get("responsible") or []],
            lead_assumed=spec.get("lead_assumed", False),
            responsible_assumed=spec.get("responsible_assumed", False),
        )
        _load_milestones(spec.get("milestones", []), task=task)
    return LoadResult(
        jurisdiction=jurisdiction,
        units=len(units),
        bodies=len(bodies),
        stages=len(stages),
        tasks=len(data.get("tasks", [])),
        assignments=assignments,
    )


def _load_milestones(
    specs: list[dict[str, Any]], *, task: Task | None = None, stage: Stage | None = None
) -> None:
    for position, spec in enumerate(specs):
        Milestone.objects.update_or_create(
            task=task,
            stage=stage,
            position=position,
            defaults={
                "title": spec["title"],
                "source_phrase": spec.get("source_phrase", ""),
                "due": _as_date(spec["due"]),
            },
        )
    owner = {"task": task} if task is not None else {"stage": stage}
    Milestone.objects.filter(**owner, position__gte=len(specs)).delete()


def _load_assignments(
    task: Task,
    *,
    lead: list[Unit],
    responsible: list[Unit],
    lead_assumed: bool,
    responsible_assumed: bool,
) -> int:
    """Assignments as written, then the members of collectives. Returns the rows kept."""
    wanted: list[tuple[Unit, str, Unit | None, bool]] = []
    seen: set[tuple[int, str]] = set()

    def add(unit: Unit, role: str, via: Unit | None, assumed: bool) -> None:
        if (unit.pk, role) in seen:
            return
        seen.add((unit.pk, role))
        wanted.append((unit, role, via, assumed))

    for role, units, assumed in (
        (Assignment.Role.LEAD, lead, lead_assumed),
        (Assignment.Role.RESPONSIBLE, responsible, responsible_assumed),
    ):
        for unit in units:
            add(unit, role, None, assumed)
    leads = {unit.pk for unit in lead}
    for role, units, assumed in (
        (Assignment.Role.LEAD, lead, lead_assumed),
        (Assignment.Role.RESPONSIBLE, responsible, responsible_assumed),
    ):
        for collective in (unit for unit in units if unit.kind == Unit.Kind.COLLECTIVE):
            for member in collective.members.order_by("code"):
                if role == Assignment.Role.RESPONSIBLE and member.pk in leads:
                    continue
                add(member, role, collective, assumed)
    existing = {(a.unit_id, a.role): a for a in Assignment.objects.filter(task=task)}
    kept: set[int] = set()
    new_rows, changed = [], []
    for position, (unit, role, via, assumed) in enumerate(wanted):
        row = existing.get((unit.pk, role))
        if row is None:
            new_rows.append(
                Assignment(
                    task=task, unit=unit, role=role, via=via, position=position, assumed=assumed
                )
            )
            continue
        kept.add(row.pk)
        if (row.via_id, row.position, row.assumed) != (via and via.pk, position, assumed):
            row.via, row.position, row.assumed = via, position, assumed
            changed.append(row)
    stale = [a.pk for a in existing.values() if a.pk not in kept]
    if stale:
        Assignment.objects.filter(pk__in=stale).delete()
    Assignment.objects.bulk_create(new_rows)
    Assignment.objects.bulk_update(changed, ["via", "position", "assumed"])
    return len(wanted)


def plan_load_all() -> list[LoadResult]:
    return [plan_load(jurisdiction=name) for name in plan_jurisdictions()]
