"""The applications on the funds page as a list (issue 22 item 3): each role sees the
applications of its scope, filtered by state, year, overdue, district or firm, paged, with a
bounded number of queries; no query string shows another district's application."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from waibao.funds.models import Application

CLAUSE = "guangzhou.5.training"


def _rows(html):
    return {int(part.split('"', 1)[0]) for part in html.split('<tr data-application="')[1:]}


def _get(client, user, query=""):
    client.force_login(user)
    return client.get(f"/funds/{query}").content.decode()


@pytest.fixture
def three(world):
    alpha = world.submitted(world.alpha, CLAUSE, "300.00")
    beta = world.draft(world.beta, CLAUSE, "100.00")
    gamma = world.submitted(world.gamma, CLAUSE, "200.00")
    return alpha, beta, gamma


def test_each_role_lists_the_applications_of_its_scope(world, client, three):
    alpha, beta, gamma = three
    assert _rows(_get(client, world.alpha_user)) == {alpha.pk}
    assert _rows(_get(client, world.tianhe_reviewer)) == {alpha.pk, beta.pk}
    assert _rows(_get(client, world.yuexiu_reviewer)) == {gamma.pk}
    assert _rows(_get(client, world.gz_admin)) == {alpha.pk, beta.pk, gamma.pk}
    assert _rows(_get(client, world.hz_admin)) == set()


@pytest.mark.parametrize(
    "query",
    ["?district=440104", "?q=越秀", "?q=91440101CCCCCCCC03", "?status=submitted&district=440104"],
)
def test_a_district_reviewer_never_sees_another_districts_application(world, client, three, query):
    gamma = three[2]
    shown = _rows(_get(client, world.tianhe_reviewer, query))
    assert gamma.pk not in shown


def test_filters_by_state_district_firm_and_overdue(world, client, three):
    alpha, beta, gamma = three
    assert _rows(_get(client, world.gz_admin, "?status=draft")) == {beta.pk}
    assert _rows(_get(client, world.gz_admin, "?district=440104")) == {gamma.pk}
    assert _rows(_get(client, world.gz_admin, "?q=天河甲")) == {alpha.pk}
    assert _rows(_get(client, world.gz_admin, f"?q={gamma.pk}")) == {gamma.pk}
    assert _rows(_get(client, world.gz_admin, "?overdue=yes")) == set()
    Application.objects.filter(pk=alpha.pk).update(district_due=dt.date(2000, 1, 1))
    assert _rows(_get(client, world.gz_admin, "?overdue=yes")) == {alpha.pk}
    html = _get(client, world.gz_admin, "?year=2010")
    assert "共 3 条" in html and '<option value="2010" selected>' in html
    assert 'name="district"' not in _get(client, world.tianhe_reviewer)


def test_the_list_reads_a_bounded_number_of_queries(world, client):
    world.submitted(world.alpha, CLAUSE, "300.00")
    client.force_login(world.tianhe_reviewer)
    with CaptureQueriesContext(connection) as one:
        client.get("/funds/")
    world.submitted(world.beta, CLAUSE, "100.00")
    world.draft(world.alpha, "guangzhou.5.certification", "100.00")
    with CaptureQueriesContext(connection) as three:
        html = client.get("/funds/").content.decode()
    assert len(_rows(html)) == 3
    assert len(three) <= len(one)  # the first request also fills caches
