"""The supervision report (督办报告) as an XLSX workbook: tasks and their status, overdue days,
reminders and escalations, missed meeting cadence, and the yearly assessment of units.

A bureau document written in Chinese whatever language asked for it (its sheets and columns
are): the status words too, so a command run under ``LANG=C`` gives the same workbook."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import translation
from openpyxl.styles import Font

from waibao.plans.models import Reminder, Stage, Unit
from waibao.plans.selectors import (
    STATUS_LABELS,
    cadence_gaps_for,
    pending_units,
    task_due,
    task_list,
    task_overdue_days,
    task_status,
    unit_assessment,
)
from waibao.spreadsheets import workbook as new_workbook
from waibao.spreadsheets import xlsx_append


def _sheet(workbook: Any, title: str, header: list[str], first: bool = False):  # type: ignore[no-untyped-def]
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    xlsx_append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return sheet


def _names(units: list[Unit]) -> str:
    return "、".join(unit.name for unit in units)


def supervision_report_xlsx(
    *,
    jurisdiction: str,
    today: date,
    year: int | None = None,
    target_scores: Mapping[str, Decimal | int | str] | None = None,
) -> bytes:
    with translation.override("zh-hans"):
        return _report(jurisdiction, today, year or today.year, target_scores)


def _report(
    jurisdiction: str,
    today: date,
    year: int,
    target_scores: Mapping[str, Decimal | int | str] | None,
) -> bytes:
    workbook = new_workbook()
    tasks = _sheet(
        workbook,
        "任务",
        [
            "编号",
            "条款",
            "任务",
            "牵头单位",
            "责任单位",
            "应完成日期",
            "状态",
            "逾期天数",
            "未完成单位",
            "完成日期",
            "原文",
        ],
        first=True,
    )
    for task in task_list(jurisdiction=jurisdiction):
        written = [a for a in task.assignments.all() if a.via_id is None]
        due = task_due(task, today=today)
        xlsx_append(
            tasks,
            [
                task.key,
                task.clause_ref,
                task.title,
                _names([a.unit for a in written if a.role == "lead"]),
                _names([a.unit for a in written if a.role == "responsible"]),
                due,
                str(STATUS_LABELS[task_status(task, today=today)]),
                task_overdue_days(task, today=today),
                _names(pending_units(task, today=today)) if task.done_on is None else "",
                task.done_on,
                task.source_phrase,
            ],
        )
    reminders = _sheet(
        workbook,
        "督办提醒",
        ["发出日期", "任务", "级别", "对象", "应完成日期", "逾期天数", "邮件数"],
    )
    for reminder in Reminder.objects.filter(task__jurisdiction=jurisdiction).select_related(
        "task", "unit", "body"
    ):
        xlsx_append(
            reminders,
            [
                reminder.sent_on,
                str(reminder.task),
                reminder.get_level_display(),
                reminder.recipient_name,
                reminder.due,
                reminder.overdue_days,
                reminder.emails,
            ],
        )
    gaps = _sheet(workbook, "会议频次", ["机构", "会议类别", "周期", "未召开期间", "依据"])
    for gap in cadence_gaps_for(
        jurisdiction=jurisdiction, start=date(year, 1, 1), end=min(today, date(year, 12, 31))
    ):
        xlsx_append(
            gaps,
            [
                gap.body.name,
                gap.cadence.meeting_kind,
                gap.cadence.get_period_display(),
                gap.period.label,
                gap.cadence.source_phrase,
            ],
        )
    scores = _sheet(
        workbook,
        "年度考核",
        ["单位", "到期任务数", "按时完成数", "任务得分", "指标得分", "综合得分"],
    )
    for entry in unit_assessment(jurisdiction=jurisdiction, year=year, target_scores=target_scores):
        xlsx_append(
            scores,
            [
                entry.unit.name,
                entry.tasks_due,
                entry.on_time,
                entry.task_score,
                entry.target_score,
                entry.score,
            ],
        )
    stages = _sheet(
        workbook,
        "阶段",
        [
            "阶段",
            "开始",
            "结束",
            "日期为假设",
            "节点或需完成事项",
            "时限",
            "完成日期",
            "状态",
            "原文",
        ],
    )
    for stage in Stage.objects.filter(jurisdiction=jurisdiction).prefetch_related("milestones"):
        assumed = "是" if stage.dates_assumed else "否"
        for milestone in stage.milestones.all():
            if milestone.done_on is not None and milestone.done_on <= today:
                state = "已完成"
            else:
                state = "已逾期" if milestone.due < today else "未到期"
            xlsx_append(
                stages,
                [
                    stage.name,
                    stage.starts,
                    stage.ends,
                    assumed,
                    milestone.title,
                    milestone.due,
                    milestone.done_on,
                    state,
                    milestone.source_phrase,
                ],
            )
        for requirement in stage.requirements:
            xlsx_append(
                stages,
                [
                    stage.name,
                    stage.starts,
                    stage.ends,
                    assumed,
                    requirement["title"],
                    stage.ends,
                    None,
                    "见统计目标",
                    requirement["source_phrase"],
                ],
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
