"""Making and revoking API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from waibao.apitokens.models import ApiToken

TOKEN_PREFIX = "wb_"  # noqa: S105  # nosec B105  # a visible prefix, not a secret


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; the raw secret is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=raw[:10], key_hash=token_hash(raw))
    token.full_clean()
    token.save()
    return token, raw


def token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
