"""Entitlement rows written from their columns: JSON, JSON Lines, CSV and XLSX without a
Python dict per row (issue 20; docs/decisions/0014-facts-as-columns.md).

Each format gives exactly the bytes the per-row writers gave (``json.dumps(rows,
ensure_ascii=False, indent=1)``, the formula-safe :func:`waibao.spreadsheets.csv_writer`
and write-only sheet): the text of every row is built by Polars for a whole column at once
and written by Polars' own writer as raw lines (``quote_style="never"``), in slices, so that a
large result never becomes a Python string per row or one for the whole.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl

from waibao.rules.formula import YUAN_DECIMAL
from waibao.spreadsheets import FORMULA_STARTS, csv_writer, workbook, xlsx_append

SLICE_ROWS = 200_000
FEW = 4096  # a column with at most this many distinct texts is encoded text by text

# json.dumps(ensure_ascii=False) escapes the backslash, the quote and the C0 controls only
_JSON_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_CONTROL = r"[\x00-\x1f]"
# waibao.spreadsheets.formula_like as two regular expressions for Polars
_FORMULA_START = "^[" + "".join(f"\\x{{{ord(c):x}}}" for c in FORMULA_STARTS) + "]"
_PLAIN_NUMBER = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$"


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


def _json_value(frame: pl.DataFrame, name: str) -> tuple[pl.Expr, bool]:
    """The JSON text of a column's values, and whether it still needs its quotes around it
    (a text without nulls and without anything to escape is written as it is, between
    quotes the row's literal pieces carry)."""
    column, dtype = pl.col(name), frame.schema[name]
    if dtype == pl.String:
        values = frame.get_column(name)
        # more than FEW distinct among the first rows means more than FEW in all: the
        # column of explanations (one a row) is then not made unique, which cost 0.4 s
        many = values.head(16 * FEW).drop_nulls().n_unique() > FEW
        distinct = None if many else values.drop_nulls().unique()
        if distinct is not None and len(distinct) <= FEW:
            # clause ids, kinds, citations: each distinct text encoded once by json itself
            texts = distinct.to_list()
            encoded = [json.dumps(text, ensure_ascii=False) for text in texts]
            return column.replace_strict(texts, encoded, default=None).fill_null("null"), False
        if not values.str.contains(r'["\\\x00-\x1f]').any():
            if not values.null_count():
                return column, True
            return pl.when(column.is_null()).then(pl.lit("null")).otherwise(
                pl.format('"{}"', column)
            ), False
        controls = bool(values.str.contains(_CONTROL).any())
        return _json_string(column, controls), False
    if dtype == pl.Boolean:
        return _boolean(column, "true", "false", "null"), False
    if dtype.is_integer():
        return column.cast(pl.String).fill_null("null"), False
    raise TypeError(f"no JSON writer for column {name} of type {dtype}")


def _json_object(frame: pl.DataFrame, first: str, between: str, last: str) -> pl.Expr:
    """Each row as a JSON object: ``first`` before the first member, ``between`` before the
    others (each followed by the quoted name, ``: `` and the value), ``last`` after."""
    pieces: list[str | pl.Expr] = []
    for index, name in enumerate(frame.columns):
        value, quoted = _json_value(frame, name)
        pieces += [(between if index else first) + f"{json.dumps(name)}: " + '"' * quoted, value]
        pieces.append('"' * quoted)
    pieces.append(last)
    merged: list[pl.Expr] = []
    text = ""
    for piece in pieces:
        if isinstance(piece, str):
            text += piece
            continue
        if text:
            merged.append(pl.lit(text))
            text = ""
        merged.append(piece)
    if text:
        merged.append(pl.lit(text))
    return pl.concat_str(merged)


def _write_lines(
    frame: pl.DataFrame, line: Callable[[pl.DataFrame], pl.Expr], out: BinaryIO
) -> None:
    """Every row's text and a newline, written by Polars a slice at a time (no Python string
    per row, none for the whole)."""
    for start in range(0, frame.height, SLICE_ROWS):
        part = frame.slice(start, SLICE_ROWS)
        part.select(line(part).alias("line")).write_csv(
            out, include_header=False, quote_style="never"
        )


class JsonRows:
    """A JSON array of rows written a chunk of rows at a time, as
    ``json.dumps(rows.to_dicts(), ensure_ascii=False, indent=1) + "\n"`` writes all of them
    (UTF-8): ``[``, each row's object, ``,`` between them, ``]``; ``[]`` when there is none.
    The comma goes *before* every row but the first, so no chunk needs to know it is the
    last (``waibao.rules.pipeline`` writes a chunk while the next is evaluated)."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.started = False

    def write(self, rows: pl.DataFrame) -> None:
        for start in range(0, rows.height, SLICE_ROWS):
            part = rows.slice(start, SLICE_ROWS)
            self.out.write(b",\n" if self.started else b"[\n")
            self.started = True
            first = pl.int_range(pl.len()) == 0
            # the comma as a column of its own: in a when/otherwise the row's text would be
            # built twice (0.4 s of 0.8 for 720,000 rows)
            comma = pl.when(first).then(pl.lit("")).otherwise(pl.lit(",\n"))
            text = pl.concat_str([comma, _json_object(part, " {\n  ", ",\n  ", "\n }")])
            part.select(text.alias("line")).write_csv(
                self.out, include_header=False, quote_style="never", line_terminator=""
            )

    def close(self) -> None:
        self.out.write(b"\n]\n" if self.started else b"[]\n")


class JsonLinesRows:
    """One ``json.dumps(row, ensure_ascii=False)`` a line (FACTS.md: JSON Lines), UTF-8, a
    chunk of rows at a time."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out

    def write(self, rows: pl.DataFrame) -> None:
        _write_lines(rows, lambda part: _json_object(part, "{", ", ", "}"), self.out)

    def close(self) -> None:
        pass


def write_json(rows: pl.DataFrame, out: BinaryIO) -> None:
    """As ``json.dumps(rows.to_dicts(), ensure_ascii=False, indent=1) + "\n"``, UTF-8."""
    writer = JsonRows(out)
    writer.write(rows)
    writer.close()


def write_jsonl(rows: pl.DataFrame, out: BinaryIO) -> None:
    """One ``json.dumps(row, ensure_ascii=False)`` a line (FACTS.md: JSON Lines), UTF-8."""
    JsonLinesRows(out).write(rows)


def _csv_value(frame: pl.DataFrame, name: str) -> pl.Expr:
    column, dtype = pl.col(name), frame.schema[name]
    if dtype == pl.String:
        # waibao.spreadsheets.csv_cell, vectorised: text a spreadsheet could run as a formula
        # gets a leading quote (a plain signed number stays as it is)
        formula = column.str.contains(_FORMULA_START) & ~column.str.contains(_PLAIN_NUMBER)
        column = pl.when(formula).then(pl.lit("'") + column).otherwise(column)
        quoted = pl.format('"{}"', column.str.replace_all('"', '""', literal=True))
        needs_quotes = column.str.contains('[,"\n]')
        return pl.when(needs_quotes).then(quoted).otherwise(column).fill_null("")
    if dtype == pl.Boolean:
        return _boolean(column, "True", "False", "")
    if dtype.is_integer():
        return column.cast(pl.String).fill_null("")
    raise TypeError(f"no CSV writer for column {name} of type {dtype}")


class CsvRows:
    """As ``csv.writer(out, lineterminator="\n")`` writing the header and every row, UTF-8,
    a chunk of rows at a time (the header with the first chunk, which may have no rows)."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.header = False

    def write(self, rows: pl.DataFrame) -> None:
        if not self.header:
            self.out.write((",".join(rows.columns) + "\n").encode("utf-8"))
            self.header = True
        strings = [name for name, dtype in rows.schema.items() if dtype == pl.String]
        if (
            strings
            and rows.select(pl.any_horizontal(pl.col(strings).str.contains("\r")).any()).item()
        ):
            # how the csv module quotes a carriage return has changed between Python versions
            text = io.TextIOWrapper(self.out, encoding="utf-8", newline="", write_through=True)
            csv_writer(text, lineterminator="\n").writerows(rows.iter_rows())
            text.detach()
            return

        def line(part: pl.DataFrame) -> pl.Expr:
            values = [_csv_value(part, name) for name in part.columns]
            return pl.concat_str(values, separator=",")

        _write_lines(rows, line, self.out)

    def close(self) -> None:
        pass


def write_csv(rows: pl.DataFrame, out: BinaryIO) -> None:
    """As ``csv.writer(out, lineterminator="\n")`` writing the header and every row, UTF-8."""
    CsvRows(out).write(rows)


def write_xlsx(rows: pl.DataFrame, path: str | Path) -> None:
    """One sheet "entitlements", the header then every row (amounts stay text: Excel would
    turn them into binary floats)."""
    book = workbook(write_only=True)
    sheet = book.create_sheet("entitlements")
    xlsx_append(sheet, rows.columns)
    for row in rows.iter_rows():
        xlsx_append(sheet, row)
    book.save(path)


AMOUNT_COLUMNS = ("amount_cny", "min_cny")
# Exact for every amount the engine can hold (Int64 fen: 19 digits) with room to spare; the
# same column names and values as the JSON's two-decimal strings (docs/facts-parquet.md).
PARQUET_AMOUNT = YUAN_DECIMAL


def parquet_rows(rows: pl.DataFrame) -> pl.DataFrame:
    """The rows as written to Parquet: the CSV's columns in its order, amounts as
    ``decimal(38, 2)`` yuan (exact: the text's digits, never a float), null where the
    text is null (``waibao.rules.engine.entitlement_rows(decimal_amounts=True)`` gives them
    so already: the cast is then none)."""
    return rows.with_columns(
        pl.col(name).cast(PARQUET_AMOUNT) for name in AMOUNT_COLUMNS if name in rows.columns
    )


class ParquetRows:
    """One Parquet file of the entitlement rows (``parquet_rows``) written a chunk of rows
    at a time, each chunk a row group or more; zstd level 1 (smaller than the default
    level 3 and no slower on 3.6 million rows). The texts are Arrow's ``large_string``, as
    Polars writes them; a file with no rows still holds the columns."""

    def __init__(self, path: str | Path) -> None:
        self.path = path
        self.writer: Any = None
        self.schema: Any = None

    def write(self, rows: pl.DataFrame) -> None:
        import pyarrow.parquet as pq

        table = parquet_rows(rows).to_arrow(compat_level=pl.CompatLevel.oldest())
        if self.writer is None:
            self.schema = table.schema
            self.writer = pq.ParquetWriter(
                self.path, self.schema, compression="zstd", compression_level=1
            )
        self.writer.write_table(table.cast(self.schema))

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def write_parquet(rows: pl.DataFrame, path: str | Path) -> None:
    """One Parquet file of the entitlement rows (``ParquetRows``)."""
    writer = ParquetRows(path)
    writer.write(rows)
    writer.close()


def text_of(write: Callable[[pl.DataFrame, BinaryIO], None], rows: pl.DataFrame) -> str:
    """What ``write`` writes, as one string (for tests and small results)."""
    buffer = io.BytesIO()
    write(rows, buffer)
    return buffer.getvalue().decode("utf-8")
