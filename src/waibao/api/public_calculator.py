"""``POST /api/calculator``: the public policy calculator for machines, no sign-in, nothing
stored. The body is ``{"records": [FACTS.md record, ...]}`` (the records of a facts file);
the answer, per record, every clause of its jurisdiction with amount, explanation, parameters,
citation and clause text, those that apply first. Bounds as the page's
(``waibao.readmodel.public_calculator``): 413 beyond ``MAX_BYTES`` or ``MAX_RECORDS``, 429 beyond
the per-minute limit of one address, 400 with every problem of every record otherwise."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from waibao.api.calculator import CalculatorRowOut, _row_out
from waibao.api.language import request_language
from waibao.facts import schema as facts_schema
from waibao.imports import facts_wording
from waibao.readmodel import public_calculator as service
from waibao.years import FACTS_FILE_YEARS

router = Router(tags=["calculator"])


class PublicResultOut(Schema):
    uscc: str
    name: str
    year: int
    jurisdiction: str
    rows: list[CalculatorRowOut]


class PublicCalculatorOut(Schema):
    results: list[PublicResultOut]


class ProblemOut(Schema):
    detail: str
    errors: list[str] = []


_AMOUNT = {
    "anyOf": [
        {"type": "string", "pattern": r"^\d{1,13}(\.\d{1,2})?$"},
        {"type": "integer", "minimum": 0},
    ],
    "description": "a decimal string (at most two decimals) or an integer: never a float",
}


def _checker_schema(check: Any) -> dict[str, Any]:
    """The JSON Schema of one FACTS.md field, from its validator (documentation and test
    generation only: ``waibao.facts`` validates)."""
    if check is facts_schema.check_amount:
        return dict(_AMOUNT)
    if check in (facts_schema.check_int, facts_schema.check_level_int):
        return {"type": "integer", "minimum": 0, "maximum": facts_schema.MAX_COUNT}
    if check is facts_schema.check_year:
        return {"type": "integer", "minimum": FACTS_FILE_YEARS[0], "maximum": FACTS_FILE_YEARS[1]}
    if check is facts_schema.check_bool:
        return {"type": "boolean"}
    if check is facts_schema.check_date:
        return {"type": "string", "format": "date"}
    if check is facts_schema.check_uscc:
        return {"type": "string", "pattern": "^[0-9A-Z]{18}$"}
    if check is facts_schema.check_region:
        return {"type": "string", "pattern": r"^\d{6}$"}
    choices = getattr(check, "__closure__", None)
    if choices:
        values = choices[0].cell_contents
        if isinstance(values, tuple) and all(isinstance(v, str) for v in values):
            return {"type": "string", "enum": list(values)}
    return {"type": "string"}


def facts_record_schema() -> dict[str, Any]:
    """A FACTS.md record as JSON Schema, from ``waibao.facts.schema``'s own tables."""
    properties: dict[str, Any] = {
        name: _checker_schema(check) for name, check in facts_schema.SCALARS.items()
    }
    for name, fields in facts_schema.LISTS.items():
        properties[name] = {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {f: _checker_schema(c) for f, (c, _r) in fields.items()},
                "required": [f for f, (_c, required) in fields.items() if required],
                "additionalProperties": False,
            },
        }
    return {
        "type": "object",
        "properties": properties,
        "required": list(facts_schema.REQUIRED),
        "additionalProperties": False,
    }


REQUEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "records": {
                            "type": "array",
                            "minItems": 1,
                            "maxItems": service.MAX_RECORDS,
                            "items": facts_record_schema(),
                        }
                    },
                    "required": ["records"],
                }
            }
        },
        "description": f"FACTS.md records (at most {service.MAX_RECORDS}, "
        f"{service.MAX_BYTES // 1024} KB); nothing is stored",
    }
}


def _problem(status: int, detail: str, errors: list[str] | None = None) -> HttpResponse:
    """A refusal in the caller's language: under Chinese each line said by its shape
    (``waibao.imports.facts_wording``, positions kept), under English as written."""
    body = {
        "detail": facts_wording.shown(detail),
        "errors": facts_wording.shown_lines(errors or []),
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


@router.post(
    "/calculator",
    auth=None,
    response={200: PublicCalculatorOut, 400: ProblemOut, 413: ProblemOut, 429: ProblemOut},
    summary="政策试算 (公开) / public calculator: clauses for facts sent, nothing stored",
    openapi_extra=REQUEST_BODY,
)
def public_calculator(request: HttpRequest) -> HttpResponse:
    """No sign-in. Amounts are yuan as decimal strings; per record, the rows that apply
    first, each with explanation and citation, then those that do not, with the reason."""
    from waibao.facts.schema import FactsError

    if service.body_too_large(request):
        return _problem(413, f"request body above {service.MAX_BYTES // 1024} KB")
    if not service.rate_allows(request):
        return _problem(429, "too many calculations from this address: wait a minute")
    try:
        body = json.loads(request.body or b"null", parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        return _problem(400, f"body: not valid JSON: {error}")
    records = body.get("records") if isinstance(body, dict) else None
    if not isinstance(records, list):
        return _problem(400, 'body: a JSON object {"records": [FACTS.md record, ...]} expected')
    try:
        results = service.public_calculate(records, request_language(request))
    except service.TooLarge as error:
        return _problem(413, str(error))
    except FactsError as error:
        return _problem(400, "facts: not valid", error.errors)
    data = PublicCalculatorOut.model_validate(
        {
            "results": [
                {
                    "uscc": r.uscc,
                    "name": r.name,
                    "year": r.year,
                    "jurisdiction": r.jurisdiction,
                    "rows": [_row_out(row) for row in r.rows],
                }
                for r in results
            ]
        }
    ).model_dump()
    from waibao.api.urls import api

    rendered = api.renderer.render(request, data, response_status=200)
    return HttpResponse(
        rendered, content_type=f"{api.renderer.media_type}; charset={api.renderer.charset}"
    )
