"""Rules engine benchmark: ``python -m bench.rules_bench [--records N] [--e2e-records M]``.

1. engine time: every clause over N synthetic organisation-years (default 1,000,000), facts
   already in a frame; amounts only, then with the one-line explanations;
2. end to end from a JSON Lines file of M records of all five jurisdictions, in this
   process: read and validate as columns, evaluate, write JSON;
3. end to end, side by side with OpenFisca-core on one file of M Hangzhou 2009 records
   (default 200,000): the command ``waibao entitlements FILE --format json --output OUT``
   (every clause, exact) and ``python -m bench.openfisca_e2e FILE OUT`` (OpenFisca-core on
   three clauses, reading the file with the json module, writing its rows), each a process of
   its own, one after the other: the ratio of their wall-clock times; beside them the same
   records converted once to Parquet (``waibao facts convert``) and evaluated from it, rows
   written as JSON (checked equal to the JSON run's) and as Parquet (docs/facts-parquet.md);
4. side by side: hangzhou.12.software_export, hangzhou.13.certification and
   hangzhou.17.graduate_training in Waibao and in OpenFisca-core (``bench/openfisca_model.py``)
   over the same N records, facts in memory: the speed ratio and OpenFisca's largest money
   error against Waibao's exact results.

``--openfisca-python PATH`` runs the OpenFisca side with another interpreter (one where
openfisca-core is installed, when the project's environment has no bench extras).

A calibration line (a 10M-row sum) shows how loaded the machine was during the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

from bench.synthetic import facts_frame, write_jsonl_fast
from waibao.facts import read_facts
from waibao.rules import evaluate_frame, output
from waibao.rules.engine import entitlement_rows

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


def end_to_end(records: int, baseline: int = 0) -> None:
    frame = facts_frame(records, seed=11)
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "facts.jsonl"
        write_jsonl_fast(frame, source)
        target = Path(directory) / "entitlements.json"

        def run() -> int:
            result = evaluate_frame(read_facts(source))
            rows = entitlement_rows(result, include_all=False)
            with target.open("wb") as out:
                output.write_json(rows, out)
            return rows.height

        size = source.stat().st_size / 1e6
        rows, seconds = timed(
            f"end to end: {records:,} records, five texts ({size:.0f} MB), in process", run
        )
        print(f"  {rows:,} rows written; {seconds / records * 1e6:.1f} µs per record")
        if baseline:
            per_record(source, min(baseline, records), target)


def per_record(source: Path, records: int, target: Path) -> None:
    """The baseline: the record-by-record path this replaced (json.loads, validate_record
    and a dict per record, a dict per row, json.dumps), beside the column path, on the
    first ``records`` records of the same file."""
    import json

    from waibao.facts import load_facts, to_frame
    from waibao.rules.engine import rows_from_frame

    head = source.with_name("head.jsonl")
    with source.open("rb") as lines, head.open("wb") as out:
        for _ in range(records):
            out.write(lines.readline())

    def old() -> None:
        rows = rows_from_frame(evaluate_frame(to_frame(load_facts(head))), include_all=False)
        target.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", "utf-8")

    def new() -> None:
        rows = entitlement_rows(evaluate_frame(read_facts(head)), include_all=False)
        with target.open("wb") as out:
            output.write_json(rows, out)

    _, before = timed(f"  baseline, record by record: {records:,} records", old)
    _, after = timed(f"  as columns, the same {records:,} records", new)
    print(f"  columns are {before / after:.1f}× the record-by-record path")


def hangzhou_frame(records: int) -> pl.DataFrame:
    """Hangzhou 2009 records, no earlier awards (OpenFisca's model has no award history),
    certificates dated in 2009."""
    frame = facts_frame(records, seed=13).with_columns(
        pl.lit("hangzhou").alias("jurisdiction"),
        pl.lit(2009, pl.Int64).alias("year"),
        pl.col("awards_received").list.head(0),
    )
    return frame.with_columns(
        pl.col("certifications").list.eval(
            pl.element().struct.with_fields(pl.lit(dt.date(2009, 6, 1)).alias("date"))
        )
    )


def _process(label: str, command: list[str]) -> tuple[float, str]:
    """Wall-clock seconds of one command run to its end, and its CPU seconds (all threads)."""
    root = Path(__file__).resolve().parents[1]
    environment = {**os.environ, "PYTHONPATH": f"{root / 'src'}{os.pathsep}{root}"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"{label} failed ({done.returncode}):\n{done.stderr}")
    print(f"{label:<58} {seconds:8.2f} s wall {cpu:8.2f} s CPU", flush=True)
    return seconds, done.stderr.strip()


OPENFISCA_RUN = "OpenFisca-core, the 3 clauses (bench/openfisca_e2e.py)"


def end_to_end_versus_openfisca(
    records: int, openfisca_python: str, openfisca: bool, rounds: int = 3
) -> None:
    """Section 3: the commands on one file of Hangzhou records, each a process of its own:
    JSON in and out, then the same records converted once to Parquet (docs/facts-parquet.md)
    and read from it, written as JSON (checked byte for byte against the JSON run's) and as
    Parquet; then OpenFisca-core on the JSON file, when it is installed. ``rounds`` times,
    the commands alternating, so that a shared machine's slow spell falls on both sides; the
    ratio is of the medians."""
    check = [openfisca_python, "-c", "import openfisca_core"]
    if openfisca and subprocess.run(check, capture_output=True, check=False).returncode != 0:
        print(
            f"OpenFisca-core side skipped: no openfisca-core in {openfisca_python} "
            "(pip install -e '.[bench]', or --openfisca-python PATH)"
        )
        openfisca = False
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        source, parquet = folder / "hangzhou.jsonl", folder / "hangzhou.parquet"
        write_jsonl_fast(hangzhou_frame(records), source)
        size = source.stat().st_size / 1e6
        waibao_out, openfisca_out = folder / "w.json", folder / "o.json"
        print(f"end to end on one file: {records:,} Hangzhou 2009 records ({size:.0f} MB)")
        _process(
            "  waibao facts convert FILE FILE.parquet (once)",
            [sys.executable, "-m", "waibao", "facts", "convert", str(source), str(parquet)],
        )
        print(f"    {parquet.stat().st_size / 1e6:.0f} MB of Parquet facts")
        walls: dict[str, list[float]] = {}
        for round_ in range(1, rounds + 1):
            print(f"  round {round_} of {rounds}")
            runs = [
                ("waibao entitlements FILE --format json", source, "json", waibao_out),
                ("waibao entitlements FILE.parquet --format json", parquet, "json", None),
                ("waibao entitlements FILE.parquet --format parquet", parquet, "parquet", None),
            ]
            for label, facts, form, out in runs:
                target = out or folder / f"p.{form}"
                seconds, _ = _process(
                    f"    {label}",
                    [sys.executable, "-m", "waibao", "entitlements", str(facts), "--format",
                     form, "--output", str(target)],
                )  # fmt: skip
                walls.setdefault(label, []).append(seconds)
                if (
                    out is None
                    and form == "json"
                    and target.read_bytes() != waibao_out.read_bytes()
                ):
                    raise SystemExit("Parquet facts gave other JSON rows than the JSON facts")
            if openfisca:
                seconds, parts = _process(
                    f"    {OPENFISCA_RUN}",
                    [
                        openfisca_python,
                        "-m",
                        "bench.openfisca_e2e",
                        str(source),
                        str(openfisca_out),
                    ],
                )
                walls.setdefault(OPENFISCA_RUN, []).append(seconds)
                print(f"      OpenFisca's own split: {parts}")
        rows = waibao_out.stat().st_size / 1e6
        print(f"  medians of {rounds} rounds ({rows:.0f} MB of JSON rows written):")
        for label, seconds in walls.items():
            print(f"    {label:<56} {statistics.median(seconds):8.2f} s wall")
        if openfisca:
            waibao = statistics.median(walls["waibao entitlements FILE --format json"])
            theirs = statistics.median(walls[OPENFISCA_RUN])
            print(
                f"  end to end: Waibao takes {waibao / theirs:.2f}× OpenFisca-core's time "
                "(target ≤ 1, goal ≤ 0.5), medians"
            )


def comparison(records: int) -> None:
    try:
        from bench.openfisca_model import simulate
    except ImportError as error:
        print(f"OpenFisca comparison skipped: {error} (pip install -e '.[bench]')")
        return
    frame = hangzhou_frame(records)
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
    parser.add_argument("--e2e-records", type=int, default=200_000)
    parser.add_argument("--no-openfisca", action="store_true")
    parser.add_argument(
        "--baseline-records",
        type=int,
        default=20_000,
        help="records run through the old record-by-record path beside the columns (0: none)",
    )
    parser.add_argument("--openfisca-python", default=sys.executable)
    parser.add_argument(
        "--only-e2e", action="store_true", help="only the end-to-end runs (sections 2 and 3)"
    )
    parser.add_argument(
        "--skip-in-process", action="store_true", help="skip section 2 (the in-process run)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of section 3's commands (medians)"
    )
    args = parser.parse_args()
    print(f"calibration: {calibrate()} (an idle machine: ~10 ms); load {os.getloadavg()[0]:.1f}")
    if not args.only_e2e:
        engine(args.records)
    if not args.skip_in_process:
        end_to_end(args.e2e_records, args.baseline_records)
    end_to_end_versus_openfisca(
        args.e2e_records,
        args.openfisca_python,
        openfisca=not args.no_openfisca,
        rounds=args.rounds,
    )
    if not args.no_openfisca and not args.only_e2e:
        comparison(args.records)
    print(f"calibration: {calibrate()}; load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
