"""Recognition programmes: which title, at which levels, checked against which criteria the
policy texts give, valid for how long. Pure Python (and PyYAML).

Each policy folder's ``programmes.yaml`` states its text's programmes (docs/adding-a-policy.md);
they are read through the catalogue, so a new text's programmes need no change here.

A criterion answers True (met), False (not met) or None (not known yet); an application can
be approved only when every criterion is met. Where a text leaves the criteria to a later
认定办法, the criterion is the reviewer's finding, named as such.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from waibao import policy_files

Evidence = Mapping[str, Any]


@dataclass(frozen=True)
class Criterion:
    code: str
    text: str  # the policy's words
    check: Callable[[Evidence, dt.date], bool | None]


@dataclass(frozen=True)
class Programme:
    code: str  # the clause id of clauses.yaml
    kind: str  # registry.Recognition.Kind
    levels: tuple[str, ...]
    citation: str
    criteria: tuple[Criterion, ...]
    validity_years: int | None  # None: until revoked
    yearly_review: bool = False  # 动态考核评估: each year's review renews or revokes
    applicant: str = "organisation"  # or "city": a prefecture-level city applies for itself


def _flag(name: str) -> Callable[[Evidence, dt.date], bool | None]:
    def check(evidence: Evidence, on: dt.date) -> bool | None:
        value = evidence.get(name)
        return None if value is None else bool(value)

    return check


def full_years_between(start: dt.date, end: dt.date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


def _running_two_years(evidence: Evidence, on: dt.date) -> bool | None:
    since = evidence.get("operating_since")
    if since is None:
        return None
    if isinstance(since, str):
        since = dt.date.fromisoformat(since)
    return full_years_between(since, on) >= 2


def _prefecture_city(evidence: Evidence, on: dt.date) -> bool | None:
    """The applicant is a 地级以上市: its GB/T 2260 code ends in 00 but not in 0000 (the
    service puts the applying region's code into the evidence as ``city_code``)."""
    code = evidence.get("city_code")
    if not code:
        return None
    code = str(code)
    return len(code) == 6 and code.isdigit() and code.endswith("00") and not code.endswith("0000")


REVIEWER_FINDING = "reviewer_finding"

CHECKS: dict[str, Callable[[Evidence, dt.date], bool | None]] = {
    # the computed checks a programmes.yaml criterion may name (``check:``); any other
    # criterion is answered by the evidence field of its code
    "running_two_years": _running_two_years,
    "prefecture_city": _prefecture_city,
}
PROGRAMMES_FILE_NAME = "programmes.yaml"
APPLICANTS = ("organisation", "city")


class ProgrammeFileError(ValueError):
    """A folder's ``programmes.yaml`` that does not say what a programme needs."""


def _criterion(spec: dict[str, Any], where: str) -> Criterion:
    code = str(spec["code"])
    check_name = spec.get("check")
    if check_name is None:
        return Criterion(code, str(spec["text"]), _flag(code))
    if check_name not in CHECKS:
        raise ProgrammeFileError(f"{where}: criterion {code}: no check {check_name!r}")
    return Criterion(code, str(spec["text"]), CHECKS[check_name])


def _programme(spec: dict[str, Any], where: str) -> Programme:
    try:
        validity = spec.get("validity_years")
        programme = Programme(
            code=str(spec["code"]),
            kind=str(spec["kind"]),
            levels=tuple(str(level) for level in spec["levels"]),
            citation=str(spec["citation"]),
            criteria=tuple(_criterion(c, where) for c in spec["criteria"]),
            validity_years=None if validity is None else int(validity),
            yearly_review=bool(spec.get("yearly_review", False)),
            applicant=str(spec.get("applicant", "organisation")),
        )
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, ProgrammeFileError):
            raise
        raise ProgrammeFileError(f"{where}: missing or bad field {error}") from error
    if programme.applicant not in APPLICANTS:
        raise ProgrammeFileError(f"{where}: applicant must be one of {APPLICANTS}")
    return programme


def _read_programmes() -> dict[str, Programme]:
    found: dict[str, Programme] = {}
    for owner, data in policy_files.read_all(PROGRAMMES_FILE_NAME):
        for index, spec in enumerate(data.get("programmes") or []):
            where = f"{owner.folder / PROGRAMMES_FILE_NAME}: programmes[{index}]"
            programme = _programme(spec, where)
            if programme.code in found:
                raise ProgrammeFileError(f"{where}: programme {programme.code} stated twice")
            found[programme.code] = programme
    return found


# Every programme of every policy folder by code (its ``programmes.yaml``), folder by folder in
# the catalogue's order; rebuilt when a folder is added (policy_files.LiveMapping).
PROGRAMMES: Mapping[str, Programme] = policy_files.LiveMapping(_read_programmes)


def check_criteria(programme: Programme, evidence: Evidence, on: dt.date) -> list[dict[str, Any]]:
    """Each criterion with its policy text and its answer on ``on``."""
    return [
        {"code": c.code, "text": c.text, "met": c.check(evidence, on)} for c in programme.criteria
    ]


def all_met(results: list[dict[str, Any]]) -> bool:
    return all(r["met"] is True for r in results)


def valid_until(programme: Programme, valid_from: dt.date) -> dt.date | None:
    """Last day of validity: ``validity_years`` later, the day before the anniversary."""
    if programme.validity_years is None:
        return None
    try:
        anniversary = valid_from.replace(year=valid_from.year + programme.validity_years)
    except ValueError:
        anniversary = valid_from.replace(year=valid_from.year + programme.validity_years, day=28)
    return anniversary - dt.timedelta(days=1)
