"""Funds and audit speed, each against a baseline run side by side.

    PYTHONPATH=src python -m bench.funds_bench [--claims 100000] [--records 3000]

1. allocation: sharing one line among N claims pro rata, exact to the fen, against the
   baseline of only sorting the same claims by date (the least any method must do);
2. audit: appending R hash-chained records on a fresh SQLite database (each in its own
   transaction, as services do), then `audit verify` over them, against the baseline of
   inserting the same rows without the chain (bulk_create of unchained rows is not possible:
   the table is append-only, so the baseline is a plain Django insert into a scratch table).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time


def _timed(function, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def bench_allocation(count: int) -> None:
    from waibao.funds.allocation import Claim, allocate

    random.seed(7)
    day = dt.datetime(2010, 1, 1, tzinfo=dt.UTC)
    claims = [
        Claim(key=i, amount_fen=random.randint(1, 10**9), applied_at=day + dt.timedelta(seconds=i))
        for i in range(count)
    ]
    total = sum(c.amount_fen for c in claims)
    base, _ = _timed(lambda: sorted(claims, key=lambda c: (c.applied_at, c.key)))
    spent, shares = _timed(allocate, claims, total // 3, "pro_rata")
    assert sum(shares.values()) == total // 3
    print(
        f"allocation pro_rata, {count} claims: {spent:.3f} s; sort baseline {base:.3f} s; "
        f"ratio {spent / base:.1f}x; sum == budget exactly"
    )


def bench_audit(records: int) -> None:
    os.environ["WAIBAO_DATA_DIR"] = tempfile.mkdtemp(prefix="waibao-bench-")
    os.environ.pop("DATABASE_URL", None)
    from waibao.cli.django_setup import setup_django

    setup_django()
    from django.db import connection, transaction

    from waibao.audit.selectors import audit_chain_verify
    from waibao.audit.services import audit_record

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_plain (id INTEGER PRIMARY KEY, action TEXT, payload TEXT)"
        )

    def plain() -> None:
        for index in range(records):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO bench_plain (action, payload) VALUES (%s, %s)",
                    ["bench", f'{{"amount": "{index}.00"}}'],
                )

    def chained() -> None:
        for index in range(records):
            with transaction.atomic():
                audit_record(
                    actor=None,
                    action="bench",
                    obj=("bench.row", index),
                    payload={"amount": f"{index}.00"},
                )

    base, _ = _timed(plain)
    spent, _ = _timed(chained)
    verify, report = _timed(audit_chain_verify)
    assert report.intact and report.records == records
    print(
        f"audit append, {records} records: {spent:.3f} s ({records / spent:.0f}/s); plain "
        f"insert baseline {base:.3f} s; ratio {spent / base:.1f}x"
    )
    print(f"audit verify, {records} records: {verify:.3f} s ({records / verify:.0f}/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=3_000)
    args = parser.parse_args()
    bench_allocation(args.claims)
    bench_audit(args.records)


if __name__ == "__main__":
    main()
