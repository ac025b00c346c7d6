from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from security_helpers import PASSWORD, clock

from waibao.security.models import PasswordHistory
from waibao.security.passwords import password_expired


def _codes(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


def test_eleven_characters_are_too_short_and_twelve_are_enough():
    assert "password_too_short" in _codes("Abcdefgh-1x")
    assert "password_too_short" not in _codes("Abcdefgh-1xy")


def test_two_character_classes_are_refused_and_three_accepted():
    assert "password_too_simple" in _codes("onlylowercase123")  # lower + digits
    assert "password_too_simple" not in _codes("Lowerupper123x")  # lower + upper + digits
    assert "password_too_simple" not in _codes("lower-symbol-99")  # lower + symbols + digits


def test_the_minimum_length_follows_the_setting(settings):
    from waibao.config.settings import security

    assert security.WAIBAO_PASSWORD_MIN_LENGTH == 12
    lengths = [
        v["OPTIONS"]["min_length"]
        for v in settings.AUTH_PASSWORD_VALIDATORS
        if v["NAME"].endswith("MinimumLengthValidator")
    ]
    assert lengths == [12]


@pytest.mark.django_db
def test_none_of_the_last_five_passwords_may_be_reused_but_the_sixth_may(make_user):
    user = make_user("zhang")
    passwords = [PASSWORD] + [f"Second-Pass-{n}x" for n in range(1, 6)]
    for password in passwords[1:]:
        assert not _codes(password, user) & {"password_reused"}
        user.set_password(password)
        user.save()
    # Current and the four before it are remembered; the first one has dropped out.
    for password in passwords[1:]:
        assert "password_reused" in _codes(password, user)
    assert "password_reused" not in _codes(passwords[0], user)
    assert PasswordHistory.objects.filter(user=user).count() == 5
    assert all(
        not row.password_hash.endswith(p) and p not in row.password_hash
        for row in PasswordHistory.objects.filter(user=user)
        for p in passwords
    )


@pytest.mark.django_db
def test_a_password_expires_on_its_ninetieth_day_not_before(make_user, settings):
    settings.WAIBAO_PASSWORD_MAX_AGE_DAYS = 90
    user = make_user("li")
    changed = PasswordHistory.objects.get(user=user).changed_at
    assert not password_expired(user, now=changed + timedelta(days=90) - timedelta(seconds=1))
    assert password_expired(user, now=changed + timedelta(days=90))


@pytest.mark.django_db
def test_an_expired_password_must_be_changed_before_anything_else(client, make_user, settings):
    settings.WAIBAO_PASSWORD_MAX_AGE_DAYS = 90
    make_user("wang")
    with clock(timezone.now() + timedelta(days=91)):
        response = client.post("/security/login/", {"username": "wang", "password": PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == "/security/password/change/"
        assert client.get("/")["Location"] == "/security/password/change/"
        response = client.post(
            "/security/password/change/",
            {
                "old_password": PASSWORD,
                "new_password1": "Brand-New-Pass-7",
                "new_password2": "Brand-New-Pass-7",
            },
        )
        assert response.status_code == 302
        assert client.get("/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "password", "refused"),
    [
        ("zhang.san", "Zhang.San-2026", True),  # the reported case: the username inside
        ("zhang.san", "xx-ZHANG.SAN-99x", True),  # any case
        ("zhang.san", "Ｚｈａｎｇ.ｓａｎ-2026x", True),  # full width (NFKC)
        ("zhang.san", "Nas.gnahz-2026x", True),  # backwards
        ("zhang.san", "Zhang-San-2026x", False),  # not the username
        ("wu", "Wu-Correct-Horse-42", False),  # two characters: too short to check
        ("lixiao", "Li-Xiao-Horse-42", False),
    ],
)
def test_a_password_containing_the_username_is_refused(make_user, username, password, refused):
    user = make_user(username)
    assert ("password_contains_username" in _codes(password, user)) is refused
