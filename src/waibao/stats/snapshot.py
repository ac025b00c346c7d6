"""``waibao stats snapshot DIR``: the operational database as Parquet, for DuckDB and Spark.

One file per relation of :mod:`waibao.stats.sources`, with the same columns, so the indicator
expressions run unchanged. Rates are written as integer millionths of CNY per unit
(``cny_per_unit_micro``), read exactly through Django's ``DecimalField``. Files are written
under a temporary name and renamed, so a reader never sees half a snapshot file.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from waibao.stats.sources import operational_source, operational_tables

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
    return counts
