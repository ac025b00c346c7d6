"""Lockout after repeated failures (GB/T 22239-2019 8.1.4.1 b).

``WAIBAO_LOCKOUT_THRESHOLD`` failures within ``WAIBAO_LOCKOUT_WINDOW_MINUTES`` lock the
username, and separately the client address, for ``WAIBAO_LOCKOUT_MINUTES``; the lock then
lifts by itself. Counting per address stops one address guessing many usernames; counting
per username stops many addresses guessing one. Every function takes ``now`` so tests can
move the clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from waibao.security.models import Lockout, LoginFailure


def _keys(username: str, ip_address: str) -> list[tuple[str, str]]:
    keys = [(Lockout.Kind.USERNAME, username.strip().lower())]
    if ip_address:
        keys.append((Lockout.Kind.IP_ADDRESS, ip_address))
    return keys


def lockout_active(
    *, username: str, ip_address: str, now: datetime | None = None
) -> Lockout | None:
    """The lock that refuses this sign-in now, if any."""
    now = now or timezone.now()
    for kind, key in _keys(username, ip_address):
        lock = (
            Lockout.objects.filter(kind=kind, key=key, locked_until__gt=now)
            .order_by("-locked_until")
            .first()
        )
        if lock is not None:
            return lock
    return None


@transaction.atomic
def login_failure_record(
    *, username: str, ip_address: str, now: datetime | None = None
) -> list[Lockout]:
    """Count one failure; the locks it starts (none, or one per key that reached the limit)."""
    now = now or timezone.now()
    normalised = username.strip().lower()
    LoginFailure.objects.create(username=normalised, ip_address=ip_address, failed_at=now)
    window_start = now - timedelta(minutes=settings.WAIBAO_LOCKOUT_WINDOW_MINUTES)
    started = []
    for kind, key in _keys(username, ip_address):
        field = "username" if kind == Lockout.Kind.USERNAME else "ip_address"
        # Failures before the end of an earlier lock do not count twice.
        previous = Lockout.objects.filter(kind=kind, key=key).order_by("-locked_until").first()
        since = max(window_start, previous.locked_until) if previous else window_start
        failures = LoginFailure.objects.filter(**{field: key}, failed_at__gt=since).count()
        if failures >= settings.WAIBAO_LOCKOUT_THRESHOLD and not (
            previous and previous.locked_until > now
        ):
            started.append(
                Lockout.objects.create(
                    kind=kind,
                    key=key,
                    locked_at=now,
                    locked_until=now + timedelta(minutes=settings.WAIBAO_LOCKOUT_MINUTES),
                )
            )
    return started


def login_failures_clear(*, username: str) -> None:
    """A successful sign-in resets the username's count (the address keeps its count)."""
    LoginFailure.objects.filter(username=username.strip().lower()).delete()
