"""OpenFisca-core end to end, the peer of ``waibao entitlements FACTS --format json``:
``python -m bench.openfisca_e2e FACTS.jsonl OUT.json``.

Reads the same FACTS.md JSON Lines file the way an OpenFisca user would (the standard
``json`` module, a record a line, only the facts its three clauses need, no validation),
builds the inputs of ``bench/openfisca_model.py`` (Hangzhou (十二) software exports, (十三)
certifications, (十七) graduate training), runs the simulation and writes one JSON row per
enterprise and clause with a non-zero amount. Its money is float32, as OpenFisca's is.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from bench.openfisca_model import simulate

QUALIFYING = {"PCMM", "ISO20000", "ISO27001", "BS7799", "SAS70"}


def _yuan(text: str | int | None) -> float:
    return 0.0 if text is None else float(text)


def inputs(path: Path) -> tuple[list[str], str, dict[str, np.ndarray]]:
    usccs: list[str] = []
    exports: list[float] = []
    graduate: list[float] = []
    holder: list[int] = []
    cost: list[float] = []
    qualifies: list[bool] = []
    year = ""
    with path.open(encoding="utf-8") as lines:
        for index, line in enumerate(lines):
            record = json.loads(line)
            year = str(record["year"])
            usccs.append(record["uscc"])
            exports.append(_yuan(record.get("software_export_usd")))
            graduate.append(
                sum(
                    _yuan(t.get("cost_cny"))
                    for t in record.get("trainings") or []
                    if t.get("trainee") == "graduate"
                )
            )
            # every OpenFisca group needs a member: one row that pays nothing per enterprise
            holder.append(index)
            cost.append(0.0)
            qualifies.append(False)
            for cert in record.get("certifications") or []:
                level = cert.get("level")
                holder.append(index)
                cost.append(_yuan(cert.get("cost_cny")))
                qualifies.append(
                    cert.get("event") in ("new", "upgrade")
                    and (
                        (cert.get("scheme") in ("CMM", "CMMI") and level in (3, 4, 5))
                        or cert.get("scheme") in QUALIFYING
                    )
                )
    order = np.argsort(np.array(holder), kind="stable")
    return (
        usccs,
        year,
        {
            "exports_yuan": np.array(exports),
            "graduate_fees_yuan": np.array(graduate),
            "cert_enterprise": np.array(holder)[order],
            "cert_cost_yuan": np.array(cost)[order],
            "cert_qualifies": np.array(qualifies)[order],
        },
    )


def main() -> None:
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    start = time.perf_counter()
    usccs, year, arrays = inputs(source)
    read = time.perf_counter()
    amounts = simulate(year, **arrays)
    simulated = time.perf_counter()
    rows = [
        {"uscc": usccs[index], "year": int(year), "clause": clause, "amount": float(amount)}
        for clause, values in amounts.items()
        for index in np.flatnonzero(values)
        for amount in (values[index],)
    ]
    target.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    end = time.perf_counter()
    split = f"read {read - start:.2f} s, simulate {simulated - read:.2f} s"
    print(f"{split}, write {end - simulated:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
