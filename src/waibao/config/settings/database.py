"""The database: ``DATABASE_URL`` names PostgreSQL (or any URL dj-database-url reads); without
it, SQLite in the data directory, so ``waibao demo`` needs nothing installed.

SQLite has one writer at a time. So that concurrent writers queue instead of failing with
"database is locked" (issue 17: 39 of 50 concurrent API writes were HTTP 500), it runs
in WAL (readers never block the writer), every transaction begins ``IMMEDIATE`` (it takes
the write lock at ``BEGIN``, where the busy timeout applies, instead of upgrading a read
lock mid-transaction, which SQLite refuses at once without waiting), and a writer waits up
to ``SQLITE_BUSY_TIMEOUT`` seconds for the lock (``WAIBAO_SQLITE_BUSY_TIMEOUT``).
docs/decisions/0013-api-authentication-and-sqlite-writers.md."""

from __future__ import annotations

import os
from typing import Any

import dj_database_url

from waibao.paths import data_dir


def sqlite_busy_timeout() -> float:
    return float(os.environ.get("WAIBAO_SQLITE_BUSY_TIMEOUT", "30"))


def sqlite_options() -> dict[str, Any]:
    """WAL, immediate transactions and a busy timeout (Django >= 5.1's sqlite backend)."""
    return {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": sqlite_busy_timeout(),
    }


def database_config() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60)
    else:
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(data_dir() / "waibao.sqlite3"),
            "OPTIONS": sqlite_options(),
        }
    config.setdefault("TEST", {})
    return config
