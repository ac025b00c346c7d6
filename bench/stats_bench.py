"""Statistics benchmark: the full indicator set by year × group × offshore.

    python -m bench.stats_bench --executions 10000000 [--orm-rows 1000000] [--repeat 3]

1. Generates a synthetic snapshot with DuckDB (organisations, contracts, executions over 2023
   and 2024, rates), written as Parquet in the snapshot layout of ``waibao.stats.snapshot``,
   then writes its ``events.parquet`` with Waibao's own ``write_events`` (timed apart: it is
   paid once per snapshot, as ``waibao stats snapshot`` pays it).
2. Times Waibao's Ibis indicators on DuckDB over it (the 1 s budget of the brief), and again
   joining and converting the events at query time (as without ``events.parquet``).
3. Times the same computation in pandas (same integer conversion, vectorised with NumPy), over
   the stored events and joining the tables itself, and checks that pandas gets exactly the
   same numbers.
4. Loads the first ``--orm-rows`` executions (and every contract) into a fresh PostgreSQL
   database with COPY and times the Django ORM computing the same indicators there; checks
   them against DuckDB on the same subset; scales the ORM time linearly to the full row
   count and says so.

Prints every time and the ratios to DuckDB. Needs pandas (``pip install -e .[bench]``) and, for
the ORM part, PostgreSQL (``--pg-url``; ``--orm-rows 0`` skips it).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

YEAR = 2024
BY = ["group", "offshore"]
REGIONS = ["440106", "440112", "440113", "330106", "330108", "140213", "140214"]
CATEGORIES = {
    "ITO.01": "ITO",
    "ITO.02": "ITO",
    "ITO.03": "ITO",
    "ITO.04": "ITO",
    "BPO.01": "BPO",
    "KPO.01": "KPO",
}
COUNTRIES = ["US", "CN", "CN", "JP", "DE", "HK", "SG", "KR", "GB", "TW", "FR", "MO"]
CURRENCIES = ["USD", "CNY", "EUR", "JPY", "HKD"]
RATES = {  # CNY per unit in millionths
    ("USD", 2023): 7_046_700,
    ("USD", 2024): 7_118_900,
    ("EUR", 2023): 7_620_000,
    ("EUR", 2024): 7_705_300,
    ("JPY", 2023): 50_200,
    ("JPY", 2024): 46_990,
    ("HKD", 2023): 900_120,
    ("HKD", 2024): 911_600,
}


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def generate(directory: Path, *, executions: int, contracts: int, organisations: int) -> None:
    """Synthetic Parquet in the snapshot layout, generated inside DuckDB (seconds, not minutes)."""
    import duckdb
    import pyarrow as pa

    from waibao.stats.snapshot import rates_arrow, write_table

    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    d = str(directory)
    con.execute(
        f"""COPY (SELECT i::BIGINT AS organisation_id, 'ORG' || i AS uscc, 'E' || i AS name,
            {_sql_list(REGIONS)}[(1 + hash(i) % {len(REGIONS)})::BIGINT] AS region_code,
            CASE WHEN hash(i * 7) % 3 = 0 THEN NULL ELSE 'P' || (hash(i * 5) % 20) END
              AS park_id,
            ['private', 'state', 'foreign', 'hmt'][(1 + hash(i * 3) % 4)::BIGINT] AS ownership
          FROM range(1, {organisations} + 1) t(i))
          TO '{d}/organisations.parquet' (FORMAT parquet)"""
    )
    codes = list(CATEGORIES)
    write_table(
        directory,
        "categories",
        pa.table({"category": codes, "group": [CATEGORIES[c] for c in codes]}),
    )
    con.execute(
        f"""COPY (SELECT i::BIGINT AS contract_pk,
            (1 + hash(i) % {organisations})::BIGINT AS organisation_id,
            'C' || i AS contract_id,
            {_sql_list(COUNTRIES)}[(1 + hash(i * 3) % {len(COUNTRIES)})::BIGINT] AS client_country,
            {_sql_list(codes)}[(1 + hash(i * 7) % {len(codes)})::BIGINT] AS category,
            (DATE '2023-01-01' + (hash(i * 5) % 731)::INTEGER)::DATE AS signed_date,
            (100000 + hash(i * 11) % 10000000000)::BIGINT AS amount_minor,
            {_sql_list(CURRENCIES)}[(1 + hash(i * 13) % {len(CURRENCIES)})::BIGINT] AS currency
          FROM range(1, {contracts} + 1) t(i)) TO '{d}/contracts.parquet' (FORMAT parquet)"""
    )
    con.execute(
        f"""COPY (SELECT j::BIGINT AS execution_pk,
            (1 + hash(j) % {contracts})::BIGINT AS contract_pk,
            'X' || j AS execution_id,
            (DATE '2023-01-01' + (hash(j * 17) % 731)::INTEGER)::DATE AS execution_date,
            (100 + hash(j * 19) % 1000000000)::BIGINT AS amount_minor,
            {_sql_list(CURRENCIES)}[(1 + hash(j * 23) % {len(CURRENCIES)})::BIGINT] AS currency
          FROM range(1, {executions} + 1) t(j)) TO '{d}/executions.parquet'
          (FORMAT parquet, ROW_GROUP_SIZE 1000000)"""
    )
    write_table(directory, "rates", rates_arrow(RATES))


def best_of(repeat: int, function: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


# ---------------------------------------------------------------- DuckDB (Waibao's Ibis path)


def duckdb_rows(
    directory: Path, *, stored_events: bool = True, max_execution_pk: int | None = None
) -> list[dict[str, Any]]:
    from waibao.stats.indicators import indicator_rows
    from waibao.stats.sources import snapshot_source

    source = snapshot_source("duckdb", directory, stored_events=stored_events)
    if max_execution_pk is not None:
        assert not stored_events, "the stored events hold every execution"
        source.executions = source.executions.filter(
            source.executions.execution_pk <= max_execution_pk
        )
    return indicator_rows(source, year=YEAR, by=BY)


# ---------------------------------------------------------------- pandas


def _np_quotient(a: Any, b: Any) -> Any:
    return a // b


def _np_cny(amount: Any, rate: Any) -> Any:
    high = amount // 1_000_000
    low_product = (amount - high * 1_000_000) * rate
    carry = low_product // 1_000_000
    whole, rest = high * rate + carry, low_product - carry * 1_000_000
    return whole + (rest + 500_000) // 1_000_000


def _np_usd(amount: Any, rate: Any, usd: Any) -> Any:
    high = amount // 1_000_000
    low_product = (amount - high * 1_000_000) * rate
    carry = low_product // 1_000_000
    whole, rest = high * rate + carry, low_product - carry * 1_000_000
    q = whole // usd
    r = whole - q * usd
    return q * 1_000_000 + (2 * (r * 1_000_000 + rest) + usd) // (2 * usd)


def pandas_load(directory: Path) -> dict[str, Any]:
    import pandas as pd

    return {
        name: pd.read_parquet(directory / f"{name}.parquet")
        for name in ("organisations", "categories", "contracts", "executions")
    }


def pandas_rows(frames: dict[str, Any]) -> list[dict[str, Any]]:
    import pandas as pd

    rates = pd.DataFrame(
        [(c, y, m) for (c, y), m in RATES.items()], columns=["currency", "year", "rate"]
    )
    rates = pd.concat(
        [rates, pd.DataFrame({"currency": "CNY", "year": [2023, 2024], "rate": 1_000_000})]
    )
    usd = rates[rates.currency == "USD"][["year", "rate"]].rename(columns={"rate": "usd"})
    contracts = frames["contracts"]
    attributes = contracts[["contract_pk", "organisation_id", "client_country", "category"]].merge(
        frames["categories"], on="category"
    )

    def prepare(frame: Any, date: str, is_contract: bool) -> Any:
        year = frame[date].dt.year if hasattr(frame[date], "dt") else None
        frame = frame.assign(year=year)
        frame = frame[(frame.year == YEAR) | (frame.year == YEAR - 1)]
        if not is_contract:
            frame = frame.merge(attributes, on="contract_pk")
        else:
            frame = frame.merge(frames["categories"], on="category")
        frame = frame.merge(rates, on=["currency", "year"]).merge(usd, on="year")
        amount = frame.amount_minor.to_numpy("int64")
        return pd.DataFrame(
            {
                "organisation_id": frame.organisation_id.to_numpy(),
                "group": frame.group.to_numpy(),
                "offshore": (frame.client_country != "CN").to_numpy(),
                "current": (frame.year == YEAR).to_numpy(),
                "usd": _np_usd(amount, frame.rate.to_numpy("int64"), frame.usd.to_numpy("int64")),
                "cny": _np_cny(amount, frame.rate.to_numpy("int64")),
            }
        )

    signed = prepare(
        contracts.assign(signed_date=pd.to_datetime(contracts.signed_date)), "signed_date", True
    )
    executions = frames["executions"]
    executed = prepare(
        executions.assign(execution_date=pd.to_datetime(executions.execution_date)),
        "execution_date",
        False,
    )
    return _pandas_indicators(signed, executed)


def _pandas_indicators(signed: Any, executed: Any) -> list[dict[str, Any]]:
    """The indicator rows from converted contracts signed and executions of both years."""
    import pandas as pd

    keys = ["group", "offshore"]
    s_cur = signed[signed.current]
    e_cur, e_prev = executed[executed.current], executed[~executed.current]
    out = pd.DataFrame(index=pd.MultiIndex.from_tuples([], names=keys))
    parts = {
        "contracts_signed": s_cur.groupby(keys).size(),
        "signed_usd": s_cur.groupby(keys).usd.sum(),
        "signed_cny": s_cur.groupby(keys).cny.sum(),
        "executed_usd": e_cur.groupby(keys).usd.sum(),
        "executed_cny": e_cur.groupby(keys).cny.sum(),
        "enterprises_reporting": pd.concat(
            [s_cur[[*keys, "organisation_id"]], e_cur[[*keys, "organisation_id"]]]
        )
        .groupby(keys)
        .organisation_id.nunique(),
        "executed_usd_yoy": e_prev.groupby(keys).usd.sum(),
    }
    out = pd.DataFrame(parts).fillna(0).astype("int64")
    rows = []
    for (group, offshore), row in out.iterrows():
        if row.contracts_signed == 0 and row.executed_usd == 0 and row.enterprises_reporting == 0:
            continue
        signed_usd, executed_usd = int(row.signed_usd), int(row.executed_usd)
        rows.append(
            {
                "group": group,
                "offshore": bool(offshore),
                "year": YEAR,
                "contracts_signed": int(row.contracts_signed),
                "signed_usd": signed_usd,
                "signed_cny": int(row.signed_cny),
                "executed_usd": executed_usd,
                "executed_cny": int(row.executed_cny),
                "offshore_signed_usd": signed_usd if offshore else 0,
                "offshore_executed_usd": executed_usd if offshore else 0,
                "onshore_signed_usd": 0 if offshore else signed_usd,
                "onshore_executed_usd": 0 if offshore else executed_usd,
                "enterprises_reporting": int(row.enterprises_reporting),
                "executed_usd_yoy": int(row.executed_usd_yoy),
            }
        )
    rows.sort(key=lambda r: (r["group"], r["offshore"]))
    return rows


def pandas_stored_rows(stored: Any) -> list[dict[str, Any]]:
    """The indicators from the snapshot's stored events (already joined and converted)."""
    import pandas as pd

    frame = stored[(stored.year == YEAR) | (stored.year == YEAR - 1)]
    frame = pd.DataFrame(
        {
            "organisation_id": frame.organisation_id.to_numpy(),
            "group": frame.group.to_numpy(),
            "offshore": (frame.client_country != "CN").to_numpy(),
            "current": (frame.year == YEAR).to_numpy(),
            "is_contract": frame.is_contract.to_numpy(),
            "usd": frame.usd_minor.to_numpy(),
            "cny": frame.cny_minor.to_numpy(),
        }
    )
    return _pandas_indicators(frame[frame.is_contract], frame[~frame.is_contract])


