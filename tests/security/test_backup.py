"""``waibao backup`` / ``waibao restore`` end to end, in subprocesses like an operator runs
them: populate a database and a data directory, back up, restore into an EMPTY database and
data directory, and find every row and every file; a damaged archive is refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PG_URL = "postgres://postgres@127.0.0.1:5432/{name}"

POPULATE = r"""
import sys
from waibao.cli.django_setup import setup_django
setup_django(data_dir=sys.argv[1])
from django.contrib.auth import get_user_model
from waibao.accounts.models import Profile, Role
from waibao.registry.models import Region
from waibao.security import totp, lockout
from waibao.security.events import security_event_record
region, _ = Region.objects.get_or_create(
    code="330100", defaults={"name": "杭州市", "level": "city"}
)
user = get_user_model().objects.create_user("reviewer", password="Correct-Horse-42", is_staff=True)
Profile.objects.create(user=user, role=Role.CITY_ADMIN, region=region)
totp.totp_device_start(user=user)
totp.recovery_codes_generate(user=user)
lockout.login_failure_record(username="reviewer", ip_address="10.1.2.3")
security_event_record(kind="login.failure", outcome="failure", username="reviewer")
"""

SNAPSHOT = r"""
import json, sys
from waibao.cli.django_setup import setup_django
setup_django(data_dir=sys.argv[1], migrate=False)
from django.apps import apps
snapshot = {}
for model in apps.get_models():
    if model._meta.proxy:
        continue
    rows = model._base_manager.order_by("pk").values()
    if model._meta.label == "audit.AuditRecord":
        rows = rows.exclude(action__startswith="security.backup.")
    snapshot[model._meta.label] = [
        {k: v for k, v in row.items()} for row in rows
    ]
print(json.dumps(snapshot, default=str, sort_keys=True, ensure_ascii=False))
"""


def _env(database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WAIBAO_DATA_DIR")}
    env["PYTHONPATH"] = str(SRC)
    env["DJANGO_SETTINGS_MODULE"] = "waibao.config.django.base"
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _python(code: str, *args: str, database_url: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=_env(database_url),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def waibao(*args: str, database_url: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "waibao", *args],
        env=_env(database_url),
        capture_output=True,
        text=True,
        timeout=300,
    )


def _stored_files(data_dir: Path) -> None:
    (data_dir / "files" / "2026" / "合同").mkdir(parents=True)
    (data_dir / "files" / "2026" / "合同" / "服务外包合同.pdf").write_bytes(bytes(range(256)) * 40)
    (data_dir / "evidence").mkdir()
    (data_dir / "evidence" / "invoice-001.jpg").write_bytes(os.urandom(5000))


def _files(data_dir: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(data_dir)): p.read_bytes()
        for d in ("files", "evidence")
        if (data_dir / d).exists()
        for p in sorted((data_dir / d).rglob("*"))
        if p.is_file()
    }


def _round_trip(tmp_path: Path, source_url: str | None, target_url: str | None) -> None:
    source_dir, target_dir = tmp_path / "source", tmp_path / "target"
    _python(POPULATE, str(source_dir), database_url=source_url)
    _stored_files(source_dir)
    before = json.loads(_python(SNAPSHOT, str(source_dir), database_url=source_url))
    assert before["auth.User"] and before["security.TOTPDevice"] and before["audit.AuditRecord"]

    made = waibao("backup", str(tmp_path), "--data-dir", str(source_dir), database_url=source_url)
    assert made.returncode == 0, made.stderr
    archive = next(tmp_path.glob("waibao-backup-*.tar"))
    expected_method = "pg_dump" if source_url else "sqlite-backup"
    assert expected_method in made.stdout

    restored = waibao(
        "restore", str(archive), "--data-dir", str(target_dir), database_url=target_url
    )
    assert restored.returncode == 0, restored.stderr
    after = json.loads(_python(SNAPSHOT, str(target_dir), database_url=target_url))
    assert after == before
    assert _files(target_dir) == _files(source_dir)
    assert len(_files(target_dir)) == 2
    verify = waibao("audit", "verify", "--data-dir", str(target_dir), database_url=target_url)
    assert verify.returncode == 0, verify.stderr

    # Restoring again, now that the target holds data, is refused.
    again = waibao("restore", str(archive), "--data-dir", str(target_dir), database_url=target_url)
    assert again.returncode == 1
    assert "not empty" in again.stderr


@pytest.mark.slow
def test_a_sqlite_backup_restores_every_row_and_file_into_an_empty_data_directory(tmp_path):
    _round_trip(tmp_path, None, None)


@pytest.fixture
def fresh_databases():
    import psycopg

    names = [f"waibao_backup_{kind}_{uuid.uuid4().hex[:10]}" for kind in ("source", "target")]
    with psycopg.connect(PG_URL.format(name="postgres"), autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    yield [PG_URL.format(name=name) for name in names]
    with psycopg.connect(PG_URL.format(name="postgres"), autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db  # so that the PostgreSQL-only pass (WAIBAO_PG_ONLY) keeps this test
def test_a_postgresql_backup_restores_every_row_and_file_into_a_fresh_database(
    tmp_path, fresh_databases
):
    source_url, target_url = fresh_databases
    _round_trip(tmp_path, source_url, target_url)


def _corrupt(archive: Path, member_prefix: str) -> None:
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith(member_prefix))
        offset = member.offset_data + member.size // 2
    with archive.open("r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0x01]))


@pytest.mark.slow
def test_a_backup_with_one_damaged_byte_is_refused_and_nothing_is_restored(tmp_path):
    import shutil

    source_dir = tmp_path / "source"
    _python(POPULATE, str(source_dir))
    _stored_files(source_dir)
    good = tmp_path / "good.tar"
    assert waibao("backup", str(good), "--data-dir", str(source_dir)).returncode == 0
    assert waibao("restore", str(good), "--verify-only").returncode == 0
    for member in ("database/", "evidence/"):
        damaged = tmp_path / f"damaged-{member.strip('/')}.tar"
        shutil.copy(good, damaged)
        _corrupt(damaged, member)
        target_dir = tmp_path / f"target-{member.strip('/')}"
        refused = waibao("restore", str(damaged), "--data-dir", str(target_dir))
        assert refused.returncode == 1
        assert "does not match" in refused.stderr and member in refused.stderr
        database = target_dir / "waibao.sqlite3"
        assert not database.exists() or database.stat().st_size == 0
        assert not (target_dir / "evidence").exists()
