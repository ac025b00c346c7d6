"""Finding the user behind a presented token."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from waibao.apitokens.models import ApiToken
from waibao.apitokens.services import token_hash


def token_user(raw: str) -> Any | None:
    """The active user of a valid token, neither revoked nor expired, else ``None``."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            key_hash=token_hash(raw),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
