"""Synthetic organisation-years for the benchmarks: the facts frame built directly (vectorised,
numpy), and the same records as FACTS.md JSON Lines for the end-to-end timing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import polars as pl

from waibao.facts import frame_schema

JURISDICTIONS = np.array(["guangzhou", "hangzhou", "wenzhou", "datong", "guangdong"])
SCHEMES = np.array(["CMMI", "CMM", "PCMM", "ISO9000", "ISO20000", "ISO27001", "SAS70"])
EVENTS = np.array(["new", "upgrade", "maintenance"])
TRAINEES = np.array(["graduate", "new_staff", "custom"])
EXPENSES = np.array(
    ["platform_usage", "leased_line", "trade_fair", "office_rent", "public_platform_investment"]
)
RECOGNITIONS = np.array(
    ["rd_center", "demonstration_park", "training_institution", "public_platform"]
)
LEVELS = np.array(["national", "provincial", "municipal"])


def _items(rng: np.random.Generator, n: int, per: int) -> tuple[np.ndarray, int]:
    """Row numbers of list items: each record gets 0..per items."""
    counts = rng.integers(0, per + 1, n)
    return np.repeat(np.arange(n), counts), int(counts.sum())


def _dates(rng: np.random.Generator, years: np.ndarray) -> pl.Series:
    days = rng.integers(0, 365, len(years))
    base = (years - 1970) * 365.25
    return pl.Series((base + days).astype("int32")).cast(pl.Date)


def facts_frame(n: int, seed: int = 7) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    years = rng.integers(2007, 2025, n)
    amount = lambda high: rng.integers(0, high, n).astype("int64")  # noqa: E731
    frame = pl.DataFrame(
        {
            "_row": np.arange(n, dtype="int64"),
            "uscc": pl.Series(np.arange(n)).cast(pl.String).str.zfill(18),
            "year": years.astype("int64"),
            "jurisdiction": JURISDICTIONS[rng.integers(0, 5, n)],
            "kind": np.array(["enterprise"] * n),
            "registered_capital_cny": amount(2 * 10**10),
            "is_headquarters": rng.random(n) < 0.1,
            "offshore_focused": rng.random(n) < 0.5,
            "tax_paid_cny": amount(10**9),
            "employees": rng.integers(1, 5000, n).astype("int64"),
            "revenue_cny": amount(10**11) + 1,
            "software_export_usd": amount(10**9),
            "rd_expense_cny": amount(10**9),
            "rd_expense_prev_cny": amount(10**9),
            "tech_service_income_cny": amount(10**10),
            "statistics_reported": rng.random(n) < 0.8,
            "in_demonstration_park": rng.random(n) < 0.3,
            "foreign_invested": rng.random(n) < 0.2,
        }
    ).with_columns(
        (pl.col("employees") * 6 // 10).alias("employees_college"),
        (pl.col("revenue_cny") * 6 // 10).alias("so_revenue_cny"),
        (pl.col("revenue_cny") * 4 // 10).alias("offshore_so_revenue_cny"),
    )
    year_of = frame["year"].to_numpy()

    def lists(name: str, per: int, build) -> pl.DataFrame:  # type: ignore[no-untyped-def]
        rows, total = _items(rng, n, per)
        items = build(rows, total)
        return (
            items.with_columns(pl.Series("_row", rows))
            .group_by("_row")
            .agg(pl.struct(pl.exclude("_row")).alias(name))
        )

    certs = lists(
        "certifications",
        2,
        lambda rows, k: pl.DataFrame(
            {
                "scheme": SCHEMES[rng.integers(0, len(SCHEMES), k)],
                "level": rng.integers(1, 6, k).astype("int64"),
                "event": EVENTS[rng.integers(0, 3, k)],
                "date": _dates(rng, year_of[rows]),
                "cost_cny": rng.integers(0, 3 * 10**8, k).astype("int64"),
            }
        ),
    )
    trainings = lists(
        "trainings",
        2,
        lambda rows, k: pl.DataFrame(
            {
                "trainee": TRAINEES[rng.integers(0, 3, k)],
                "people": (people := rng.integers(1, 200, k).astype("int64")),
                "cost_cny": rng.integers(0, 10**8, k).astype("int64"),
                "hired": (people * rng.random(k)).astype("int64"),
            }
        ),
    )
    expenses = lists(
        "expenses",
        3,
        lambda rows, k: pl.DataFrame(
            {
                "kind": EXPENSES[rng.integers(0, len(EXPENSES), k)],
                "amount_cny": rng.integers(0, 10**8, k).astype("int64"),
                "area_sqm": rng.integers(10, 3000, k).astype("int64"),
            }
        ),
    )
    recognitions = lists(
        "recognitions",
        1,
        lambda rows, k: pl.DataFrame(
            {
                "kind": RECOGNITIONS[rng.integers(0, len(RECOGNITIONS), k)],
                "level": LEVELS[rng.integers(0, 3, k)],
                "date": _dates(rng, year_of[rows]),
                "operating_years": rng.integers(0, 5, k).astype("int64"),
                "has_public_it_platform": rng.random(k) < 0.5,
            }
        ),
    )
    awards = lists(
        "awards_received",
        1,
        lambda rows, k: pl.DataFrame(
            {
                "clause": np.array(["hangzhou.12.software_export"] * k),
                "year": (year_of[rows] - 1).astype("int64"),
                "amount_cny": np.full(k, 20_000_000, dtype="int64"),
            }
        ),
    )
    violations = lists(
        "violations",
        1,
        lambda rows, k: pl.DataFrame(
            {
                "kind": np.where(rng.random(k) < 0.1, "ip_infringement", "late_reporting"),
                "date": _dates(rng, year_of[rows]),
                "restored": pl.Series([None] * k, dtype=pl.Date),
            }
        ),
    )
    for part in (certs, trainings, expenses, recognitions, awards, violations):
        frame = frame.join(part, on="_row", how="left")
    schema = frame_schema()
    list_columns = [c for c, t in schema.items() if isinstance(t, pl.List)]
    frame = frame.with_columns(
        pl.col(c).fill_null(pl.lit([], dtype=schema[c])) for c in list_columns if c != "violations"
    )
    return frame.select(
        [
            pl.col(c).cast(t) if c in frame.columns else pl.lit(None, dtype=t).alias(c)
            for c, t in schema.items()
        ]
    ).sort("_row")


def _yuan(fen: int | None) -> str | None:
    return None if fen is None else f"{fen // 100}.{fen % 100:02d}"


def write_jsonl(frame: pl.DataFrame, path: Path) -> None:
    """The frame as FACTS.md JSON Lines (amounts as decimal strings)."""
    amount_fields = {
        name for name in frame.columns if name.endswith(("_cny", "_usd")) and name != "_row"
    }
    with path.open("w", encoding="utf-8") as out:
        for row in frame.drop("_row").iter_rows(named=True):
            record = {}
            for key, value in row.items():
                if value is None:
                    continue
                if key in amount_fields:
                    record[key] = _yuan(value)
                elif isinstance(value, list):
                    record[key] = [
                        {
                            k: _yuan(v)
                            if k.endswith("_cny")
                            else v.isoformat()
                            if isinstance(v, dt.date)
                            else v
                            for k, v in item.items()
                            if v is not None
                        }
                        for item in value
                    ]
                else:
                    record[key] = value
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_jsonl_fast(frame: pl.DataFrame, path: Path) -> None:
    """The frame as FACTS.md JSON Lines written by Polars (amounts as decimal strings; an
    unknown fact written as null rather than left out, which FACTS.md reads the same way):
    seconds for a million records where ``write_jsonl`` takes minutes."""
    from waibao.rules.formula import yuan_text

    def text(column: pl.Expr) -> pl.Expr:
        return pl.when(column.is_null()).then(None).otherwise(yuan_text(column))

    amounts = [name for name in frame.columns if name.endswith(("_cny", "_usd")) and name != "_row"]
    lists = {
        name: dtype
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.List) and name in frame.columns
    }
    converted = [text(pl.col(name)).alias(name) for name in amounts]
    for name, dtype in lists.items():
        fields = dtype.inner.fields  # type: ignore[union-attr]
        converted.append(
            pl.col(name)
            .list.eval(
                pl.struct(
                    [
                        text(pl.element().struct.field(f.name)).alias(f.name)
                        if f.name.endswith("_cny")
                        else pl.element().struct.field(f.name).cast(pl.String).alias(f.name)
                        if f.dtype == pl.Date
                        else pl.element().struct.field(f.name)
                        for f in fields
                    ]
                )
            )
            .alias(name)
        )
    dates = [name for name, dtype in frame.schema.items() if dtype == pl.Date]
    converted += [pl.col(name).cast(pl.String) for name in dates]
    frame.drop("_row").with_columns(converted).write_ndjson(path)
