"""``enterprises_import``: DATA-FORMATS.md §1 and the all-or-nothing rules of §4."""

from __future__ import annotations

import csv
from datetime import date

import openpyxl
import pytest

from waibao.imports.problems import ImportRefused
from waibao.registry.models import Organisation, Park
from waibao.registry.services import enterprises_import
from waibao.registry.validation import uscc_check_character

HEADER = [
    "uscc",
    "name",
    "region_code",
    "park_id",
    "ownership",
    "registered_capital_cny",
    "founded",
]


def uscc(serial: int, authority: str = "9") -> str:
    first17 = f"{authority}1440106MA{serial:07d}"
    return first17 + uscc_check_character(first17)


def write_csv(path, rows, header=HEADER, bom=False):
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def refused_lines(path) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        enterprises_import(path=path, name="e.csv")
    return refused.value.lines


GOOD = [
    [uscc(1), "广州天河软件有限公司", "440106", "", "private", "1000000.00", "2015-06-01"],
    [uscc(2, "A"), "杭州西湖数据有限公司", "330106", "", "", "", ""],
    [uscc(3), "东莞外包服务有限公司", "441900", "", "hmt", "500", "2020-02-29"],
]


@pytest.mark.django_db
def test_a_good_file_imported_twice_adds_its_rows_once(tmp_path):
    path = write_csv(tmp_path / "e.csv", GOOD)
    first = enterprises_import(path=path)
    assert (first.added, first.unchanged) == (3, 0)
    second = enterprises_import(path=path)
    assert (second.added, second.unchanged) == (0, 3)
    assert Organisation.objects.count() == 3
    tianhe = Organisation.objects.get(uscc=uscc(1))
    assert tianhe.region_id == "440106"
    assert tianhe.registered_capital_fen == 100_000_000
    assert tianhe.founded == date(2015, 6, 1)
    assert tianhe.kind == "enterprise"


@pytest.mark.django_db
def test_a_file_with_bad_rows_is_refused_whole_naming_every_bad_row(tmp_path):
    bad_check = uscc(4)[:-1] + ("0" if uscc(4)[-1] != "0" else "1")
    rows = [
        *GOOD,
        [bad_check, "校验码错误公司", "440106", "", "", "", ""],
        [uscc(5), "", "440100", "", "Private", "1,000.00", "2024-02-30"],
        [uscc(6), "未知区划公司", "449999", "P404", "", "12.345", "2024/01/01"],
        [uscc(1), "重复公司", "440106", "", "", "-5", ""],
    ]
    path = write_csv(tmp_path / "e.csv", rows)
    expected_check = uscc(4)[-1]
    assert refused_lines(path) == [
        f"e.csv:5:uscc: uscc '{bad_check}' has check character '{bad_check[-1]}', "
        f"expected '{expected_check}'",
        "e.csv:6:name: name is empty",
        "e.csv:6:region_code: region_code 440100 is a city, not a district (区/县) code",
        "e.csv:6:ownership: ownership 'Private' is not one of private, state, foreign, hmt",
        "e.csv:6:registered_capital_cny: amount '1,000.00' has a thousands separator",
        "e.csv:6:founded: date '2024-02-30' is not a day of the calendar",
        "e.csv:7:region_code: region_code 449999 is not in the GB/T 2260 table",
        "e.csv:7:park_id: park_id 'P404' is not a known park",
        "e.csv:7:registered_capital_cny: amount '12.345' has more than two decimals",
        "e.csv:7:founded: date '2024/01/01' is not an ISO date YYYY-MM-DD",
        f"e.csv:8:uscc: uscc {uscc(1)} appears again (first at row 2)",
        "e.csv:8:registered_capital_cny: amount '-5' is negative",
    ]
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_a_changed_row_on_reimport_is_an_error_not_an_update(tmp_path):
    enterprises_import(path=write_csv(tmp_path / "e.csv", GOOD))
    changed = [list(row) for row in GOOD]
    changed[0][1] = "广州天河软件股份有限公司"
    changed[0][5] = ""
    lines = refused_lines(write_csv(tmp_path / "e2.csv", changed))
    assert lines == [
        f"e.csv:2:uscc: enterprise {uscc(1)} already exists with different values: "
        "name 广州天河软件股份有限公司 (stored: 广州天河软件有限公司), "
        "registered_capital_cny blank (stored: 1000000.00); imports never update"
    ]
    assert Organisation.objects.get(uscc=uscc(1)).name == "广州天河软件有限公司"


@pytest.mark.django_db
def test_a_utf8_bom_as_excel_writes_it_is_accepted(tmp_path):
    path = write_csv(tmp_path / "e.csv", GOOD, bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert enterprises_import(path=path).added == 3


@pytest.mark.django_db
def test_optional_columns_may_be_left_out(tmp_path):
    rows = [row[:3] for row in GOOD]
    assert enterprises_import(path=write_csv(tmp_path / "e.csv", rows, HEADER[:3])).added == 3


@pytest.mark.django_db
def test_a_missing_required_column_an_unknown_one_and_a_repeated_one_are_refused(tmp_path):
    header = ["uscc", "name", "registerd_capital_cny", "name"]
    path = write_csv(tmp_path / "e.csv", [[uscc(1), "x", "1", "x"]], header)
    assert refused_lines(path) == [
        "e.csv:1:registerd_capital_cny: unknown column (not in DATA-FORMATS.md)",
        "e.csv:1:name: column appears twice in the header",
        "e.csv:1:region_code: required column is missing",
    ]


@pytest.mark.django_db
def test_a_known_park_is_accepted_and_blank_lines_are_skipped_without_shifting_row_numbers(
    tmp_path,
):
    Park.objects.create(park_id="TH-1", name="天河软件园", region_id="440106")
    path = tmp_path / "e.csv"
    path.write_text(
        "uscc,name,region_code,park_id\n"
        f"{uscc(1)},甲公司,440106,TH-1\n"
        "\n"
        f"{uscc(2)},乙公司,440106,TH-2\n",
        encoding="utf-8",
    )
    assert refused_lines(path) == ["e.csv:4:park_id: park_id 'TH-2' is not a known park"]


@pytest.mark.django_db
def test_an_xlsx_sheet_is_read_with_its_own_row_numbers(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([uscc(1), "甲公司", "440106", None, "state", 1234.5, date(2015, 6, 1)])
    sheet.append([911440106000000000, "乙公司", 440106, None, None, "12", "2015-06-01"])
    path = tmp_path / "e.xlsx"
    book.save(path)
    with pytest.raises(ImportRefused) as refused:
        enterprises_import(path=path, name="e.xlsx")
    assert refused.value.lines == [
        "e.xlsx:3:uscc: numeric cell 9.11440106e+17 cannot hold this value exactly: "
        "format the column as text"
    ]
    sheet.delete_rows(3)
    book.save(path)
    assert enterprises_import(path=path).added == 1
    organisation = Organisation.objects.get()
    assert organisation.registered_capital_fen == 123_450
    assert organisation.founded == date(2015, 6, 1)
