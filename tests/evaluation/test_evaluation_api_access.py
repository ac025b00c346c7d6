"""The evaluation API and pages answer through ``waibao.permissions``: in scope 200, out of
scope 404, not signed in 401."""

from __future__ import annotations

import pytest
from django.test import Client
from evaluation_helpers import D

pytestmark = pytest.mark.django_db


def _client(world, role):
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


RATING = {
    "anonymous": 401,
    "enterprise": 404,
    "district_reviewer": 404,  # the city is wider than its district
    "city_admin": 200,
    "leader": 200,
    "analyst": 404,  # scoped to Zhejiang
    "system_admin": 200,
}


@pytest.mark.parametrize("role", sorted(RATING))
def test_the_citys_key_enterprise_rating_is_for_staff_whose_scope_covers_the_city(world, role):
    response = _client(world, role).get("/api/evaluation/key-enterprises/440100/2024")
    assert response.status_code == RATING[role]


def test_a_district_reviewer_sees_its_districts_rating_with_explanations(world):
    response = _client(world, "district_reviewer").get(
        "/api/evaluation/key-enterprises/440106/2024"
    )
    assert response.status_code == 200
    body = response.json()
    assert {e["uscc"] for e in body["entries"]} == {world.orgs.own.uscc, world.orgs.district.uscc}
    assert body["entries"][0]["explanation"]["arithmetic"].startswith("100 × (")


@pytest.mark.parametrize(
    ("role", "status"), [("city_admin", 200), ("district_reviewer", 404), ("leader", 404)]
)
def test_only_a_city_administrator_in_scope_publishes_the_top_ten(world, role, status):
    response = _client(world, role).post("/api/evaluation/top-ten/440100/2024/publish")
    assert response.status_code == status


def test_the_scorecard_page_and_rating_page_render_for_the_city_administrator(world):
    client = _client(world, "city_admin")
    assert client.get("/api/evaluation/scorecard/440100/2024").status_code == 200
    scorecard_page = client.get("/evaluation/scorecard/440100/2024/")
    assert scorecard_page.status_code == 200
    assert "产业发展情况" in scorecard_page.content.decode()
    page = client.get("/evaluation/rating/key_enterprise/440100/2024/")
    assert page.status_code == 200
    assert world.orgs.city.uscc in page.content.decode()
    assert (
        _client(world, "analyst").get("/evaluation/rating/top_ten/440100/2024/").status_code == 404
    )


def _apply(client, uscc):
    return client.post(
        "/api/evaluation/applications",
        {
            "uscc": uscc,
            "programme": "datong.5.demonstration_enterprise",
            "level": "municipal",
            "evidence": {"reviewer_finding": True},
        },
        content_type="application/json",
    )


def test_an_enterprise_applies_only_for_itself_and_the_city_decides(world):
    enterprise = _client(world, "enterprise")
    assert _apply(enterprise, world.orgs.district.uscc).status_code == 404
    response = _apply(enterprise, world.orgs.own.uscc)
    assert response.status_code == 200
    pk = response.json()["id"]
    assert enterprise.get(f"/api/evaluation/applications/{pk}").status_code == 200
    decision = {"approve": True, "on": "2024-05-01"}
    for role in ("enterprise", "district_reviewer"):
        refused = _client(world, role).post(
            f"/api/evaluation/applications/{pk}/decision", decision, content_type="application/json"
        )
        assert refused.status_code == 404, role
    approved = _client(world, "city_admin").post(
        f"/api/evaluation/applications/{pk}/decision", decision, content_type="application/json"
    )
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["valid_until"]) == ("approved", "2025-04-30")
    revoked = _client(world, "city_admin").post(
        f"/api/evaluation/applications/{pk}/revocation",
        {"on": "2024-09-01"},
        content_type="application/json",
    )
    assert revoked.json()["status"] == "revoked"


def test_an_unknown_programme_is_a_422_naming_it(world):
    # a rule refusing the values (Django's ValidationError): 422, as everywhere in the API
    response = _client(world, "enterprise").post(
        "/api/evaluation/applications",
        {"uscc": world.orgs.own.uscc, "programme": "nowhere.1", "level": "municipal"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "nowhere.1" in response.content.decode()


def test_a_district_reviewer_records_credit_events_in_its_district_only(world):
    reviewer = _client(world, "district_reviewer")
    event = {"kind": "ip_infringement", "severity": "serious", "date": "2024-08-01"}
    inside = reviewer.post(
        f"/api/evaluation/credit/{world.orgs.district.uscc}/events",
        event,
        content_type="application/json",
    )
    assert inside.status_code == 200
    assert inside.json()["grade"] == "D"
    outside = reviewer.post(
        f"/api/evaluation/credit/{world.orgs.city.uscc}/events",
        event,
        content_type="application/json",
    )
    assert outside.status_code == 404
    enterprise = _client(world, "enterprise")
    assert (
        enterprise.post(
            f"/api/evaluation/credit/{world.orgs.own.uscc}/events",
            event,
            content_type="application/json",
        ).status_code
        == 404
    )
    own = enterprise.get(f"/api/evaluation/credit/{world.orgs.own.uscc}")
    assert (own.status_code, own.json()["grade"]) == (200, "A")
    assert enterprise.get(f"/api/evaluation/credit/{world.orgs.district.uscc}").status_code == 404
    pk = inside.json()["events"][0]["id"]
    restored = reviewer.post(
        f"/api/evaluation/credit/events/{pk}/restoration",
        {"on": "2024-12-01"},
        content_type="application/json",
    )
    assert restored.status_code == 200
    assert restored.json()["events"][0]["restored"] == "2024-12-01"


@pytest.mark.parametrize(("role", "status"), [("city_admin", 200), ("district_reviewer", 404)])
def test_only_a_city_administrator_designates_key_enterprises(world, role, status):
    response = _client(world, role).post(
        "/api/evaluation/key-enterprises/440100/2024/designate",
        {"count": 2, "level": "municipal"},
        content_type="application/json",
    )
    assert response.status_code == status
    if status == 200:
        assert response.json()["entries"] == 2


def test_the_applications_page_lists_only_applications_in_scope(world):
    from waibao.evaluation import services

    mine = services.recognition_apply(
        world.orgs.own, "datong.5.demonstration_enterprise", "municipal", {}, D(2024, 1, 5)
    )
    services.recognition_apply(
        world.orgs.city, "hangzhou.17.training_institution", "municipal", {}, D(2024, 1, 6)
    )
    assert mine.criteria[0]["met"] is None
    enterprise = _client(world, "enterprise").get("/evaluation/applications/").content.decode()
    assert "datong.5.demonstration_enterprise" in enterprise
    assert "hangzhou.17.training_institution" not in enterprise
    reviewer = _client(world, "district_reviewer").get("/evaluation/applications/").content.decode()
    assert "hangzhou.17.training_institution" not in reviewer
    admin = _client(world, "city_admin").get("/evaluation/applications/").content.decode()
    assert "hangzhou.17.training_institution" in admin
    assert _client(world, "leader").get("/evaluation/applications/").status_code == 404


def test_the_credit_page_is_the_enterprises_own_and_its_reviewers(world):
    assert (
        _client(world, "enterprise").get(f"/evaluation/credit/{world.orgs.own.uscc}/").status_code
        == 200
    )
    assert (
        _client(world, "enterprise").get(f"/evaluation/credit/{world.orgs.city.uscc}/").status_code
        == 404
    )
    assert (
        _client(world, "district_reviewer")
        .get(f"/evaluation/credit/{world.orgs.city.uscc}/")
        .status_code
        == 404
    )
