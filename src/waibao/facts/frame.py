"""The facts frame: one row per organisation-year, the shape the rules engine evaluates.

Columns keep the FACTS.md names. Amounts are ``Int64`` hundredths (fen for ``*_cny``, cents
for ``*_usd``); list fields are ``List(Struct)`` columns whose amounts are ``Int64`` too. A
``null`` cell (or a ``null`` list) means the fact is unknown; an empty list means "none".
``_row`` is the record's position, so every entitlement can be traced back to its record.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from waibao.facts.schema import AMOUNT_FIELDS, BOOL_FIELDS, DATE_FIELDS, INT_FIELDS, LISTS

STRING_FIELDS = ("uscc", "name", "jurisdiction", "region_code", "kind")

LIST_DTYPES: dict[str, pl.DataType] = {
    "certifications": pl.List(
        pl.Struct(
            {
                "scheme": pl.String,
                "level": pl.Int64,
                "event": pl.String,
                "date": pl.Date,
                "cost_cny": pl.Int64,
            }
        )
    ),
    "recognitions": pl.List(
        pl.Struct(
            {
                "kind": pl.String,
                "level": pl.String,
                "date": pl.Date,
                "operating_years": pl.Int64,
                "has_public_it_platform": pl.Boolean,
            }
        )
    ),
    "trainings": pl.List(
        pl.Struct(
            {"trainee": pl.String, "people": pl.Int64, "cost_cny": pl.Int64, "hired": pl.Int64}
        )
    ),
    "expenses": pl.List(
        pl.Struct({"kind": pl.String, "amount_cny": pl.Int64, "area_sqm": pl.Int64})
    ),
    "awards_received": pl.List(
        pl.Struct({"clause": pl.String, "year": pl.Int64, "amount_cny": pl.Int64})
    ),
    "violations": pl.List(pl.Struct({"kind": pl.String, "date": pl.Date, "restored": pl.Date})),
}


def frame_schema() -> dict[str, pl.DataType]:
    """The facts frame's columns and types, in order."""
    schema: dict[str, pl.DataType] = {"_row": pl.Int64()}
    for name in STRING_FIELDS:
        schema[name] = pl.String()
    for name in INT_FIELDS:
        schema[name] = pl.Int64()
    for name in AMOUNT_FIELDS:
        schema[name] = pl.Int64()
    for name in BOOL_FIELDS:
        schema[name] = pl.Boolean()
    for name in DATE_FIELDS:
        schema[name] = pl.Date()
    schema.update(LIST_DTYPES)
    assert set(LIST_DTYPES) == set(LISTS)
    return schema


def to_frame(records: list[dict[str, Any]]) -> pl.DataFrame:
    """Validated records (``waibao.facts.validate_records``) as the facts frame."""
    schema = frame_schema()
    columns: dict[str, list[Any]] = {name: [] for name in schema}
    for index, record in enumerate(records):
        columns["_row"].append(index)
        for name in schema:
            if name != "_row":
                columns[name].append(record.get(name))
    return pl.DataFrame(columns, schema=schema)
