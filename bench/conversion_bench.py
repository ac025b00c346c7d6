"""What converting each amount on its own costs the dashboard (docs/decisions/0010).

    PYTHONPATH=src python -m bench.conversion_bench                  # the default demo
    PYTHONPATH=src python -m bench.conversion_bench --enterprises 3000

Loads the demo data set into a fresh SQLite database in a temporary directory, then times,
best of ``--repeat`` runs, side by side in one process:

1. **baseline**: executed USD per year as the dashboard computed it before: the database
   sums each year's amounts per currency and each subtotal is converted (one rounding per
   currency and year: inexact, the pages disagreed);
2. **per amount**: the dashboard's ``_usd_by_year``: every execution read and converted on
   its own by ``waibao.reporting.rates`` (the statistics' rule);
3. **the whole dashboard** (uncached ``_dashboard`` of a leader), which includes 2.

and prints the ratio of 2 to 1, and how far the baseline's figures were from the exact ones.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from typing import Any


def best(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    fastest, value = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        value = function()
        fastest = min(fastest, time.perf_counter() - started)
    return fastest, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=None, help="default: the demo's")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    directory = tempfile.TemporaryDirectory(prefix="waibao-conversion-bench-")
    os.environ["WAIBAO_DATA_DIR"] = directory.name
    os.environ.pop("DATABASE_URL", None)
    from cryptography.fernet import Fernet

    for name in ("WAIBAO_FIELD_KEY", "WAIBAO_BLIND_INDEX_KEY"):
        os.environ.setdefault(name, Fernet.generate_key().decode())
    from waibao.cli.django_setup import setup_django

    setup_django()
    from django.db.models import Sum
    from django.db.models.functions import ExtractYear

    from waibao import demo
    from waibao.demo.loader import demo_load
    from waibao.portal import selectors
    from waibao.registry.models import Organisation
    from waibao.reporting.models import Contract, Execution
    from waibao.reporting.rates import Rates

    enterprises = demo.DEFAULT_ENTERPRISES if args.enterprises is None else args.enterprises
    demo_load(demo.generate(enterprises=enterprises))
    executions = Execution.objects.all()
    years = sorted({d.year for d in executions.values_list("execution_date", flat=True)})

    def subtotals() -> list[int]:
        rates = Rates.from_database()
        rows = (
            executions.annotate(y=ExtractYear("execution_date"))
            .values("y", "currency")
            .annotate(total=Sum("amount_minor"))
            .order_by()
        )
        cents = dict.fromkeys(years, 0)
        for row in rows:
            cents[row["y"]] += rates.usd_cents(row["total"], row["currency"], row["y"])
        return [cents[y] for y in years]

    def per_amount() -> list[str] | None:
        return selectors._usd_by_year(executions, years)

    def dashboard() -> Any:
        return selectors._dashboard(
            executions, Contract.objects.all(), Organisation.objects.all(), []
        )

    baseline, inexact = best(subtotals, args.repeat)
    exact, shown = best(per_amount, args.repeat)
    whole, _ = best(dashboard, args.repeat)
    print(f"{executions.count():,} executions, {len(years)} years, best of {args.repeat}")
    print(f"  baseline: sum per currency and year, then convert   {baseline * 1000:8.1f} ms")
    print(
        f"  per amount: convert each execution, then sum         {exact * 1000:8.1f} ms"
        f"   ({exact / baseline:.1f}x the baseline)"
    )
    print(f"  whole dashboard (uncached), per amount               {whole * 1000:8.1f} ms")
    from waibao.money import parse_fen

    gaps = [parse_fen(s) - c for s, c in zip(shown or [], inexact, strict=True)]
    print(f"  baseline's error per year, cents: {gaps}")
    directory.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
