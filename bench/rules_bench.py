"""Rules engine benchmark: ``python -m bench.rules_bench [--records N] [--e2e-records M]``.

1. engine time: every clause over N synthetic organisation-years (default 1,000,000), facts
   already in a frame; amounts only, then with the one-line explanations;
2. end to end from a JSON Lines file of M records: read, validate, frame, evaluate, write JSON;
3. side by side: hangzhou.12.software_export, hangzhou.13.certification and
   hangzhou.17.graduate_training in Waibao and in OpenFisca-core (``bench/openfisca_model.py``)
   over the same N records: the speed ratio and OpenFisca's largest money error against
   Waibao's exact results.

A calibration line (a 10M-row sum) shows how loaded the machine was during the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

from bench.synthetic import facts_frame, write_jsonl
from waibao.facts import load_facts, to_frame
from waibao.rules import evaluate_frame
from waibao.rules.engine import rows_from_frame

COMPARED = (
    "hangzhou.12.software_export",
    "hangzhou.13.certification",
    "hangzhou.17.graduate_training",
)


def timed(label: str, function, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Wall-clock seconds, and CPU seconds of all threads (the work done, which a shared,
    loaded machine does not inflate the way it inflates wall-clock time)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<58} {seconds:8.2f} s wall {cpu_seconds:8.2f} s CPU", flush=True)
    return result, seconds


def calibrate() -> str:
    start, cpu = time.perf_counter(), time.process_time()
    pl.select(pl.int_range(0, 10_000_000).sum())
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return f"10M-row sum in {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU"


def engine(records: int) -> None:
    frame, _ = timed(
        f"generate {records:,} synthetic records (not timed below)", facts_frame, records
    )
    evaluate_frame(frame.head(1000))  # warm-up: registry, parameters, formulas
    result, seconds = timed(
        f"engine: every clause, {records:,} records, amounts",
        evaluate_frame,
        frame,
        explanations=False,
    )
    verdict = "within" if seconds <= 3 else "over"
    print(f"  rows that apply: {result.height:,}; wall-clock {verdict} the 3 s budget")
    timed(f"engine: every clause, {records:,} records, with explanations", evaluate_frame, frame)
    assert not any(dtype.is_float() for dtype in result.schema.values())


def end_to_end(records: int) -> None:
    frame = facts_frame(records, seed=11)
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "facts.jsonl"
        write_jsonl(frame, source)
        target = Path(directory) / "entitlements.json"

        def run() -> int:
            facts = to_frame(load_facts(source))
            result = evaluate_frame(facts)
            rows = rows_from_frame(result, include_all=False)
            target.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
            return len(rows)

        size = source.stat().st_size / 1e6
        rows, seconds = timed(
            f"end to end: {records:,} records from JSON Lines ({size:.0f} MB)", run
        )
        print(f"  {rows:,} rows written; {seconds / records * 1e6:.1f} µs per record")


def comparison(records: int) -> None:
    try:
        from bench.openfisca_model import simulate
    except ImportError as error:
        print(f"OpenFisca comparison skipped: {error} (pip install -e '.[bench]')")
        return
    # all in Hangzhou 2009, no earlier awards (OpenFisca's model has no award history)
    frame = facts_frame(records, seed=13).with_columns(
        pl.lit("hangzhou").alias("jurisdiction"),
        pl.lit(2009, pl.Int64).alias("year"),
        pl.col("awards_received").list.head(0),
    )
    # certificates dated in 2009 for the comparison year
    frame = frame.with_columns(
        pl.col("certifications").list.eval(
            pl.element().struct.with_fields(pl.lit(dt.date(2009, 6, 1)).alias("date"))
        )
    )
    waibao, waibao_seconds = timed(
        f"Waibao: the 3 clauses, {records:,} records",
        evaluate_frame,
        frame,
        clause_ids=list(COMPARED),
        explanations=False,
        include_all=True,
    )
    certs = (
        frame.select("_row", "certifications")
        .explode("certifications")
        .unnest("certifications")
        .with_columns(
            (
                pl.col("event").is_in(["new", "upgrade"])
                & (
                    (pl.col("scheme").is_in(["CMM", "CMMI"]) & pl.col("level").is_between(3, 5))
                    | pl.col("scheme").is_in(["PCMM", "ISO20000", "ISO27001", "BS7799", "SAS70"])
                )
            )
            .fill_null(False)
            .alias("qualifies"),
            pl.col("cost_cny").fill_null(0),
        )
        .select("_row", "cost_cny", "qualifies")
    )
    # every OpenFisca group needs a member: one non-qualifying row per enterprise
    padding = frame.select(
        "_row", pl.lit(0, pl.Int64).alias("cost_cny"), pl.lit(False).alias("qualifies")
    )
    certs = pl.concat([certs, padding]).sort("_row", maintain_order=True)
    graduate_fees = (
        frame.select("_row")
        .join(
            frame.select("_row", "trainings")
            .explode("trainings")
            .unnest("trainings")
            .group_by("_row")
            .agg(pl.col("cost_cny").filter(pl.col("trainee") == "graduate").sum()),
            on="_row",
            how="left",
        )
        .sort("_row")
        .fill_null(0)
    )
    to_yuan = lambda fen: fen.to_numpy().astype("float64") / 100  # noqa: E731
    inputs = {
        "period": "2009",
        "exports_yuan": to_yuan(frame["software_export_usd"]),
        "graduate_fees_yuan": to_yuan(graduate_fees["cost_cny"]),
        "cert_enterprise": certs["_row"].to_numpy(),
        "cert_cost_yuan": to_yuan(certs["cost_cny"]),
        "cert_qualifies": certs["qualifies"].to_numpy(),
    }
    openfisca, openfisca_seconds = timed(
        f"OpenFisca-core: the 3 clauses, {records:,} records", simulate, **inputs
    )
    print(
        f"  speed: Waibao is {openfisca_seconds / waibao_seconds:.1f}× OpenFisca on these clauses"
    )
    for clause in COMPARED:
        exact = (
            waibao.filter(pl.col("clause") == clause)
            .sort("_row")
            .get_column("amount_fen")
            .fill_null(0)
            .to_numpy()
        )
        approximate = np.rint(openfisca[clause].astype("float64") * 100).astype("int64")
        error = np.abs(approximate - exact)
        worst = int(error.max())
        wrong = int((error > 0).sum())
        print(
            f"  {clause:<34} OpenFisca's largest error {worst / 100:,.2f} yuan; "
            f"{wrong:,} of {len(exact):,} amounts differ by at least one fen"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--e2e-records", type=int, default=100_000)
    parser.add_argument("--no-openfisca", action="store_true")
    args = parser.parse_args()
    print(f"calibration: {calibrate()} (an idle machine: ~10 ms)")
    engine(args.records)
    end_to_end(args.e2e_records)
    if not args.no_openfisca:
        comparison(args.records)
    print(f"calibration: {calibrate()}")


if __name__ == "__main__":
    main()
