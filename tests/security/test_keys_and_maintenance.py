from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone
from security_helpers import events

from waibao.cli import main
from waibao.crypto import field_keys_rotate
from waibao.security import totp
from waibao.security.lockout import login_failure_record
from waibao.security.maintenance import security_records_purge
from waibao.security.models import Lockout, LoginFailure, TOTPDevice

pytestmark = pytest.mark.django_db


def _raw_secret(device):
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM security_totpdevice WHERE id = %s", [device.pk])
        return cursor.fetchone()[0]


def test_rotation_re_encrypts_with_the_new_key_so_the_old_key_can_be_removed(make_user, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.WAIBAO_FIELD_KEYS = [old]
    device = totp.totp_device_start(user=make_user("zhang"))
    secret = device.secret
    settings.WAIBAO_FIELD_KEYS = [new, old]
    assert TOTPDevice.objects.get().secret == secret  # the old key still reads it
    assert field_keys_rotate() == 1
    settings.WAIBAO_FIELD_KEYS = [new]
    assert TOTPDevice.objects.get().secret == secret
    assert Fernet(new.encode()).decrypt(_raw_secret(device).encode()).decode() == secret
    settings.WAIBAO_FIELD_KEYS = [old]
    with pytest.raises(ImproperlyConfigured):
        TOTPDevice.objects.get()


def test_the_purge_refuses_a_date_less_than_180_days_ago(capsys):
    before = (timezone.now() - timedelta(days=179)).strftime("%Y-%m-%d")
    assert main(["security", "purge", "--before", before]) == 1
    assert "网络安全法" in capsys.readouterr().err


def test_the_purge_deletes_old_counters_and_locks_and_keeps_recent_ones():
    now = timezone.now()
    for _ in range(5):
        login_failure_record(username="old", ip_address="10.0.0.1", now=now - timedelta(days=200))
    login_failure_record(username="new", ip_address="10.0.0.2", now=now - timedelta(days=10))
    deleted = security_records_purge(before=now - timedelta(days=180), now=now)
    assert deleted == {"login_failures": 5, "lockouts": 2}
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["new"]
    assert not Lockout.objects.exists()
    assert events("security.purged").exists()


def test_export_events_writes_csv_and_records_the_export(tmp_path, capsys):
    from waibao.security.events import security_event_record

    security_event_record(kind="login.failure", outcome="failure", username="李四")
    out = tmp_path / "events.csv"
    assert main(["security", "export-events", "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "login.failure" in text and "李四" in text
    assert events("data.exported").exists()
