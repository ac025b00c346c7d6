"""The ID-number oracle (issue 17 item 8): ``POST /api/talent/me/register`` must not tell a
caller whether an ID number belongs to a trainee or to someone erased; only a personal
account may use it; every attempt is in the access log; refused attempts are limited."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from talent_support import id_number, roster_row, write_roster

from waibao.accounts.models import Profile
from waibao.talent.models import AccessLog, Person
from waibao.talent.roster import roster_import
from waibao.talent.services import REGISTER_REFUSALS_PER_DAY, person_erase

pytestmark = pytest.mark.django_db
URL = "/api/talent/me/register"


def _user(username, **profile):
    user = get_user_model().objects.create_user(username=username, password="pw")
    if profile:
        Profile.objects.create(user=user, **profile)
    return user


def _register(client, user, number, name="陈小明"):
    client.force_login(user)
    return client.post(
        URL, data=json.dumps({"id_number": number, "name": name}), content_type="application/json"
    )


@pytest.fixture
def trainees(tmp_path, institution, courses):
    rows = [roster_row(institution, "QBS-01", n, name=f"欧阳{'明日青'[n % 3]}") for n in (1, 2, 3)]
    roster_import(write_roster(tmp_path / "r.csv", rows))
    return rows


def test_a_trainees_number_and_an_erased_number_get_the_same_answer(client, trainees):
    erased_row = trainees[1]
    person_erase(
        person=Person.objects.get(pk=_person_pk(erased_row["id_number"])),
        user=None,
        reason="本人申请删除",
    )
    trainee = _register(client, _user("p1"), trainees[0]["id_number"], trainees[0]["name"])
    erased = _register(client, _user("p2"), erased_row["id_number"], erased_row["name"])
    wrong_name = _register(client, _user("p3"), trainees[2]["id_number"], "张三")
    assert trainee.status_code == erased.status_code == wrong_name.status_code == 422
    assert trainee.content == erased.content == wrong_name.content
    fresh = _register(client, _user("p4"), id_number(serial=41))
    assert fresh.status_code == 200, fresh.content


def _person_pk(number):
    from waibao.talent.services import person_find

    return person_find(number).pk


def test_only_a_personal_account_registers(client, regions, enterprise):
    for user in (
        _user("city", role="city_admin", region=regions["xihu"].parent),
        _user("ent", role="enterprise", organisation=enterprise),
        _user("analyst", role="analyst"),
    ):
        response = _register(client, user, id_number(serial=42))
        assert response.status_code == 403, user.username
    assert not Person.objects.exists()


def test_every_attempt_is_logged_and_refusals_are_limited(client, trainees):
    prober = _user("prober")
    for attempt in range(REGISTER_REFUSALS_PER_DAY):
        row = trainees[attempt % len(trainees)]
        assert _register(client, prober, row["id_number"], row["name"]).status_code == 422
    logged = AccessLog.objects.filter(actor=prober, action=AccessLog.Action.REGISTER)
    assert logged.count() == REGISTER_REFUSALS_PER_DAY
    # the limit reached, even a number never seen is not looked up
    blocked = _register(client, prober, id_number(serial=43))
    assert blocked.status_code == 429
    assert not Person.objects.filter(user=prober).exists()
    assert logged.count() == REGISTER_REFUSALS_PER_DAY + 1
    # a successful registration is logged too, with the new record as its subject
    honest = _user("honest")
    assert _register(client, honest, id_number(serial=44)).status_code == 200
    entry = AccessLog.objects.get(actor=honest)
    assert entry.subject == Person.objects.get(user=honest).pk
