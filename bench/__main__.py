"""``python -m bench`` (``make bench``): list the benchmarks; each runs on its own.

Every benchmark prints its figures beside a baseline run on the same machine in the same
process, so ratios stay meaningful when the machine is busy. See bench/README.md.
"""

BENCHMARKS = {
    "import_bench": "waibao import contracts: 1,000,000 rows against a per-row ORM baseline",
    "rules_bench": "every clause over 1,000,000 enterprise-years, beside OpenFisca-core",
    "stats_bench": "the indicator set over 10,000,000 executions: DuckDB, pandas, Django ORM",
    "stats_sqlite_bench": "statistics on SQLite beside a DuckDB snapshot; demo and cold pages",
    "funds_bench": "allocation and audit appends beside their baselines",
    "demo_load": "loading the demo data set",
    "talent_roster": "roster import against a per-row baseline",
    "latency_bench": "dashboard and calculator under load on PostgreSQL, beside /api/health",
    "conversion_bench": "the dashboard's USD per year, each amount converted, beside subtotals",
}

if __name__ == "__main__":
    print("Run one benchmark: python -m bench.<name> --help")
    for name, what in BENCHMARKS.items():
        print(f"  {name:<14} {what}")
