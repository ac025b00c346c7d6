"""Statistics on the embedded default (SQLite) beside a DuckDB snapshot, in one run.

    PYTHONPATH=src python -m bench.stats_sqlite_bench [--large 1000000] [--pg-url URL]

Issue 16's figures, each printed beside its baseline run in the same process:

1. ``waibao demo --no-serve`` from an empty directory (wall seconds; budget 30 s idle).
2. Indicators by city for 2024 over the demo data (~45,000 contracts and executions):
   ``waibao stats indicators --year 2024 --by city`` on SQLite against the same command with
   ``--engine duckdb --snapshot DIR`` over a snapshot of the same database (budget: at most 3×),
   as whole commands and as the query alone (best of ``--repeat`` in one process); the JSON
   of both commands must be identical, and SQLite running the query itself
   (``operational_source("sqlite", native=True)``) is timed beside them.
3. Cold ``/statistics/`` and ``/dashboard/targets/`` for the leader after a change of the data
   (the data version bumped, so the figure cache misses), through Django's test client, on
   the demo SQLite database and, with ``--pg-url``, on the demo loaded into a fresh PostgreSQL
   database (budget 1 s each).
4. With ``--large N``: N synthetic executions (N / 10 contracts; ``bench.stats_bench``'s
   generator) written into a migrated SQLite database, the same indicators on SQLite against
   DuckDB over the generated snapshot (budget 10 s for 1,000,000), numbers checked equal.

The load average is printed first and last: the machine is shared, so read ratios, not
absolute seconds, when it is high.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[1] / "src"
YEAR = 2024
BY = "city"
PAGES = ("/statistics/", "/dashboard/targets/")


def _env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["PYTHONPATH"] = str(SRC)
    env["WAIBAO_DATA_DIR"] = str(data_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


LAST_CPU: list[float] = [0.0]  # CPU seconds (user + system) of the last command run


def _run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LAST_CPU[0] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return seconds, done.stdout


def _waibao(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    return _run(["-m", "waibao", *args], env)


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def row(
    label: str,
    seconds: float,
    base: float | None = None,
    budget: str = "",
    cpu: float | None = None,
) -> None:
    ratio = f"{seconds / base:6.2f}×" if base else ""
    used = f"cpu {cpu:7.3f} s" if cpu is not None else ""
    print(f"  {label:<58} {seconds:8.3f} s {ratio:>8}  {used:<15} {budget}", flush=True)


# ---------------------------------------------------------------- in a Django process


def _django(data_dir: str, database_url: str | None) -> None:
    os.environ["WAIBAO_DATA_DIR"] = data_dir
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waibao.config.django.base")
    import django

    django.setup()


def best_of(repeat: int, function: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def queries_child(args: argparse.Namespace) -> int:
    """The query alone, best of ``repeat``: SQLite (through Arrow), SQLite itself, DuckDB."""
    _django(args.data_dir, None)
    from waibao.stats.indicators import indicator_rows
    from waibao.stats.sources import operational_source, snapshot_source

    by = [BY]
    times: dict[str, float] = {}
    results: dict[str, Any] = {}

    def run(name: str, make: Any) -> None:
        # opening the source is part of the work: on SQLite it reads the tables
        times[name], results[name] = best_of(
            args.repeat, lambda: indicator_rows(make(), year=YEAR, by=by)
        )

    run("duckdb", lambda: snapshot_source("duckdb", args.snapshot))
    run("sqlite", lambda: operational_source("sqlite"))
    if args.native:
        run("sqlite_native", lambda: operational_source("sqlite", native=True))
    same = all(rows == results["duckdb"] for rows in results.values())
    print(json.dumps({"times": times, "same": same, "rows": len(results["duckdb"])}))
    return 0


def pages_child(args: argparse.Namespace) -> int:
    """Cold and cached page times for the leader after bumping the data version."""
    _django(args.data_dir, args.database_url)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import F
    from django.test import Client

    from waibao.dataversion.models import DataVersion
    from waibao.security.sessions import LAST_SEEN_KEY, SECOND_FACTOR_KEY

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(get_user_model().objects.get(username="lingdao"))
    session = client.session  # as after the second factor
    session[SECOND_FACTOR_KEY] = "totp"
    session[LAST_SEEN_KEY] = time.time()
    session.save()
    client.get("/dashboard/")  # imports and templates, once
    out: dict[str, dict[str, float]] = {}
    for url in PAGES:
        cold = []
        cpu = []
        for _ in range(args.repeat):
            DataVersion.objects.update(version=F("version") + 1)
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            cold.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            assert response.status_code == 200, (url, response.status_code)
        start = time.perf_counter()
        client.get(url)
        out[url] = {
            "cold": min(cold),
            "cold_worst": max(cold),
            "cold_cpu": min(cpu),
            "cached": time.perf_counter() - start,
        }
    print(json.dumps(out))
    return 0


# ---------------------------------------------------------------- the large SQLite database


def large_sqlite(data_dir: Path, snapshot: Path, executions: int) -> dict[str, int]:
    """A migrated SQLite database holding the synthetic snapshot's rows (same ids)."""
    import pyarrow.parquet as pq

    from bench.stats_bench import generate
    from waibao.stats.snapshot import write_events

    migrate = "from waibao.cli.django_setup import setup_django; setup_django()"
    _run(["-c", migrate], _env(data_dir))
    snapshot.mkdir(parents=True, exist_ok=True)
    generate(
        snapshot,
        executions=executions,
        contracts=max(executions // 10, 1),
        organisations=max(executions // 200, 10),
    )
    write_events(snapshot)
    con = sqlite3.connect(data_dir / "waibao.sqlite3")
    con.execute("PRAGMA foreign_keys = OFF")
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f'DROP TRIGGER "{name}"')  # the data version: not needed here
    counts = {}
    plan = {
        "registry_organisation": (
            "organisations",
            "id, uscc, name, kind, ownership, is_headquarters, "
            "parent_is_multinational_or_large, park_id, region_id",
            lambda r: (
                r["organisation_id"],
                r["uscc"],
                r["name"],
                "enterprise",
                r["ownership"] or "",
                0,
                0,
                r["park_id"],
                r["region_code"],
            ),
        ),
        "reporting_contract": (
            "contracts",
            "id, contract_id, client_name, client_country, signed_date, amount_minor, "
            "currency, category_id, organisation_id",
            lambda r: (
                r["contract_pk"],
                r["contract_id"],
                "",
                r["client_country"],
                r["signed_date"].isoformat(),
                r["amount_minor"],
                r["currency"],
                r["category"],
                r["organisation_id"],
            ),
        ),
        "reporting_execution": (
            "executions",
            "id, execution_id, execution_date, amount_minor, currency, receipt_ref, contract_id",
            lambda r: (
                r["execution_pk"],
                r["execution_id"],
                r["execution_date"].isoformat(),
                r["amount_minor"],
                r["currency"],
                "",
                r["contract_pk"],
            ),
        ),
    }
    for table, (name, columns, values) in plan.items():
        marks = ", ".join("?" for _ in columns.split(","))
        parquet = pq.ParquetFile(snapshot / f"{name}.parquet")
        counts[name] = 0
        for batch in parquet.iter_batches(batch_size=100_000):
            rows = [values(r) for r in batch.to_pylist()]
            con.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # nosec B608
            counts[name] += len(rows)
    rates = pq.read_table(snapshot / "rates.parquet").to_pylist()
    con.execute("DELETE FROM reporting_exchangerate")
    for rate in rates:
        con.execute(
            "INSERT INTO reporting_exchangerate (currency, year, cny_per_unit, source) "
            "VALUES (?, ?, ?, 'bench')",
            (rate["currency"], rate["year"], str(Decimal(rate["cny_per_unit_micro"]).scaleb(-6))),
        )
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return counts


# ---------------------------------------------------------------- main


def compare_commands(data_dir: Path, snapshot: Path, budget: str) -> tuple[float, float, bool]:
    args = ["stats", "indicators", "--year", str(YEAR), "--by", BY]
    env = _env(data_dir)
    sqlite_s, sqlite_out = _waibao(args, env)
    sqlite_cpu = LAST_CPU[0]
    duck_s, duck_out = _waibao([*args, "--engine", "duckdb", "--snapshot", str(snapshot)], env)
    row("command, --engine duckdb --snapshot (baseline)", duck_s, cpu=LAST_CPU[0])
    row("command, SQLite (the default)", sqlite_s, duck_s, budget, cpu=sqlite_cpu)
    return sqlite_s, duck_s, json.loads(sqlite_out) == json.loads(duck_out)


def queries(data_dir: Path, snapshot: Path, repeat: int, native: bool) -> dict[str, Any]:
    args = [
        "-m",
        "bench.stats_sqlite_bench",
        "_queries",
        "--data-dir",
        str(data_dir),
        "--snapshot",
        str(snapshot),
        "--repeat",
        str(repeat),
    ]
    if native:
        args.append("--native")
    env = _env(data_dir)
    env["PYTHONPATH"] = f"{SRC}{os.pathsep}{SRC.parent}"
    _seconds, out = _run(args, env)
    return dict(json.loads(out.splitlines()[-1]))


def pages(data_dir: Path, database_url: str | None, repeat: int) -> dict[str, Any]:
    args = ["-m", "bench.stats_sqlite_bench", "_pages", "--data-dir", str(data_dir)]
    args += ["--repeat", str(repeat)]
    if database_url:
        args += ["--database-url", database_url]
    env = _env(data_dir, database_url)
    env["PYTHONPATH"] = f"{SRC}{os.pathsep}{SRC.parent}"
    _seconds, out = _run(args, env)
    return dict(json.loads(out.splitlines()[-1]))


def print_queries(label: str, found: dict[str, Any]) -> None:
    times = found["times"]
    row(f"{label}: DuckDB snapshot, query alone (baseline)", times["duckdb"])
    row(f"{label}: SQLite (read through Arrow), query alone", times["sqlite"], times["duckdb"])
    if "sqlite_native" in times:
        row(f"{label}: SQLite running it itself", times["sqlite_native"], times["duckdb"])
    print(f"  same numbers on every engine: {found['same']} ({found['rows']} rows)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stats_sqlite_bench", description=__doc__)
    sub = parser.add_subparsers(dest="mode")
    q = sub.add_parser("_queries")
    q.add_argument("--data-dir", required=True)
    q.add_argument("--snapshot", required=True)
    q.add_argument("--repeat", type=int, default=3)
    q.add_argument("--native", action="store_true")
    p = sub.add_parser("_pages")
    p.add_argument("--data-dir", required=True)
    p.add_argument("--database-url")
    p.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--large", type=int, default=1_000_000, help="executions (0: skip)")
    parser.add_argument("--pg-url", help="PostgreSQL server for the pages on PostgreSQL")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", help="work here instead of a temporary directory")
    args = parser.parse_args(argv)
    if args.mode == "_queries":
        return queries_child(args)
    if args.mode == "_pages":
        return pages_child(args)

    print(load(), flush=True)
    with tempfile.TemporaryDirectory(prefix="waibao-stats-sqlite-") as temporary:
        work = Path(args.dir or temporary)
        demo_dir, demo_snapshot = work / "demo", work / "demo-snapshot"

        if not (demo_dir / "waibao.sqlite3").exists() or not args.dir:
            print("waibao demo --no-serve, from an empty directory:")
            demo_args = ["demo", "--no-serve", "--data-dir", str(demo_dir)]
            seconds, _out = _waibao(demo_args, _env(demo_dir))
            row("waibao demo --no-serve", seconds, budget="budget 30 s idle", cpu=LAST_CPU[0])
            _waibao(["stats", "snapshot", str(demo_snapshot)], _env(demo_dir))

        print(f"indicators by {BY} for {YEAR}, demo data:")
        _s, _d, same = compare_commands(demo_dir, demo_snapshot, "budget 3×")
        print(f"  identical JSON: {same}")
        print_queries("demo", queries(demo_dir, demo_snapshot, args.repeat, native=True))

        print("cold pages after a change of the data (leader), demo data on SQLite:")
        for url, found in pages(demo_dir, None, args.repeat).items():
            label = f"{url} cold (worst {found['cold_worst']:.3f} s)"
            row(label, found["cold"], budget="1 s", cpu=found["cold_cpu"])
            row(f"{url} cached", found["cached"])

        if args.pg_url:
            pg_pages(args.pg_url, work, args.repeat)

        if args.large:
            large_dir, large_snapshot = work / "large", work / "large-snapshot"
            start = time.perf_counter()
            counts = large_sqlite(large_dir, large_snapshot, args.large)
            print(f"large SQLite database: {counts} written in {time.perf_counter() - start:.1f} s")
            print(f"indicators by {BY} for {YEAR}, {args.large:,} executions:")
            _s, _d, same = compare_commands(large_dir, large_snapshot, "budget 10 s")
            print(f"  identical JSON: {same}")
            print_queries("large", queries(large_dir, large_snapshot, 1, native=True))
    print(load())
    return 0


def pg_pages(server: str, work: Path, repeat: int) -> None:
    import psycopg

    name = f"waibao_bench_{os.getpid()}"
    base = server.rsplit("/", 1)[0]
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"{base}/{name}"
        data_dir = work / "pg"
        seconds, _out = _waibao(["demo", "--no-serve"], _env(data_dir, url))
        print("PostgreSQL:")
        row("waibao demo --no-serve into an empty PostgreSQL database", seconds, cpu=LAST_CPU[0])
        print("cold pages after a change of the data (leader), demo data on PostgreSQL:")
        for url_path, found in pages(data_dir, url, repeat).items():
            label = f"{url_path} cold (worst {found['cold_worst']:.3f} s)"
            row(label, found["cold"], budget="1 s", cpu=found["cold_cpu"])
            row(f"{url_path} cached", found["cached"])
    finally:
        with psycopg.connect(server, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
