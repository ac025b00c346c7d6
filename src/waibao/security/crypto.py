"""Secrets at rest: Fernet encryption of model fields, keys from outside the repository.

Keys come from ``WAIBAO_FIELD_KEY`` (comma-separated, newest first) or ``WAIBAO_FIELD_KEY_FILE``
(one key a line). MultiFernet decrypts with any key and encrypts with the first, so a new key
is put first, ``waibao security rotate-field-keys`` re-encrypts every row, and the old key is
then removed. Without keys (development only) a key is derived from SECRET_KEY; production
settings refuse to start without real keys.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def configured_keys() -> tuple[str, ...]:
    keys = tuple(getattr(settings, "WAIBAO_FIELD_KEYS", ()) or ())
    if keys:
        return keys
    derived = hashlib.sha256(f"waibao-field-key:{settings.SECRET_KEY}".encode()).digest()
    return (base64.urlsafe_b64encode(derived).decode("ascii"),)


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode("ascii")) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"WAIBAO_FIELD_KEY: not a Fernet key ({error})") from error


def field_cipher() -> MultiFernet:
    return _fernet(configured_keys())


def encrypt_text(plain: str) -> str:
    return field_cipher().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return field_cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "an encrypted field cannot be read with the configured WAIBAO_FIELD_KEY keys"
        ) from error


def rotate_text(token: str) -> str:
    """The same secret encrypted under the newest key."""
    return field_cipher().rotate(token.encode("ascii")).decode("ascii")


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; Python code sees the plain text."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return value if value is None else decrypt_text(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return value if value is None else encrypt_text(str(value))


def field_keys_rotate() -> int:
    """Re-encrypt every encrypted field under the newest key; the number of rows rewritten."""
    from django.apps import apps
    from django.db import transaction

    rewritten = 0
    with transaction.atomic():
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            names = [f.attname for f in fields]
            # values() decrypts with any configured key; update() encrypts with the newest.
            for row in model._base_manager.values("pk", *names).iterator():
                model._base_manager.filter(pk=row["pk"]).update(
                    **{name: row[name] for name in names if row[name] is not None}
                )
                rewritten += 1
    return rewritten
