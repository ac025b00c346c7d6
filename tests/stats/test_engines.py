"""The same indicators on every engine: the operational database (SQLite in the SQLite pass,
PostgreSQL in the PostgreSQL pass), DuckDB and Spark over a Parquet snapshot of it."""

from __future__ import annotations

import pytest

from waibao.stats.indicators import indicator_rows
from waibao.stats.snapshot import snapshot_write
from waibao.stats.sources import SourceError, operational_source, snapshot_source

GROUPINGS = [
    [],
    ["offshore"],
    ["month", "market"],
    ["quarter", "city", "group"],
    ["category", "client_country", "region_code", "park_id", "ownership"],
]


def _operational_engine():
    from django.db import connection

    return "postgres" if connection.vendor == "postgresql" else "sqlite"


def test_duckdb_over_a_snapshot_gives_the_databases_indicators_for_every_grouping(
    stats_data, tmp_path
):
    engine = _operational_engine()
    snapshot_write(tmp_path, engine=engine)
    database, duckdb = operational_source(engine), snapshot_source("duckdb", tmp_path)
    for by in GROUPINGS:
        for year, through_month in ((2024, 12), (2024, 3), (2023, 12)):
            expected = indicator_rows(database, year=year, by=by, through_month=through_month)
            assert expected, (by, year)
            got = indicator_rows(duckdb, year=year, by=by, through_month=through_month)
            assert got == expected, (by, year, through_month)


def test_spark_gives_the_same_indicators_as_the_database_and_duckdb(stats_data, tmp_path, spark):
    # Spark takes seconds per query on one core: two groupings that touch every field.
    engine = _operational_engine()
    snapshot_write(tmp_path, engine=engine)
    sources = {
        engine: operational_source(engine),
        "duckdb": snapshot_source("duckdb", tmp_path),
        "spark": snapshot_source("spark", tmp_path, spark=spark),
    }
    for by, through_month in (
        (["month", "market", "offshore"], 12),
        (
            [
                "quarter",
                "city",
                "group",
                "category",
                "client_country",
                "region_code",
                "park_id",
                "ownership",
            ],
            3,
        ),
    ):
        results = {
            name: indicator_rows(source, year=2024, by=by, through_month=through_month)
            for name, source in sources.items()
        }
        assert results[engine]
        assert results["duckdb"] == results[engine]
        assert results["spark"] == results[engine]


def test_the_snapshot_holds_every_row_and_the_rates_as_integer_millionths(stats_data, tmp_path):
    import pyarrow.parquet as pq

    counts = snapshot_write(tmp_path, engine=_operational_engine())
    assert counts["contracts"] == 7 and counts["executions"] == 11
    rates = pq.read_table(tmp_path / "rates.parquet").to_pylist()
    assert {"currency": "JPY", "year": 2024, "cny_per_unit_micro": 50_000} in rates
    assert {"currency": "EUR", "year": 2024, "cny_per_unit_micro": 7_810_000} in rates


def test_an_engine_that_is_not_the_configured_database_is_refused(stats_data):
    other = "sqlite" if _operational_engine() == "postgres" else "postgres"
    with pytest.raises(SourceError, match="the configured database is"):
        operational_source(other)


def test_a_directory_without_a_snapshot_is_refused_naming_the_missing_files(tmp_path):
    with pytest.raises(SourceError, match=r"missing organisations\.parquet"):
        snapshot_source("duckdb", tmp_path)


def test_the_cli_snapshot_then_duckdb_engine_matches_the_database(stats_data, tmp_path, capsys):
    import json

    from waibao.cli import main

    assert main(["stats", "snapshot", str(tmp_path)]) == 0
    assert "executions.parquet: 11 rows" in capsys.readouterr().out
    args = ["stats", "indicators", "--year", "2024", "--by", "market"]
    assert main(args) == 0
    database = json.loads(capsys.readouterr().out)
    assert main([*args, "--engine", "duckdb", "--snapshot", str(tmp_path)]) == 0
    assert json.loads(capsys.readouterr().out) == database
    assert main([*args, "--engine", "duckdb"]) == 0  # a fresh snapshot of its own
    assert json.loads(capsys.readouterr().out) == database


def test_the_snapshot_stores_every_event_joined_converted_and_sorted(stats_data, tmp_path):
    import pyarrow.parquet as pq

    from waibao.stats.snapshot import SNAPSHOT_SCHEMAS

    counts = snapshot_write(tmp_path, engine=_operational_engine())
    assert counts["events"] == counts["contracts"] + counts["executions"] == 18
    stored = pq.read_table(tmp_path / "events.parquet")
    columns = [(field.name, field.type) for field in stored.schema]
    assert columns == [(field.name, field.type) for field in SNAPSHOT_SCHEMAS["events"]]
    keys = [(row["year"], row["organisation_id"]) for row in stored.to_pylist()]
    assert keys == sorted(keys)


def test_stored_events_and_events_joined_at_query_time_give_the_same_indicators(
    stats_data, tmp_path
):
    snapshot_write(tmp_path, engine=_operational_engine())
    stored = snapshot_source("duckdb", tmp_path)
    joined = snapshot_source("duckdb", tmp_path, stored_events=False)
    assert stored.stored_events is not None and joined.stored_events is None
    for by in GROUPINGS:
        for year, through_month in ((2024, 12), (2024, 3), (2023, 12)):
            got = indicator_rows(stored, year=year, by=by, through_month=through_month)
            assert got, (by, year)
            assert got == indicator_rows(joined, year=year, by=by, through_month=through_month)


def test_a_snapshot_without_stored_events_is_still_read_joining_at_query_time(stats_data, tmp_path):
    engine = _operational_engine()
    snapshot_write(tmp_path, engine=engine)
    (tmp_path / "events.parquet").unlink()
    source = snapshot_source("duckdb", tmp_path)
    assert source.stored_events is None
    expected = indicator_rows(operational_source(engine), year=2024, by=["group", "offshore"])
    assert indicator_rows(source, year=2024, by=["group", "offshore"]) == expected
