"""Read a CSV or XLSX file into rows of text cells, in the column order an import asks for.

CSV: UTF-8 (a BOM, as Excel writes it, is accepted), header on line 1, ``row`` is the
1-based line where a record starts. XLSX: the first sheet, the first non-blank row is the
header, ``row`` is the sheet's row number. Fully blank rows are skipped in both.

Header rules: every required column must be present; a column the format does not define
is an error (a misspelt optional column would otherwise be dropped silently); a column named
twice is an error. Missing optional columns read as blank.

XLSX cells are typed, so they are turned into the text a CSV would hold, or refused:

- text cells are taken as they are;
- numbers in an *amount* column are taken only when their shortest decimal form has at most
  two decimals (``1234.5`` → ``"1234.5"``); anything else (``0.30000000000000004``, ``1e+16``)
  is refused, because a binary float cannot be trusted to hold the amount meant;
- numbers in a *text* column (ids) are taken only when whole and below 2**53, written without
  a decimal point; longer numbers (an 18-digit USCC typed as a number) have lost digits and are
  refused with a request to format the column as text;
- date cells are taken in a *date* column (a date-time only at midnight), refused elsewhere;
- TRUE/FALSE and error cells are refused.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from pathlib import Path

from waibao.imports.problems import Problems
from waibao.uploads import FileRefused, import_file_check

TEXT, AMOUNT, DATE = "text", "amount", "date"
HEADER_ROW = 1


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    kind: str = TEXT


Cells = tuple[str | None, ...]  # None: a cell already refused (reported), skip its checks


def read_rows(
    path: Path, columns: Sequence[Column], problems: Problems
) -> Iterator[tuple[int, Cells]]:
    """Yield ``(row_number, cells)`` with cells in ``columns`` order. Header problems are
    reported and end the reading: rows cannot be checked against a wrong header. A file
    over the size limits (``waibao.uploads``, a decompression bomb) is refused before any
    parser opens it."""
    try:
        import_file_check(path)
    except FileRefused as refused:
        problems.add(0, "-", str(refused))
        return
    except OSError:
        pass  # cannot be opened: the reader below reports it
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        yield from _xlsx_rows(path, columns, problems)
    else:
        yield from _csv_rows(path, columns, problems)


def _column_map(
    header: Sequence[str], columns: Sequence[Column], problems: Problems, row: int
) -> list[int | None] | None:
    names = [name.strip() if isinstance(name, str) else str(name) for name in header]
    known = {column.name for column in columns}
    position: dict[str, int] = {}
    ok = True
    for index, name in enumerate(names):
        if name == "":
            continue
        if name in position:
            problems.add(row, name, "column appears twice in the header")
            ok = False
        elif name not in known:
            problems.add(row, name, "unknown column (not in DATA-FORMATS.md)")
            ok = False
        position.setdefault(name, index)
    for column in columns:
        if column.required and column.name not in position:
            problems.add(row, column.name, "required column is missing")
            ok = False
    if not ok:
        return None
    return [position.get(column.name) for column in columns]


def _unnamed(header: Sequence[object]) -> list[int]:
    """Positions of blank header cells: a value under one would be silently dropped."""
    return [i for i, name in enumerate(header) if name is None or str(name).strip() == ""]


def _reports_unnamed(
    cells: Sequence[object], unnamed: list[int], problems: Problems, row: int
) -> bool:
    filled = [i for i in unnamed if i < len(cells) and cells[i] not in ("", None)]
    for i in filled:
        problems.add(row, f"#{i + 1}", "a value in a column that has no header")
    return bool(filled)


def _csv_rows(
    path: Path, columns: Sequence[Column], problems: Problems
) -> Iterator[tuple[int, Cells]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        problems.add(0, "-", f"cannot open the file: {error.strerror}")
        return
    with handle:
        reader = csv.reader(handle)
        header: list[str] | None = None
        last_line = 0
        try:
            header = next(reader, None)
            if header is None:
                problems.add(HEADER_ROW, "-", "the file is empty: no header")
                return
            mapping = _column_map(header, columns, problems, HEADER_ROW)
            if mapping is None:
                return
            width = len(header)
            unnamed = _unnamed(header)
            # Missing optional columns read from one padding cell past the header's width.
            getter = itemgetter(*[width if index is None else index for index in mapping])
            padding = [""] * (width + 1)
            last_line = reader.line_num
            nul = _has_nul(path)
            for cells in reader:
                row = last_line + 1
                last_line = reader.line_num
                if nul and _reports_nul(cells, header, problems, row):
                    continue
                count = len(cells)
                if count == width:
                    cells.append("")
                elif count < width:
                    if not any(cells):
                        continue
                    cells.extend(padding[count:])
                else:
                    if any(cells[width:]):
                        problems.add(row, "-", f"{count} cells but the header has {width}")
                        continue
                    cells = [*cells[:width], ""]
                if not any(cells):
                    continue
                if unnamed and _reports_unnamed(cells, unnamed, problems, row):
                    continue
                yield row, getter(cells)
        except UnicodeDecodeError as error:
            # The file is decoded in blocks, so the line is where reading stopped, roughly.
            where = last_line + 1 if header else HEADER_ROW
            problems.add(where, "-", f"not UTF-8 text (from about this row: {error.reason})")
        except csv.Error as error:
            problems.add(reader.line_num, "-", f"malformed CSV: {error}")


def _has_nul(path: Path) -> bool:
    """Whether the file holds a NUL byte anywhere: one fast scan, so that the per-cell check
    costs nothing on the ordinary file. No database stores NUL in text (PostgreSQL refuses it,
    SQLite cuts the text there), so a cell with one is refused, as the web refuses requests."""
    with path.open("rb") as handle:
        return any(b"\x00" in chunk for chunk in iter(lambda: handle.read(1 << 20), b""))


def _reports_nul(cells: Sequence[str], header: Sequence[str], problems: Problems, row: int) -> bool:
    found = False
    for index, cell in enumerate(cells):
        if "\x00" in cell:
            name = header[index].strip() if index < len(header) else f"#{index + 1}"
            problems.add(row, name or f"#{index + 1}", "a NUL character (0x00) in the cell")
            found = True
    return found


def _xlsx_rows(
    path: Path, columns: Sequence[Column], problems: Problems
) -> Iterator[tuple[int, Cells]]:
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    except Exception as error:  # calamine raises its own error types for unreadable files
        problems.add(0, "-", f"cannot read the workbook: {error}")
        return
    mapping: list[int | None] | None = None
    unnamed: list[int] = []
    kinds = [column.kind for column in columns]
    names = [column.name for column in columns]
    for index, values in enumerate(sheet.iter_rows()):
        row = index + 1
        if all(value == "" or value is None for value in values):
            continue
        if mapping is None:
            mapping = _column_map(values, columns, problems, row)
            if mapping is None:
                return
            unnamed = _unnamed(values)
            continue
        count = len(values)
        if unnamed and _reports_unnamed(values, unnamed, problems, row):
            continue
        cells = tuple(
            _xlsx_cell(values[position], kind, problems, row, name)
            if position is not None and position < count
            else ""
            for position, kind, name in zip(mapping, kinds, names, strict=True)
        )
        yield row, cells
    if mapping is None:
        problems.add(HEADER_ROW, "-", "the sheet is empty: no header")


_EXACT_INT = 2**53


def _xlsx_cell(value: object, kind: str, problems: Problems, row: int, name: str) -> str | None:
    if isinstance(value, str):
        if "\x00" in value:
            problems.add(row, name, "a NUL character (0x00) in the cell")
            return None
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        problems.add(row, name, f"TRUE/FALSE cell ({value}) where {kind} is expected")
        return None
    if isinstance(value, int | float):
        return _xlsx_number(value, kind, problems, row, name)
    if isinstance(value, dt.datetime):
        if kind == DATE and value.time() == dt.time(0):
            return value.date().isoformat()
        problems.add(
            row, name, f"date-time cell {value.isoformat(sep=' ')} where {kind} is expected"
        )
        return None
    if isinstance(value, dt.date):
        if kind == DATE:
            return value.isoformat()
        problems.add(row, name, f"date cell {value.isoformat()} where {kind} is expected")
        return None
    problems.add(row, name, f"cell of type {type(value).__name__} cannot be read as {kind}")
    return None


def _xlsx_number(value: float, kind: str, problems: Problems, row: int, name: str) -> str | None:
    if kind == DATE:
        shown = int(value) if value == int(value) and abs(value) < _EXACT_INT else value
        problems.add(row, name, f"number {shown!r} where a date is expected")
        return None
    if kind == AMOUNT:
        text = repr(value)
        if "e" in text or "E" in text or "n" in text:
            problems.add(row, name, f"numeric cell {text} is not an exact amount: enter it as text")
            return None
        decimal = Decimal(text)
        if decimal == decimal.to_integral_value() and abs(decimal) < _EXACT_INT:
            return str(int(decimal))
        return text  # parse_fen refuses more than two decimals or a sign, with its reason
    if value == int(value) and abs(value) < _EXACT_INT:
        return str(int(value))
    problems.add(
        row,
        name,
        f"numeric cell {value!r} cannot hold this value exactly: format the column as text",
    )
    return None
