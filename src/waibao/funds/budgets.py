"""The special funds the policy texts set up, with their yearly budgets and citations.

Each policy folder's ``funds.yaml`` states its text's funds (docs/adding-a-policy.md); this
module reads them through the catalogue into ``FundSpec`` rows, which ``funds_preload``
applies. Amounts in whole yuan as the texts state them, kept as ``int`` (converted to fen by
``funds_preload``; never a float). ``None`` means the text names no amount: the bureau
appropriates what it decides (``budget_line_appropriate``). ``minimum`` marks "不低于".
Clauses a fund does not pay are listed with the text's reason, so an application for them is
refused with that reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from waibao import policy_files
from waibao.jurisdictions import Jurisdiction

FUNDS_FILE_NAME = "funds.yaml"


@dataclass(frozen=True)
class LineSpec:
    source: str
    source_name: str
    yuan: int | None
    minimum: bool = False


@dataclass(frozen=True)
class ClauseSpec:
    clause: str
    payable: bool = True
    reason: str = ""
    source: str = ""


@dataclass(frozen=True)
class FundSpec:
    code: str
    name: str
    jurisdiction: str
    city_code: str
    clause: str
    citation: str
    first_year: int | None
    last_year: int | None
    lines: tuple[LineSpec, ...]
    clauses: tuple[ClauseSpec, ...] = field(default_factory=tuple)
    note: str = ""
    ref: str = ""  # the clause number in the text: (五)1, 19.


class FundFileError(ValueError):
    """A folder's ``funds.yaml`` that does not say what a fund needs."""


_WHOLE_YUAN = re.compile(r"[0-9]+")


def _yuan(value: Any, where: str) -> int | None:
    """A yearly amount in whole yuan: digits (a string, or a YAML integer), or null. A float
    or a fraction of a yuan is refused: the texts state whole yuan, and money is exact."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise FundFileError(f"{where}: yuan must be whole yuan as digits, not {value!r}")
    text = str(value).strip()
    if not _WHOLE_YUAN.fullmatch(text):
        raise FundFileError(f"{where}: yuan must be whole yuan as digits, not {value!r}")
    return int(text)


def _fund(owner: Jurisdiction, entry: dict[str, Any], where: str) -> FundSpec:
    try:
        lines = tuple(
            LineSpec(
                source=str(line["source"]),
                source_name=str(line["source_name"]),
                yuan=_yuan(line.get("yuan"), f"{where} line {line['source']}"),
                minimum=bool(line.get("minimum", False)),
            )
            for line in entry["lines"]
        )
        clauses = tuple(
            ClauseSpec(
                clause=str(spec["clause"]),
                payable=bool(spec.get("payable", True)),
                reason=str(spec.get("reason", "")),
                source=str(spec.get("source", "")),
            )
            for spec in entry.get("clauses") or []
        )
        first, last = entry.get("first_year"), entry.get("last_year")
        fund = FundSpec(
            code=str(entry["code"]),
            name=str(entry["name"]),
            jurisdiction=owner.slug,
            city_code=str(entry.get("city_code") or owner.region.ljust(6, "0")),
            clause=str(entry.get("clause") or ""),
            citation=str(entry["citation"]),
            first_year=None if first is None else int(first),
            last_year=None if last is None else int(last),
            lines=lines,
            clauses=clauses,
            note=str(entry.get("note") or ""),
            ref=str(entry.get("ref") or ""),
        )
    except (KeyError, TypeError) as error:
        raise FundFileError(f"{where}: missing or bad field {error}") from error
    if not fund.lines:
        raise FundFileError(f"{where}: a fund needs at least one budget line")
    return fund


def fund_specs() -> tuple[FundSpec, ...]:
    """Every fund of every policy folder, folder by folder in the catalogue's order."""
    found: list[FundSpec] = []
    for owner, data in policy_files.read_all(FUNDS_FILE_NAME):
        for index, entry in enumerate(data.get("funds") or []):
            found.append(_fund(owner, entry, f"{owner.folder / FUNDS_FILE_NAME}: funds[{index}]"))
    codes = [fund.code for fund in found]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        raise FundFileError(f"{FUNDS_FILE_NAME}: fund code {', '.join(twice)} stated twice")
    return tuple(found)
