"""Test settings: fast hashing, no WAL pragma surprises, in-memory SQLite unless DATABASE_URL."""

from waibao.config.django.base import *  # noqa: F403
from waibao.config.django.base import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# In memory: no files in the data directory, nothing shared between concurrent runs.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {}

# A test database of its own per run, so that concurrent runs on one PostgreSQL never collide.
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    import os

    DATABASES["default"]["TEST"] = {"NAME": f"test_waibao_{os.getpid()}"}

# Tests elsewhere sign staff in with client.force_login, which skips the two-step sign-in;
# tests/security switches this back on to prove that a session without the second factor is
# refused. Everything else of the security policy stays as in production.
WAIBAO_ENFORCE_SECOND_FACTOR = False

# Tests share one process and one address: the public calculator's per-minute limit would
# count every test's requests together. Its own test sets a limit and proves the refusal.
WAIBAO_PUBLIC_CALCULATOR_PER_MINUTE = 0
