"""Reading CSV and XLSX into text cells (waibao.imports.tabular), before any validation."""

from __future__ import annotations

import datetime as dt

import openpyxl

from waibao.imports.problems import Problems
from waibao.imports.tabular import AMOUNT, DATE, Column, read_rows

COLUMNS = (Column("id", True), Column("amount", True, AMOUNT), Column("day", False, DATE))


def read(path):
    problems = Problems("f")
    rows = list(read_rows(path, COLUMNS, problems))
    return rows, problems.lines


def test_csv_rows_keep_their_line_numbers_across_blank_lines_and_quoted_newlines(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text('id,amount\n1,2.50\n\n"two\nlines",3\n4,5,,\n', encoding="utf-8")
    rows, problems = read(path)
    assert problems == []
    assert rows == [(2, ("1", "2.50", "")), (4, ("two\nlines", "3", "")), (6, ("4", "5", ""))]


def test_a_csv_row_with_more_filled_cells_than_the_header_is_refused(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("id,amount\n1,2,3\n", encoding="utf-8")
    assert read(path) == ([], ["f:2:-: 3 cells but the header has 2"])


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes("id,amount\n甲,1\n".encode("gb18030"))
    rows, problems = read(path)
    assert rows == []
    assert len(problems) == 1 and "not UTF-8" in problems[0]


def test_an_empty_file_has_no_header(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("", encoding="utf-8")
    assert read(path) == ([], ["f:1:-: the file is empty: no header"])


def test_xlsx_cells_become_the_text_a_csv_would_hold_or_are_refused(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([])
    sheet.append(["id", "amount", "day"])
    sheet.append([7, 12.5, dt.datetime(2024, 3, 1)])
    sheet.append(["x", 0.1, dt.datetime(2024, 3, 1, 9, 30)])
    sheet.append([True, 3, dt.date(2024, 3, 1)])
    path = tmp_path / "f.xlsx"
    book.save(path)
    rows, problems = read(path)
    assert rows == [
        (3, ("7", "12.5", "2024-03-01")),
        (4, ("x", "0.1", None)),
        (5, (None, "3", "2024-03-01")),
    ]
    assert problems == [
        "f:4:day: date-time cell 2024-03-01 09:30:00 where date is expected",
        "f:5:id: TRUE/FALSE cell (True) where text is expected",
    ]


def test_a_value_under_a_blank_header_cell_is_refused_not_dropped(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("id,,amount\n1,,2\n3,note,4\n", encoding="utf-8")
    rows, problems = read(path)
    assert rows == [(2, ("1", "2", ""))]
    assert problems == ["f:3:#2: a value in a column that has no header"]


def test_an_xlsx_value_beside_the_header_is_refused_not_dropped(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "amount"])
    sheet.append([1, "2"])
    sheet.append([3, "4", None, "note"])
    path = tmp_path / "f.xlsx"
    book.save(path)
    rows, problems = read(path)
    assert rows == [(2, ("1", "2", ""))]
    assert problems == ["f:3:#4: a value in a column that has no header"]
