"""Pages and API: personal data masked in every response, consent and withdrawal, pool search
only with the bureau's grant, reveal and export only for staff and always logged."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from talent_support import id_number, roster_row, write_roster

from waibao.accounts.models import Profile
from waibao.talent.models import AccessLog, Person, PoolEntry
from waibao.talent.roster import roster_import
from waibao.talent.services import NOTICE_VERSION, pool_grant

pytestmark = pytest.mark.django_db


def _user(username, **profile):
    user = get_user_model().objects.create_user(username=username, password="pw")
    if profile:
        Profile.objects.create(user=user, **profile)
    return user


@pytest.fixture
def world(tmp_path, institution, enterprise, courses, regions):
    rows = [
        roster_row(
            institution,
            "QBS-01",
            n,
            name=f"欧阳{'明日青衫'[n % 4]}{'甲乙丙'[n % 3]}",
            phone=f"1391234{n:04d}",
            graduation_date="2009-06-30",
            completed_on="2009-08-31",
            hired_by_uscc=enterprise.uscc,
            hired_on="2009-09-01",
        )
        for n in (1, 2, 3)
    ]
    roster_import(write_roster(tmp_path / "r.csv", rows))
    return {
        "rows": rows,
        "institution_user": _user("inst", role="enterprise", organisation=institution),
        "enterprise_user": _user("ent", role="enterprise", organisation=enterprise),
        "city_admin": _user("city", role="city_admin", region=regions["xihu"].parent),
        "other_city_admin": _user("gz", role="city_admin", region=regions["tianhe"].parent),
        "analyst": _user("analyst", role="analyst"),
        "person_user": _user("person"),
    }


def _secrets(world):
    for row in world["rows"]:
        yield row["id_number"]
        yield row["name"]
        yield row["phone"]


def _assert_masked(body: str, world) -> None:
    for secret in _secrets(world):
        assert secret not in body


def _body(response) -> str:
    """The body as text, with JSON's \\u escapes undone so a name cannot hide in them."""
    text = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        text += json.dumps(json.loads(text), ensure_ascii=False)
    return text


def _json(client, method, url, **payload):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, data=json.dumps(payload), content_type="application/json")


