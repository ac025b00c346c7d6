"""The one writer of every CSV and XLSX file the project produces, safe against formula
injection (CSV/formula injection, OWASP).

A spreadsheet program runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula
(``=HYPERLINK(...)`` leaks data, ``+cmd|' /C calc'!A0`` runs a program through DDE); a leading
tab or carriage return hides such a cell from a reviewer. Text written here comes from users
(organisation names, bank details, free text), so every writer goes through this module
(``tests/security/test_formula_injection.py`` fails on any ``csv.writer``, ``DictWriter`` or
``Workbook`` used elsewhere):

- **CSV**: a text cell whose first character is one of :data:`FORMULA_STARTS` gets a single
  quote in front (``'=1+2``), OWASP's advice; Excel shows it as text.
- **XLSX**: every text value is written as a string cell (``data_type = "s"``), never a formula
  (openpyxl otherwise stores a ``str`` beginning with ``=`` as a formula), and one that begins
  with a character of :data:`FORMULA_STARTS` also carries Excel's ``quotePrefix`` style, so
  editing the cell keeps it text. The value itself is unchanged.
- **Numbers stay numbers**: ``int``, ``Decimal`` and ``float`` values pass untouched, and so does
  a text that is nothing but a signed decimal number (``"-5.00"``, ``"+8613800000000"``):
  a spreadsheet reads it as that number, never as a formula, and exports keep exact machine
  values. ``"-1+2"`` is not such a number and is neutralised.

Full-width ``＝＋－＠`` are neutralised too: some spreadsheet programs (and input methods)
turn them into their ASCII forms.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` for a formula (or hide what follows)."""
    return text.startswith(FORMULA_STARTS) and _PLAIN_NUMBER.fullmatch(text) is None


def csv_cell(value: Any) -> Any:
    """The value as a CSV cell: text that could run as a formula gets a leading ``'``."""
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


def _has_carriage_return(cells: Iterable[Any]) -> bool:
    return any(isinstance(value, str) and "\r" in value for value in cells)


class SafeCsvWriter:
    """``csv.writer`` with every cell passed through :func:`csv_cell`.

    A row with a carriage return in a cell is written with every cell quoted: Python's
    writer quotes only the characters of its line terminator, so with ``"\n"`` a bare CR
    would end the line for Excel and start a new, unescaped row (``"x\r=1+2"``)."""

    def __init__(self, stream: TextIO, **options: Any):
        self._writer = csv.writer(stream, **options)
        self._quoting_all = csv.writer(stream, **{**options, "quoting": csv.QUOTE_ALL})

    def writerow(self, row: Iterable[Any]) -> Any:
        cells = [csv_cell(value) for value in row]
        if _has_carriage_return(cells):
            return self._quoting_all.writerow(cells)
        return self._writer.writerow(cells)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeCsvDictWriter:
    """``csv.DictWriter`` with every cell passed through :func:`csv_cell`."""

    def __init__(self, stream: TextIO, fieldnames: Sequence[str], **options: Any):
        self._writer = csv.DictWriter(stream, fieldnames=fieldnames, **options)
        self._quoting_all = csv.DictWriter(
            stream, fieldnames=fieldnames, **{**options, "quoting": csv.QUOTE_ALL}
        )

    def writeheader(self) -> Any:
        return self._writer.writeheader()

    def writerow(self, row: Mapping[str, Any]) -> Any:
        cells = {key: csv_cell(value) for key, value in row.items()}
        if _has_carriage_return(cells.values()):
            return self._quoting_all.writerow(cells)
        return self._writer.writerow(cells)

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: TextIO, **options: Any) -> SafeCsvWriter:
    return SafeCsvWriter(stream, **options)


def csv_dict_writer(stream: TextIO, fieldnames: Sequence[str], **options: Any) -> SafeCsvDictWriter:
    return SafeCsvDictWriter(stream, fieldnames, **options)


def workbook(*, write_only: bool = False) -> Any:
    """A new openpyxl workbook; fill its sheets with :func:`xlsx_append` only."""
    from openpyxl import Workbook

    return Workbook(write_only=write_only)


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """The value as an XLSX cell of ``sheet``: text becomes a string cell, never a formula."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    if isinstance(sheet, WriteOnlyWorksheet):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
    else:
        cell = Cell(sheet, value=value)
    cell.data_type = "s"
    if formula_like(value):
        cell.quotePrefix = True
    return cell


def xlsx_append(sheet: Any, values: Iterable[Any]) -> None:
    """Append one row to ``sheet`` through :func:`xlsx_cell`."""
    sheet.append([xlsx_cell(sheet, value) for value in values])
