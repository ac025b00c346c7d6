"""SQLite's operational tables read into an in-process DuckDB through Arrow.

SQLite runs the indicator query correctly but slowly: one row at a time through its
bytecode, tens of microseconds per event for the join, the exact conversion and the grouping
(44 s for 1,000,000 executions under load, against 3 s for DuckDB over a snapshot). Reading
the columns the statistics need out of SQLite costs well under a microsecond per row, so the
statistics on the embedded default read the four tables once, through Django's own connection
(a test's or a request's uncommitted rows stay visible), and let DuckDB evaluate the same Ibis
expressions (docs/decisions/0009).

The tables keep their Django names and columns, so :func:`waibao.stats.sources.operational_tables`
renames them exactly as on SQLite itself and on PostgreSQL. Nothing is downloaded: DuckDB's
own ``sqlite`` extension would be, so the rows pass through JSON text and Arrow instead.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

# Django table → (column, Arrow type) the statistics read; dates arrive as ISO text.
TABLES: dict[str, tuple[tuple[str, pa.DataType], ...]] = {
    "registry_organisation": (
        ("id", pa.int64()),
        ("uscc", pa.string()),
        ("name", pa.string()),
        ("region_id", pa.string()),
        ("park_id", pa.string()),
        ("ownership", pa.string()),
    ),
    "reporting_category": (("code", pa.string()), ("group", pa.string())),
    "reporting_contract": (
        ("id", pa.int64()),
        ("organisation_id", pa.int64()),
        ("contract_id", pa.string()),
        ("client_country", pa.string()),
        ("category_id", pa.string()),
        ("signed_date", pa.date32()),
        ("amount_minor", pa.int64()),
        ("currency", pa.string()),
    ),
    "reporting_execution": (
        ("id", pa.int64()),
        ("contract_id", pa.int64()),
        ("execution_id", pa.string()),
        ("execution_date", pa.date32()),
        ("amount_minor", pa.int64()),
        ("currency", pa.string()),
    ),
}
# Columns no indicator reads: left null rather than read (a third of the executions' reading
# time at 1,000,000 rows). A snapshot needs them, so it reads SQLite itself (snapshot.py).
NOT_READ = {
    "reporting_contract": frozenset({"contract_id"}),
    "reporting_execution": frozenset({"id", "execution_id"}),
}


def read_table(raw: Any, table: str) -> pa.Table:
    """``table``'s statistics columns as Arrow (``NOT_READ`` ones null).

    One query turns each column into a JSON array inside SQLite (``json_group_array``: C,
    one scan, one consistent read of every column), which ``json.loads`` parses in C too: a
    third of the CPU of fetching a Python tuple per row and transposing them (0.75 s against
    2.25 s for 1,000,000 executions, docs/decisions/0009)."""
    skipped = NOT_READ.get(table, frozenset())
    columns = [column for column in TABLES[table] if column[0] not in skipped]
    arrays = ", ".join(f'json_group_array("{name}")' for name, _kind in columns)
    cursor = raw.cursor()
    try:
        cursor.execute(f'SELECT {arrays} FROM "{table}"')  # noqa: S608  # nosec B608  # our names
        texts = cursor.fetchone()
    finally:
        cursor.close()
    read = {
        name: pa.array(json.loads(text), type=pa.string() if kind == pa.date32() else kind)
        for (name, kind), text in zip(columns, texts, strict=True)
    }
    rows = len(next(iter(read.values())))
    return pa.table(
        {
            name: pa.nulls(rows, kind) if name in skipped else read[name].cast(kind)
            for name, kind in TABLES[table]
        },
        schema=pa.schema(list(TABLES[table])),
    )


def duckdb_over_sqlite(raw: Any) -> Any:
    """An Ibis DuckDB connection holding the four tables read from the sqlite3 connection
    ``raw`` under their Django names."""
    import ibis

    con = ibis.duckdb.connect()
    for table in TABLES:
        con.con.register(table, read_table(raw, table))
    return con
