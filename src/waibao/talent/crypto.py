"""Field encryption for personal data: Fernet under MultiFernet, keys outside the database.

Interface: ``encrypt(str) -> str``, ``decrypt(str) -> str``, ``blind_index(str) -> str``.

Encryption keys come from ``WAIBAO_FIELD_KEY`` (comma-separated Fernet keys, newest first) or
``WAIBAO_FIELD_KEY_FILE`` (one key a line, newest first). MultiFernet encrypts with the first
key and decrypts with any, so a key is rotated by putting a new key first, re-encrypting
(``rotate``), then dropping the old key.

The blind index is HMAC-SHA256 under a *separate* key (``WAIBAO_BLIND_INDEX_KEY`` or
``WAIBAO_BLIND_INDEX_KEY_FILE``): it lets the database find and de-duplicate a person by ID
number without holding the number, and reveals nothing without the key. It is deterministic
on purpose; changing its key means recomputing every index.

Without any key configured, and only when ``settings.DEBUG`` is true (``waibao demo``), keys
are generated once into ``<data dir>/keys/`` (mode 0600), still outside the database.
Otherwise a missing key is an ``ImproperlyConfigured`` error: personal data is never written
in clear for want of a key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import unicodedata
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FIELD_KEY_ENV = "WAIBAO_FIELD_KEY"
FIELD_KEY_FILE_ENV = "WAIBAO_FIELD_KEY_FILE"
INDEX_KEY_ENV = "WAIBAO_BLIND_INDEX_KEY"
INDEX_KEY_FILE_ENV = "WAIBAO_BLIND_INDEX_KEY_FILE"


class DecryptionError(ImproperlyConfigured):
    """A stored value no configured key can open (a key was dropped too early)."""


def _read_keys(env: str, file_env: str, generated_name: str) -> tuple[str, ...]:
    raw = os.environ.get(env, "")
    if raw.strip():
        return tuple(key.strip() for key in raw.split(",") if key.strip())
    path = os.environ.get(file_env, "")
    if path:
        try:
            modified = os.stat(path).st_mtime_ns
        except OSError as error:
            raise ImproperlyConfigured(f"{file_env}: cannot read {path}: {error}") from error
        return _key_file(file_env, path, modified)
    if getattr(settings, "DEBUG", False):
        return (_development_key(generated_name, os.environ.get("WAIBAO_DATA_DIR", "")),)
    raise ImproperlyConfigured(f"personal data needs a key: set {env} or {file_env}")


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
    from waibao.paths import data_dir

    folder = data_dir() / "keys"
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / name
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(Fernet.generate_key().decode("ascii") + "\n")
    return path.read_text(encoding="ascii").strip()


@lru_cache(maxsize=8)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode("ascii")) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"{FIELD_KEY_ENV}: not a Fernet key ({error})") from error


def cipher() -> MultiFernet:
    return _cipher(_read_keys(FIELD_KEY_ENV, FIELD_KEY_FILE_ENV, "field.key"))


def encrypt(plain: str) -> str:
    """A Fernet token (ASCII) for ``plain``; a new random IV each time."""
    return cipher().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise DecryptionError("no configured WAIBAO_FIELD_KEY opens this value") from error


def rotate(token: str) -> str:
    """The same value under the newest key (for re-encryption after adding a key)."""
    return cipher().rotate(token.encode("ascii")).decode("ascii")


def _normalise(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().upper()


def blind_index(value: str) -> str:
    """HMAC-SHA256 (hex) of the NFKC-normalised, upper-cased value under the index key.

    Upper-casing makes an ID number ending in ``x`` and ``X`` the same person.
    """
    key = _read_keys(INDEX_KEY_ENV, INDEX_KEY_FILE_ENV, "blind-index.key")[0]
    return hmac.new(
        key.encode("utf-8"), _normalise(value).encode("utf-8"), hashlib.sha256
    ).hexdigest()
