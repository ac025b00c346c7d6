"""广东 (五) 开展省级服务外包示范城市和示范园区认定工作: the park title (a fact of the rules
engine) and the city title (the city applies for itself; the province decides)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from evaluation_helpers import D, organisation

from waibao import rules
from waibao.evaluation import selectors, services
from waibao.evaluation.programmes import PROGRAMMES, all_met, check_criteria
from waibao.facts.from_db import facts_for_year

CITY = "guangdong.5.provincial_demonstration_city"
PARK = "guangdong.5.provincial_demonstration"
MET = {"good_conditions": True, "active": True, "reviewer_finding": True}

pytestmark = pytest.mark.django_db


def test_the_city_title_checks_the_clause_s_own_conditions_and_the_prefecture_level():
    spec = PROGRAMMES[CITY]
    assert spec.applicant == "city" and spec.validity_years is None
    assert all_met(check_criteria(spec, {**MET, "city_code": "440600"}, D(2025, 1, 1)))
    district = check_criteria(spec, {**MET, "city_code": "440106"}, D(2025, 1, 1))
    assert [c["code"] for c in district if c["met"] is False] == ["prefecture_city"]
    province = check_criteria(spec, {**MET, "city_code": "440000"}, D(2025, 1, 1))
    assert not all_met(province)
    unknown = check_criteria(spec, {"city_code": "440600"}, D(2025, 1, 1))
    assert {c["code"] for c in unknown if c["met"] is None} == {
        "good_conditions",
        "active",
        "reviewer_finding",
    }
    assert [c.text for c in spec.criteria][1:3] == ["发展条件好", "工作积极性高"]


def test_an_approved_provincial_park_title_is_a_fact_that_earns_guangdong_5(places):
    park = organisation("91440106MA000005XX", places["tianhe"], kind="park")

    def rows():
        records = [r for r in facts_for_year(2025) if r["uscc"] == park.uscc]
        return [
            r
            for r in rules.entitlements(records, include_all=True)
            if r["clause"] == PARK and r["applies"]
        ]

    assert rows() == []
    application = services.recognition_apply(park, PARK, "provincial", MET, D(2025, 3, 1))
    services.recognition_decide(application, approve=True, on=D(2025, 3, 1))
    assert len(rows()) == 1
    services.recognition_revoke(application, D(2025, 6, 1), "撤销")
    assert rows() == []


def test_an_organisation_cannot_apply_for_a_city_title_nor_a_city_for_a_park_title(places):
    park = organisation("91440106MA000006XX", places["tianhe"], kind="park")
    with pytest.raises(ValidationError):
        services.recognition_apply(park, CITY, "provincial", MET, D(2025, 3, 1))
    with pytest.raises(ValidationError):
        services.city_recognition_apply(places["guangzhou"], PARK, "provincial", MET, D(2025, 3, 1))


def test_the_city_title_is_held_from_approval_until_revocation(places):
    application = services.city_recognition_apply(
        places["guangzhou"], CITY, "provincial", MET, D(2025, 3, 1)
    )
    assert application.evidence["city_code"] == "440100"
    assert selectors.demonstration_cities(D(2025, 4, 1)) == []
    services.recognition_decide(application, approve=True, on=D(2025, 4, 1))
    assert application.recognition is None  # a city's title is not an organisation's fact
    [held] = selectors.demonstration_cities(D(2025, 4, 1))
    assert (held["city"], held["since"]) == ("440100", D(2025, 4, 1))
    assert selectors.demonstration_cities(D(2025, 3, 31)) == []
    services.recognition_revoke(application, D(2026, 1, 1), "考核不合格")
    assert selectors.demonstration_cities(D(2025, 12, 31)) != []
    assert selectors.demonstration_cities(D(2026, 1, 1)) == []


def _client(world, role):
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _apply(client, city):
    return client.post(
        "/api/evaluation/applications",
        {"city": city, "programme": CITY, "level": "provincial", "evidence": MET},
        content_type="application/json",
    )


APPLY_FOR_GUANGZHOU = {
    "anonymous": 401,
    "no_role": 404,
    "enterprise": 404,
    "district_reviewer": 404,
    "city_admin": 200,
    "leader": 404,
    "analyst": 404,
    "system_admin": 200,
    "superuser": 200,
}


@pytest.mark.parametrize("role", sorted(APPLY_FOR_GUANGZHOU))
def test_only_the_city_s_administrator_applies_for_its_title(world, role):
    assert _apply(_client(world, role), "440100").status_code == APPLY_FOR_GUANGZHOU[role]


def test_a_city_administrator_cannot_apply_for_another_city_nor_approve_its_own(world):
    client = _client(world, "city_admin")
    assert _apply(client, "330100").status_code == 404
    pk = _apply(client, "440100").json()["id"]
    assert client.get(f"/api/evaluation/applications/{pk}").status_code == 200
    decide = f"/api/evaluation/applications/{pk}/decision"
    body = {"approve": True, "on": "2025-04-01"}
    assert client.post(decide, body, content_type="application/json").status_code == 404
    province = _client(world, "system_admin")
    response = province.post(decide, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    held = client.get("/api/evaluation/demonstration-cities?on=2025-04-02").json()
    assert [h["city"] for h in held] == ["440100"]
    assert (
        _client(world, "enterprise").get("/api/evaluation/demonstration-cities").status_code == 404
    )


def test_an_application_names_one_applicant(world):
    response = _client(world, "system_admin").post(
        "/api/evaluation/applications",
        {"programme": CITY, "level": "provincial", "evidence": MET},
        content_type="application/json",
    )
    assert response.status_code == 400
