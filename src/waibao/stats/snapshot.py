"""``waibao stats snapshot DIR``: the operational database as Parquet, for DuckDB and Spark.

One file per relation of :mod:`waibao.stats.sources`, with the same columns, so the indicator
expressions run unchanged. Rates are written as integer millionths of CNY per unit
(``cny_per_unit_micro``), read exactly through Django's ``DecimalField``. Files are written
under a temporary name and renamed, so a reader never sees half a snapshot file.

Last, ``events.parquet`` stores :func:`waibao.stats.indicators.joined_events` of every year,
computed by DuckDB from the files just written and sorted by year and enterprise: a query then
reads each event once instead of joining and converting it again, and a year's distinct
enterprises sit together (docs/decisions/0007). It is derived data: :func:`write_events`
rewrites it whenever the other files change.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from waibao.stats.sources import (
    STORED_EVENTS,
    operational_source,
    operational_tables,
    snapshot_source,
)

SNAPSHOT_SCHEMAS = {
    "organisations": pa.schema(
        [
            ("organisation_id", pa.int64()),
            ("uscc", pa.string()),
            ("name", pa.string()),
            ("region_code", pa.string()),
            ("park_id", pa.string()),
            ("ownership", pa.string()),
        ]
    ),
    "categories": pa.schema([("category", pa.string()), ("group", pa.string())]),
    "contracts": pa.schema(
        [
            ("contract_pk", pa.int64()),
            ("organisation_id", pa.int64()),
            ("contract_id", pa.string()),
            ("client_country", pa.string()),
            ("category", pa.string()),
            ("signed_date", pa.date32()),
            ("amount_minor", pa.int64()),
            ("currency", pa.string()),
        ]
    ),
    "executions": pa.schema(
        [
            ("execution_pk", pa.int64()),
            ("contract_pk", pa.int64()),
            ("execution_id", pa.string()),
            ("execution_date", pa.date32()),
            ("amount_minor", pa.int64()),
            ("currency", pa.string()),
        ]
    ),
    "rates": pa.schema(
        [("currency", pa.string()), ("year", pa.int64()), ("cny_per_unit_micro", pa.int64())]
    ),
    STORED_EVENTS: pa.schema(
        [
            ("organisation_id", pa.int64()),
            ("client_country", pa.string()),
            ("category", pa.string()),
            ("group", pa.string()),
            ("region_code", pa.string()),
            ("park_id", pa.string()),
            ("ownership", pa.string()),
            ("is_contract", pa.bool_()),
            ("year", pa.int64()),
            ("month", pa.int64()),
            ("unrated", pa.int64()),
            ("usd_minor", pa.int64()),
            ("cny_minor", pa.int64()),
        ]
    ),
}


def write_table(directory: Path, name: str, table: pa.Table) -> Path:
    target = directory / f"{name}.parquet"
    temporary = directory / f".{name}.parquet.tmp"
    pq.write_table(table.cast(SNAPSHOT_SCHEMAS[name]), temporary)
    temporary.replace(target)
    return target


def rates_arrow(rates: dict[tuple[str, int], int]) -> pa.Table:
    items = sorted(rates.items())
    return pa.table(
        {
            "currency": [currency for (currency, _year), _micro in items],
            "year": [year for (_currency, year), _micro in items],
            "cny_per_unit_micro": [micro for _key, micro in items],
        },
        schema=SNAPSHOT_SCHEMAS["rates"],
    )


def snapshot_write(directory: str | Path, *, engine: str) -> dict[str, int]:
    """Write the snapshot of the operational database; returns the rows written per file."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    source = operational_source(engine)
    counts: dict[str, int] = {}
    for name, expr in operational_tables(source.con).items():
        table = source.con.to_pyarrow(expr)
        write_table(directory, name, table)
        counts[name] = table.num_rows
    write_table(directory, "rates", rates_arrow(source.rates))
    counts["rates"] = len(source.rates)
    counts[STORED_EVENTS] = write_events(directory)
    return counts


_DUCKDB_TYPES = {pa.int64(): "BIGINT", pa.string(): "VARCHAR", pa.bool_(): "BOOLEAN"}


def write_events(directory: str | Path) -> int:
    """Write ``events.parquet`` from the snapshot's other files; returns its row count.

    DuckDB evaluates the same Ibis expression the operational databases run at query time,
    so the stored amounts are converted and rounded exactly as there."""
    from waibao.stats.indicators import joined_events

    directory = Path(directory)
    source = snapshot_source("duckdb", directory, stored_events=False)
    source.con.create_view("wb_joined_events", joined_events(source, year=None))
    # Ibis takes a literal's type on trust (DuckDB reads ``1`` as INTEGER) and drops casts
    # it thinks idle, so the file's types are spelled out in SQL.
    columns = ", ".join(
        f'CAST("{field.name}" AS {_DUCKDB_TYPES[field.type]}) AS "{field.name}"'
        for field in SNAPSHOT_SCHEMAS[STORED_EVENTS]
    )
    temporary = directory / f".{STORED_EVENTS}.parquet.tmp"
    target = str(temporary).replace("'", "''")
    order = '"year", "organisation_id"'
    # B608 below: column names from SNAPSHOT_SCHEMAS, a view of ours, our own path
    copy = f"COPY (SELECT {columns} FROM wb_joined_events ORDER BY {order}) TO '{target}'"  # noqa: S608  # nosec B608
    source.con.raw_sql(copy + " (FORMAT parquet)")
    temporary.replace(directory / f"{STORED_EVENTS}.parquet")
    return int(pq.read_metadata(directory / f"{STORED_EVENTS}.parquet").num_rows)
