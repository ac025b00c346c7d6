"""Reads: the methods in force, the candidates' indicator values (from the same FACTS.md
records the rules engine reads, so that a rating and an entitlement never disagree about a
figure), ratings, the top ten, credit grades and the city scorecard."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from waibao.evaluation import credit, programmes, scoring
from waibao.evaluation.method_terms import indicator_label, method_check
from waibao.evaluation.models import (
    CreditEvent,
    PeerScore,
    RatingMethod,
    RecognitionApplication,
    ScorecardValue,
)
from waibao.evaluation.scorecard import Scorecard, scorecard_compute
from waibao.facts.from_db import facts_for_year
from waibao.money import parse_fen
from waibao.permissions import region_prefix

# Used when no RatingMethod row is in force. Weights are integers; see docs/evaluation.md.
DEFAULT_METHODS: dict[str, scoring.Method] = {
    "key_enterprise": scoring.Method(
        code="key_enterprise",
        version="default-2026.1",
        weights={"employees": 30, "contract_signed_usd": 30, "contract_executed_usd": 40},
        normalisation="min_max",
        tie_break=("-contract_executed_usd", "-employees", "key"),
    ),
    "top_ten": scoring.Method(
        code="top_ten",
        version="default-2026.1",
        weights={
            "so_revenue_cny": 25,  # 经营规模
            "rd_expense_cny": 15,  # 技术创新
            "certifications": 10,  # 技术创新
            "offshore_executed_usd": 25,  # 市场开拓
            "tax_paid_cny": 25,  # 上缴税收
        },
        normalisation="min_max",
        size=10,
        tie_break=("-tax_paid_cny", "founded", "key"),
    ),
}


def city_of(region_code: str | None) -> str | None:
    """The prefecture-level city a region belongs to (``440106`` → ``440100``); ``None`` for
    a province or nothing."""
    if not region_code or region_code.endswith("0000"):
        return None
    return region_code[:4] + "00"


def method_row_in_force(code: str, on: dt.date, region_code: str | None = None) -> Any:
    """The ``RatingMethod`` row in force on ``on`` for ``region_code``: the city's own newest,
    else the newest for every city, else ``None`` (the built-in default)."""
    rows = RatingMethod.objects.filter(code=code, valid_from__lte=on).order_by("-valid_from", "-pk")
    city = city_of(region_code)
    if city is not None:
        own = rows.filter(city_id=city).first()
        if own is not None:
            return own
    return rows.filter(city__isnull=True).first()


def method_from_row(code: str, row: Any) -> scoring.Method:
    if row is None:
        return DEFAULT_METHODS[code]
    default = DEFAULT_METHODS[code]
    problems = method_check(row.weights, list(row.tie_break))
    if problems:
        raise scoring.MethodError(f"method {code} {row.version}: " + "; ".join(problems))
    return scoring.Method(
        code=code,
        version=row.version,
        weights={str(k): int(v) for k, v in row.weights.items()},
        normalisation=row.normalisation,
        size=row.size if row.size is not None else default.size,
        tie_break=tuple(row.tie_break) or default.tie_break,
    )


def method_in_force(code: str, on: dt.date, region_code: str | None = None) -> scoring.Method:
    return method_from_row(code, method_row_in_force(code, on, region_code))


def _amount(record: dict[str, Any], name: str) -> int | None:
    value = record.get(name)
    return None if value is None else parse_fen(str(value), allow_negative=True)


def _certifications_in_year(record: dict[str, Any], year: int) -> int:
    return sum(
        1
        for cert in record.get("certifications", [])
        if cert["event"] in ("new", "upgrade") and str(cert["date"]).startswith(str(year))
    )


def enterprise_records(region_code: str, year: int) -> list[dict[str, Any]]:
    """FACTS.md records of the enterprises registered under ``region_code`` for ``year``."""
    prefix = region_prefix(region_code)
    return [
        r
        for r in facts_for_year(year)
        if r["kind"] == "enterprise" and r["region_code"].startswith(prefix)
    ]


def candidates(records: list[dict[str, Any]], year: int) -> list[scoring.Candidate]:
    out = []
    for r in records:
        values: dict[str, int | None] = {
            "employees": r.get("employees"),
            "contract_signed_usd": _amount(r, "contract_signed_usd"),
            "contract_executed_usd": _amount(r, "contract_executed_usd"),
            "so_revenue_cny": _amount(r, "so_revenue_cny"),
            "rd_expense_cny": _amount(r, "rd_expense_cny"),
            "certifications": _certifications_in_year(r, year),
            "offshore_executed_usd": _amount(r, "offshore_executed_usd"),
            "tax_paid_cny": _amount(r, "tax_paid_cny"),
        }
        founded = r.get("founded")
        out.append(
            scoring.Candidate(
                key=r["uscc"],
                name=r.get("name", ""),
                values=values,
                extra={"founded": dt.date.fromisoformat(founded) if founded else None},
            )
        )
    return out


def rating_for(
    code: str, region_code: str, year: int, on: dt.date | None = None
) -> tuple[scoring.Method, list[scoring.Scored]]:
    """The ranked candidates of ``region_code`` for ``year`` under the method in force on
    ``on`` (default: the end of ``year``); for the top ten, cut at the method's size."""
    method = method_in_force(code, on or dt.date(year, 12, 31), region_code)
    return method, ranking(code, region_code, year, method)


