"""Writing indicator rows exactly as STATS.md: JSON, CSV and XLSX with the same columns.

Amounts are strings with two decimals (``"1234.50"``), counts integers, ``executed_usd_yoy`` a
string with four decimals (half up) or null. Nothing here is a float.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from waibao.money import format_fen, round_half_up
from waibao.spreadsheets import csv_writer, workbook, xlsx_append
from waibao.stats.indicators import AMOUNTS, INDICATORS, PREVIOUS_EXECUTED, yoy

FORMATS = ("json", "csv", "xlsx")


def format_ratio(value: Fraction | None, places: int = 4) -> str | None:
    """An exact ratio as a string with ``places`` decimals, half up (``-0.0625`` stays)."""
    if value is None:
        return None
    scaled = round_half_up(value * 10**places)
    sign = "-" if scaled < 0 else ""
    whole, frac = divmod(abs(scaled), 10**places)
    return f"{sign}{whole}.{frac:0{places}d}"


def present(rows: Sequence[dict[str, Any]], by: Sequence[str]) -> list[dict[str, Any]]:
    """Rows of Python ints as STATS.md objects: grouping fields, ``year``, every indicator."""
    out = []
    for row in rows:
        item: dict[str, Any] = {name: row[name] for name in by}
        item["year"] = row["year"]
        for name in INDICATORS:
            if name == PREVIOUS_EXECUTED:
                item[name] = format_ratio(yoy(row["executed_usd"], row[PREVIOUS_EXECUTED]))
            elif name in AMOUNTS:
                item[name] = format_fen(row[name])
            else:
                item[name] = row[name]
        out.append(item)
    return out


def columns(by: Sequence[str]) -> list[str]:
    return [*by, "year", *INDICATORS]


def to_json(items: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(items), ensure_ascii=False, indent=2) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_csv(items: Sequence[dict[str, Any]], by: Sequence[str]) -> str:
    return table_csv(items, columns(by))


def table_csv(items: Sequence[dict[str, Any]], names: Sequence[str]) -> str:
    """``items`` as CSV with the columns ``names`` (the header), ``None`` an empty cell."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for item in items:
        writer.writerow([_cell(item[name]) for name in names])
    return buffer.getvalue()


def to_xlsx(items: Sequence[dict[str, Any]], by: Sequence[str]) -> bytes:
    """One sheet ``indicators`` with the JSON's columns; amounts stay exact decimal text."""
    return table_xlsx(items, columns(by), "indicators")


def table_xlsx(items: Sequence[dict[str, Any]], names: Sequence[str], title: str) -> bytes:
    """One sheet ``title`` with the columns ``names``; values as the JSON has them."""
    book = workbook()
    sheet = book.active
    sheet.title = title
    xlsx_append(sheet, names)
    for item in items:
        xlsx_append(sheet, [_xlsx_cell(item[name]) for name in names])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
