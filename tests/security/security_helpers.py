"""Clock and code helpers shared by the security tests."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from unittest import mock

import pyotp

PASSWORD = "Correct-Horse-42"


@contextmanager
def clock(at: datetime):
    """Freeze django.utils.timezone.now (every security module reads the time through it)."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


def current_code(device, at: datetime | None = None) -> str:
    totp = pyotp.TOTP(device.secret)
    return totp.at(at) if at is not None else totp.now()


def events(kind: str | None = None):
    """Security records of the audit log, oldest first; of one kind when given."""
    from waibao.security.events import security_events

    records = security_events()
    return records.filter(action=f"security.{kind}") if kind else records


def kinds() -> list[str]:
    return [a.removeprefix("security.") for a in events().values_list("action", flat=True)]
