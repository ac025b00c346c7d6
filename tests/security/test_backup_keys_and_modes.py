"""Regressions (issue 17 item 11): a backup omitted the keys, so a restore on another machine
could not decrypt and said nothing; backup and database files were created 0644. Keys stay
out of backups (a stolen archive must not read itself): the manifest records their
fingerprints and a restore without them is refused, naming them, before anything is written;
the archive and the SQLite files are 0600."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tarfile

import pytest
from cryptography.fernet import Fernet
from test_backup import POPULATE, SRC


def _run(args, data_dir=None, *, keys):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WAIBAO_DATA_DIR")}
    env.update(PYTHONPATH=str(SRC), DJANGO_SETTINGS_MODULE="waibao.config.django.base")
    env["WAIBAO_FIELD_KEY"], env["WAIBAO_BLIND_INDEX_KEY"] = keys
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=300
    )


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.slow
def test_a_restore_without_the_keys_is_refused_loudly_and_with_them_it_succeeds(tmp_path):
    keys = (Fernet.generate_key().decode(), Fernet.generate_key().decode())
    other = (Fernet.generate_key().decode(), keys[1])
    source, target = tmp_path / "source", tmp_path / "target"
    made = _run(["-c", POPULATE, str(source)], keys=keys)
    assert made.returncode == 0, made.stderr[-2000:]
    os.umask(0o022)  # the usual umask, which made these files 0644
    backup = _run(["-m", "waibao", "backup", str(tmp_path), "--data-dir", str(source)], keys=keys)
    assert backup.returncode == 0, backup.stderr
    assert "keys are NOT in the backup" in backup.stderr
    archive = next(tmp_path.glob("waibao-backup-*.tar"))
    assert _mode(archive) == 0o600
    assert _mode(source / "waibao.sqlite3") == 0o600
    with tarfile.open(archive) as members:
        manifest = json.load(members.extractfile("manifest.json"))
        assert not any("keys" in name for name in members.getnames())
    assert manifest["keys"]["field"] and manifest["keys"]["blind_index"]
    assert keys[0] not in json.dumps(manifest)

    refused = _run(["-m", "waibao", "restore", str(archive), "--data-dir", str(target)], keys=other)
    assert refused.returncode == 1
    assert f"under field key {manifest['keys']['field'][0]}" in refused.stderr
    assert "keys/" in refused.stderr
    assert not (target / "waibao.sqlite3").exists() or _tables(target, keys) == 0

    restored = _run(["-m", "waibao", "restore", str(archive), "--data-dir", str(target)], keys=keys)
    assert restored.returncode == 0, restored.stderr
    assert _mode(target / "waibao.sqlite3") == 0o600


def _tables(data_dir, keys):
    import sqlite3

    with sqlite3.connect(data_dir / "waibao.sqlite3") as db:
        return db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
