"""Waibao's rules engine: the five policy texts as dated, cited parameters and vectorised
formulas over organisation-year facts (FACTS.md). Pure Python: Polars and PyYAML, never
Django (a test enforces it).

Public API (other packages call these names):

- ``entitlements(records, *, include_all=False, explain=False, reform=None, as_of=None)``
  -> FACTS.md entitlement rows;
- ``registry()`` -> every ``Clause`` (id, kind, citation, source phrase, rule, text,
  parameters, validity) for the policy library and the funds app;
- ``evaluate_frame(facts_frame, ...)`` -> the same rows as a Polars frame, amounts in fen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from waibao.rules.engine import evaluate_frame, rows_from_frame
from waibao.rules.explain import explain_rows
from waibao.rules.params import ParameterError, ParameterSet
from waibao.rules.reform import compare_reform, reform_parameters
from waibao.rules.registry import Clause, Document, clause, parameters, registry

__all__ = [
    "Clause",
    "Document",
    "ParameterError",
    "ParameterSet",
    "clause",
    "compare_reform",
    "entitlements",
    "evaluate_frame",
    "facts_frame",
    "parameters",
    "registry",
]


def facts_frame(records: Iterable[Mapping[str, Any]] | pl.DataFrame) -> pl.DataFrame:
    """A facts frame from raw FACTS.md records (validated; ``FactsError`` lists every
    problem) or an existing frame."""
    if isinstance(records, pl.DataFrame):
        return records
    from waibao.facts import to_frame, validate_records

    return to_frame(validate_records(list(records)))


def entitlements(
    records: Iterable[Mapping[str, Any]] | pl.DataFrame,
    *,
    include_all: bool = False,
    explain: bool = False,
    reform: Mapping[str, Any] | None = None,
    as_of: dt.date | None = None,
    language: str = "en",
) -> list[dict[str, Any]]:
    """FACTS.md entitlement rows for every record and every applicable clause.

    ``records``: FACTS.md records (JSON-shaped dicts, amounts as decimal strings) or a facts
    frame. ``include_all`` adds the rows that do not apply (``applies``/``reason``);
    ``explain`` adds the facts, parameters (with citations) and clause text behind each row;
    ``reform`` overlays parameters (``{"parameters": {name: {date: value}}}``); ``as_of``
    evaluates parameters as in force on that date instead of each record's year end;
    ``language`` (``zh-hans`` or ``en``, the default) is the language of explanations and
    reasons (docs/decisions/0017-rules-texts-in-chinese.md).
    """
    frame = facts_frame(records)
    overlay = reform_parameters(reform) if reform else None
    result = evaluate_frame(
        frame, include_all=include_all, reform=overlay, as_of=as_of, language=language
    )
    rows = rows_from_frame(result, include_all=include_all)
    if explain:
        params = parameters().overlay(overlay) if overlay else parameters()
        rows = explain_rows(rows, result, frame, params, as_of=as_of, language=language)
    return rows
