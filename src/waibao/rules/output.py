"""Entitlement rows written from their columns: JSON, JSON Lines, CSV and XLSX without a
Python dict per row (issue 20; docs/decisions/0014-facts-as-columns.md).

Each format gives exactly the bytes the per-row writers gave (``json.dumps(rows,
ensure_ascii=False, indent=1)``, ``csv.writer(lineterminator="\\n")``, openpyxl's write-only
sheet): the text of every cell is built by Polars for a whole column at once, in slices so
that a large result never sits in memory as one string.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

import polars as pl

SLICE_ROWS = 200_000

# json.dumps(ensure_ascii=False) escapes the backslash, the quote and the C0 controls only
_JSON_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_CONTROL = r"[\x00-\x1f]"


def _json_string(column: pl.Expr, controls: bool) -> pl.Expr:
    text = column.str.replace_all("\\", "\\\\", literal=True).str.replace_all(
        '"', '\\"', literal=True
    )
    if controls:
        for code in range(0x20):
            char = chr(code)
            escaped = _JSON_ESCAPES.get(char, f"\\u{code:04x}")
            text = text.str.replace_all(char, escaped, literal=True)
    return pl.when(column.is_null()).then(pl.lit("null")).otherwise(pl.format('"{}"', text))


def _boolean(column: pl.Expr, true: str, false: str, null: str) -> pl.Expr:
    return (
        pl.when(column.is_null())
        .then(pl.lit(null))
        .when(column)
        .then(pl.lit(true))
        .otherwise(pl.lit(false))
    )


def _json_value(frame: pl.DataFrame, name: str) -> pl.Expr:
    column, dtype = pl.col(name), frame.schema[name]
    if dtype == pl.String:
        controls = bool(frame.select(column.str.contains(_CONTROL).any()).item())
        return _json_string(column, controls)
    if dtype == pl.Boolean:
        return _boolean(column, "true", "false", "null")
    if dtype.is_integer():
        return column.cast(pl.String).fill_null("null")
    raise TypeError(f"no JSON writer for column {name} of type {dtype}")


def _texts(
    frame: pl.DataFrame, line: Callable[[pl.DataFrame], pl.Expr], separator: str
) -> Iterator[str]:
    """The rows' texts joined by ``separator``, a slice at a time."""
    for start in range(0, frame.height, SLICE_ROWS):
        part = frame.slice(start, SLICE_ROWS)
        yield part.select(line(part).str.join(separator)).item()


def write_json(rows: pl.DataFrame, out: TextIO) -> None:
    """As ``json.dumps(rows.to_dicts(), ensure_ascii=False, indent=1) + "\\n"``."""
    if rows.height == 0:
        out.write("[]\n")
        return

    def line(part: pl.DataFrame) -> pl.Expr:
        members = []
        for index, name in enumerate(part.columns):
            lead = (" {\n" if index == 0 else ",\n") + f"  {json.dumps(name)}: "
            members += [pl.lit(lead), _json_value(part, name)]
        return pl.concat_str([*members, pl.lit("\n }")])

    out.write("[\n")
    for index, text in enumerate(_texts(rows, line, ",\n")):
        out.write((",\n" if index else "") + text)
    out.write("\n]\n")


def write_jsonl(rows: pl.DataFrame, out: TextIO) -> None:
    """One ``json.dumps(row, ensure_ascii=False)`` a line (FACTS.md: JSON Lines)."""

    def line(part: pl.DataFrame) -> pl.Expr:
        members = []
        for index, name in enumerate(part.columns):
            lead = ("{" if index == 0 else ", ") + f"{json.dumps(name)}: "
            members += [pl.lit(lead), _json_value(part, name)]
        return pl.concat_str([*members, pl.lit("}\n")])

    for text in _texts(rows, line, ""):
        out.write(text)


def _csv_value(frame: pl.DataFrame, name: str) -> pl.Expr:
    column, dtype = pl.col(name), frame.schema[name]
    if dtype == pl.String:
        quoted = pl.format('"{}"', column.str.replace_all('"', '""', literal=True))
        needs_quotes = column.str.contains('[,"\n]')
        return pl.when(needs_quotes).then(quoted).otherwise(column).fill_null("")
    if dtype == pl.Boolean:
        return _boolean(column, "True", "False", "")
    if dtype.is_integer():
        return column.cast(pl.String).fill_null("")
    raise TypeError(f"no CSV writer for column {name} of type {dtype}")


def write_csv(rows: pl.DataFrame, out: TextIO) -> None:
    """As ``csv.writer(out, lineterminator="\\n")`` writing the header and every row."""
    out.write(",".join(rows.columns) + "\n")
    strings = [name for name, dtype in rows.schema.items() if dtype == pl.String]
    if strings and rows.select(pl.any_horizontal(pl.col(strings).str.contains("\r")).any()).item():
        # how the csv module quotes a carriage return has changed between Python versions
        writer = csv.writer(out, lineterminator="\n")
        writer.writerows(rows.iter_rows())
        return

    def line(part: pl.DataFrame) -> pl.Expr:
        cells = [_csv_value(part, name) for name in part.columns]
        return pl.concat_str(cells, separator=",") + "\n"

    for text in _texts(rows, line, ""):
        out.write(text)


def write_xlsx(rows: pl.DataFrame, path: str | Path) -> None:
    """One sheet "entitlements", the header then every row (amounts stay text: Excel would
    turn them into binary floats)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("entitlements")
    sheet.append(rows.columns)
    for row in rows.iter_rows():
        sheet.append(row)
    workbook.save(path)


def text_of(write: Callable[[pl.DataFrame, TextIO], None], rows: pl.DataFrame) -> str:
    """What ``write`` writes, as one string (for tests and small results)."""
    buffer = io.StringIO()
    write(rows, buffer)
    return buffer.getvalue()
