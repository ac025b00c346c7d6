"""``waibao serve`` / ``waibao demo`` serve with DEBUG off unless ``--debug`` is given, so a
browser meets the site's Chinese error pages; the development keys keep working either way."""

from __future__ import annotations

import pytest

from waibao.cli.commands import serve as serve_command


@pytest.fixture
def no_server(monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(
        "django.core.management.call_command", lambda name, *a, **k: calls.append(name)
    )
    return calls


def test_the_server_runs_with_debug_off_by_default(settings, no_server):
    settings.DEBUG = True
    serve_command.serve(8123)
    assert settings.DEBUG is False
    assert settings.WAIBAO_DEVELOPMENT_KEYS is True  # the demo's generated keys still serve
    assert no_server == ["collectstatic", "runserver"]


def test_debug_stays_on_when_asked_for(settings, no_server):
    settings.DEBUG = True
    serve_command.serve(8123, debug=True)
    assert settings.DEBUG is True


def test_debug_off_never_turns_development_keys_on_in_production(settings, no_server):
    settings.DEBUG = False
    serve_command.serve(8123)
    assert settings.DEBUG is False
    assert not getattr(settings, "WAIBAO_DEVELOPMENT_KEYS", False)


@pytest.mark.parametrize("command", ["serve", "demo"])
def test_both_commands_take_debug(command):
    from waibao.cli import build_parser

    parser = build_parser()
    assert parser.parse_args([command, "--debug"]).debug is True
    assert parser.parse_args([command]).debug is False


def test_development_keys_serve_with_debug_off(settings, monkeypatch, tmp_path):
    from waibao import crypto

    monkeypatch.delenv("WAIBAO_FIELD_KEY")
    monkeypatch.setenv("WAIBAO_DATA_DIR", str(tmp_path))
    settings.DEBUG = False
    settings.WAIBAO_DEVELOPMENT_KEYS = True
    assert crypto.field_keys()  # a generated key under the data directory, no refusal
