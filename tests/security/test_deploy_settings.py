"""``manage.py check --deploy`` on the production settings, in a fresh interpreter (the
settings module reads the environment once, at import)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

SRC = Path(__file__).resolve().parents[2] / "src"


def _check(tmp_path, **env_extra):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("WAIBAO_") and k != "DATABASE_URL"
    }
    env.update(
        PYTHONPATH=str(SRC), WAIBAO_DATA_DIR=str(tmp_path), WAIBAO_ALLOWED_HOSTS="waibao.example.cn"
    )
    env.update(env_extra)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings=waibao.config.django.production",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_a_long_random_key_and_a_field_key(tmp_path):
    result = _check(
        tmp_path,
        WAIBAO_SECRET_KEY=secrets.token_urlsafe(64),
        WAIBAO_FIELD_KEY=Fernet.generate_key().decode(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_keys_can_come_from_files_outside_the_tree(tmp_path):
    secret_file = tmp_path / "secret_key"
    secret_file.write_text(secrets.token_urlsafe(64))
    field_file = tmp_path / "field_keys"
    field_file.write_text(f"# newest first\n{Fernet.generate_key().decode()}\n")
    result = _check(
        tmp_path, WAIBAO_SECRET_KEY_FILE=str(secret_file), WAIBAO_FIELD_KEY_FILE=str(field_file)
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _check(tmp_path, WAIBAO_FIELD_KEY=Fernet.generate_key().decode())
    assert result.returncode != 0
    assert "WAIBAO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_field_key(tmp_path):
    result = _check(tmp_path, WAIBAO_SECRET_KEY=secrets.token_urlsafe(64))
    assert result.returncode != 0
    assert "WAIBAO_FIELD_KEY" in result.stderr
