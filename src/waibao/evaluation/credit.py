"""The credit grade (the texts' 诚信评价体系 and 行业诚信数据库 provisions): a stated,
integer scoring rule over an enterprise's credit events. Pure Python.

Rule (version ``credit-2026.1``):

- start from 100 points; only events dated within the ``WINDOW_YEARS`` years up to the
  evaluation date count (date > as_of − 3 years, date <= as_of);
- a negative event not restored by the evaluation date deducts by severity:
  minor 5, serious 15, grave 40; a restored event deducts nothing;
- a positive event (commendation) adds 5, never above 100; the floor is 0;
- grade: A >= 90, B >= 75, C >= 60, D below 60 (boundaries inclusive);
- an IP infringement or information-security event not restored is grade D whatever the
  points: a text's exclusion clause (kind ``exclusion`` in the registry, cited in the line)
  takes away every policy entitlement for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

RULE_VERSION = "credit-2026.1"
WINDOW_YEARS = 3
DEDUCTIONS = {"minor": 5, "serious": 15, "grave": 40}
POSITIVE_POINTS = 5
GRADES = (("A", 90), ("B", 75), ("C", 60))
DISQUALIFYING = frozenset({"ip_infringement", "information_security"})
POSITIVE_KINDS = frozenset({"commendation"})


@dataclass(frozen=True)
class Event:
    kind: str
    severity: str
    date: dt.date
    restored: dt.date | None = None


@dataclass(frozen=True)
class Grade:
    grade: str
    points: int
    lines: tuple[str, ...]
    rule: str = RULE_VERSION


def _window_start(as_of: dt.date) -> dt.date:
    try:
        return as_of.replace(year=as_of.year - WINDOW_YEARS)
    except ValueError:  # 29 February
        return as_of.replace(year=as_of.year - WINDOW_YEARS, day=28)


def credit_grade(events: Iterable[Event], as_of: dt.date) -> Grade:
    start = _window_start(as_of)
    points = 100
    lines = []
    disqualified = False
    for event in sorted(events, key=lambda e: e.date):
        if not (start < event.date <= as_of):
            continue
        if event.kind in POSITIVE_KINDS:
            gained = min(POSITIVE_POINTS, 100 - points)
            points += gained
            lines.append(f"{event.date} {event.kind}: +{gained}")
            continue
        if event.restored is not None and event.restored <= as_of:
            lines.append(
                f"{event.date} {event.kind} ({event.severity}), restored {event.restored}: 0"
            )
            continue
        lost = min(DEDUCTIONS[event.severity], points)
        points -= lost
        lines.append(f"{event.date} {event.kind} ({event.severity}): -{lost}")
        disqualified = disqualified or event.kind in DISQUALIFYING
    grade = next((g for g, floor in GRADES if points >= floor), "D")
    if disqualified:
        grade = "D"
        lines.append(
            "unrestored IP-infringement or information-security event: grade D "
            f"({_exclusions_cited()})"
        )
    return Grade(grade, points, tuple(lines))


def _exclusions_cited() -> str:
    """The exclusion clauses of the texts, as a refusal cites them (``cited_as``); read from
    the clause registry only when an event disqualifies."""
    from waibao.rules.registry import registry

    return "、".join(c.cited_as or c.citation for c in registry() if c.kind == "exclusion")
