"""Field encryption, one module for every app: Fernet under MultiFernet, keys outside the
database, key rotation, and the blind index.

Used by ``waibao.security`` (TOTP secrets, through ``EncryptedTextField``) and
``waibao.talent`` (personal data, through ``encrypt``/``decrypt``/``blind_index``).

Encryption keys, newest first, the first source that has any:

1. ``settings.WAIBAO_FIELD_KEYS`` (a list; empty unless a settings module or a test sets it);
2. ``WAIBAO_FIELD_KEY``: comma-separated Fernet keys, read when used (not frozen at start);
3. ``WAIBAO_FIELD_KEY_FILE``: one key a line (``#`` comments), read again when the file
   changes, so a rotated key file needs no restart;
4. development only (``settings.DEBUG``, as in ``waibao demo``): a key generated once into
   ``<data dir>/keys/field.key`` (mode 0600), still outside the database. The key that
   earlier development databases used (derived from ``SECRET_KEY``) is kept after it as a
   decrypt-only key, so ``waibao security rotate-field-keys`` moves old rows to the new key;
5. otherwise ``ImproperlyConfigured``: nothing is ever encrypted under a guessable key, and
   ``waibao.config.django.production`` refuses to start without 2 or 3.

MultiFernet encrypts with the first key and decrypts with any: to rotate, put a new key first,
keep the old ones after it, re-encrypt (``field_keys_rotate`` for model fields,
``waibao talent rotate-keys`` for personal data), then drop the old keys.

The blind index is HMAC-SHA256 under a *separate* key (``WAIBAO_BLIND_INDEX_KEY`` or
``WAIBAO_BLIND_INDEX_KEY_FILE``; in development ``<data dir>/keys/blind-index.key``): it lets
the database find and de-duplicate a person by ID number without holding the number, and
reveals nothing without the key. It is deterministic on purpose; changing its key means
recomputing every index.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

FIELD_KEY_ENV = "WAIBAO_FIELD_KEY"
FIELD_KEY_FILE_ENV = "WAIBAO_FIELD_KEY_FILE"
INDEX_KEY_ENV = "WAIBAO_BLIND_INDEX_KEY"
INDEX_KEY_FILE_ENV = "WAIBAO_BLIND_INDEX_KEY_FILE"


class DecryptionError(ImproperlyConfigured):
    """A stored value no configured key can open (a key was dropped too early)."""


# --- keys -------------------------------------------------------------------------------------


def keys_from_environment(
    env: str = FIELD_KEY_ENV,
    file_env: str = FIELD_KEY_FILE_ENV,
    environ: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """The keys named by ``env`` (comma- or newline-separated) or else by the file
    ``file_env``; empty when neither is set. No Django settings are read, so settings
    modules may call it (production refuses to start when it is empty)."""
    environ = os.environ if environ is None else environ
    raw = environ.get(env, "")
    if raw.strip():
        return tuple(key.strip() for key in raw.replace("\n", ",").split(",") if key.strip())
    path = environ.get(file_env, "")
    if not path:
        return ()
    try:
        modified = os.stat(path).st_mtime_ns
    except OSError as error:
        raise ImproperlyConfigured(f"{file_env}: cannot read {path}: {error}") from error
    return _key_file(file_env, path, modified)


@lru_cache(maxsize=8)
def _key_file(file_env: str, path: str, modified: int) -> tuple[str, ...]:
    """The keys of a key file, read again only when the file changes (``modified``)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ImproperlyConfigured(f"{file_env}: cannot read {path}: {error}") from error
    keys = tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))
    if not keys:
        raise ImproperlyConfigured(f"{file_env}: {path} holds no key")
    return keys


@lru_cache(maxsize=8)
def _development_key(name: str, data_dir_setting: str) -> str:
    """A key generated once under ``<data dir>/keys/`` (``data_dir_setting`` keys the cache,
    so a test or a demo with another data directory gets its own)."""
    from waibao.paths import data_dir

    folder = data_dir() / "keys"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / name
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(Fernet.generate_key().decode("ascii") + "\n")
    return path.read_text(encoding="ascii").strip()


def _legacy_development_key() -> str:
    """The key ``waibao.security.crypto`` derived from ``SECRET_KEY`` before the modules were
    merged: decrypt-only, in development, so older development databases stay readable."""
    derived = hashlib.sha256(f"waibao-field-key:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(derived).decode("ascii")


def _development() -> bool:
    """A development run: DEBUG, or the demo server, which serves with DEBUG off but keeps the
    generated development keys (``WAIBAO_DEVELOPMENT_KEYS``, set by ``waibao serve``)."""
    return bool(
        getattr(settings, "DEBUG", False) or getattr(settings, "WAIBAO_DEVELOPMENT_KEYS", False)
    )


def _keys(env: str, file_env: str, generated_name: str) -> tuple[str, ...]:
    keys = keys_from_environment(env, file_env)
    if keys:
        return keys
    if _development():
        return (_development_key(generated_name, os.environ.get("WAIBAO_DATA_DIR", "")),)
    raise ImproperlyConfigured(f"encrypted data needs a key: set {env} or {file_env}")


def field_keys() -> tuple[str, ...]:
    """The encryption keys in force, newest first (see the module docstring for the order)."""
    configured = tuple(getattr(settings, "WAIBAO_FIELD_KEYS", ()) or ())
    if configured:
        return configured
    keys = _keys(FIELD_KEY_ENV, FIELD_KEY_FILE_ENV, "field.key")
    if _development() and not keys_from_environment():
        keys = (*keys, _legacy_development_key())
    return keys


@lru_cache(maxsize=8)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode("ascii")) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"{FIELD_KEY_ENV}: not a Fernet key ({error})") from error


def cipher() -> MultiFernet:
    return _cipher(field_keys())


# --- values -----------------------------------------------------------------------------------


def encrypt(plain: str) -> str:
    """A Fernet token (ASCII) for ``plain`` under the newest key; a new random IV each time."""
    return cipher().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise DecryptionError(f"no configured {FIELD_KEY_ENV} key opens this value") from error


def rotate(token: str) -> str:
    """The same value under the newest key (for re-encryption after adding a key)."""
    try:
        return cipher().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as error:
        raise DecryptionError(f"no configured {FIELD_KEY_ENV} key opens this value") from error


def _normalise(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().upper()


def index_key() -> str:
    """The blind-index key in force."""
    return _keys(INDEX_KEY_ENV, INDEX_KEY_FILE_ENV, "blind-index.key")[0]


def blind_index(value: str) -> str:
    """HMAC-SHA256 (hex) of the NFKC-normalised, upper-cased value under the index key.

    Upper-casing makes an ID number ending in ``x`` and ``X`` the same person.
    """
    key = index_key()
    return hmac.new(
        key.encode("utf-8"), _normalise(value).encode("utf-8"), hashlib.sha256
    ).hexdigest()


# --- model fields -----------------------------------------------------------------------------


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; Python code sees the plain text."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return value if value is None else decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return value if value is None else encrypt(str(value))


def field_keys_rotate() -> int:
    """Re-encrypt every ``EncryptedTextField`` under the newest key; the rows rewritten."""
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
