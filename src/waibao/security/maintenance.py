"""Housekeeping of the security tables that are not the log: login-failure counters and
expired locks hold usernames and client addresses (personal information), so they are
deleted once old — never younger than the 180 days the log must cover (网络安全法 第二十一条).
The audit log itself is append-only and hash-chained: nothing in it is ever deleted."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from waibao.security.events import retention_check, security_event_record
from waibao.security.models import Lockout, LoginFailure


@transaction.atomic
def security_records_purge(*, before: datetime, now: datetime | None = None) -> dict[str, int]:
    retention_check(before=before, now=now)
    failures, _ = LoginFailure.objects.filter(failed_at__lt=before).delete()
    locks, _ = Lockout.objects.filter(locked_until__lt=before).delete()
    deleted = {"login_failures": failures, "lockouts": locks}
    security_event_record(
        kind="security.purged",
        target=("security.maintenance", "purge"),
        detail={"before": before.isoformat(), **deleted},
    )
    return deleted
