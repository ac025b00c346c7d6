"""The database: ``DATABASE_URL`` names PostgreSQL (or any URL dj-database-url reads); without
it, SQLite in the data directory, so ``waibao demo`` needs nothing installed."""

from __future__ import annotations

import os
from typing import Any

import dj_database_url

from waibao.paths import data_dir


def database_config() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60)
    else:
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(data_dir() / "waibao.sqlite3"),
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
        }
    config.setdefault("TEST", {})
    return config
