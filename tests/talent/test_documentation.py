"""Every talent API endpoint and command is documented (STYLE.md: a change carries its docs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from waibao.cli import build_parser

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_talent_api_endpoint_is_in_docs_talent_md():
    from waibao.api.urls import api

    text = (DOCS / "talent.md").read_text(encoding="utf-8")
    paths = [p for p in api.get_openapi_schema()["paths"] if p.startswith("/api/talent/")]
    assert len(paths) >= 15
    for path in paths:
        documented = "/" + path.removeprefix("/api/talent/")
        assert re.search(re.escape(documented) + r"[`?\s]", text), path


def test_every_roster_column_is_in_docs_formats_roster_md():
    from waibao.talent.roster import COLUMNS

    text = (DOCS / "formats" / "roster.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE))
    assert documented == set(COLUMNS)


@pytest.mark.parametrize(
    "command", ["import-roster", "talent purge", "talent sync-trainings", "talent rotate-keys"]
)
def test_every_talent_command_is_documented_and_has_help(command, capsys):
    assert f"waibao {command}" in (DOCS / "talent.md").read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args([*command.split(), "--help"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith("usage: waibao")


@pytest.mark.django_db
def test_a_reveal_without_the_csrf_token_is_refused(client):
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    response = strict.post(
        "/api/talent/people/1/reveal", data='{"purpose": "x"}', content_type="application/json"
    )
    assert response.status_code == 403
