"""Reading and writing facts files: a JSON array, or JSON Lines with one record a line.

Numbers with a fraction or an exponent are parsed as ``Decimal`` (never ``float``), so the
validator can refuse them by name instead of silently turning 0.1 into money.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from waibao.facts.schema import FactsError, FieldError, validate_record

TOO_DEEP = "nested too deeply"  # Python's parser would overflow its stack


def parse_json_text(text: str, *, source: str = "facts") -> list[Any]:
    """The raw records of a facts text: a JSON array, or JSON Lines (blank lines skipped)."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as error:
            raise FactsError([f"{source}: not valid JSON: {error}"]) from error
        except RecursionError as error:
            raise FactsError([f"{source}: not valid JSON: {TOO_DEEP}"]) from error
        if not isinstance(data, list):
            raise FactsError([f"{source}: a JSON array of records was expected"])
        return data
    records: list[Any] = []
    errors: list[str] = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line, parse_float=Decimal))
        except json.JSONDecodeError as error:
            errors.append(f"{source}: line {line_number}: not valid JSON: {error.msg}")
        except RecursionError:
            errors.append(f"{source}: line {line_number}: not valid JSON: {TOO_DEEP}")
    if errors:
        raise FactsError(errors)
    return records


def validate_records(raw_records: Iterable[Any]) -> list[dict[str, Any]]:
    """Every record validated; raises ``FactsError`` listing all problems of all records."""
    errors: list[FieldError] = []
    records: list[dict[str, Any]] = []
    seen: dict[tuple[str, int], int] = {}
    for number, raw in enumerate(raw_records, start=1):
        record = validate_record(raw, number, errors)
        if record is None:
            continue
        key = (record["uscc"], record["year"])
        if key in seen:
            errors.append(
                FieldError(number, "uscc", f"{key[0]} {key[1]} repeats record {seen[key]}")
            )
            continue
        seen[key] = number
        records.append(record)
    if errors:
        raise FactsError([str(error) for error in errors])
    return records


def load_facts(path: str | Path) -> list[dict[str, Any]]:
    """Read and validate a facts file (JSON array or JSON Lines)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FactsError([f"{file}: cannot read: {error}"]) from error
    return validate_records(parse_json_text(text, source=str(file)))


def loads_facts(text: str) -> list[dict[str, Any]]:
    """Validate a facts text (JSON array or JSON Lines)."""
    return validate_records(parse_json_text(text))


def dump_record(record: dict[str, Any]) -> dict[str, Any]:
    """A validated record (fen inside) back to its JSON form (two-decimal strings)."""
    from waibao.facts.schema import AMOUNT_FIELDS, LISTS
    from waibao.money import format_fen

    out: dict[str, Any] = {}
    for name, value in record.items():
        if name in LISTS:
            out[name] = [
                {
                    key: (
                        format_fen(item_value)
                        if key.endswith(("_cny", "_usd")) and item_value is not None
                        else item_value.isoformat()
                        if hasattr(item_value, "isoformat")
                        else item_value
                    )
                    for key, item_value in item.items()
                    if item_value is not None
                }
                for item in value
            ]
        elif name in AMOUNT_FIELDS:
            out[name] = format_fen(value)
        elif hasattr(value, "isoformat"):
            out[name] = value.isoformat()
        else:
            out[name] = value
    return out
