from datetime import timedelta

import pyotp
import pytest
from django.utils import timezone
from security_helpers import PASSWORD, clock, events, kinds

from waibao.accounts.models import Role
from waibao.security import totp
from waibao.security.models import RecoveryCode, TOTPDevice

pytestmark = pytest.mark.django_db


def _password(client, username, **extra):
    return client.post("/security/login/", {"username": username, "password": PASSWORD, **extra})


def _enrol(client):
    """Walk the enrolment page; the device and the recovery codes shown once."""
    page = client.get("/security/two-factor/enrol/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and "otpauth://totp/" in body
    device = TOTPDevice.objects.get()
    assert device.secret in body
    response = client.post("/security/two-factor/enrol/", {"code": pyotp.TOTP(device.secret).now()})
    assert response.status_code == 200
    return device, response.context["codes"]


@pytest.mark.parametrize(
    "kind", ["is_staff", Role.ANALYST, Role.DISTRICT_REVIEWER, Role.SYSTEM_ADMIN]
)
def test_every_staff_user_must_enrol_a_second_factor_before_being_signed_in(
    client, make_user, kind
):
    if kind == "is_staff":
        make_user("staff", staff=True)
    else:
        make_user("staff", role=kind)
    response = _password(client, "staff")
    assert response["Location"] == "/security/two-factor/enrol/"
    assert "_auth_user_id" not in client.session
    device, codes = _enrol(client)
    assert "_auth_user_id" in client.session
    assert device.__class__.objects.get().confirmed
    assert len(codes) == 10


def test_a_staff_user_cannot_get_past_the_second_step_without_a_code(client, make_user):
    make_user("staff", staff=True)
    _password(client, "staff")
    _enrol(client)
    client.post("/security/logout/")
    assert _password(client, "staff")["Location"] == "/security/login/verify/"
    assert client.get("/admin/").status_code == 302
    response = client.post("/security/login/verify/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    assert "不正确" in response.content.decode()
    assert events("login.second_factor_failure").count() == 1


def test_the_right_code_signs_a_staff_user_in_and_opens_the_admin(client, make_user):
    make_user("staff", staff=True, is_superuser=True)
    _password(client, "staff")
    device, _ = _enrol(client)
    client.post("/security/logout/")
    _password(client, "staff", next="/admin/")
    later = timezone.now() + timedelta(seconds=60)  # a new time step, not the enrolment one
    with clock(later):
        response = client.post(
            "/security/login/verify/", {"code": pyotp.TOTP(device.secret).at(later)}
        )
        assert response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200


def test_a_code_is_accepted_once_and_refused_when_replayed(make_user):
    user = make_user("zhang")
    device = totp.totp_device_start(user=user)
    now = timezone.now()
    code = pyotp.TOTP(device.secret).at(now)
    totp.totp_device_confirm(device=device, code=code, now=now)
    assert not totp.totp_verify(device=device, code=code, now=now)
    later = now + timedelta(seconds=30)
    assert totp.totp_verify(device=device, code=pyotp.TOTP(device.secret).at(later), now=later)


def test_a_code_used_twice_in_its_step_is_refused_as_already_used_not_as_wrong(client, make_user):
    make_user("staff", staff=True)
    _password(client, "staff")
    device, _ = _enrol(client)
    later = timezone.now() + timedelta(seconds=60)  # a new time step, not the enrolment one
    code = pyotp.TOTP(device.secret).at(later)
    with clock(later):
        client.post("/security/logout/")
        _password(client, "staff")
        assert client.post("/security/login/verify/", {"code": code}).status_code == 302
        client.post("/security/logout/")
        _password(client, "staff")
        response = client.post("/security/login/verify/", {"code": code})
    body = response.content.decode()
    assert "_auth_user_id" not in client.session
    assert "该动态口令已使用过，请等待下一个" in body and "不正确" not in body
    assert events("login.second_factor_reused").count() == 1
    assert events("login.second_factor_failure").count() == 0
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert totp.totp_check(device=device, code=wrong, now=later) == "wrong"
    assert totp.totp_check(device=device, code=code, now=later) == "reused"


def test_a_code_two_steps_old_is_refused_and_one_step_old_accepted(make_user):
    user = make_user("zhang")
    device = totp.totp_device_start(user=user)
    now = timezone.now()
    old2 = pyotp.TOTP(device.secret).at(now - timedelta(seconds=60))
    old1 = pyotp.TOTP(device.secret).at(now - timedelta(seconds=30))
    assert not totp.totp_verify(device=device, code=old2, now=now)
    assert totp.totp_verify(device=device, code=old1, now=now)


def test_a_recovery_code_works_once_and_only_its_digest_is_stored(client, make_user):
    make_user("staff", staff=True)
    _password(client, "staff")
    _, codes = _enrol(client)
    client.post("/security/logout/")
    stored = set(RecoveryCode.objects.values_list("code_digest", flat=True))
    assert not stored & set(codes)
    _password(client, "staff")
    assert client.post("/security/login/verify/", {"code": codes[3]}).status_code == 302
    assert "_auth_user_id" in client.session
    client.post("/security/logout/")
    _password(client, "staff")
    client.post("/security/login/verify/", {"code": codes[3]})
    assert "_auth_user_id" not in client.session
    assert totp.recovery_codes_left(RecoveryCode.objects.first().user) == 9


def test_the_totp_secret_is_encrypted_in_the_database(make_user):
    from django.db import connection

    device = totp.totp_device_start(user=make_user("zhang"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM security_totpdevice WHERE id = %s", [device.pk])
        raw = cursor.fetchone()[0]
    assert device.secret not in raw
    assert raw.startswith("gAAAAA")  # a Fernet token
    assert TOTPDevice.objects.get().secret == device.secret


def test_an_enterprise_user_without_a_device_signs_in_with_a_password(client, make_user):
    make_user("firm")
    assert _password(client, "firm")["Location"] == "/"
    assert "_auth_user_id" in client.session


def test_an_enterprise_user_who_enrolled_is_asked_for_the_code(client, make_user):
    make_user("firm")
    _password(client, "firm")
    _enrol(client)
    client.post("/security/logout/")
    assert _password(client, "firm")["Location"] == "/security/login/verify/"


def test_the_admin_login_page_goes_through_the_two_step_flow(client, make_user):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/security/login/")
    make_user("staff", staff=True)
    # Django's own admin form would sign in here with a password; ours does not.
    client.post("/admin/login/", {"username": "staff", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_a_staff_session_without_the_second_factor_is_ended(
    client, make_user, enforce_second_factor
):
    user = make_user("staff", staff=True)
    client.force_login(user)  # a session made some other way than the two-step sign-in
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert events("session.second_factor_missing").exists()


def test_sign_in_and_sign_out_are_security_events(client, make_user):
    make_user("firm")
    _password(client, "firm")
    client.post("/security/logout/")
    assert kinds()[-2:] == ["login.success", "logout"]


def test_a_superuser_can_reset_a_lost_device_and_never_sees_the_secret(admin_client, make_user):
    user = make_user("staff", staff=True)
    device = totp.totp_device_start(user=user)
    totp.recovery_codes_generate(user=user)
    page = admin_client.get(f"/admin/security/totpdevice/{device.pk}/change/").content.decode()
    assert device.secret not in page
    response = admin_client.post(f"/admin/security/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists() and not RecoveryCode.objects.exists()
    assert events("totp.reset").get().payload["username"] == "staff"


def test_a_next_address_on_another_site_is_ignored(client, make_user):
    make_user("firm")
    response = _password(client, "firm", next="https://evil.example/steal")
    assert response["Location"] == "/"


def test_the_password_step_expires_after_five_minutes_without_a_code(client, make_user):
    make_user("staff", staff=True)
    _password(client, "staff")
    _enrol(client)
    client.post("/security/logout/")
    start = timezone.now()
    with clock(start):
        _password(client, "staff")
    with clock(start + timedelta(seconds=301)):
        response = client.get("/security/login/verify/")
        assert response["Location"] == "/security/login/"


def test_wrong_codes_count_towards_the_lock(client, make_user):
    make_user("staff", staff=True)
    _password(client, "staff")
    _enrol(client)
    client.post("/security/logout/")
    _password(client, "staff")
    for _ in range(5):
        client.post("/security/login/verify/", {"code": "000000"})
    assert events("lockout.started").exists()
    response = _password(client, "staff")
    assert response.status_code == 200 and "锁定" in response.content.decode()


def test_a_provisioned_device_lets_a_demo_staff_user_sign_in_with_its_code(client, make_user):
    user = make_user("shiji", role=Role.CITY_ADMIN)
    device, codes = totp.totp_device_provision(user=user)
    assert len(codes) == 10
    assert _password(client, "shiji")["Location"] == "/security/login/verify/"
    client.post("/security/login/verify/", {"code": pyotp.TOTP(device.secret).now()})
    assert "_auth_user_id" in client.session
