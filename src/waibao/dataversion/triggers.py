"""Triggers that keep ``portal_dataversion`` (``DataVersion``) current.

PostgreSQL: one statement-level trigger per table (INSERT, UPDATE, DELETE, TRUNCATE) sets the
table's row to the next value of a sequence: a ``COPY`` of a million rows costs one update.
SQLite has only row-level triggers: each written row replaces the table's row with a random
63-bit value (about 12 µs a row, so bulk imports use :func:`bulk_rows`). Installed after
every ``migrate`` (``DataVersionConfig.ready``), so a migration that rebuilds a table on SQLite,
dropping its triggers, cannot leave it untracked.

The version row is updated in the writer's transaction and stays locked until it commits:
writers of the same table queue there (bulk imports already lock their table), and two
transactions writing two tracked tables in opposite orders can deadlock (PostgreSQL then
aborts one). If that ever shows, give each transaction a row of its own instead of one row
per table. SQLite cannot deadlock here: its transactions begin ``IMMEDIATE`` (WAL, busy
timeout; ``config/settings/database.py``), so a writer holds the one database write lock
from its first statement and the trigger's update never waits for another writer
(tests/security/test_sqlite_concurrency.py: 50 concurrent writes to a tracked table).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Every table whose rows a cached figure is computed from (dashboard, targets, calculator).
TRACKED_TABLES = (
    "registry_region",
    "registry_park",
    "registry_organisation",
    "registry_organisationyear",
    "registry_certification",
    "registry_recognition",
    "registry_training",
    "registry_expense",
    "registry_awardreceived",
    "registry_violation",
    "reporting_category",
    "reporting_exchangerate",
    "reporting_contract",
    "reporting_execution",
    "funds_fundentitlement",
    "funds_payment",
    # the bureau's parameter overlay: the calculator's amounts depend on it
    "policy_parameteroverride",
    # the bureau's entered targets and measured values: the targets progress reads them
    "bureau_targets_bureaufigure",
)
VERSION_TABLE = "portal_dataversion"
SEQUENCE = "waibao_data_version_seq"
EPOCH = "_epoch"  # a random value per database: two databases never share a version


def _postgres(tables: tuple[str, ...]) -> list[str]:
    statements = [
        f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}",
        f"""
        CREATE OR REPLACE FUNCTION waibao_data_version_bump() RETURNS trigger AS $$
        BEGIN
            INSERT INTO {VERSION_TABLE} ("table", version)
            VALUES (TG_TABLE_NAME, nextval('{SEQUENCE}'))
            ON CONFLICT ("table") DO UPDATE SET version = EXCLUDED.version;
            RETURN NULL;
        END;
        $$ LANGUAGE plpgsql
        """,  # noqa: S608  # nosec B608  # this module's constants only
        f"""
        INSERT INTO {VERSION_TABLE} ("table", version)
        VALUES ('{EPOCH}', (random() * 9e18)::bigint) ON CONFLICT ("table") DO NOTHING
        """,  # noqa: S608  # nosec B608  # this module's constants only
    ]
    for table in tables:
        statements += [
            f"DROP TRIGGER IF EXISTS waibao_version ON {table}",
            f"""
            CREATE TRIGGER waibao_version
            AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION waibao_data_version_bump()
            """,
        ]
    return statements


_SQLITE_OPERATIONS = ("INSERT", "UPDATE", "DELETE")


def _sqlite_trigger(table: str, operation: str) -> str:
    return f"waibao_version_{table}_{operation.lower()}"


def _sqlite_bump(table: str) -> str:
    return f"""
        INSERT OR REPLACE INTO {VERSION_TABLE} ("table", version)
        VALUES ('{table}', abs(random() / 2))
    """  # noqa: S608  # nosec B608  # this module's constants only


def _sqlite_triggers(table: str) -> list[str]:
    return [
        f"""
        CREATE TRIGGER IF NOT EXISTS {_sqlite_trigger(table, operation)}
        AFTER {operation} ON {table}
        BEGIN {_sqlite_bump(table)}; END
        """
        for operation in _SQLITE_OPERATIONS
    ]


def _sqlite(tables: tuple[str, ...]) -> list[str]:
    statements = [
        f"""
        INSERT OR IGNORE INTO {VERSION_TABLE} ("table", version)
        VALUES ('{EPOCH}', abs(random() / 2))
        """  # noqa: S608  # nosec B608  # this module's constants only
    ]
    for table in tables:
        statements += _sqlite_triggers(table)
    return statements


@contextmanager
def bulk_rows(connection: Any, table: str) -> Iterator[None]:
    """Around a bulk insert into ``table``: on SQLite, whose triggers fire per row (12 s of a
    million-row import), the table's triggers are dropped for the insert and its version is
    bumped once. Only inside a transaction: SQLite's DDL is transactional and it has one
    writer, so no other write can slip past untracked, and a rollback restores the triggers.
    Elsewhere (PostgreSQL's triggers fire per statement) it does nothing."""
    if (
        connection.vendor != "sqlite"
        or table not in TRACKED_TABLES
        or not connection.in_atomic_block
    ):
        yield
        return
    with connection.cursor() as cursor:
        for operation in _SQLITE_OPERATIONS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {_sqlite_trigger(table, operation)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute(_sqlite_bump(table))
        for statement in _sqlite_triggers(table):
            cursor.execute(statement)


def install(connection: Any) -> None:
    """Create (or re-create) the triggers on every tracked table that exists."""
    existing = set(connection.introspection.table_names())
    if VERSION_TABLE not in existing:
        return
    tables = tuple(t for t in TRACKED_TABLES if t in existing)
    if connection.vendor == "postgresql":
        statements = _postgres(tables)
    elif connection.vendor == "sqlite":
        statements = _sqlite(tables)
    else:
        raise NotImplementedError(f"no data-version triggers for the {connection.vendor} database")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def installed_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    install(connections[using])
