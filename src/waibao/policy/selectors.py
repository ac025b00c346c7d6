"""Reads of the bureau's parameter overlay: the overlay itself (what the rules engine gets as
``reform``), which parameters a user may configure, and what the parameters page shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from waibao import jurisdictions as catalogue
from waibao import permissions

# Parameters a bureau configures: the quantities the texts leave to it ("给予一定补助"), named
# ``<clause>.configured_rate`` / ``configured_amount`` / ``configured_per_sqm`` (decision 0002).
CONFIGURED_MARK = ".configured_"


def is_configurable(name: str) -> bool:
    from waibao.rules import parameters

    return CONFIGURED_MARK in name and name in parameters()


def jurisdiction_of(name: str) -> str:
    return name.split(".", 1)[0]


def overlay() -> dict[str, dict[str, str | None]]:
    """``{parameter: {effective date (ISO): value}}``: for each (parameter, date) the latest
    decision. Empty when the bureau has configured nothing. Entitlements get it through
    ``waibao.entitlements.bureau_overlay`` (the one place they are computed with it)."""
    from waibao.policy.models import ParameterOverride

    found: dict[str, dict[str, str | None]] = {}
    for name, start, value in ParameterOverride.objects.order_by(
        "parameter", "effective_from", "set_at", "id"
    ).values_list("parameter", "effective_from", "value"):
        found.setdefault(name, {})[start.isoformat()] = value
    return found


def configurable_jurisdictions(user: Any) -> list[str]:
    """The policy texts whose parameters ``user`` may set: every one for a system
    administrator; for a city administrator those applying inside its region (a city's
    administrator: the city's text, not its province's). Where a text applies is its
    folder's region code (``waibao.jurisdictions``)."""
    region = permissions.region_scope(user, permissions.CONFIGURE_POLICY)
    if region is None:
        return []
    prefix = permissions.region_prefix(region)  # "" for a system administrator: every text
    return [found.slug for found in catalogue.jurisdictions() if found.region.startswith(prefix)]


@dataclass(frozen=True)
class Decision:
    value: str | None
    effective_from: dt.date
    reason: str
    set_by: str
    set_at: dt.datetime


@dataclass(frozen=True)
class ClauseRef:
    id: str
    citation: str
    text: str
    amount_type: str | None
    discretionary: bool
    title: str = ""  # in the language asked for (issue 21)


@dataclass(frozen=True)
class ParameterRow:
    name: str
    jurisdiction: str
    type: str
    description: str
    citation: str
    phrase: str
    clauses: list[ClauseRef]
    law: list[tuple[dt.date, Any]]  # the text's own values, as written
    current: Any  # the value in force today, overlay applied (None: not configured)
    current_since: dt.date | None
    current_source: str  # "law" or "bureau"
    decisions: list[Decision]


def _raw_on(values: list[tuple[dt.date, Any]], day: dt.date) -> tuple[Any, dt.date | None]:
    current: Any = None
    since: dt.date | None = None
    for start, value in values:
        if start <= day:
            current, since = value, start
    return current, since


def parameter_rows(
    jurisdictions: list[str], *, today: dt.date | None = None, language: str = "zh-hans"
) -> list[ParameterRow]:
    """Every configurable parameter of ``jurisdictions``, in document order, with the clause
    it serves (citation and text), the law's values, the value in force ``today`` and every
    decision the bureau took about it."""
    from waibao.policy.models import ParameterOverride
    from waibao.rules import parameters, registry

    today = today or timezone.localdate()
    law = parameters()
    current = law.overlay(overlay() or {})
    decided: dict[str, list[Decision]] = {}
    for row in ParameterOverride.objects.select_related("set_by").order_by("-set_at", "-id"):
        decided.setdefault(row.parameter, []).append(
            Decision(
                row.value, row.effective_from, row.reason, row.set_by.get_username(), row.set_at
            )
        )
    clauses_of: dict[str, list[ClauseRef]] = {}
    order: list[str] = []
    for clause in registry():
        for name in clause.params:
            if CONFIGURED_MARK not in name:
                continue
            if name not in clauses_of:
                order.append(name)
            clauses_of.setdefault(name, []).append(
                ClauseRef(
                    clause.id,
                    clause.citation,
                    clause.text,
                    clause.amount_type,
                    clause.discretionary,
                    clause.title(language),
                )
            )
    rows = []
    for name in order:
        if jurisdiction_of(name) not in jurisdictions:
            continue
        parameter, overlaid = law[name], current[name]
        value, since = _raw_on(overlaid.raw_values, today)
        law_value, law_since = _raw_on(parameter.raw_values, today)
        source = "law" if (value, since) == (law_value, law_since) else "bureau"
        rows.append(
            ParameterRow(
                name=name,
                jurisdiction=jurisdiction_of(name),
                type=parameter.type,
                description=parameter.describe(language),
                citation=parameter.citation.text(),
                phrase=parameter.citation.phrase,
                clauses=clauses_of[name],
                law=list(parameter.raw_values),
                current=value,
                current_since=since,
                current_source=source,
                decisions=decided.get(name, []),
            )
        )
    return rows
