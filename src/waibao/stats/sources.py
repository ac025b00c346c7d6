"""Where the statistics read from: the same five relations on every engine.

ARCHITECTURE.md decision 4: an indicator is one Ibis expression; only the place the tables
come from changes. ``sqlite`` and ``postgres`` read the Django database's own tables through
Django's open connection (so a test's uncommitted rows are visible); ``duckdb`` and ``spark``
read a Parquet snapshot written by :mod:`waibao.stats.snapshot`.

Every source offers the same relations with the same column names:

- ``organisations``: organisation_id, uscc, name, region_code, park_id, ownership
- ``categories``: category, group
- ``contracts``: contract_pk, organisation_id, contract_id, client_country, category,
  signed_date, amount_minor, currency
- ``executions``: execution_pk, contract_pk, execution_id, execution_date, amount_minor,
  currency
- ``rates``: ``{(currency, year): CNY per unit in integer millionths}`` (a Python mapping;
  tiny, and read exactly through Django's ``DecimalField`` or from the snapshot)

A snapshot may also hold ``events.parquet``: every contract signed and execution, joined and
converted once when the snapshot was written (``stored_events``; docs/decisions/0007).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import ibis

ENGINES: tuple[str, ...] = ("sqlite", "postgres", "duckdb", "spark")
OPERATIONAL_ENGINES = ("sqlite", "postgres")
SNAPSHOT_ENGINES = ("duckdb", "spark")
SNAPSHOT_TABLES = ("organisations", "categories", "contracts", "executions", "rates")
STORED_EVENTS = "events"  # optional: written from the others (docs/decisions/0007)


class SourceError(ValueError):
    """The engine cannot be used as asked (wrong database, no snapshot, missing rates)."""


@dataclass
class Source:
    engine: str
    con: Any
    organisations: ibis.Table
    categories: ibis.Table
    contracts: ibis.Table
    executions: ibis.Table
    rates: dict[tuple[str, int], int] = field(default_factory=dict)
    # indicators.joined_events of every year, as a snapshot stores it; None: join at query time
    stored_events: ibis.Table | None = None


def within_region(source: Source, prefix: str) -> Source:
    """``source`` narrowed to the organisations whose region code starts with ``prefix``
    (``""``: all). Contracts and executions reach the indicators only through their
    organisation (an inner join), so narrowing the organisations narrows every figure; the
    stored events carry the region code themselves."""
    if not prefix:
        return source
    org = source.organisations
    stored = source.stored_events
    return replace(
        source,
        organisations=org.filter(org.region_code.startswith(prefix)),
        stored_events=None
        if stored is None
        else stored.filter(stored.region_code.startswith(prefix)),
    )


def rate_micro(cny_per_unit: Decimal) -> int:
    """A yearly average rate (``Decimal``, at most six places) as integer millionths."""
    scaled = cny_per_unit.scaleb(6)
    if scaled != scaled.to_integral_value():
        raise SourceError(f"rate {cny_per_unit} has more than six decimals")
    return int(scaled)


def rates_from_database() -> dict[tuple[str, int], int]:
    from waibao.reporting.models import ExchangeRate

    return {
        (currency, int(year)): rate_micro(Decimal(rate))
        for currency, year, rate in ExchangeRate.objects.values_list(
            "currency", "year", "cny_per_unit"
        )
    }


def operational_tables(con: Any) -> dict[str, ibis.Table]:
    """The Django tables renamed to the common columns (shared by the snapshot writer)."""
    org = con.table("registry_organisation")
    cat = con.table("reporting_category")
    con_t = con.table("reporting_contract")
    exe = con.table("reporting_execution")
    return {
        "organisations": org.select(
            organisation_id=org.id.cast("int64"),
            uscc=org.uscc,
            name=org.name,
            region_code=org.region_id,
            park_id=org.park_id,
            ownership=org.ownership.nullif(""),
        ),
        "categories": cat.select(category=cat.code, group=cat.group),
        "contracts": con_t.select(
            contract_pk=con_t.id.cast("int64"),
            organisation_id=con_t.organisation_id.cast("int64"),
            contract_id=con_t.contract_id,
            client_country=con_t.client_country,
            category=con_t.category_id,
            signed_date=con_t.signed_date.cast("date"),
            amount_minor=con_t.amount_minor.cast("int64"),
            currency=con_t.currency,
        ),
        "executions": exe.select(
            execution_pk=exe.id.cast("int64"),
            contract_pk=exe.contract_id.cast("int64"),
            execution_id=exe.execution_id,
            execution_date=exe.execution_date.cast("date"),
            amount_minor=exe.amount_minor.cast("int64"),
            currency=exe.currency,
        ),
    }


def configured_engine() -> str:
    """The ``--engine`` name of Django's configured database (``sqlite`` or ``postgres``)."""
    from django.db import connection

    return {"postgresql": "postgres"}.get(connection.vendor, "sqlite")


