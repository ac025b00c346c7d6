"""Access per role, as a matrix: a unit officer sees and reports on its own unit's tasks only;
the office and leaders see all of their jurisdiction; everyone else is denied."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from plans_support import make_user

from waibao.plans.loading import plan_load
from waibao.plans.models import Task

# datong.safeguard.1: lead 市委组织部, responsible the counties (平城区 among them);
# 市商务局 has no part in it.
# datong.13: 市商务局 is responsible; 平城区 too (through the collective).
HIDDEN_FROM_COMMERCE = "datong.safeguard.1"
SHARED = "datong.13"


@pytest.fixture
def people(db):
    plan_load(jurisdiction="datong")
    plan_load(jurisdiction="wenzhou")
    superuser = get_user_model().objects.create_superuser("root", "root@x.cn", "pw")
    return {
        "anonymous": None,
        "no_role": make_user("nobody"),
        "commerce_officer": make_user("commerce", role="unit_officer", unit_code="commerce"),
        "pingcheng_officer": make_user("pingcheng", role="unit_officer", unit_code="pingcheng"),
        "datong_office": make_user("office", role="office"),
        "datong_leader": make_user("leader", role="leader"),
        "wenzhou_office": make_user(
            "wz_office", role="office", jurisdiction="wenzhou", unit_code=None
        ),
        "superuser": superuser,
    }


def _client(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def _matrix(client, people, request):
    return {name: request(_client(client, user)) for name, user in people.items()}


def test_who_may_read_a_task_of_the_counties(client, people):
    got = _matrix(
        client, people, lambda c: c.get(f"/api/plans/tasks/{HIDDEN_FROM_COMMERCE}").status_code
    )
    assert got == {
        "anonymous": 401,
        "no_role": 404,
        "commerce_officer": 404,
        "pingcheng_officer": 200,
        "datong_office": 200,
        "datong_leader": 200,
        "wenzhou_office": 404,
        "superuser": 200,
    }


def test_who_may_report_on_a_task_for_pingcheng(client, people):
    def report(c):
        return c.post(
            f"/api/plans/tasks/{SHARED}/reports",
            {"unit_code": "pingcheng", "text": "平城区已完成宣传包装", "reported_on": "2024-05-01"},
        ).status_code

    assert _matrix(client, people, report) == {
        "anonymous": 401,
        "no_role": 404,
        "commerce_officer": 403,  # sees the task (its own part) but is not 平城区's officer
        "pingcheng_officer": 201,
        "datong_office": 403,
        "datong_leader": 403,
        "wenzhou_office": 404,
        "superuser": 403,  # reports come from the unit's officers, even for a superuser
    }


def test_who_may_read_the_overdue_list_the_assessment_and_the_xlsx_report(client, people):
    def oversight(c):
        return (
            c.get("/api/plans/overdue?jurisdiction=datong&today=2024-06-01").status_code,
            c.get("/api/plans/assessment?jurisdiction=datong&year=2024").status_code,
            c.get("/api/plans/report.xlsx?jurisdiction=datong&today=2024-06-01").status_code,
        )

    allowed, denied = (200, 200, 200), (403, 403, 403)
    assert _matrix(client, people, oversight) == {
        "anonymous": (401, 401, 401),
        "no_role": denied,
        "commerce_officer": denied,
        "pingcheng_officer": denied,
        "datong_office": allowed,
        "datong_leader": allowed,
        "wenzhou_office": denied,
        "superuser": allowed,
    }


def test_what_each_role_sees_in_the_task_list(client, people):
    def seen(c):
        response = c.get("/api/plans/tasks")
        return len(response.json()) if response.status_code == 200 else response.status_code

    commerce_tasks = (
        Task.objects.filter(assignments__unit__code="commerce", jurisdiction="datong")
        .distinct()
        .count()
    )
    assert commerce_tasks == 23  # 1.-19. (1. and 2. as a leading-group member), 保障(二)-(五)
    assert _matrix(client, people, seen) == {
        "anonymous": 401,
        "no_role": 0,
        "commerce_officer": 23,
        "pingcheng_officer": 21,  # every task naming the counties (3, 4-19, 保障(一)-(四))
        "datong_office": 24,
        "datong_leader": 24,
        "wenzhou_office": 7,
        "superuser": 31,
    }


def test_the_pages_follow_the_same_rules(client, people):
    def pages(c):
        return (
            c.get(f"/plans/tasks/{HIDDEN_FROM_COMMERCE}/").status_code,
            c.get("/plans/supervision/datong/").status_code,
            c.get("/plans/supervision/datong/report.xlsx").status_code,
        )

    assert _matrix(client, people, pages) == {
        "anonymous": (302, 302, 302),
        "no_role": (404, 403, 403),
        "commerce_officer": (404, 403, 403),
        "pingcheng_officer": (200, 403, 403),
        "datong_office": (200, 200, 200),
        "datong_leader": (200, 200, 200),
        "wenzhou_office": (404, 403, 403),
        "superuser": (200, 200, 200),
    }


def test_a_unit_officer_files_a_report_through_the_page_with_an_attachment(client, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = _client(client, people["pingcheng_officer"])
    page = c.get(f"/plans/tasks/{SHARED}/").content.decode()
    assert "报送进展" in page and "平城区人民政府" in page
    response = c.post(
        f"/plans/tasks/{SHARED}/",
        {
            "unit_code": "pingcheng",
            "text": "完成本地载体宣传",
            "completes": "on",
            "files": SimpleUploadedFile("简报.pdf", b"%PDF-1.4 briefing"),
        },
    )
    assert response.status_code == 302
    task = Task.objects.get(key=SHARED)
    report = task.reports.get()
    assert (report.unit.code, report.completes, report.attachments.get().filename) == (
        "pingcheng",
        True,
        "简报.pdf",
    )
    assert task.assignments.get(unit__code="pingcheng").done_on is not None
