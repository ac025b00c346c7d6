"""Making and revoking API tokens.

Every token expires (``WAIBAO_API_TOKEN_DAYS`` by default, at most
``WAIBAO_API_TOKEN_MAX_DAYS``). A token acts with its user's full role, so a token of a user
who must sign in with a second factor (staff, ``second_factor_required``) is made only when
that user has just given it: in the signed-in session that asks (``POST /api/tokens``), or
with a fresh code on the command line (``waibao token --code``). docs/security.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from waibao.apitokens.models import ApiToken

TOKEN_PREFIX = "wb_"  # noqa: S105  # nosec B105  # a visible prefix, not a secret


class TokenRefused(ValueError):
    """The token was not made; the message says why and what to do."""


class SecondFactorNeeded(TokenRefused):
    """A staff user's token, asked for without the second factor just given."""


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_lifetime(days: int | None) -> dt.timedelta:
    """The lifetime asked for, or the default; refused outside 1..WAIBAO_API_TOKEN_MAX_DAYS."""
    days = settings.WAIBAO_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= settings.WAIBAO_API_TOKEN_MAX_DAYS:
        raise TokenRefused(
            f"days: {days} is outside 1..{settings.WAIBAO_API_TOKEN_MAX_DAYS} "
            "(WAIBAO_API_TOKEN_MAX_DAYS)"
        )
    return dt.timedelta(days=days)


@transaction.atomic
def token_create(
    *,
    user: Any,
    name: str,
    second_factor_given: bool = False,
    days: int | None = None,
) -> tuple[ApiToken, str]:
    """A new token for ``user``; the raw secret is returned once and never stored.
    ``second_factor_given``: the user proved the second factor for this very request (the
    caller checks it); without it a staff user gets no token."""
    from waibao.security.totp import second_factor_required

    if second_factor_required(user) and not second_factor_given:
        raise SecondFactorNeeded(
            "a staff token needs the second factor: sign in with it and make the token in that "
            "session (POST /api/tokens), or give a fresh code (waibao token --code)"
        )
    expires_at = timezone.now() + token_lifetime(days)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name, prefix=raw[:10], key_hash=token_hash(raw), expires_at=expires_at
    )
    token.full_clean()
    token.save()
    return token, raw


def token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
