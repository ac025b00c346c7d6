"""The enterprise policy calculator as JSON: one organisation's entitlements for a year, every
clause of its jurisdiction (those that do not apply with the reason), each with its
explanation, parameters and clause text. Scoped by ``waibao.permissions``: an enterprise sees
only itself; staff with contract rights name a ``uscc`` within their scope (404 outside)."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from ninja import Router, Schema
from ninja.errors import HttpError

from waibao import permissions
from waibao.api.language import request_language
from waibao.readmodel import calculator as calculator_reads
from waibao.readmodel.cache import cached_figure
from waibao.readmodel.years import parse_year
from waibao.web.auth import require
from waibao.web.params import Year

router = Router(tags=["calculator"])


class CalculatorRowOut(Schema):
    clause: str
    title: str
    kind: str
    applies: bool
    amount_cny: str | None
    min_cny: str | None
    discretionary: bool
    citation: str
    explanation: str
    reason: str | None
    rule: str
    clause_text: str
    parameters: list[dict[str, Any]]
    facts: dict[str, Any]


class CalculatorOut(Schema):
    uscc: str
    name: str
    year: int
    rows: list[CalculatorRowOut]


def _row_out(row: calculator_reads.CalculatorRow) -> dict[str, Any]:
    data = dataclasses.asdict(row)
    data["amount_cny"] = data.pop("amount")
    data["min_cny"] = data.pop("minimum")
    return data


@router.get(
    "/calculator/{year}",
    response=CalculatorOut,
    summary="政策计算器 / one organisation's entitlements for a year",
)
def calculator(request: HttpRequest, year: Year, uscc: str | None = None) -> HttpResponse:
    """``uscc``: required for staff (an organisation in the caller's scope), optional for an
    enterprise (its own only). Amounts are yuan as decimal strings; rows that apply first.
    Titles, explanations and reasons follow ``Accept-Language``: Chinese by default, English
    for ``en``."""
    user = require(request, permissions.VIEW_CONTRACT)
    if parse_year(str(year), year) is None:
        raise HttpError(400, f"year {year}: not a year Waibao holds facts for")
    if not permissions.acts_for_one_organisation(user) and not uscc:
        raise HttpError(400, "uscc: required (the organisation to calculate for)")
    organisation = calculator_reads.calculator_organisation(user, uscc)
    if organisation is None:
        raise HttpError(404, "organisation not found in your scope")
    # The checks above run on every request; the body, validated against CalculatorOut and
    # rendered once, is cached under the data version (the organisation's name included).
    language = request_language(request)
    content = cached_figure(
        "calculator-json",
        [organisation.uscc, year, language],
        lambda: _rendered(request, organisation, year, language),
    )
    from waibao.api.urls import api

    renderer = api.renderer
    response = HttpResponse(
        content, content_type=f"{renderer.media_type}; charset={renderer.charset}"
    )
    response["Content-Language"] = language
    patch_vary_headers(response, ["Accept-Language"])
    return response


def _rendered(request: HttpRequest, organisation: Any, year: int, language: str) -> bytes:
    rows = calculator_reads.calculator_rows(organisation, year, claims=False, language=language)
    data = CalculatorOut.model_validate(
        {
            "uscc": organisation.uscc,
            "name": organisation.name,
            "year": year,
            "rows": [_row_out(r) for r in rows],
        }
    ).model_dump()
    from waibao.api.urls import api

    rendered = api.renderer.render(request, data, response_status=200)
    return rendered.encode() if isinstance(rendered, str) else bytes(rendered)
