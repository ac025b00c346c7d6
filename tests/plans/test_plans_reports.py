"""Progress reports with attachments, completion, meetings and decisions turned into tasks."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from factories import office, task, unit
from plans_support import make_user

from waibao.plans.models import Task
from waibao.plans.selectors import task_status
from waibao.plans.services import (
    AttendanceEntry,
    attachment_verify,
    attachments_dir,
    decision_to_task,
    meeting_record,
    report_file,
    supervise,
)


@pytest.fixture
def work(db):
    lead, first, second = unit("lead"), unit("first"), unit("second")
    return {
        "task": task("t", deadline=date(2025, 6, 30), lead=[lead], responsible=[first, second]),
        "first": first,
        "second": second,
        "officer": make_user("first_officer", role="unit_officer", unit_code="first"),
        "second_officer": make_user("second_officer", role="unit_officer", unit_code="second"),
    }


def test_a_report_stores_its_attachment_under_the_data_directory_with_its_sha256(work):
    content = "第一季度推进情况".encode()
    report = report_file(
        user=work["officer"],
        task=work["task"],
        unit=work["first"],
        reported_on=date(2025, 4, 2),
        text="已召开专题会",
        files=[("进展.docx", content)],
    )
    (attachment,) = report.attachments.all()
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert (attachments_dir() / attachment.path).read_bytes() == content
    assert attachment_verify(attachment)
    (attachments_dir() / attachment.path).write_bytes(b"tampered")
    assert not attachment_verify(attachment)


def test_a_first_report_moves_the_task_from_not_started_to_in_progress(work):
    assert task_status(work["task"], today=date(2025, 4, 2)) == "not_started"
    report_file(
        user=work["officer"],
        task=work["task"],
        unit=work["first"],
        reported_on=date(2025, 4, 2),
        text="启动",
    )
    assert task_status(work["task"], today=date(2025, 4, 1)) == "not_started"
    assert task_status(work["task"], today=date(2025, 4, 2)) == "in_progress"


def test_the_task_is_done_when_the_last_responsible_unit_completes(work):
    report_file(
        user=work["officer"],
        task=work["task"],
        unit=work["first"],
        reported_on=date(2025, 5, 1),
        text="完成",
        completes=True,
    )
    work["task"].refresh_from_db()
    assert work["task"].done_on is None
    report_file(
        user=work["second_officer"],
        task=work["task"],
        unit=work["second"],
        reported_on=date(2025, 6, 3),
        text="完成",
        completes=True,
    )
    work["task"].refresh_from_db()
    assert work["task"].done_on == date(2025, 6, 3)
    assert task_status(work["task"], today=date(2025, 7, 1)) == "done"


def test_an_officer_cannot_report_for_another_unit(work):
    with pytest.raises(PermissionDenied):
        report_file(
            user=work["officer"],
            task=work["task"],
            unit=work["second"],
            reported_on=date(2025, 5, 1),
            text="代报",
        )


def test_an_officer_cannot_report_on_a_task_of_which_the_unit_has_no_part(work):
    other = task("other", deadline=date(2025, 6, 30), lead=[unit("z")])
    with pytest.raises(PermissionDenied):
        report_file(
            user=work["officer"],
            task=other,
            unit=work["first"],
            reported_on=date(2025, 5, 1),
            text="越权",
        )


def test_a_meeting_records_attendance_and_its_decision_becomes_a_supervised_task(work):
    body = office().parent
    meeting = meeting_record(
        body=body,
        kind="member",
        held_on=date(2025, 3, 20),
        title="一季度领导小组成员会议",
        minutes="听取示范城市建设进展情况",
        attendance=[
            AttendanceEntry(unit=work["first"], person="张三"),
            AttendanceEntry(unit=work["second"], present=False),
        ],
        decisions=["4月底前报送产业简报"],
    )
    assert list(meeting.attendance.filter(present=True).values_list("unit__code", flat=True)) == [
        "first"
    ]
    follow_up = decision_to_task(
        decision=meeting.decisions.get(),
        title="报送产业简报",
        lead=[work["first"]],
        responsible=[work["second"]],
        deadline=date(2025, 4, 30),
    )
    assert follow_up.origin == Task.Origin.DECISION
    assert follow_up.source_phrase == "4月底前报送产业简报"
    run = supervise(today=date(2025, 5, 1))
    assert [(r.task.key, r.unit.code) for r in run.created if r.task == follow_up] == [
        (follow_up.key, "second")
    ]


def test_only_the_office_records_meetings_when_a_user_acts(work):
    body = office().parent
    with pytest.raises(PermissionDenied):
        meeting_record(body=body, kind="member", held_on=date(2025, 3, 20), user=work["officer"])
    the_office = make_user("office_user", role="office")
    assert meeting_record(body=body, kind="member", held_on=date(2025, 3, 20), user=the_office)
