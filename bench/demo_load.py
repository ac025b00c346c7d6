"""Benchmark: generating and loading the demo data set.

    PYTHONPATH=src python bench/demo_load.py --enterprises 2000 [--save base.json]
    PYTHONPATH=src python bench/demo_load.py --enterprises 2000 --baseline base.json

Builds a fresh SQLite database in a temporary directory (or uses DATABASE_URL), times the
generation alone, then generation plus load, and prints rows per second; with --baseline it
prints each figure beside the baseline run's and their ratio (above 1 is faster).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=2000)
    parser.add_argument("--baseline", help="a JSON file written by --save")
    parser.add_argument("--save", help="write this run's figures to a JSON file")
    args = parser.parse_args()

    from waibao import demo

    started = time.perf_counter()
    executions = sum(
        len(c.executions) for b in demo.generate(enterprises=args.enterprises) for c in b.contracts
    )
    generate_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as directory:
        from waibao.cli.django_setup import setup_django

        os.environ.setdefault("WAIBAO_DATA_DIR", directory)
        setup_django()
        from waibao.demo.loader import demo_load

        result = demo_load(demo.generate(enterprises=args.enterprises))

    figures = {
        "enterprises": args.enterprises,
        "executions": executions,
        "generate_executions_per_s": executions / generate_seconds,
        "load_executions_per_s": result.executions_added / result.seconds,
        "load_seconds": result.seconds,
    }
    baseline = None
    if args.baseline:
        with open(args.baseline) as handle:
            baseline = json.load(handle)
    print(f"{'figure':<28}{'this run':>14}{'baseline':>14}{'ratio':>8}")
    for name in ("generate_executions_per_s", "load_executions_per_s"):
        base = baseline[name] if baseline else None
        ratio = f"{figures[name] / base:.2f}" if base else "-"
        print(f"{name:<28}{figures[name]:>14,.0f}{(base or 0):>14,.0f}{ratio:>8}")
    print(
        f"{'load_seconds':<28}{result.seconds:>14.1f}  ({result.organisations_added} "
        f"organisations, {result.contracts_added} contracts, {result.executions_added} executions)"
    )
    if args.save:
        with open(args.save, "w") as handle:
            json.dump(figures, handle, indent=2)


if __name__ == "__main__":
    main()
