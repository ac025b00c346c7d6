"""The bureau's parameter overlay as JSON: what the parameters page shows and sets.

``configure_policy`` only (city administrators for their own city's policy text, system
administrators for every text); anyone else 403, a parameter outside the caller's texts or
not configurable 404. A setting is dated, has a reason and is audited
(``waibao.policy.services.parameter_set``); values are text as in a parameter file (``"30%"``,
yuan ``"50000.00"``), ``null`` for "not configured". 免申即享 is set per fund clause with
``POST /api/funds/{code}/clauses/{clause}`` (the funds' own rule: the fund's city admin).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from waibao import permissions
from waibao.api.language import request_language
from waibao.funds.selectors import fund_clause_rows
from waibao.policy import selectors, services
from waibao.web.auth import require

router = Router(tags=["policy"])


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


class DatedValueOut(Schema):
    effective_from: dt.date
    value: str | None


class DecisionOut(Schema):
    value: str | None
    effective_from: dt.date
    reason: str
    set_by: str
    set_at: dt.datetime


class ClauseRefOut(Schema):
    id: str
    title: str
    citation: str
    text: str
    discretionary: bool


class ParameterOut(Schema):
    name: str
    jurisdiction: str
    type: str
    description: str
    citation: str
    clauses: list[ClauseRefOut]
    law: list[DatedValueOut]
    current: str | None
    current_since: dt.date | None
    current_source: str
    decisions: list[DecisionOut]


class ParameterIn(Schema):
    value: str | None = None
    effective_from: str
    reason: str


class ParameterRefusedOut(Schema):
    detail: str
    problems: dict[str, str]


class FundClauseOut(Schema):
    fund_code: str
    fund_name: str
    clause: str
    citation: str
    text: str
    automatic: bool
    may_change: bool


def _parameter_out(row: selectors.ParameterRow) -> dict[str, Any]:
    return {
        "name": row.name,
        "jurisdiction": row.jurisdiction,
        "type": row.type,
        "description": row.description,
        "citation": row.citation,
        "clauses": [vars(c) for c in row.clauses],
        "law": [{"effective_from": d, "value": _text(v)} for d, v in row.law],
        "current": _text(row.current),
        "current_since": row.current_since,
        "current_source": row.current_source,
        "decisions": [vars(d) for d in row.decisions],
    }


@router.get(
    "/parameters", response=list[ParameterOut], summary="政策参数设置 / the bureau's parameters"
)
def parameter_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The parameters the caller may configure, each with its clause, the law's values, the
    value in force today (``current_source``: ``law`` or ``bureau``) and every decision."""
    user = require(request, permissions.CONFIGURE_POLICY)
    rows = selectors.parameter_rows(
        selectors.configurable_jurisdictions(user), language=request_language(request)
    )
    return [_parameter_out(r) for r in rows]


@router.get(
    "/parameters/automatic",
    response=list[FundClauseOut],
    summary="免申即享条款 / fund clauses paid without application",
)
def automatic_list(request: HttpRequest) -> list[dict[str, Any]]:
    user = require(request, permissions.CONFIGURE_POLICY)
    return [vars(r) for r in fund_clause_rows(user)]


@router.post(
    "/parameters/{name}",
    response={201: ParameterOut, 400: ParameterRefusedOut},
    summary="设定政策参数 / set a parameter from a date",
)
def parameter_set(request: HttpRequest, name: str, body: ParameterIn) -> Any:
    user = require(request, permissions.CONFIGURE_POLICY)
    services.parameter_set(
        actor=user,
        parameter=name,
        value=body.value,
        effective_from=body.effective_from,
        reason=body.reason,
    )
    [row] = [
        r
        for r in selectors.parameter_rows(
            [selectors.jurisdiction_of(name)], language=request_language(request)
        )
        if r.name == name
    ]
    return Status(201, _parameter_out(row))
