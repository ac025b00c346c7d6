"""Who reads and writes the register, as a role matrix on the pages and the API: city staff
of the text write; a district reviewer sees its district; an enterprise only the records
naming itself; leaders and analysts read their region; exports for the roles that export."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "no_role",
    "enterprise",
    "district_reviewer",
    "city_admin",
    "leader",
    "analyst",
    "system_admin",
    "superuser",
]

# which of the register's three records each role reads (own: Tianhe, naming the enterprise;
# city: Yuexiu; hangzhou: Xihu)
SEES = {
    "enterprise": {"own"},
    "district_reviewer": {"own"},
    "city_admin": {"own", "city"},
    "leader": {"own", "city", "hangzhou"},  # no region: everywhere
    "analyst": {"hangzhou"},  # Zhejiang
    "system_admin": {"own", "city", "hangzhou"},
    "superuser": {"own", "city", "hangzhou"},
}
LIST_API = {"anonymous": 401, "no_role": 403} | dict.fromkeys(SEES, 200)
LIST_PAGE = {"anonymous": 302, "no_role": 404} | dict.fromkeys(SEES, 200)
CREATE = {"anonymous": 401, "city_admin": 201, "system_admin": 201, "superuser": 201}
EDIT_OWN = {  # PUT on the Tianhe record: 404 where it cannot be read, 403 where not written
    "anonymous": 401,
    "no_role": 404,
    "enterprise": 403,
    "district_reviewer": 403,
    "city_admin": 200,
    "leader": 403,
    "analyst": 404,
    "system_admin": 200,
    "superuser": 200,
}
EXPORT = {"anonymous": 401, "city_admin": 200, "analyst": 200, "system_admin": 200}
EXPORT |= {"superuser": 200}


def _client(world, role):
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _names(register, ids):
    by_id = {getattr(register, name).pk: name for name in ("own", "city", "hangzhou")}
    return {by_id[i] for i in ids}


def _payload(world, **fields):
    return {
        "measure": "guangzhou.18.registration_marker",
        "recorded_on": "2024-06-01",
        "description": "营业执照注明从事服务外包经营",
        "uscc": world.orgs.district.uscc,
        **fields,
    }


@pytest.mark.parametrize("role", ROLES)
def test_the_record_list_answers_each_role_with_its_scope(world, register, role):
    response = _client(world, role).get("/api/measures/records")
    assert response.status_code == LIST_API[role]
    if response.status_code == 200:
        body = response.json()
        assert _names(register, [r["id"] for r in body["items"]]) == SEES[role]
        assert body["count"] == len(SEES[role])


@pytest.mark.parametrize("role", ROLES)
def test_the_list_page_answers_each_role_with_its_scope(world, register, role):
    response = _client(world, role).get("/measures/")
    assert response.status_code == LIST_PAGE[role]
    if response.status_code == 200:
        shown = {r["record"].pk for r in response.context["rows"]}
        assert _names(register, shown) == SEES[role]


@pytest.mark.parametrize("role", ROLES)
def test_one_record_is_404_outside_the_scope(world, register, role):
    response = _client(world, role).get(f"/api/measures/records/{register.own.pk}")
    expected = LIST_API[role] if role not in SEES else (200 if "own" in SEES[role] else 404)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_the_citys_writers_record_through_the_api(world, register, role):
    response = _client(world, role).post(
        "/api/measures/records", _payload(world), content_type="application/json"
    )
    assert response.status_code == CREATE.get(role, 403)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_citys_writers_correct_a_record(world, register, role):
    response = _client(world, role).put(
        f"/api/measures/records/{register.own.pk}",
        _payload(world, uscc=world.orgs.own.uscc, attachment_ref="穗〔2024〕2号"),
        content_type="application/json",
    )
    assert response.status_code == EDIT_OWN[role]
    if response.status_code == 200:
        assert response.json()["revision"] == 2


@pytest.mark.parametrize("role", ROLES)
def test_the_export_is_for_the_roles_that_export_and_holds_their_scope(world, register, role):
    response = _client(world, role).get("/api/measures/records.xlsx")
    assert response.status_code == EXPORT.get(role, 403)
    if response.status_code == 200:
        sheet = load_workbook(io.BytesIO(response.content)).active
        ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert _names(register, ids) == SEES[role]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("city_admin", 200),
        ("system_admin", 200),
        ("enterprise", 404),
        ("district_reviewer", 404),
        ("leader", 404),
        ("analyst", 404),
        ("no_role", 404),
        ("anonymous", 302),
    ],
)
def test_the_forms_open_for_writers_only(world, register, role, status):
    client = _client(world, role)
    assert client.get("/measures/new/").status_code == status
    assert client.get(f"/measures/{register.own.pk}/").status_code == status


@pytest.mark.parametrize(
    ("role", "offered"),
    [("city_admin", True), ("district_reviewer", True), ("leader", True), ("enterprise", False)],
)
def test_the_menu_offers_the_register_to_staff(world, role, offered):
    from waibao.portal.navigation import menu_for

    assert ("/measures/" in {item.url for item in menu_for(world.users[role])}) is offered
