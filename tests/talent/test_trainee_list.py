"""培训学员 as the shared list (issue 22 item 3): the trainees of the providers in the
user's scope, masked, filtered and paged; no one outside the talent app's readers opens it,
and no query string reaches another city's provider."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from talent_support import roster_row, write_roster

from waibao.accounts.models import Profile
from waibao.registry.models import Organisation
from waibao.talent.roster import roster_import
from waibao.talent.services import course_create

pytestmark = pytest.mark.django_db


def _user(username, **profile):
    user = get_user_model().objects.create_user(username=username, password="pw")
    if profile:
        Profile.objects.create(user=user, **profile)
    return user


def _rows(html):
    return html.count("<tr data-enrolment=")


@pytest.fixture
def world(tmp_path, institution, courses, regions):
    canton = Organisation.objects.create(
        uscc="91440106MA00000001",
        name="广州培训学院",
        kind="training_institution",
        region=regions["tianhe"],
    )
    course_create(provider=canton, code="GZ-01", name="广州班")
    rows = [
        roster_row(institution, "QBS-01", n, completed_on="2009-08-31", final_exam="pass")
        for n in range(1, 4)
    ]
    rows += [roster_row(institution, "GEN-01", n, enrolled_on="2010-03-01") for n in range(4, 6)]
    rows += [roster_row(canton, "GZ-01", 6)]
    roster_import(write_roster(tmp_path / "r.csv", rows))
    return {
        "rows": rows,
        "institution": _user("inst", role="enterprise", organisation=institution),
        "hz_admin": _user("hz", role="city_admin", region=regions["xihu"].parent),
        "gz_admin": _user("gz", role="city_admin", region=regions["tianhe"].parent),
        "reviewer": _user("rev", role="district_reviewer", region=regions["xihu"]),
        "analyst": _user("analyst", role="analyst"),
        "nobody": _user("nobody"),
    }


@pytest.mark.parametrize(
    ("who", "status", "count"),
    [
        ("institution", 200, 5),
        ("hz_admin", 200, 5),
        ("gz_admin", 200, 1),
        ("analyst", 200, 6),
        ("reviewer", 403, 0),
        ("nobody", 403, 0),
    ],
)
def test_each_reader_lists_the_trainees_of_its_scope_masked(client, world, who, status, count):
    client.force_login(world[who])
    response = client.get("/talent/trainees/")
    assert response.status_code == status
    html = response.content.decode()
    assert _rows(html) == count
    for row in world["rows"]:
        assert row["name"] not in html and row["id_number"] not in html


@pytest.mark.parametrize("query", ["?q=广州", "?district=440106", "?q=GZ-01&completed=no"])
def test_no_query_string_reaches_another_citys_provider(client, world, institution, query):
    from waibao.talent.models import Enrolment

    hangzhou = {
        str(pk)
        for pk in Enrolment.objects.filter(course__provider=institution).values_list(
            "pk", flat=True
        )
    }
    client.force_login(world["hz_admin"])
    html = client.get(f"/talent/trainees/{query}").content.decode()
    shown = {part.split('"', 1)[0] for part in html.split('<tr data-enrolment="')[1:]}
    assert shown <= hangzhou and "广州班" not in html


def test_filters_by_course_year_completion_and_exam(client, world):
    client.force_login(world["hz_admin"])
    get = lambda query: client.get(f"/talent/trainees/?{query}").content.decode()  # noqa: E731
    assert _rows(get("q=QBS")) == 3
    assert _rows(get("year=2010")) == 2
    assert _rows(get("completed=yes")) == 3 and _rows(get("completed=no")) == 2
    assert _rows(get("exam=pass")) == 3 and _rows(get("exam=none")) == 2
    assert "共 5 条" in get("") and "培训学员" in get("")


def test_the_list_reads_a_bounded_number_of_queries(
    client, world, tmp_path, institution, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world["hz_admin"])
    with CaptureQueriesContext(connection) as few:
        client.get("/talent/trainees/")
    more = [roster_row(institution, "GEN-01", n, enrolled_on="2011-03-01") for n in range(10, 40)]
    roster_import(write_roster(tmp_path / "more.csv", more))
    with django_assert_max_num_queries(len(few)):
        html = client.get("/talent/trainees/").content.decode()
    assert _rows(html) == 25 and "第 1 页，共 2 页" in html
