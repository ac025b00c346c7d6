"""Write many validated rows fast, inside the caller's transaction.

PostgreSQL: ``COPY … FROM STDIN`` (psycopg 3), an order of magnitude faster than INSERTs.
SQLite: one prepared ``INSERT`` run with ``executemany``. Anything else: ``bulk_create``.
Rows are tuples in ``fields`` order, already validated: this module checks nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from waibao.dataversion.triggers import bulk_rows


def bulk_insert(model: Any, fields: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    if not rows:
        return
    meta = model._meta
    columns = [meta.get_field(name).column for name in fields]
    table = connection.ops.quote_name(meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                write = copy.write_row
                for row in rows:
                    write(row)
    elif connection.vendor == "sqlite":
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor, bulk_rows(connection, meta.db_table):
            # A bigger page cache keeps the table's indexes in memory while a million rows go
            # in (the default 2 MB makes every index insert a page read).
            cursor.execute("PRAGMA cache_size = -131072")
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)  # noqa: S608  # nosec B608  # table from model metadata
    else:
        attnames = [meta.get_field(name).attname for name in fields]
        model.objects.bulk_create(
            [model(**dict(zip(attnames, row, strict=True))) for row in rows], batch_size=5000
        )


# On PostgreSQL a foreign key is checked by a trigger per inserted row, at commit for
# Django's deferred constraints; for a million rows that costs more than the COPY itself.
# A large import therefore drops the table's outgoing foreign keys, copies, and adds them
# back: adding a foreign key validates the whole table in one join. All of it happens in the
# import's transaction, so a refused or failed import restores them on rollback. The price:
# ALTER TABLE locks the table against readers until the import commits, which is why only
# large batches take this path.
LARGE_BATCH = 100_000


def foreign_keys_drop(model: Any) -> list[tuple[str, str]]:
    """Drop the outgoing foreign keys of ``model``'s table (PostgreSQL); returns what
    ``foreign_keys_restore`` needs to add them back exactly as they were."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        # ALTER TABLE refuses a table (or a referenced one) with deferred checks still
        # queued in this transaction, e.g. enterprises inserted just before: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [table],
        )
        constraints = [(name, definition) for name, definition in cursor.fetchall()]
        quoted = connection.ops.quote_name(table)
        for name, _ in constraints:
            cursor.execute(
                f"ALTER TABLE {quoted} DROP CONSTRAINT {connection.ops.quote_name(name)}"
            )
    return constraints


def foreign_keys_restore(model: Any, constraints: list[tuple[str, str]]) -> None:
    quoted = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        for name, definition in constraints:
            constraint = connection.ops.quote_name(name)
            cursor.execute(f"ALTER TABLE {quoted} ADD CONSTRAINT {constraint} {definition}")
        # Back to the mode Django's constraints are declared with (INITIALLY DEFERRED).
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class CopyStream:
    """One ``COPY … FROM STDIN`` kept open while rows are still being validated, so that on
    PostgreSQL the server inserts while Python reads the next rows (two cores, not one).
    Only for imports that run no other query until the stream ends."""

    def __init__(self, model: Any, fields: Sequence[str]):
        meta = model._meta
        table = connection.ops.quote_name(meta.db_table)
        quoted = ", ".join(connection.ops.quote_name(meta.get_field(f).column) for f in fields)
        self._cursor = connection.cursor()
        self._context = self._cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN")
        self.write_row = self._context.__enter__().write_row

    def close(self, error: BaseException | None = None) -> None:
        """End the COPY: normally, or with ``error`` so the server discards it."""
        try:
            if error is None:
                self._context.__exit__(None, None, None)
            else:
                self._context.__exit__(type(error), error, error.__traceback__)
        finally:
            self._cursor.close()
