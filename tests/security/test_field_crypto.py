"""``waibao.crypto``, the one field-encryption module of the security and talent apps: where
the keys come from, rotation under MultiFernet, a missing key, the development fallback."""

from __future__ import annotations

import os
import secrets
import stat

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from test_deploy_settings import _check

from waibao import crypto


def _key() -> str:
    return Fernet.generate_key().decode()


def test_rotation_moves_a_token_to_the_newest_key_so_the_old_key_can_be_dropped(monkeypatch):
    old, new = _key(), _key()
    monkeypatch.setenv("WAIBAO_FIELD_KEY", old)
    token = crypto.encrypt("13812345678")
    monkeypatch.setenv("WAIBAO_FIELD_KEY", f"{new},{old}")
    assert crypto.decrypt(token) == "13812345678"  # the old key still opens it
    rotated = crypto.rotate(token)
    assert Fernet(new.encode()).decrypt(rotated.encode()) == b"13812345678"
    assert crypto.decrypt(crypto.encrypt("x")) == "x"
    with pytest.raises(Exception):  # noqa: B017 - the newest key encrypts
        Fernet(old.encode()).decrypt(crypto.encrypt("x").encode())
    monkeypatch.setenv("WAIBAO_FIELD_KEY", new)
    assert crypto.decrypt(rotated) == "13812345678"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)  # dropped too early: the old token cannot be read
    with pytest.raises(crypto.DecryptionError):
        crypto.rotate(token)


def test_a_key_file_is_read_again_when_it_changes_so_rotation_needs_no_restart(
    monkeypatch, tmp_path
):
    old, new = _key(), _key()
    key_file = tmp_path / "field_keys"
    key_file.write_text(f"# newest first\n{old}\n", encoding="ascii")
    monkeypatch.delenv("WAIBAO_FIELD_KEY")
    monkeypatch.setenv("WAIBAO_FIELD_KEY_FILE", str(key_file))
    token = crypto.encrypt("张三")
    key_file.write_text(f"{new}\n{old}\n", encoding="ascii")
    os.utime(key_file, ns=(1, os.stat(key_file).st_mtime_ns + 1_000_000))
    assert crypto.field_keys() == (new, old)
    assert crypto.decrypt(crypto.rotate(token)) == "张三"
    key_file.write_text("# nothing\n", encoding="ascii")
    os.utime(key_file, ns=(1, os.stat(key_file).st_mtime_ns + 2_000_000))
    with pytest.raises(ImproperlyConfigured, match="holds no key"):
        crypto.encrypt("x")


def test_the_settings_list_overrides_the_environment(monkeypatch, settings):
    configured = _key()
    settings.WAIBAO_FIELD_KEYS = [configured]
    assert crypto.field_keys() == (configured,)
    assert Fernet(configured.encode()).decrypt(crypto.encrypt("a").encode()) == b"a"


def test_both_apps_encrypt_with_the_same_keys(monkeypatch, settings, db, django_user_model):
    """A TOTP secret (security, through the model field) and personal data (talent, through
    encrypt) are opened by the one configured key."""
    from django.db import connection

    from waibao.security import totp

    key = _key()
    settings.WAIBAO_FIELD_KEYS = [key]
    device = totp.totp_device_start(user=django_user_model.objects.create_user("li"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM security_totpdevice WHERE id = %s", [device.pk])
        stored = cursor.fetchone()[0]
    assert Fernet(key.encode()).decrypt(stored.encode()).decode() == device.secret
    assert Fernet(key.encode()).decrypt(crypto.encrypt("110105").encode()) == b"110105"


def test_without_any_key_outside_development_nothing_is_encrypted(monkeypatch, settings):
    settings.DEBUG = False
    settings.WAIBAO_FIELD_KEYS = []
    monkeypatch.delenv("WAIBAO_FIELD_KEY")
    monkeypatch.delenv("WAIBAO_BLIND_INDEX_KEY")
    with pytest.raises(ImproperlyConfigured, match="WAIBAO_FIELD_KEY"):
        crypto.encrypt("x")
    with pytest.raises(ImproperlyConfigured, match="WAIBAO_BLIND_INDEX_KEY"):
        crypto.blind_index("11010519491231002X")


def test_a_model_field_is_not_written_without_a_key(monkeypatch, settings, db, django_user_model):
    from django.db import transaction

    from waibao.security import totp
    from waibao.security.models import TOTPDevice

    settings.DEBUG = False
    monkeypatch.delenv("WAIBAO_FIELD_KEY")
    user = django_user_model.objects.create_user("wang")
    with pytest.raises(ImproperlyConfigured), transaction.atomic():
        totp.totp_device_start(user=user)
    assert not TOTPDevice.objects.exists()


def test_development_generates_a_private_key_and_still_reads_the_old_derived_key(
    monkeypatch, settings, tmp_path
):
    settings.DEBUG = True
    monkeypatch.delenv("WAIBAO_FIELD_KEY")
    monkeypatch.setenv("WAIBAO_DATA_DIR", str(tmp_path))
    legacy = crypto._legacy_development_key()
    old_token = Fernet(legacy.encode()).encrypt(b"old secret").decode()
    keys = crypto.field_keys()
    assert keys[1:] == (legacy,)  # decrypt-only, after the generated key
    key_path = tmp_path / "keys" / "field.key"
    assert key_path.read_text().strip() == keys[0]
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert crypto.decrypt(old_token) == "old secret"
    assert Fernet(keys[0].encode()).decrypt(crypto.rotate(old_token).encode()) == b"old secret"
    assert crypto.field_keys() == keys  # generated once


def test_production_settings_refuse_an_empty_key_file(tmp_path):
    empty = tmp_path / "field_keys"
    empty.write_text("# no key yet\n", encoding="ascii")
    result = _check(
        tmp_path, WAIBAO_SECRET_KEY=secrets.token_urlsafe(64), WAIBAO_FIELD_KEY_FILE=str(empty)
    )
    assert result.returncode != 0
    assert "holds no key" in result.stderr


def test_production_settings_refuse_a_missing_key_file(tmp_path):
    result = _check(
        tmp_path,
        WAIBAO_SECRET_KEY=secrets.token_urlsafe(64),
        WAIBAO_FIELD_KEY_FILE=str(tmp_path / "absent"),
    )
    assert result.returncode != 0
    assert "WAIBAO_FIELD_KEY_FILE" in result.stderr
