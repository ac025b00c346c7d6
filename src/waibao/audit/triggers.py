"""Database triggers that refuse UPDATE and DELETE on the audit table.

Kept as functions so that a later migration which rebuilds the table (SQLite rebuilds a table
for most ALTERs, dropping its triggers) can install them again with one call.

TRUNCATE is not blocked: it needs the table owner's privilege, which the application's
database role should not have in production; test flushes on PostgreSQL rely on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

TABLE = "audit_auditrecord"

POSTGRES_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION waibao_audit_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit records are append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE TRIGGER audit_refuse_update_delete
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION waibao_audit_refuse_change()
    """,
]
POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_refuse_update_delete ON {TABLE}",
    "DROP FUNCTION IF EXISTS waibao_audit_refuse_change()",
]

SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER IF NOT EXISTS audit_refuse_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit records are append-only: UPDATE refused'); END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS audit_refuse_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit records are append-only: DELETE refused'); END
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_refuse_update",
    "DROP TRIGGER IF EXISTS audit_refuse_delete",
]


def _statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "postgresql":
        return POSTGRES_INSTALL if install else POSTGRES_REMOVE
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_REMOVE
    raise NotImplementedError(f"no append-only triggers for the {vendor} database")


def migration_step(statements: Callable[[str], list[str]]) -> Callable[[Any, Any], None]:
    """A ``RunPython`` function executing ``statements(vendor)`` on the migrating database:
    how every append-only trigger of the project is installed and removed."""

    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements(schema_editor.connection.vendor):
            schema_editor.execute(statement, params=None)

    return run


install = migration_step(lambda vendor: _statements(vendor, install=True))
remove = migration_step(lambda vendor: _statements(vendor, install=False))


# --- the same refusal for any other append-only table (the funds ledger) ---------------------

POSTGRES_GENERIC_FUNCTION = """
    CREATE OR REPLACE FUNCTION waibao_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '% rows are append-only: % refused', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql
    """


def table_statements(table: str, vendor: str, *, install: bool) -> list[str]:
    """Triggers refusing UPDATE and DELETE on ``table`` (named ``<table>_refuse_*``)."""
    if vendor == "postgresql":
        if not install:
            return [f"DROP TRIGGER IF EXISTS {table}_refuse_update_delete ON {table}"]
        return [
            POSTGRES_GENERIC_FUNCTION,
            f"""
            CREATE TRIGGER {table}_refuse_update_delete
            BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION waibao_refuse_change()
            """,
        ]
    if vendor == "sqlite":
        if not install:
            return [
                f"DROP TRIGGER IF EXISTS {table}_refuse_update",
                f"DROP TRIGGER IF EXISTS {table}_refuse_delete",
            ]
        return [
            f"""
            CREATE TRIGGER IF NOT EXISTS {table}_refuse_{op.lower()} BEFORE {op} ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} rows are append-only: {op} refused'); END
            """
            for op in ("UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"no append-only triggers for the {vendor} database")


def table_install(table: str) -> Callable[[Any, Any], None]:
    """A ``RunPython`` function installing the triggers on ``table``."""
    return migration_step(lambda vendor: table_statements(table, vendor, install=True))


def table_remove(table: str) -> Callable[[Any, Any], None]:
    return migration_step(lambda vendor: table_statements(table, vendor, install=False))
