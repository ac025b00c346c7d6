"""The second factor: TOTP (RFC 6238, pyotp) and single-use recovery codes.

Required for every staff role (accounts.STAFF_ROLES) and for Django staff and superusers;
optional for enterprise users. Enrolment shows the otpauth URI as text and as an SVG QR code
drawn here (segno), so no outside service ever sees the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Any, Literal

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from waibao.security.models import RecoveryCode, TOTPDevice

RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def second_factor_required(user: Any) -> bool:
    """Staff roles, Django staff and superusers must use a second factor."""
    from waibao.accounts.models import STAFF_ROLES

    if user.is_staff or user.is_superuser:
        return True
    profile = getattr(user, "waibao_profile", None)
    return profile is not None and profile.role in STAFF_ROLES


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def totp_device_start(*, user: Any) -> TOTPDevice:
    """A fresh, unconfirmed device (replacing an unconfirmed one); a confirmed device stays
    until the new one is confirmed."""
    device = TOTPDevice.objects.filter(user=user).first()
    if device is not None and device.confirmed:
        raise ValueError("a confirmed device exists; remove it before enrolling another")
    if device is not None:
        device.delete()
    return TOTPDevice.objects.create(user=user, secret=pyotp.random_base32())


def provisioning_uri(device: TOTPDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.get_username(), issuer_name=settings.WAIBAO_TOTP_ISSUER
    )


def provisioning_qr_svg(device: TOTPDevice) -> str:
    """An inline <svg> element (no script, no external reference)."""
    return str(segno.make(provisioning_uri(device), error="m").svg_inline(scale=4, omitsize=False))


def _matching_step(device: TOTPDevice, code: str, now: datetime) -> int | None:
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(device.secret)
    current = totp.timecode(now)
    for offset in (0, -1, 1):  # one step of clock drift either way
        if hmac.compare_digest(totp.generate_otp(current + offset), code):
            return current + offset
    return None


TotpOutcome = Literal["accepted", "reused", "wrong"]


@transaction.atomic
def totp_check(*, device: TOTPDevice, code: str, now: datetime | None = None) -> TotpOutcome:
    """``accepted`` once per code; a right code whose time step was already used (or an older
    one) is ``reused`` (a replay, refused, but told apart from a ``wrong`` code so that a user
    signing in twice within one 30 s step learns to wait for the next code)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    step = _matching_step(device, code, now or timezone.now())
    if step is None:
        return "wrong"
    if step <= device.last_used_step:
        return "reused"
    device.last_used_step = step
    device.save(update_fields=["last_used_step"])
    return "accepted"


def totp_verify(*, device: TOTPDevice, code: str, now: datetime | None = None) -> bool:
    """True once per code: a code whose time step was already used is refused (replay)."""
    return totp_check(device=device, code=code, now=now) == "accepted"


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, code: str, now: datetime | None = None) -> list[str]:
    """Confirm enrolment with a first code; returns the recovery codes, shown only this once."""
    if not totp_verify(device=device, code=code, now=now):
        raise ValueError("the code does not match")
    device.refresh_from_db()
    device.confirmed_at = now or timezone.now()
    device.save(update_fields=["confirmed_at"])
    return recovery_codes_generate(user=device.user)


@transaction.atomic
def totp_device_provision(
    *, user: Any, now: datetime | None = None
) -> tuple[TOTPDevice, list[str]]:
    """A confirmed device made without the user proving possession: for ``waibao demo`` (which
    prints the secret next to the demo password) and for operators provisioning tokens. A
    real user should enrol themselves at first sign-in instead."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user, secret=pyotp.random_base32(), confirmed_at=now or timezone.now()
    )
    return device, recovery_codes_generate(user=user)


def _digest(code: str) -> str:
    normalised = "".join(code.lower().split()).replace("-", "")
    return hashlib.sha256(normalised.encode("ascii", "ignore")).hexdigest()


@transaction.atomic
def recovery_codes_generate(*, user: Any) -> list[str]:
    """New recovery codes replace the old ones; only their digests are stored."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _ in range(settings.WAIBAO_RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_digest=_digest(c)) for c in codes)
    return codes


@transaction.atomic
def recovery_code_use(*, user: Any, code: str, now: datetime | None = None) -> bool:
    row = (
        RecoveryCode.objects.select_for_update()
        .filter(user=user, code_digest=_digest(code), used_at__isnull=True)
        .first()
    )
    if row is None:
        return False
    row.used_at = now or timezone.now()
    row.save(update_fields=["used_at"])
    return True


def recovery_codes_left(user: Any) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
