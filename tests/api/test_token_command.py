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
