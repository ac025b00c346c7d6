"""``--explain``: per row, the facts and parameters used (with their citations), the
arithmetic (the row's explanation) and the clause text. Runs on the output rows only."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import polars as pl

from waibao.money import format_fen
from waibao.rules.formula import FORMULAS
from waibao.rules.params import Parameter, ParameterSet
from waibao.rules.registry import clause as find_clause


def _show(parameter: Parameter, value: Any) -> Any:
    if value is None:
        return None
    if parameter.type in ("amount", "amount_usd"):
        return format_fen(value)
    if parameter.type == "rate":
        rate = Fraction(value)
        return f"{rate.numerator}/{rate.denominator}"
    if parameter.type == "level_tiers":
        return {level: format_fen(fen) for level, fen in value.items()}
    if parameter.type == "threshold_tiers":
        return [{"at": format_fen(at), "amount": format_fen(fen)} for at, fen in value]
    if parameter.type == "set":
        return list(value)
    return value


def _fact(value: Any, name: str) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and name.endswith(("_cny", "_usd")):
        return format_fen(value)
    if isinstance(value, list):
        return [
            {
                key: _fact(item_value, key)
                for key, item_value in entry.items()
                if item_value is not None
            }
            for entry in value
        ]
    return value


def explain_rows(
    rows: list[dict[str, Any]],
    result: pl.DataFrame,
    facts: pl.DataFrame,
    params: ParameterSet,
    *,
    as_of: dt.date | None,
    language: str = "en",
) -> list[dict[str, Any]]:
    records = {row["_row"]: row for row in facts.to_dicts()}
    record_rows = result.get_column("_row").to_list()
    explained = []
    for row, record_index in zip(rows, record_rows, strict=True):
        clause = find_clause(row["clause"])
        formula = FORMULAS[clause.id]
        record = records[record_index]
        day = as_of or dt.date(int(row["year"]), 12, 31)
        used = [*formula.needs, *formula.uses]
        if clause.requires_statistics:
            used.append("statistics_reported")
        if formula.one_time:
            used.append("awards_received")
        explained.append(
            {
                **row,
                "facts": {name: _fact(record.get(name), name) for name in dict.fromkeys(used)},
                "parameters": [
                    {
                        "name": name,
                        "value": _show(params[name], params[name].value_on(day)),
                        "in_force_on": day.isoformat(),
                        "citation": params[name].citation.text(),
                        "source_phrase": params[name].citation.phrase,
                        **(
                            {"source": params[name].citation.source_on(day, language)}
                            if params[name].citation.source_on(day)
                            else {}
                        ),
                    }
                    for name in clause.params
                ],
                "rule": clause.rule,
                "clause_text": clause.text,
            }
        )
    return explained
