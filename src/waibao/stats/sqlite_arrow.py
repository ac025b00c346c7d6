"""SQLite's operational tables read into an in-process DuckDB through Arrow.

SQLite runs the indicator query correctly but slowly: one row at a time through its
bytecode, about 10-30 µs per event for the join, the exact conversion and the grouping, where
DuckDB takes well under 1 µs. Reading the rows the statistics need out of SQLite costs about
1 µs per row, so the statistics on the embedded default read the four tables once, through
Django's own connection (a test's or a request's uncommitted rows stay visible), and let DuckDB
evaluate the same Ibis expressions (docs/decisions/0009).

The tables keep their Django names and columns, so :func:`waibao.stats.sources.operational_tables`
renames them exactly as it does on SQLite itself and on PostgreSQL. Nothing is downloaded:
DuckDB's own ``sqlite`` extension would be, so the rows pass through Python and Arrow instead.
"""

from __future__ import annotations

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
BATCH_ROWS = 100_000


def read_table(raw: Any, table: str) -> pa.Table:
    """``table``'s statistics columns as Arrow, read in batches (memory stays bounded by a
    batch of Python tuples besides the Arrow columns)."""
    columns = TABLES[table]
    # CAST(... AS TEXT) has no declared type, so Django's date converter does not run per row
    selected = ", ".join(
        f'CAST("{name}" AS TEXT)' if kind == pa.date32() else f'"{name}"' for name, kind in columns
    )
    schema = pa.schema(
        [(name, pa.string() if kind == pa.date32() else kind) for name, kind in columns]
    )
    cursor = raw.cursor()
    try:
        cursor.execute(f'SELECT {selected} FROM "{table}"')  # noqa: S608  # nosec B608: our names
        batches = []
        while rows := cursor.fetchmany(BATCH_ROWS):
            values = list(zip(*rows, strict=True))
            batches.append(
                pa.record_batch(
                    [pa.array(values[i], type=schema.field(i).type) for i in range(len(columns))],
                    schema=schema,
                )
            )
    finally:
        cursor.close()
    text = pa.Table.from_batches(batches, schema=schema)
    return text.cast(pa.schema(list(columns)))


def duckdb_over_sqlite(raw: Any) -> Any:
    """An Ibis DuckDB connection holding the four tables read from the sqlite3 connection
    ``raw`` under their Django names."""
    import ibis

    con = ibis.duckdb.connect()
    for table in TABLES:
        con.con.register(table, read_table(raw, table))
    return con