# ---------------------------------------------------------------- Django ORM on PostgreSQL


def orm_setup(pg_url: str) -> str:
    """A fresh PostgreSQL database for the bench, migrated by Django."""
    import psycopg

    name = f"waibao_stats_bench_{os.getpid()}"
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name}")
        con.execute(f"CREATE DATABASE {name}")
    url = pg_url.rsplit("/", 1)[0] + "/" + name
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "waibao.config.django.base"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    return name


def orm_drop(pg_url: str, name: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name}")


def orm_load(directory: Path, rows: int) -> float:
    """COPY organisations, every contract and the first ``rows`` executions into PostgreSQL."""
    import duckdb
    from django.db import connection

    from waibao.reporting.models import Category, ExchangeRate

    start = time.perf_counter()
    for code, group in CATEGORIES.items():
        Category.objects.get_or_create(
            code=code, defaults={"group": group, "name_zh": code, "name_en": code, "version": "b"}
        )
    for (currency, year), micro in RATES.items():
        from decimal import Decimal

        ExchangeRate.objects.update_or_create(
            currency=currency,
            year=year,
            defaults={"cny_per_unit": Decimal(micro).scaleb(-6), "source": "bench"},
        )
    d = str(directory)
    duck = duckdb.connect()
    queries = {
        "registry_region (code, name, level, parent_id)": f"""SELECT DISTINCT region_code,
            region_code, 'district', NULL FROM '{d}/organisations.parquet'""",
        "registry_park (park_id, name, region_id, has_public_it_platform)": f"""SELECT
            park_id, park_id, min(region_code), false FROM '{d}/organisations.parquet'
            WHERE park_id IS NOT NULL GROUP BY park_id""",
        "registry_organisation (id, uscc, name, kind, region_id, park_id, ownership, "
        "is_headquarters, parent_is_multinational_or_large)": f"""SELECT organisation_id,
            uscc, name, 'enterprise', region_code, park_id, ownership, false, false
            FROM '{d}/organisations.parquet'""",
        "reporting_contract (id, organisation_id, contract_id, client_name, client_country, "
        "category_id, signed_date, amount_minor, currency)": f"""SELECT contract_pk,
            organisation_id, contract_id, 'client', client_country, category, signed_date,
            amount_minor, currency FROM '{d}/contracts.parquet'""",
        "reporting_execution (id, contract_id, execution_id, execution_date, amount_minor, "
        "currency, receipt_ref)": f"""SELECT execution_pk, contract_pk, execution_id,
            execution_date, amount_minor, currency, '' FROM '{d}/executions.parquet'
            WHERE execution_pk <= {rows}""",
    }
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor:
        existing = {r[0] for r in cursor.execute("SELECT code FROM registry_region").fetchall()}
        for target, query in queries.items():
            csv_path = Path(d) / "copy.csv"
            if target.startswith("registry_region"):
                query = f"SELECT * FROM ({query}) WHERE region_code NOT IN " + (
                    "(" + ",".join(f"'{c}'" for c in existing) + ")" if existing else "('')"
                )
            duck.execute(f"COPY ({query}) TO '{csv_path}' (FORMAT csv, HEADER false)")
            with (
                cursor.copy(f"COPY {target} FROM STDIN (FORMAT csv)") as copy,
                open(csv_path, "rb") as handle,
            ):
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
            csv_path.unlink()
        cursor.execute("ANALYZE")
    raw.commit()
    return time.perf_counter() - start


