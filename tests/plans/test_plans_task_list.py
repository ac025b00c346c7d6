"""督办 tasks as the shared list (issue 22 item 3): every task the user may see, filtered by
state and by a word of the title or clause, paged with the Chinese pager, in a bounded
number of queries whatever the number of tasks."""

from __future__ import annotations

import pytest
from plans_support import make_user

from waibao.plans.loading import plan_load
from waibao.plans.models import Task
from waibao.plans.task_list import PAGE_SIZE


@pytest.fixture
def office(client, db):
    plan_load(jurisdiction="datong")
    client.force_login(make_user("office", role="office"))
    return client


def _keys(html):
    return [part.split('"', 1)[0] for part in html.split('<tr data-task="')[1:]]


def test_the_office_lands_on_every_task_a_page_at_a_time(office):
    total = Task.objects.filter(jurisdiction="datong").count()
    assert total > PAGE_SIZE  # the plan is longer than a page
    html = office.get("/plans/").content.decode()
    assert f"共 {total} 条" in html and len(_keys(html)) == PAGE_SIZE
    pages = -(-total // PAGE_SIZE)
    assert f"第 1 页，共 {pages} 页" in html and "下一页" in html
    last = office.get(f"/plans/?page={pages}").content.decode()
    assert len(_keys(last)) == total - PAGE_SIZE * (pages - 1)
    seen = set()
    for number in range(1, pages + 1):
        seen.update(_keys(office.get(f"/plans/?page={number}").content.decode()))
    assert len(seen) == total


def test_filters_by_state_and_by_a_word_of_the_title_or_clause(office):
    overdue = office.get("/plans/?status=overdue").content.decode()
    shown = _keys(overdue)
    assert shown and all("已逾期" in row for row in overdue.split('<tr data-task="')[1:])
    assert '<option value="overdue" selected>' in overdue
    html = office.get("/plans/?q=融资环境").content.decode()
    assert _keys(html) == ["datong.9"]
    nonsense = office.get("/plans/?status=nonsense").content.decode()
    assert nonsense.count("<tr data-task=") == PAGE_SIZE


def test_a_unit_officer_sees_only_its_tasks_and_no_filter_widens_that(client, db):
    plan_load(jurisdiction="datong")
    unit = Task.objects.get(key="datong.9").assignments.filter(via__isnull=True).first().unit
    client.force_login(make_user("officer", role="unit_officer", unit_code=unit.code))
    mine = set(_keys(client.get("/plans/?status=").content.decode()))
    assert "datong.9" in mine
    for query in ("?q=发展", "?status=overdue", "?jurisdiction=datong", "?page=2"):
        assert set(_keys(client.get(f"/plans/{query}").content.decode())) <= mine


def test_the_task_list_reads_a_bounded_number_of_queries(office, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        office.get("/plans/")
