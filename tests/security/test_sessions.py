from datetime import timedelta

import pytest
from django.utils import timezone
from security_helpers import PASSWORD, clock, events

pytestmark = pytest.mark.django_db


def _sign_in(client, username):
    client.post("/security/login/", {"username": username, "password": PASSWORD})
    assert "_auth_user_id" in client.session


def test_a_session_idle_for_thirty_minutes_is_ended_and_one_idle_for_twenty_nine_is_not(
    client, make_user, settings
):
    settings.WAIBAO_SESSION_IDLE_MINUTES = 30
    make_user("firm")
    start = timezone.now()
    with clock(start):
        _sign_in(client, "firm")
    with clock(start + timedelta(minutes=29)):
        client.get("/")
        assert "_auth_user_id" in client.session
    with clock(start + timedelta(minutes=29 + 30, seconds=1)):
        client.get("/")
        assert "_auth_user_id" not in client.session
    assert events("session.expired").filter(payload__username="firm").exists()


def test_with_the_one_session_rule_a_second_staff_sign_in_ends_the_first(
    client, make_user, settings, django_user_model
):
    from django.test import Client

    settings.WAIBAO_ONE_SESSION_PER_STAFF = True
    user = make_user("reviewer", role="analyst")
    from waibao.security import totp

    device = totp.totp_device_start(user=user)
    now = timezone.now()
    import pyotp

    totp.totp_device_confirm(device=device, code=pyotp.TOTP(device.secret).at(now), now=now)
    first, second = client, Client()
    for offset, browser in ((30, first), (60, second)):
        at = now + timedelta(seconds=offset)
        with clock(at):
            browser.post("/security/login/", {"username": "reviewer", "password": PASSWORD})
            browser.post("/security/login/verify/", {"code": pyotp.TOTP(device.secret).at(at)})
            assert "_auth_user_id" in browser.session
    first.get("/")
    assert "_auth_user_id" not in first.session
    second.get("/")
    assert "_auth_user_id" in second.session


def test_without_the_one_session_rule_two_staff_sessions_may_coexist(make_user, settings):
    from django.test import Client

    settings.WAIBAO_ONE_SESSION_PER_STAFF = False
    user = make_user("reviewer", role="analyst")
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    first.get("/")
    second.get("/")
    assert "_auth_user_id" in first.session and "_auth_user_id" in second.session


def test_the_one_session_rule_leaves_enterprise_users_alone(make_user, settings):
    from django.test import Client

    settings.WAIBAO_ONE_SESSION_PER_STAFF = True
    make_user("firm")
    first, second = Client(), Client()
    _sign_in(first, "firm")
    _sign_in(second, "firm")
    first.get("/")
    assert "_auth_user_id" in first.session