def orm_rows() -> list[dict[str, Any]]:
    """The indicators with the Django ORM: conversion as SQL integer arithmetic on
    PostgreSQL (bigint / bigint divides as integers there), grouping by year × group ×
    offshore."""
    from django.db.models import (
        BigIntegerField,
        Case,
        Count,
        ExpressionWrapper,
        F,
        Q,
        Sum,
        Value,
        When,
    )
    from django.db.models.functions import ExtractYear

    from waibao.reporting.models import Contract, Execution
    from waibao.stats.sources import rates_from_database

    rates = rates_from_database()
    for year in (YEAR - 1, YEAR):
        rates.setdefault(("CNY", year), 1_000_000)
    big = BigIntegerField()

    def rate(year_expr: str) -> Case:
        return Case(
            *[
                When(Q(currency=c) & Q(**{year_expr: y}), then=Value(m))
                for (c, y), m in rates.items()
            ],
            output_field=big,
        )

    def usd_rate(year_expr: str) -> Case:
        return Case(
            *[
                When(Q(**{year_expr: y}), then=Value(m))
                for (c, y), m in rates.items()
                if c == "USD"
            ],
            output_field=big,
        )

    def converted(query: Any, date: str, group: str, country: str) -> Any:
        query = query.filter(**{f"{date}__year__in": [YEAR - 1, YEAR]}).annotate(
            y=ExtractYear(date),
            g=F(group),
            off=Case(When(**{country: "CN"}, then=Value(False)), default=Value(True)),
            r=rate("y"),
            u=usd_rate("y"),
            high=ExpressionWrapper(F("amount_minor") / 1_000_000, output_field=big),
        )
        query = query.annotate(
            lowp=ExpressionWrapper((F("amount_minor") - F("high") * 1_000_000) * F("r"), big)
        ).annotate(carry=ExpressionWrapper(F("lowp") / 1_000_000, big))
        query = query.annotate(
            whole=ExpressionWrapper(F("high") * F("r") + F("carry"), big),
            rest=ExpressionWrapper(F("lowp") - F("carry") * 1_000_000, big),
        ).annotate(q=ExpressionWrapper(F("whole") / F("u"), big))
        return query.annotate(
            cny=ExpressionWrapper(F("whole") + (F("rest") + 500_000) / 1_000_000, big),
            usd=ExpressionWrapper(
                F("q") * 1_000_000
                + (2 * ((F("whole") - F("q") * F("u")) * 1_000_000 + F("rest")) + F("u"))
                / (2 * F("u")),
                big,
            ),
        )

    signed = (
        converted(Contract.objects.all(), "signed_date", "category__group", "client_country")
        .values("y", "g", "off")
        .annotate(n=Count("id"), usd_total=Sum("usd"), cny_total=Sum("cny"))
    )
    executed = (
        converted(
            Execution.objects.all(),
            "execution_date",
            "contract__category__group",
            "contract__client_country",
        )
        .values("y", "g", "off")
        .annotate(usd_total=Sum("usd"), cny_total=Sum("cny"))
    )
    enterprises = (
        Contract.objects.filter(signed_date__year=YEAR)
        .annotate(
            g=F("category__group"),
            off=Case(When(client_country="CN", then=Value(False)), default=Value(True)),
        )
        .values("g", "off", "organisation_id")
        .union(
            Execution.objects.filter(execution_date__year=YEAR)
            .annotate(
                g=F("contract__category__group"),
                off=Case(
                    When(contract__client_country="CN", then=Value(False)), default=Value(True)
                ),
            )
            .values("g", "off", "contract__organisation_id")
        )
    )
    table: dict[tuple[str, bool], dict[str, int]] = {}

    def cell(group: str, offshore: bool) -> dict[str, int]:
        return table.setdefault(
            (group, offshore),
            {"n": 0, "su": 0, "sc": 0, "eu": 0, "ec": 0, "prev": 0, "ent": 0},
        )

    for row in signed:
        if row["y"] == YEAR:
            c = cell(row["g"], row["off"])
            c["n"], c["su"], c["sc"] = row["n"], int(row["usd_total"]), int(row["cny_total"])
    for row in executed:
        c = cell(row["g"], row["off"])
        if row["y"] == YEAR:
            c["eu"], c["ec"] = int(row["usd_total"]), int(row["cny_total"])
        else:
            c["prev"] = int(row["usd_total"])
    for row in enterprises:
        cell(row["g"], row["off"])["ent"] += 1
    rows = []
    for (group, offshore), c in sorted(table.items()):
        if c["ent"] == 0:
            continue
        rows.append(
            {
                "group": group,
                "offshore": offshore,
                "year": YEAR,
                "contracts_signed": c["n"],
                "signed_usd": c["su"],
                "signed_cny": c["sc"],
                "executed_usd": c["eu"],
                "executed_cny": c["ec"],
                "offshore_signed_usd": c["su"] if offshore else 0,
                "offshore_executed_usd": c["eu"] if offshore else 0,
                "onshore_signed_usd": 0 if offshore else c["su"],
                "onshore_executed_usd": 0 if offshore else c["eu"],
                "enterprises_reporting": c["ent"],
                "executed_usd_yoy": c["prev"],
            }
        )
    return rows


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stats_bench", description=__doc__)
    parser.add_argument("--executions", type=int, default=10_000_000)
    parser.add_argument("--contracts", type=int, help="default: executions / 10")
    parser.add_argument("--organisations", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--orm-rows", type=int, default=1_000_000, help="executions loaded into PostgreSQL"
    )
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("WAIBAO_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--no-pandas", action="store_true")
    parser.add_argument("--dir", help="keep the generated Parquet here (default: temporary)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    contracts = args.contracts or max(args.executions // 10, 1)
    with tempfile.TemporaryDirectory(prefix="waibao-stats-bench-") as temporary:
        directory = Path(args.dir or temporary)
        directory.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        generate(
            directory,
            executions=args.executions,
            contracts=contracts,
            organisations=args.organisations,
        )
        print(
            f"generated {args.executions:,} executions, {contracts:,} contracts, "
            f"{args.organisations:,} organisations in {time.perf_counter() - start:.1f} s"
        )
        from waibao.stats.snapshot import write_events

        start = time.perf_counter()
        write_events(directory)
        print(
            f"events.parquet (joined, converted, sorted) written in "
            f"{time.perf_counter() - start:.1f} s, once per snapshot"
        )
        duckdb_rows(directory)  # warm-up: file metadata, imports
        duck_time, duck = best_of(args.repeat, lambda: duckdb_rows(directory))
        print(
            f"duckdb (Waibao Ibis, stored events), {args.executions:,} executions: "
            f"{duck_time:.3f} s (best of {args.repeat}; budget 1 s: "
            f"{'met' if duck_time <= 1 else 'NOT met'})"
        )
        joined_time, joined = best_of(
            args.repeat, lambda: duckdb_rows(directory, stored_events=False)
        )
        print(
            f"duckdb (Waibao Ibis, joining at query time): {joined_time:.3f} s "
            f"(same numbers: {joined == duck})"
        )
        results = {"duckdb, joining at query time": joined_time}
        if not args.no_pandas:
            import pandas as pd

            start = time.perf_counter()
            frames = pandas_load(directory)
            stored = pd.read_parquet(directory / "events.parquet")
            load = time.perf_counter() - start
            pandas_time, pandas_result = best_of(args.repeat, lambda: pandas_stored_rows(stored))
            print(
                f"pandas, stored events: {pandas_time:.3f} s (+ {load:.1f} s reading Parquet; "
                f"same numbers as DuckDB: {pandas_result == duck})"
            )
            results["pandas, stored events"] = pandas_time
            pandas_time, pandas_result = best_of(args.repeat, lambda: pandas_rows(frames))
            print(
                f"pandas, joining the tables itself: {pandas_time:.3f} s "
                f"(same numbers as DuckDB: {pandas_result == duck})"
            )
            results["pandas, joining"] = pandas_time
            del frames, stored
        if args.orm_rows:
            rows = min(args.orm_rows, args.executions)
            name = orm_setup(args.pg_url)
            try:
                load = orm_load(directory, rows)
                orm_time, orm_result = best_of(args.repeat, orm_rows)
                expected = duckdb_rows(directory, stored_events=False, max_execution_pk=rows)
                scale = args.executions / rows
                print(
                    f"django ORM on PostgreSQL, {rows:,} executions (+ all {contracts:,} "
                    f"contracts): {orm_time:.3f} s (COPY load {load:.1f} s; same numbers as "
                    f"DuckDB on the same rows: {orm_result == expected})"
                )
                if scale != 1:
                    print(
                        f"  scaled linearly to {args.executions:,} executions: "
                        f"{orm_time * scale:.1f} s (an estimate: x{scale:g}, not measured)"
                    )
                results["django ORM on PostgreSQL"] = orm_time * scale
            finally:
                orm_drop(args.pg_url, name)
        for name, seconds in results.items():
            print(f"ratio {name} / duckdb (stored events): {seconds / duck_time:.1f}x")
        load = os.getloadavg()
        print(
            f"machine: {os.cpu_count()} cores, load average {load[0]:.1f} {load[1]:.1f} "
            f"{load[2]:.1f} (a load above the core count inflates every time)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
