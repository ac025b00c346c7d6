"""The first hour of a newcomer (issue 24): one data directory wherever a command runs, no empty
database made by a command that only reads, and messages that say what is really the matter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from waibao import paths
from waibao.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_the_data_directory_is_the_checkouts_wherever_the_command_runs(tmp_path, monkeypatch):
    monkeypatch.delenv("WAIBAO_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert paths.data_dir_path() == ROOT / ".waibao"
    monkeypatch.setenv("WAIBAO_DATA_DIR", str(tmp_path / "elsewhere"))
    assert paths.data_dir_path() == tmp_path / "elsewhere"


def test_an_installed_package_keeps_its_data_in_the_users_data_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("WAIBAO_DATA_DIR", raising=False)
    monkeypatch.setattr(paths, "PACKAGE_DIR", tmp_path / "site-packages" / "waibao")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert paths.source_checkout() is None
    assert paths.data_dir_path() == tmp_path / "share" / "waibao"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert paths.data_dir_path() == tmp_path / "home" / ".local" / "share" / "waibao"


def _waibao(*args: str, cwd: Path, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WAIBAO_DATA_DIR")}
    env["PYTHONPATH"] = str(ROOT / "src")
    if data_dir is not None:
        env["WAIBAO_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "waibao", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "command", [["demo-code", "shiji"], ["token", "qiye"], ["audit", "verify"]]
)
def test_a_reading_command_on_a_missing_database_says_where_it_looked_and_creates_nothing(
    tmp_path, command
):
    missing = tmp_path / "nothing-here"
    result = _waibao(*command, cwd=tmp_path, data_dir=missing)
    assert result.returncode == 1, result.stderr
    assert f"{missing / 'waibao.sqlite3'}: no database here" in result.stderr
    assert "waibao demo" in result.stderr
    assert "Traceback" not in result.stderr
    assert not missing.exists()
    assert list(tmp_path.iterdir()) == [], "nothing may be created where the command ran"


@pytest.mark.django_db
def test_demo_code_for_the_enterprise_login_says_it_has_no_second_factor_by_design(capsys):
    assert main(["demo-code", "qiye"]) == 1
    err = capsys.readouterr().err
    assert "no second factor by design" in err and "企业账户仅用密码登录" in err
    assert "run `waibao demo` first" not in err


@pytest.mark.django_db
def test_demo_code_for_a_staff_login_not_yet_created_says_to_create_the_demo_logins(capsys):
    assert main(["demo-code", "shiji"]) == 1
    assert "./waibao demo --no-serve" in capsys.readouterr().err


def test_the_wrapper_runs_the_installed_command_from_any_directory(tmp_path):
    if not (ROOT / ".venv" / "bin" / "waibao").exists():
        pytest.skip("no .venv in this checkout (the wrapper would install it)")
    result = subprocess.run(
        [str(ROOT / "waibao"), "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.startswith("waibao ")
