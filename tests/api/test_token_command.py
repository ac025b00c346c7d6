"""``waibao token`` makes a working bearer token for a user, and refuses an unknown user."""

from __future__ import annotations

import pytest

from waibao.cli import main


@pytest.mark.django_db
def test_a_token_made_on_the_command_line_signs_the_api_in_as_that_user(client, capsys, world):
    assert main(["token", "qiye", "--name", "ERP"]) == 0
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("wb_")
    response = client.get("/api/organisations", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert [row["uscc"] for row in response.json()["items"]] == [world.orgs.own.uscc]


@pytest.mark.django_db
def test_a_token_for_an_unknown_user_is_refused_with_a_reason(capsys):
    assert main(["token", "nobody-here"]) == 1
    assert "no active user" in capsys.readouterr().err


@pytest.mark.django_db
def test_a_made_up_token_is_refused(client):
    response = client.get("/api/organisations", HTTP_AUTHORIZATION="Bearer wb_made_up")
    assert response.status_code == 401


@pytest.mark.django_db
def test_the_command_prints_when_the_token_expires(capsys, world, settings):
    settings.WAIBAO_API_TOKEN_DAYS = 30
    assert main(["token", "qiye"]) == 0
    from waibao.apitokens.models import ApiToken

    token = ApiToken.objects.get()
    assert f"expires {token.expires_at.isoformat(timespec='minutes')}" in capsys.readouterr().err
    assert main(["token", "qiye", "--days", "400"]) == 1
    assert "outside 1..365" in capsys.readouterr().err


@pytest.mark.django_db
def test_a_staff_token_needs_a_code_of_the_users_second_factor(capsys, world):
    import pyotp

    from waibao.apitokens.models import ApiToken
    from waibao.security.totp import totp_device_provision

    # issue 17: a staff token skipped the second factor
    assert main(["token", "shiji"]) == 1
    assert "second factor" in capsys.readouterr().err
    device, _ = totp_device_provision(user=world.users["city_admin"])
    assert main(["token", "shiji", "--code", "000000"]) == 1
    assert not ApiToken.objects.exists()
    assert main(["token", "shiji", "--code", pyotp.TOTP(device.secret).now()]) == 0
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    assert ApiToken.objects.get().user == world.users["city_admin"]
    assert raw.startswith("wb_")