def ranking(
    code: str, region_code: str, year: int, method: scoring.Method, *, cut: bool = True
) -> list[scoring.Scored]:
    """The candidates of ``region_code`` for ``year`` ranked under ``method`` (cut at the
    method's size unless ``cut`` is false)."""
    scored = scoring.score(candidates(enterprise_records(region_code, year), year), method)
    return scoring.top(scored, method) if cut else scoring.rank(scored, method.tie_break)


def method_as_dict(method: scoring.Method) -> dict[str, Any]:
    return {
        "code": method.code,
        "version": method.version,
        "weights": dict(method.weights),
        "normalisation": method.normalisation,
        "size": method.size,
        "tie_break": list(method.tie_break),
    }


def credit_grade_for(organisation: Any, as_of: dt.date) -> credit.Grade:
    events = [
        credit.Event(e.kind, e.severity, e.date, e.restored)
        for e in CreditEvent.objects.filter(organisation=organisation)
    ]
    return credit.credit_grade(events, as_of)


def scorecard_for(city_code: str, year: int) -> Scorecard:
    current = enterprise_records(city_code, year)
    previous = enterprise_records(city_code, year - 1)
    entered = {
        v.indicator: (Fraction(v.points), v.source)
        for v in ScorecardValue.objects.filter(city_id=city_code, year=year)
    }
    peers = [
        (p.peer_name, Fraction(p.total), p.source)
        for p in PeerScore.objects.filter(city_id=city_code, year=year)
    ]
    return scorecard_compute(current, previous, entered, peers)


def city_titles() -> list[str]:
    """The programmes a city applies for itself (``applicant == "city"``): found by what they
    are, not by a text's clause id, so that a new text's city title counts too."""
    return [code for code, spec in programmes.PROGRAMMES.items() if spec.applicant == "city"]


def demonstration_cities(on: dt.date, programme: str | None = None) -> list[dict[str, Any]]:
    """The cities holding a city title (``programme``, or any of ``city_titles``) on ``on``:
    approved on or before it, not revoked on or before it, not expired."""
    codes = [programme] if programme is not None else city_titles()
    held = []
    for a in RecognitionApplication.objects.filter(
        programme__in=codes, status__in=["approved", "revoked"], city__isnull=False
    ).select_related("city"):
        if a.valid_from is None or a.valid_from > on:
            continue
        if a.revoked_on is not None and a.revoked_on <= on:
            continue
        if a.valid_until is not None and a.valid_until < on:
            continue
        held.append(
            {"city": a.city_id, "name": a.city.name, "level": a.level, "since": a.valid_from}
        )
    return held


METHOD_INDICATORS: dict[str, tuple[str, ...]] = {
    # The indicators each text names, in the order the edit page shows them.
    "key_enterprise": ("employees", "contract_signed_usd", "contract_executed_usd"),
    "top_ten": (
        "so_revenue_cny",
        "rd_expense_cny",
        "certifications",
        "offshore_executed_usd",
        "tax_paid_cny",
    ),
}


def method_row_as_dict(row: RatingMethod) -> dict[str, Any]:
    return {
        "code": row.code,
        "version": row.version,
        "city": row.city_id,
        "valid_from": row.valid_from,
        "weights": dict(row.weights),
        "normalisation": row.normalisation,
        "size": row.size,
        "reason": row.note,
        "changed_by": row.changed_by.get_username() if row.changed_by else None,
        "changed_at": row.changed_at,
        "change": row.change,
    }


def methods_for_city(city_code: str, on: dt.date) -> list[dict[str, Any]]:
    """Each rating method as in force for the city on ``on`` (and where it comes from: the
    city's own version, one for every city, or the built-in default), with the city's
    history, newest first."""
    out = []
    for code in DEFAULT_METHODS:
        row = method_row_in_force(code, on, city_code)
        source = "default" if row is None else ("city" if row.city_id else "all_cities")
        history = RatingMethod.objects.filter(code=code, city_id=city_code).select_related(
            "changed_by"
        )
        method = method_from_row(code, row)
        names = list(METHOD_INDICATORS[code])
        names += sorted(set(method.weights) - set(names))
        out.append(
            {
                "code": code,
                "indicators": [
                    {
                        "name": name,
                        "label": indicator_label(name),
                        "weight": method.weights.get(name, 0),
                    }
                    for name in names
                ],
                "in_force": method_as_dict(method),
                "source": source,
                "history": [method_row_as_dict(r) for r in history],
            }
        )
    return out