def operational_source(engine: str) -> Source:
    """The Django database itself, through Django's connection."""
    from django.db import connection

    vendor = {"sqlite": "sqlite", "postgresql": "postgres"}.get(connection.vendor)
    if vendor != engine:
        raise SourceError(
            f"--engine {engine}: the configured database is {connection.vendor}; "
            f"use --engine {vendor or 'duckdb'} (or set DATABASE_URL)"
        )
    connection.ensure_connection()
    raw = connection.connection
    con = ibis.sqlite.from_connection(_SharedSqlite(raw)) if engine == "sqlite" else _postgres(raw)
    return Source(engine=engine, con=con, rates=rates_from_database(), **operational_tables(con))


class _SharedSqlite:
    """Django's sqlite3 connection, lent to Ibis without its transaction control.

    Ibis commits after every statement on SQLite; on a connection Django owns that would end
    Django's transaction (a test's, or a request's ``atomic`` block). Statistics only read, so
    the transaction stays Django's: commit and rollback are Django's business.
    """

    def __init__(self, raw: Any) -> None:
        self._raw = raw

    def commit(self) -> None:
        pass

    def rollback(self) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


def _postgres(raw: Any) -> Any:
    return ibis.postgres.from_connection(raw)


def snapshot_source(
    engine: str, directory: str | Path, *, spark: Any = None, stored_events: bool = True
) -> Source:
    """A Parquet snapshot directory read by DuckDB or by Spark (local mode by default).

    Its ``events.parquet``, when there is one, is read as the stored events; with
    ``stored_events=False`` (or without that file) the events are joined at query time."""
    directory = Path(directory)
    missing = [name for name in SNAPSHOT_TABLES if not (directory / f"{name}.parquet").exists()]
    if missing:
        raise SourceError(
            f"{directory}: not a statistics snapshot (missing "
            f"{', '.join(name + '.parquet' for name in missing)}); "
            "write one with `waibao stats snapshot DIR`"
        )
    if engine == "duckdb":
        con = ibis.duckdb.connect()
    elif engine == "spark":
        from waibao.stats.spark import spark_session

        con = ibis.pyspark.connect(spark or spark_session())
    else:
        raise SourceError(f"--engine {engine} does not read snapshots")
    tables = {
        name: con.read_parquet(str(directory / f"{name}.parquet"), table_name=f"wb_{name}")
        for name in SNAPSHOT_TABLES
        if name != "rates"
    }
    events_file = directory / f"{STORED_EVENTS}.parquet"
    stored = None
    if stored_events and events_file.exists():
        stored = con.read_parquet(str(events_file), table_name=f"wb_{STORED_EVENTS}")
    return Source(
        engine=engine,
        con=con,
        rates=rates_from_snapshot(directory),
        stored_events=stored,
        **tables,
    )


def rates_from_snapshot(directory: Path) -> dict[tuple[str, int], int]:
    import pyarrow.parquet as pq

    table = pq.read_table(directory / "rates.parquet").to_pydict()
    return {
        (currency, int(year)): int(micro)
        for currency, year, micro in zip(
            table["currency"], table["year"], table["cny_per_unit_micro"], strict=True
        )
    }
