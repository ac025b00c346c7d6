"""The demonstration-city scorecard: MOFCOM 综合评价's first-level indicators and weights,
computed where Waibao has the data, entered (with a source) where it has not, and the city's
rank among entered peer scores. Pure Python; exact ``Fraction`` points, displayed rounded
once to two decimals. The sub-indicators and their full-score thresholds are Waibao's
reading (MOFCOM's second-level weights are not in the seeds), see docs/evaluation.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from waibao.evaluation.scoring import display, fraction_text
from waibao.money import parse_fen

WEIGHTS = {"industry": 40, "infrastructure": 15, "talent": 20, "costs": 10, "policy": 15}

# Sub-indicators: (first-level indicator, points, full score reached at this ratio).
SUB_INDICATORS = {
    "execution_growth": ("industry", 20, Fraction(30, 100)),
    "offshore_share": ("industry", 20, Fraction(60, 100)),
    "college_share": ("talent", 10, Fraction(60, 100)),
    "employment_growth": ("talent", 10, Fraction(20, 100)),
}


@dataclass
class Line:
    indicator: str
    weight: int
    points: Fraction | None
    how: str  # "computed", "entered" or "missing"
    detail: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""

    @property
    def points_display(self) -> str:
        return "—" if self.points is None else display(self.points)


@dataclass
class Scorecard:
    lines: list[Line]
    total: Fraction
    rank: int
    peers: list[tuple[str, Fraction, str]]

    @property
    def total_display(self) -> str:
        return display(self.total)

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total_display,
            "rank": self.rank,
            "of": len(self.peers) + 1,
            "lines": [
                {
                    "indicator": line.indicator,
                    "weight": line.weight,
                    "points": None if line.points is None else display(line.points),
                    "how": line.how,
                    "source": line.source,
                    "detail": line.detail,
                }
                for line in self.lines
            ],
            "peers": [{"name": n, "total": display(t), "source": s} for n, t, s in self.peers],
        }


def _sum_amount(records: Sequence[Mapping[str, Any]], name: str) -> int | None:
    values = [r.get(name) for r in records]
    known = [parse_fen(str(v), allow_negative=True) for v in values if v is not None]
    return sum(known) if known else None


def _sum_int(records: Sequence[Mapping[str, Any]], name: str) -> int | None:
    known = [int(r[name]) for r in records if r.get(name) is not None]
    return sum(known) if known else None


def _growth(now: int | None, before: int | None) -> Fraction | None:
    if now is None or before is None or before <= 0:
        return None
    return Fraction(now - before, before)


def _share(part: int | None, whole: int | None) -> Fraction | None:
    if part is None or whole is None or whole <= 0:
        return None
    return Fraction(part, whole)


def sub_points(name: str, ratio: Fraction | None) -> Fraction | None:
    """points x clamp(ratio / full, 0, 1); None when the ratio cannot be computed."""
    if ratio is None:
        return None
    _, points, full = SUB_INDICATORS[name]
    return points * min(max(ratio / full, Fraction(0)), Fraction(1))


def scorecard_compute(
    current: Sequence[Mapping[str, Any]],
    previous: Sequence[Mapping[str, Any]],
    entered: Mapping[str, tuple[Fraction, str]],
    peers: Sequence[tuple[str, Fraction, str]],
) -> Scorecard:
    """``current``/``previous``: the city's enterprise FACTS.md records of the year and the
    year before. A computed indicator needs every one of its sub-indicators; otherwise the
    entered value is used, otherwise it scores 0 and says "missing"."""
    ratios = {
        "execution_growth": _growth(
            _sum_amount(current, "contract_executed_usd"),
            _sum_amount(previous, "contract_executed_usd"),
        ),
        "offshore_share": _share(
            _sum_amount(current, "offshore_executed_usd"),
            _sum_amount(current, "contract_executed_usd"),
        ),
        "college_share": _share(
            _sum_int(current, "employees_college"), _sum_int(current, "employees")
        ),
        "employment_growth": _growth(
            _sum_int(current, "employees"), _sum_int(previous, "employees")
        ),
    }
    lines = []
    for indicator, weight in WEIGHTS.items():
        subs = [n for n, (parent, _, _) in SUB_INDICATORS.items() if parent == indicator]
        detail = []
        points: Fraction | None = Fraction(0) if subs else None
        for name in subs:
            ratio = ratios[name]
            got = sub_points(name, ratio)
            _, full_points, full = SUB_INDICATORS[name]
            detail.append(
                {
                    "sub_indicator": name,
                    "ratio": None if ratio is None else fraction_text(ratio),
                    "ratio_display": None if ratio is None else display(ratio, 4),
                    "full_at": fraction_text(full),
                    "max_points": full_points,
                    "points": None if got is None else display(got),
                }
            )
            points = None if got is None or points is None else points + got
        if points is not None:
            lines.append(Line(indicator, weight, points, "computed", detail))
        elif indicator in entered:
            value, source = entered[indicator]
            lines.append(
                Line(indicator, weight, min(value, Fraction(weight)), "entered", detail, source)
            )
        else:
            lines.append(Line(indicator, weight, None, "missing", detail))
    total = sum((line.points or Fraction(0) for line in lines), Fraction(0))
    rank = 1 + sum(1 for _, peer_total, _ in peers if peer_total > total)
    return Scorecard(lines, total, rank, sorted(peers, key=lambda p: -p[1]))
