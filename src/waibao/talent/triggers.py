"""The access log refuses DELETE at the database, as it refuses UPDATE (migration 0002), so
the record of who saw whose personal data (PIPL 第55条) cannot be removed by anyone going
around the application (issue 17 item 11: AccessLog rows could be deleted).

TRUNCATE is not blocked, as for the audit trail (``waibao.audit.triggers``): it needs the
table owner's privilege, and test flushes on PostgreSQL rely on it. On SQLite a flush
deletes rows, so a test that flushes lifts the trigger first (:func:`sqlite_empty`).
"""

from __future__ import annotations

from typing import Any

from waibao.audit.triggers import migration_step

TABLE = "talent_accesslog"

SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER IF NOT EXISTS talent_accesslog_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'talent_accesslog is append-only: DELETE refused'); END
    """
]
SQLITE_REMOVE = ["DROP TRIGGER IF EXISTS talent_accesslog_no_delete"]

POSTGRES_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION talent_accesslog_refuse_delete() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'talent_accesslog is append-only: DELETE refused'
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE TRIGGER talent_accesslog_no_delete BEFORE DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION talent_accesslog_refuse_delete()
    """,
]
POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS talent_accesslog_no_delete ON {TABLE}",
    "DROP FUNCTION IF EXISTS talent_accesslog_refuse_delete()",
]


def _statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "postgresql":
        return POSTGRES_INSTALL if install else POSTGRES_REMOVE
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_REMOVE
    raise NotImplementedError(f"no append-only trigger for the {vendor} database")


install = migration_step(lambda vendor: _statements(vendor, install=True))
remove = migration_step(lambda vendor: _statements(vendor, install=False))


def sqlite_empty(cursor: Any) -> None:
    """Empty the table on SQLite with the trigger lifted for the moment (test flushes only)."""
    for statement in SQLITE_REMOVE:
        cursor.execute(statement)
    cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608  # nosec B608  # a constant name
    for statement in SQLITE_INSTALL:
        cursor.execute(statement)
