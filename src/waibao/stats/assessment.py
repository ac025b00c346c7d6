"""District assessment (a text's 保障措施 考核, 细化和分配各县(区)统计任务及目标).

The bureau sets each district's targets in a CSV it edits (no code change, no migration):

    region_code,indicator,target,weight
    140213,executed_usd,50000000.00,2
    140213,enterprises_reporting,40,1

``indicator`` is an indicator of STATS.md; ``target`` is an amount (decimal string, in the
indicator's currency) or a count; ``weight`` is optional (default 1). A district's score is
the weighted mean of its completion rates (actual / target, exact, not capped, so that a
district far ahead is seen). Districts are ranked by score, highest first; equal scores
(exactly equal fractions) share a rank and the next rank is skipped (1, 2, 2, 4), listed by
code within the tie.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from waibao.money import MoneyError, format_fen, parse_fen
from waibao.spreadsheets import csv_writer
from waibao.stats.indicators import AMOUNTS, INDICATORS, PREVIOUS_EXECUTED, indicator_rows
from waibao.stats.output import format_ratio
from waibao.stats.sources import Source

ASSESSABLE = tuple(name for name in INDICATORS if name != PREVIOUS_EXECUTED)


class AssessmentError(ValueError):
    pass


@dataclass(frozen=True)
class DistrictTarget:
    region_code: str
    indicator: str
    target: int  # minor units for amounts
    weight: int


def read_district_targets(path: Path) -> list[DistrictTarget]:
    """Read the bureau's CSV, reporting every bad row as ``file:row:column: reason``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise AssessmentError(f"{path}: cannot read ({error.strerror})") from error
    reader = csv.DictReader(io.StringIO(text))
    missing = {"region_code", "indicator", "target"} - set(reader.fieldnames or ())
    if missing:
        raise AssessmentError(f"{path}:1: missing column(s) {', '.join(sorted(missing))}")
    errors, targets, seen = [], [], set()
    for number, row in enumerate(reader, start=2):
        code, indicator = (
            (row.get("region_code") or "").strip(),
            (row.get("indicator") or "").strip(),
        )
        if not (len(code) == 6 and code.isdigit()):
            errors.append(f"{path}:{number}:region_code: {code!r} is not a 6-digit code")
        if indicator not in ASSESSABLE:
            errors.append(
                f"{path}:{number}:indicator: {indicator!r} is not one of {', '.join(ASSESSABLE)}"
            )
            continue
        raw = (row.get("target") or "").strip()
        try:
            target = parse_fen(raw) if indicator in AMOUNTS else int(raw)
            if target <= 0:
                raise ValueError
        except (MoneyError, ValueError):
            errors.append(f"{path}:{number}:target: {raw!r} is not a positive target")
            continue
        weight_text = (row.get("weight") or "1").strip()
        if not weight_text.isdigit() or int(weight_text) == 0:
            errors.append(f"{path}:{number}:weight: {weight_text!r} is not a positive integer")
            continue
        if (code, indicator) in seen:
            errors.append(f"{path}:{number}:indicator: {indicator} given twice for {code}")
            continue
        seen.add((code, indicator))
        targets.append(DistrictTarget(code, indicator, target, int(weight_text)))
    if errors:
        raise AssessmentError(errors[0] if len(errors) == 1 else "\n".join(errors))
    if not targets:
        raise AssessmentError(f"{path}: no targets")
    return targets


def district_scores(
    source: Source, *, year: int, targets: list[DistrictTarget]
) -> list[dict[str, Any]]:
    actual = {
        row["region_code"]: row for row in indicator_rows(source, year=year, by=["region_code"])
    }
    districts: dict[str, list[DistrictTarget]] = {}
    for target in targets:
        districts.setdefault(target.region_code, []).append(target)
    scored = []
    for code, items in districts.items():
        parts, total, weights = [], Fraction(0), 0
        for target in items:
            value = int(actual.get(code, {}).get(target.indicator, 0))
            completion = Fraction(value, target.target)
            total += completion * target.weight
            weights += target.weight
            shown = format_fen if target.indicator in AMOUNTS else (lambda v: v)
            parts.append(
                {
                    "indicator": target.indicator,
                    "target": shown(target.target),
                    "actual": shown(value),
                    "completion": format_ratio(completion),
                    "met": value >= target.target,
                    "weight": target.weight,
                }
            )
        scored.append((total / weights, code, parts))
    scored.sort(key=lambda item: (-item[0], item[1]))
    rows, rank, previous = [], 0, None
    for position, (score, code, parts) in enumerate(scored, start=1):
        if score != previous:
            rank, previous = position, score
        rows.append(
            {
                "rank": rank,
                "region_code": code,
                "year": year,
                "score": format_ratio(score),
                "indicators": parts,
            }
        )
    return rows


def assessment_json_csv(rows: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "rank",
            "region_code",
            "year",
            "score",
            "indicator",
            "target",
            "actual",
            "completion",
            "met",
            "weight",
        ]
    )
    for row in rows:
        for part in row["indicators"]:
            writer.writerow(
                [
                    row["rank"],
                    row["region_code"],
                    row["year"],
                    row["score"],
                    part["indicator"],
                    part["target"],
                    part["actual"],
                    part["completion"],
                    "true" if part["met"] else "false",
                    part["weight"],
                ]
            )
    return buffer.getvalue()
