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
import ibis.expr.datatypes as dt

ENGINES: tuple[str, ...] = ("sqlite", "postgres", "duckdb", "spark")
OPERATIONAL_ENGINES = ("sqlite", "postgres")
SNAPSHOT_ENGINES = ("duckdb", "spark")
SNAPSHOT_TABLES = ("organisations", "categories", "contracts", "executions", "rates")
STORED_EVENTS = "events"  # optional: written from the others (docs/decisions/0007)


class SourceError(ValueError):
    """The engine cannot be used as asked (wrong database, no snapshot, missing rates)."""


class MissingRates(SourceError):
    """Amounts of the period whose currency has no yearly average rate for their year: an
    administrator adds the rates (年平均汇率). ``missing`` names them ("USD 2024"), so that a
    page can say it in its reader's language; the message is the command line's English."""

    def __init__(self, missing: list[str]):
        self.missing = list(missing)
        super().__init__(
            "no yearly average exchange rate for "
            + ", ".join(self.missing)
            + " (add it to the exchange-rate table)"
        )


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
            organisation_id=_as(org.id, "int64"),
            uscc=org.uscc,
            name=org.name,
            region_code=org.region_id,
            park_id=org.park_id,
            ownership=org.ownership.nullif(""),
        ),
        "categories": cat.select(category=cat.code, group=cat.group),
        "contracts": con_t.select(
            contract_pk=_as(con_t.id, "int64"),
            organisation_id=_as(con_t.organisation_id, "int64"),
            contract_id=con_t.contract_id,
            client_country=con_t.client_country,
            category=con_t.category_id,
            signed_date=_as(con_t.signed_date, "date"),
            amount_minor=_as(con_t.amount_minor, "int64"),
            currency=con_t.currency,
        ),
        "executions": exe.select(
            execution_pk=_as(exe.id, "int64"),
            contract_pk=_as(exe.contract_id, "int64"),
            execution_id=exe.execution_id,
            execution_date=_as(exe.execution_date, "date"),
            amount_minor=_as(exe.amount_minor, "int64"),
            currency=exe.currency,
        ),
    }


def _as(column: ibis.Value, type_name: str) -> ibis.Value:
    """``column`` as ``type_name``, cast only when its type differs (nullability aside).

    A cast that changes nothing but nullability still reaches the SQL (``CAST(id AS
    INTEGER)`` on SQLite), and SQLite cannot use an index through an expression: the joins
    on the keys then scanned a table per row (docs/decisions/0009)."""
    wanted = {"int64": dt.int64, "date": dt.date}[type_name]  # a parse costs ~1 s, once
    if column.type().copy(nullable=True) == wanted:
        return column
    return column.cast(type_name)


def configured_engine() -> str:
    """The ``--engine`` name of Django's configured database (``sqlite`` or ``postgres``)."""
    from django.db import connection

    return {"postgresql": "postgres"}.get(connection.vendor, "sqlite")


def operational_source(engine: str, *, native: bool = False) -> Source:
    """The Django database itself, through Django's connection.

    On SQLite the tables are read into an in-process DuckDB through Arrow and the indicators
    run there (:mod:`waibao.stats.sqlite_arrow`, docs/decisions/0009); ``native=True`` runs
    them in SQLite itself instead (slower; the engine tests check both agree). PostgreSQL
    always runs them itself."""
    from django.db import connection

    vendor = {"sqlite": "sqlite", "postgresql": "postgres"}.get(connection.vendor)
    if vendor != engine:
        raise SourceError(
            f"--engine {engine}: the configured database is {connection.vendor}; "
            f"use --engine {vendor or 'duckdb'} (or set DATABASE_URL)"
        )
    connection.ensure_connection()
    raw = connection.connection
    if engine == "sqlite" and not native:
        from waibao.stats.sqlite_arrow import duckdb_over_sqlite

        con = duckdb_over_sqlite(raw)
    elif engine == "sqlite":
        con = ibis.sqlite.from_connection(_SharedSqlite(raw))
    else:
        con = _postgres(raw)
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
