from datetime import timedelta

import pytest
from django.utils import timezone
from security_helpers import PASSWORD, clock, kinds

from waibao.security.lockout import lockout_active, login_failure_record

pytestmark = pytest.mark.django_db


def test_four_failures_do_not_lock_and_the_fifth_does():
    start = timezone.now()
    for n in range(4):
        login_failure_record(
            username="zhang", ip_address="10.0.0.1", now=start + timedelta(minutes=n)
        )
    assert (
        lockout_active(username="zhang", ip_address="10.9.9.9", now=start + timedelta(minutes=4))
        is None
    )
    locks = login_failure_record(
        username="zhang", ip_address="10.0.0.1", now=start + timedelta(minutes=4)
    )
    assert {lock.kind for lock in locks} == {"username", "ip"}


def test_five_failures_spread_over_more_than_fifteen_minutes_do_not_lock():
    start = timezone.now()
    for n in range(5):
        login_failure_record(
            username="zhang", ip_address="10.0.0.1", now=start + timedelta(minutes=4 * n)
        )
    # The first failure (minute 0) is out of the window at minute 16.
    assert (
        lockout_active(username="zhang", ip_address="10.0.0.1", now=start + timedelta(minutes=16))
        is None
    )


def test_a_lock_lifts_after_thirty_minutes_and_not_a_second_earlier():
    start = timezone.now()
    for _ in range(5):
        login_failure_record(username="zhang", ip_address="10.0.0.1", now=start)
    assert lockout_active(
        username="ZHANG", ip_address="", now=start + timedelta(minutes=30) - timedelta(seconds=1)
    )
    assert (
        lockout_active(username="zhang", ip_address="", now=start + timedelta(minutes=30)) is None
    )


def test_one_address_guessing_many_usernames_is_locked_by_address():
    start = timezone.now()
    for n in range(5):
        login_failure_record(username=f"user{n}", ip_address="10.0.0.7", now=start)
    assert lockout_active(username="someone-else", ip_address="10.0.0.7", now=start).kind == "ip"
    assert lockout_active(username="someone-else", ip_address="10.0.0.8", now=start) is None


def test_a_locked_user_is_refused_even_with_the_right_password_until_release(client, make_user):
    make_user("zhang")
    start = timezone.now()
    with clock(start):
        for _ in range(5):
            client.post("/security/login/", {"username": "zhang", "password": "wrong"})
        response = client.post("/security/login/", {"username": "zhang", "password": PASSWORD})
        assert response.status_code == 200
        assert "锁定" in response.content.decode()
        assert "_auth_user_id" not in client.session
    kinds_seen = kinds()
    assert kinds_seen.count("login.failure") == 5
    assert kinds_seen.count("lockout.started") == 2  # the username and the address
    assert "login.locked" in kinds_seen
    with clock(start + timedelta(minutes=31)):
        response = client.post("/security/login/", {"username": "zhang", "password": PASSWORD})
        assert response.status_code == 302
        assert "_auth_user_id" in client.session
