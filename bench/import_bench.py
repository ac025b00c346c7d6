"""How fast ``waibao import contracts`` is, against a naive per-row ORM import.

    python -m bench.import_bench --rows 1000000            # SQLite and PostgreSQL
    python -m bench.import_bench --rows 100000 --db sqlite  # quicker, one database

For each database, in a fresh database of its own: generate a valid contracts file (and the
enterprises it references), import the enterprises, time ``contracts_import`` on the whole
file, time a re-import of the same file (every row unchanged), and time the baseline on a
sample: one ``Organisation`` lookup and one ``Contract.objects.create`` per row, in one
transaction. The baseline's rate is measured on ``--baseline-rows`` rows and compared as a
rate (rows per second), since running it on a million rows would take minutes.

Each database runs in a subprocess, because Django binds its database at start-up.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

POSTGRES_URL = os.environ.get(
    "WAIBAO_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"
)
CATEGORIES = ["ITO.01", "ITO.02", "ITO.03", "BPO.01", "BPO.04", "KPO.02", "KPO.07"]
COUNTRIES = ["US", "JP", "DE", "HK", "GB", "SG", "KR", "CN", "TW", "MO"]
CURRENCIES = ["USD", "USD", "USD", "CNY", "EUR", "JPY", "HKD"]
DISTRICTS = ["440106", "440104", "330106", "330302", "140213"]


def _uscc(number: int) -> str:
    from waibao.registry.validation import uscc_check_character

    first17 = f"91440106MA{number:07d}"
    return first17 + uscc_check_character(first17)


def generate(directory: Path, rows: int, enterprises: int, seed: int = 2026) -> tuple[Path, Path]:
    """A valid enterprises file and a contracts file of ``rows`` rows."""
    rng = random.Random(seed)
    usccs = [_uscc(n) for n in range(1, enterprises + 1)]
    enterprises_csv = directory / "enterprises.csv"
    with enterprises_csv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["uscc", "name", "region_code", "ownership"])
        for n, uscc in enumerate(usccs):
            writer.writerow(
                [uscc, f"外包企业{n}有限公司", DISTRICTS[n % len(DISTRICTS)], "private"]
            )
    contracts_csv = directory / "contracts.csv"
    start = date(2019, 1, 1)
    with contracts_csv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "contract_id",
                "uscc",
                "client_name",
                "client_country",
                "category",
                "signed_date",
                "amount",
                "currency",
            ]
        )
        for n in range(rows):
            writer.writerow(
                [
                    f"HT-{n:08d}",
                    usccs[n % enterprises],
                    f"Client {rng.randrange(5000)} Ltd",
                    rng.choice(COUNTRIES),
                    rng.choice(CATEGORIES),
                    (start + timedelta(days=rng.randrange(2400))).isoformat(),
                    f"{rng.randrange(1, 50_000_000)}.{rng.randrange(100):02d}",
                    rng.choice(CURRENCIES),
                ]
            )
    return enterprises_csv, contracts_csv


def worker(database: str, directory: Path, baseline_rows: int) -> dict[str, float]:
    """Run in a subprocess whose environment names the database."""
    from waibao.cli.django_setup import setup_django

    setup_django()
    from django.db import connection, transaction

    from waibao.registry.models import Organisation
    from waibao.registry.services import enterprises_import
    from waibao.reporting.models import Contract
    from waibao.reporting.services import contracts_import

    enterprises_import(path=directory / "enterprises.csv")
    contracts = directory / "contracts.csv"
    # A yardstick for how fast this machine is right now: only reading the file.
    cpu = time.process_time()
    with contracts.open(encoding="utf-8", newline="") as handle:
        for _ in csv.reader(handle):
            pass
    read_cpu = time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    first = contracts_import(path=contracts)
    import_seconds = time.perf_counter() - started
    import_cpu = time.process_time() - cpu
    started = time.perf_counter()
    again = contracts_import(path=contracts)
    reimport_seconds = time.perf_counter() - started
    assert again.added == 0 and again.unchanged == first.added

    # Baseline: the obvious ORM loop, on a sample, into an empty table.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reporting_contract")
    with contracts.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        sample = [row for _, row in zip(range(baseline_rows), reader, strict=False)]
    started = time.perf_counter()
    with transaction.atomic():
        for row in sample:
            organisation = Organisation.objects.get(uscc=row["uscc"])
            Contract.objects.create(
                organisation=organisation,
                contract_id=row["contract_id"],
                client_name=row["client_name"],
                client_country=row["client_country"],
                category_id=row["category"],
                signed_date=date.fromisoformat(row["signed_date"]),
                amount_minor=int(row["amount"].replace(".", "")),
                currency=row["currency"],
            )
    baseline_seconds = time.perf_counter() - started
    return {
        "rows": first.added,
        "import_seconds": import_seconds,
        "import_cpu": import_cpu,
        "read_cpu": read_cpu,
        "reimport_seconds": reimport_seconds,
        "baseline_rows": len(sample),
        "baseline_seconds": baseline_seconds,
    }


def _run_worker(database: str, directory: Path, baseline_rows: int) -> dict[str, float]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "waibao.config.django.base"
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(__file__).resolve().parents[1] / "src"), env.get("PYTHONPATH", "")]
    )
    drop = None
    if database == "sqlite":
        env.pop("DATABASE_URL", None)
        env["WAIBAO_DATA_DIR"] = str(directory / "sqlite")
    else:
        import psycopg

        name = f"waibao_bench_{os.getpid()}"
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
        drop = name
    try:
        output = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.import_bench",
                "--worker",
                database,
                "--dir",
                str(directory),
                "--baseline-rows",
                str(baseline_rows),
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        )
    except subprocess.CalledProcessError as error:
        print(error.stdout, error.stderr, file=sys.stderr)
        raise
    finally:
        if drop:
            import psycopg

            with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{drop}" WITH (FORCE)')
    return json.loads(output.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.import_bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--enterprises", type=int, default=2_000)
    parser.add_argument("--baseline-rows", type=int, default=20_000)
    parser.add_argument(
        "--db", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    if args.worker:
        print(json.dumps(worker(args.worker, args.dir, args.baseline_rows)))
        return 0
    with tempfile.TemporaryDirectory(prefix="waibao-bench-") as tmp:
        directory = Path(tmp)
        started = time.perf_counter()
        generate(directory, args.rows, args.enterprises)
        print(
            f"generated {args.rows:,} contract rows ({args.enterprises:,} enterprises) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(
            "database        rows  import s  rows/s  (cpu s)  re-import s  baseline rows/s  ratio"
            "  csv-read cpu s"
        )
        for database in args.db.split(","):
            result = _run_worker(database, directory, args.baseline_rows)
            rate = result["rows"] / result["import_seconds"]
            baseline_rate = result["baseline_rows"] / result["baseline_seconds"]
            print(
                f"{database:<11}{result['rows']:>9,}{result['import_seconds']:>10.2f}"
                f"{rate:>8,.0f}{result['import_cpu']:>9.2f}{result['reimport_seconds']:>13.2f}"
                f"{baseline_rate:>17,.0f}{rate / baseline_rate:>6.1f}x{result['read_cpu']:>16.2f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
