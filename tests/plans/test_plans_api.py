"""The plans API's content: statuses, overdue list, assessment and a report with an attachment."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from plans_support import make_user

from waibao.plans.loading import plan_load


@pytest.fixture
def office_client(client, db):
    plan_load(jurisdiction="datong")
    client.force_login(make_user("office", role="office"))
    return client


def test_the_overdue_list_names_the_open_units_and_the_leads(office_client):
    rows = office_client.get("/api/plans/overdue?jurisdiction=datong&today=2024-01-11").json()
    by_key = {row["key"]: row for row in rows}
    assert set(by_key) == {"datong.1", "datong.3", "datong.safeguard.5"}
    task3 = by_key["datong.3"]
    assert (task3["due"], task3["overdue_days"]) == ("2023-12-31", 11)
    assert task3["lead_units"] == ["市数字政府服务中心"]
    assert len(task3["pending_units"]) == 15  # 4 departments and the 11 county-level units


def test_the_task_list_filters_by_status_and_keeps_the_units_as_written(office_client):
    rows = office_client.get("/api/plans/tasks?status=overdue&today=2024-01-11").json()
    assert [row["key"] for row in rows] == ["datong.1", "datong.3", "datong.safeguard.5"]
    detail = office_client.get("/api/plans/tasks/datong.3").json()
    assert detail["responsible"] == [
        "市发改委", "市工信局", "市科技局", "市商务局", "各县(区)人民政府和大同经开区管委会"
    ]  # fmt: skip
    assert detail["assignment_phrase"].startswith("牵头单位:市数字政府服务中心;责任单位:")


def test_an_officer_reports_with_an_attachment_and_sees_its_checksum(client, db):
    plan_load(jurisdiction="datong")
    client.force_login(make_user("yg", role="unit_officer", unit_code="yungang"))
    content = "云冈区统计人员培训记录".encode()
    response = client.post(
        "/api/plans/tasks/datong.safeguard.3/reports",
        {
            "unit_code": "yungang",
            "text": "完成统计人员培训",
            "completes": "true",
            "reported_on": "2024-03-01",
            "files": [SimpleUploadedFile("培训.txt", content)],
        },
    )
    assert response.status_code == 201, response.content
    (attachment,) = response.json()["attachments"]
    assert attachment["sha256"] == hashlib.sha256(content).hexdigest()
    detail = client.get("/api/plans/tasks/datong.safeguard.3?today=2024-03-02").json()
    yungang = next(a for a in detail["assignments"] if a["unit_code"] == "yungang")
    assert yungang["done_on"] == "2024-03-01"
    assert detail["status"] == "in_progress"
    assert detail["reports"][0]["text"] == "完成统计人员培训"


def test_the_office_records_a_meeting_and_turns_its_decision_into_a_task(office_client):
    response = office_client.post(
        "/api/plans/meetings?jurisdiction=datong",
        {
            "body_code": "leading_group",
            "kind": "thematic",
            "held_on": "2024-05-15",
            "minutes": "通报示范城市建设发展状况",
            "attendance": [{"unit_code": "commerce", "person": "李四"}],
            "decisions": ["6月底前编制服务外包产业招商地图"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    (decision,) = response.json()["decisions"]
    follow_up = office_client.post(
        f"/api/plans/decisions/{decision['id']}/task",
        {"title": "编制招商地图", "lead": ["commerce"], "responsible": ["counties_and_zone"],
         "deadline": "2024-06-30"},
        content_type="application/json",
    )  # fmt: skip
    assert follow_up.status_code == 201, follow_up.content
    body = follow_up.json()
    assert (body["lead"], body["responsible"]) == (
        ["市商务局"], ["各县(区)人民政府和大同经开区管委会"]
    )  # fmt: skip
    overdue = office_client.get("/api/plans/overdue?jurisdiction=datong&today=2024-07-01").json()
    mine = next(row for row in overdue if row["key"] == body["key"])
    assert len(mine["pending_units"]) == 11  # the collective, expanded
    again = office_client.post(
        f"/api/plans/decisions/{decision['id']}/task",
        {"title": "重复", "lead": ["commerce"]},
        content_type="application/json",
    )
    assert again.status_code == 422


def test_a_unit_officer_may_not_record_meetings(client, db):
    plan_load(jurisdiction="datong")
    client.force_login(make_user("c", role="unit_officer", unit_code="commerce"))
    response = client.post(
        "/api/plans/meetings?jurisdiction=datong",
        {"body_code": "leading_group", "kind": "member", "held_on": "2024-05-15"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_the_bodies_and_stages_show_what_the_text_lost(office_client):
    bodies = {
        b["code"]: b for b in office_client.get("/api/plans/bodies?jurisdiction=datong").json()
    }
    assert bodies["leading_group"]["members_complete"] is False
    assert bodies["office"]["director"] == "韩杰"
    stages = office_client.get("/api/plans/stages?jurisdiction=datong").json()
    assert [s["dates_assumed"] for s in stages] == [True, True, True]
    assert stages[2]["ends"] == "2026-12-31"
