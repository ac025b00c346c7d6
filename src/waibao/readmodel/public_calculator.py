"""The public policy calculator (政策试算): facts typed into a form or sent as a facts file, every
clause that would apply with its amount, explanation and citation, for anyone, signed in or not.

Nothing is stored: the facts are validated by ``waibao.facts`` and evaluated by
``waibao.rules`` in memory (with the bureau's parameter settings, as everywhere), and nothing is
written to the database or the audit trail. Being public, it is bounded: a request body of at
most ``MAX_BYTES``, at most ``MAX_RECORDS`` records, and at most
``settings.WAIBAO_PUBLIC_CALCULATOR_PER_MINUTE`` calculations a minute from one address
(docs/decisions/0016-first-hour.md).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from waibao.readmodel.calculator import CalculatorRow, calculator_row

MAX_BYTES = 256 * 1024  # a facts file of a few firms and years is a few kilobytes
MAX_RECORDS = 20  # one firm over several years, or a few firms compared
# A firm not yet registered may leave its code blank: the rules never read it. A valid code
# (GB 32100: authority 9, type 1, region 000000, organisation code 00000000 with both check
# characters right; tests/portal/test_public_calculator.py builds it the demo's way).
PLACEHOLDER_USCC = "91000000000000000K"


class TooLarge(ValueError):
    """A request beyond the public bounds (HTTP 413)."""


def body_too_large(request: HttpRequest, *, allowance: int = 0) -> bool:
    """The declared body is larger than ``MAX_BYTES`` (plus ``allowance`` for a form's own
    fields), judged before anything is read."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > MAX_BYTES + allowance


@dataclass(frozen=True)
class PublicResult:
    """One facts record's clauses: those that apply first, then those that do not."""

    uscc: str
    name: str
    year: int
    jurisdiction: str
    rows: list[CalculatorRow]

    @property
    def applying(self) -> list[CalculatorRow]:
        return [row for row in self.rows if row.applies]

    @property
    def not_applying(self) -> list[CalculatorRow]:
        return [row for row in self.rows if not row.applies]


def records_check_size(raw_records: list[Any]) -> None:
    from waibao.facts.schema import FactsError

    if not raw_records:
        raise FactsError(["no facts records: send at least one"])
    if len(raw_records) > MAX_RECORDS:
        raise TooLarge(f"{len(raw_records)} records: at most {MAX_RECORDS} a request")


def public_calculate(raw_records: list[Any], language: str = "zh-hans") -> list[PublicResult]:
    """Every record validated (``FactsError`` lists every problem) and evaluated; titles,
    explanations and reasons in ``language``."""
    from waibao.entitlements import entitlements_for_facts
    from waibao.facts import to_frame, validate_records

    records_check_size(raw_records)
    records = validate_records(raw_records)
    frame = to_frame(records)  # validated once; the engine takes the frame as it is
    rows = entitlements_for_facts(frame, include_all=True, explain=True, language=language)
    results = []
    for record in records:
        mine = [
            calculator_row(row, language=language)
            for row in rows
            if row["uscc"] == record["uscc"] and row["year"] == record["year"]
        ]
        mine.sort(key=lambda r: (not r.applies, r.clause))
        results.append(
            PublicResult(
                uscc="" if record["uscc"] == PLACEHOLDER_USCC else record["uscc"],
                name=record.get("name", ""),
                year=record["year"],
                jurisdiction=record["jurisdiction"],
                rows=mine,
            )
        )
    return results


def rate_allows(request: HttpRequest) -> bool:
    """At most ``WAIBAO_PUBLIC_CALCULATOR_PER_MINUTE`` calculations a minute from one client
    address (0: no limit), counted in the cache per clock minute."""
    from waibao.security.events import client_ip

    limit = int(getattr(settings, "WAIBAO_PUBLIC_CALCULATOR_PER_MINUTE", 30))
    if limit <= 0:
        return True
    key = f"public-calculator:{client_ip(request)}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count <= limit