def test_no_page_or_api_response_carries_an_id_number_name_or_phone_in_clear(
    client, world, institution, enterprise, courses
):
    pool_grant(organisation=enterprise, user=None)
    person = Person.objects.first()
    from waibao.talent.services import PoolProfile, consent_give

    consent_give(
        person=person,
        profile=PoolProfile(skills=["Java"], languages=["日语"], certifications=[]),
        channel="web",
    )
    bodies = []
    client.force_login(world["institution_user"])
    for url in [
        "/api/talent/courses",
        f"/api/talent/courses/{courses['qbs'].pk}/roster",
        f"/api/talent/trainings/{institution.uscc}?year=2009",
        "/talent/institution/",
        f"/talent/institution/?course={courses['qbs'].pk}",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies.append(_body(response))
    client.force_login(world["enterprise_user"])
    for url in ["/api/talent/pool?skill=java", "/talent/pool/?skill=java"]:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies.append(_body(response))
    client.force_login(world["analyst"])
    response = client.get("/api/talent/totals?year=2009")
    assert response.status_code == 200
    bodies.append(_body(response))

    assert "欧***" in bodies[1] and "3301**********" in bodies[1]  # masked rows are there
    assert "欧***" in bodies[5]  # the pool result, masked
    for body in bodies:
        _assert_masked(body, world)


def test_a_roster_api_response_masks_the_id_number_like_1101_stars_1234(client, world, courses):
    client.force_login(world["institution_user"])
    rows = client.get(f"/api/talent/courses/{courses['qbs'].pk}/roster").json()
    first = world["rows"][0]
    assert rows[0]["id_number"] == first["id_number"][:4] + "*" * 10 + first["id_number"][-4:]
    assert rows[0]["phone"] == first["phone"][:3] + "****" + first["phone"][-4:]


def test_an_enterprise_without_the_bureaus_grant_cannot_search_the_pool(client, world, enterprise):
    client.force_login(world["enterprise_user"])
    assert client.get("/api/talent/pool").status_code == 403
    assert client.get("/talent/pool/").status_code == 403
    pool_grant(organisation=enterprise, user=world["city_admin"])
    assert client.get("/api/talent/pool").status_code == 200
    client.force_login(world["city_admin"])
    assert client.delete(f"/api/talent/pool/grants/{enterprise.uscc}").status_code == 200
    client.force_login(world["enterprise_user"])
    assert client.get("/api/talent/pool").status_code == 403


def test_an_institution_cannot_read_another_organisations_roster(client, world, courses):
    client.force_login(world["enterprise_user"])
    assert client.get(f"/api/talent/courses/{courses['qbs'].pk}/roster").status_code == 403


def test_consent_lists_a_person_and_withdrawal_removes_them_from_search_at_once(
    client, world, enterprise
):
    pool_grant(organisation=enterprise, user=None)
    person_client = client
    person_client.force_login(world["person_user"])
    new_id = id_number(region="440106", serial=9)
    response = _json(
        person_client,
        "post",
        "/api/talent/me/register",
        id_number=new_id,
        name="陈小明",
        phone="13700001111",
    )
    assert response.status_code == 200, response.content
    assert new_id not in response.content.decode()
    response = _json(
        person_client,
        "post",
        "/api/talent/me/consent",
        skills=["Python", "数据标注"],
        languages=["英语"],
        certifications=["PMP"],
        notice_version=NOTICE_VERSION,
        region_code="440106",
    )
    assert response.status_code == 200, response.content
    consent = Person.objects.get(user=world["person_user"]).consents.get()
    assert (consent.notice_version, consent.channel) == (NOTICE_VERSION, "api")

    from django.test import Client

    searcher = Client()
    searcher.force_login(world["enterprise_user"])
    found = searcher.get("/api/talent/pool?skill=python").json()
    assert [row["name"] for row in found] == ["陈**"]

    assert person_client.post("/api/talent/me/withdraw").status_code == 200

    assert searcher.get("/api/talent/pool?skill=python").json() == []
    assert not Person.objects.filter(user=world["person_user"]).exists()
    assert not PoolEntry.objects.exists()
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.person is None


def test_consent_under_an_outdated_notice_is_refused(client, world):
    client.force_login(world["person_user"])
    _json(client, "post", "/api/talent/me/register", id_number=id_number(serial=8), name="陈")
    response = _json(client, "post", "/api/talent/me/consent", notice_version="2000-01")
    assert response.status_code == 422


def test_a_person_cannot_claim_a_trainees_existing_record_by_typing_their_id_number(client, world):
    client.force_login(world["person_user"])
    first = world["rows"][0]
    response = _json(
        client,
        "post",
        "/api/talent/me/register",
        id_number=first["id_number"],
        name=first["name"],
    )
    assert response.status_code == 422
    assert not Person.objects.filter(user=world["person_user"]).exists()
    assert Person.objects.count() == 3


def test_the_consent_page_registers_lists_exports_and_withdraws(client, world):
    client.force_login(world["person_user"])
    new_id = id_number(region="330106", serial=11)
    response = client.post(
        "/talent/consent/", {"id_number": new_id, "name": "林一", "phone": "13600002222"}
    )
    assert response.status_code == 302
    page = client.get("/talent/consent/").content.decode()
    assert "林*" in page and new_id not in page and "13600002222" not in page
    assert f"版本 {NOTICE_VERSION}" in page
    response = client.post(
        "/talent/consent/",
        {
            "action": "consent",
            "skills": "Java,测试",
            "languages": "英语",
            "certifications": "",
            "availability": "available",
            "region_code": "",
            "agree": "on",
        },
    )
    assert response.status_code == 302
    assert PoolEntry.objects.get().skills == ["Java", "测试"]

    exported = client.get("/talent/consent/export/")
    assert json.loads(exported.content)["id_number"] == new_id
    person = Person.objects.get(user=world["person_user"])
    assert AccessLog.objects.filter(subject=person.pk, action="export").count() == 1

    response = client.post("/talent/consent/", {"action": "withdraw"})
    assert "已撤回同意" in response.content.decode()
    assert not Person.objects.filter(pk=person.pk).exists()


def test_only_staff_in_scope_may_reveal_and_every_reveal_is_logged(client, world):
    person = Person.objects.first()
    url = f"/api/talent/people/{person.pk}/reveal"
    client.force_login(world["institution_user"])
    assert _json(client, "post", url, purpose="x").status_code == 403
    client.force_login(world["other_city_admin"])
    assert _json(client, "post", url, purpose="x").status_code == 403
    assert not AccessLog.objects.filter(action="reveal").exists()

    client.force_login(world["city_admin"])
    assert _json(client, "post", url, purpose="").status_code == 422
    response = _json(client, "post", url, purpose="补贴复核")
    assert response.status_code == 200
    assert response.json()["id_number"] in {row["id_number"] for row in world["rows"]}
    log = AccessLog.objects.get(action="reveal")
    assert (log.actor, log.subject, log.purpose) == (world["city_admin"], person.pk, "补贴复核")


def test_staff_erase_a_person_on_request_and_the_training_facts_do_not_move(
    client, world, institution
):
    client.force_login(world["city_admin"])
    before = client.get(f"/api/talent/trainings/{institution.uscc}?year=2009").json()
    person = Person.objects.first()
    response = _json(client, "post", f"/api/talent/people/{person.pk}/erase", purpose="本人申请")
    assert response.status_code == 200
    assert not Person.objects.filter(pk=person.pk).exists()
    assert client.get(f"/api/talent/trainings/{institution.uscc}?year=2009").json() == before
    assert before == [{"trainee": "graduate", "people": 3, "cost_cny": "18000.00", "hired": 3}]


def test_a_roster_upload_naming_another_provider_is_refused(client, world, tmp_path, institution):
    path = write_roster(tmp_path / "r.csv", [roster_row(institution, "QBS-01", 20)])
    client.force_login(world["enterprise_user"])
    with path.open("rb") as handle:
        response = client.post("/api/talent/rosters", {"file": handle})
    assert response.status_code == 403


def test_a_roster_upload_reports_every_bad_row_with_the_uploaded_files_name(
    client, world, tmp_path, institution
):
    rows = [roster_row(institution, "QBS-01", 21, enrolled_on="2009-13-01")]
    path = write_roster(tmp_path / "upload.csv", rows)
    client.force_login(world["institution_user"])
    with path.open("rb") as handle:
        response = client.post("/api/talent/rosters", {"file": handle})
    assert response.status_code == 422
    assert "upload.csv:2:enrolled_on:" in response.json()["detail"]


def test_consent_with_an_unknown_availability_is_refused_and_lists_nobody(client, world):
    client.force_login(world["person_user"])
    _json(client, "post", "/api/talent/me/register", id_number=id_number(serial=12), name="陈")
    response = _json(
        client,
        "post",
        "/api/talent/me/consent",
        notice_version=NOTICE_VERSION,
        availability="whenever",
    )
    assert response.status_code == 422
    assert not PoolEntry.objects.exists()


def test_the_admin_and_a_persons_own_record_show_people_masked(client, world, admin_user):
    person = Person.objects.first()
    client.force_login(admin_user)
    bodies = []
    for url in [
        "/admin/talent/person/",
        f"/admin/talent/person/{person.pk}/change/",
        "/admin/talent/accesslog/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies.append(_body(response))
    assert "**********" in bodies[0]

    client.force_login(world["person_user"])
    _json(client, "post", "/api/talent/me/register", id_number=id_number(serial=30), name="周九")
    response = client.get("/api/talent/me")
    assert response.status_code == 200
    assert response.json()["name"] == "周*"
    assert id_number(serial=30) not in _body(response)
    for body in bodies:
        _assert_masked(body, world)


def test_an_institution_adds_a_course_and_uploads_a_roster_on_its_page(
    client, world, tmp_path, institution
):
    client.force_login(world["institution_user"])
    response = client.post(
        "/talent/institution/",
        {"action": "course", "code": "NEW-1", "name": "数据标注", "fee_cny": "4500.00"},
    )
    assert response.status_code == 302
    path = write_roster(tmp_path / "new.csv", [roster_row(institution, "NEW-1", 40)])
    with path.open("rb") as handle:
        page = client.post("/talent/institution/", {"action": "roster", "file": handle})
    assert "新增 1 条" in page.content.decode()
    bad = write_roster(tmp_path / "bad.csv", [roster_row(institution, "NEW-1", 41, phone="12")])
    with bad.open("rb") as handle:
        page = client.post("/talent/institution/", {"action": "roster", "file": handle})
    assert "bad.csv:2:phone: phone must be an 11-digit mainland mobile number" in (
        page.content.decode()
    )


def test_a_person_corrects_their_phone_and_the_correction_is_logged(client, world):
    from waibao.talent.people import person_identity

    client.force_login(world["person_user"])
    _json(client, "post", "/api/talent/me/register", id_number=id_number(serial=31), name="吴十")
    response = _json(client, "post", "/api/talent/me/phone", phone="139 0000 1234")
    assert response.status_code == 200
    assert response.json()["phone"] == "139****1234"
    person = Person.objects.get(user=world["person_user"])
    assert person_identity(person).phone == "13900001234"
    log = AccessLog.objects.get(action="correct")
    assert (log.subject, log.fields) == (person.pk, "phone")
    assert "1234" not in log.purpose
    assert _json(client, "post", "/api/talent/me/phone", phone="12345").status_code == 422
