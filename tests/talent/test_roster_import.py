"""Roster validation: every bad row reported as file:row:column: reason, nothing written;
re-import changes nothing; a later roster may fill blanks, never change a value."""

from __future__ import annotations

import pytest
from talent_support import COLUMNS, id_number, roster_row, write_roster

from waibao.cli import main
from waibao.talent.models import Enrolment, Person
from waibao.talent.roster import RosterError, roster_import

pytestmark = pytest.mark.django_db


def _bad_check_digit() -> str:
    good = id_number(serial=7)
    return good[:-1] + ("1" if good[-1] != "1" else "2")


def test_a_roster_with_bad_rows_reports_each_one_and_writes_nothing(
    tmp_path, institution, courses, capsys
):
    rows = [
        roster_row(institution, "QBS-01", 1),  # good
        roster_row(institution, "QBS-01", 2, id_number=_bad_check_digit()),
        roster_row(institution, "QBS-01", 3, enrolled_on="2009-02-30"),
        roster_row(institution, "NOPE-9", 4),
        roster_row(institution, "QBS-01", 1),  # duplicate of row 2
        roster_row(institution, "QBS-01", 5, fee_paid_cny="1,000.00"),
    ]
    path = write_roster(tmp_path / "bad.csv", rows)

    assert main(["import-roster", str(path)]) == 1

    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"{path}:3:id_number: ID number check digit is wrong",
        f"{path}:4:enrolled_on: '2009-02-30' is not an ISO date (YYYY-MM-DD)",
        f"{path}:5:course_code: unknown course of this provider",
        f"{path}:6:id_number: duplicate of row 2 (same course and person)",
        f"{path}:7:fee_paid_cny: amount '1,000.00' has a thousands separator",
    ]
    assert Enrolment.objects.count() == 0
    assert Person.objects.count() == 0


def test_no_error_message_quotes_an_id_number_or_a_name(tmp_path, institution, courses):
    row = roster_row(institution, "QBS-01", 1, id_number=_bad_check_digit())
    path = write_roster(tmp_path / "bad.csv", [row])
    with pytest.raises(RosterError) as caught:
        roster_import(path)
    message = "\n".join(caught.value.lines)
    assert row["id_number"] not in message
    assert row["name"] not in message


def test_a_missing_required_column_is_reported_on_the_header_row(tmp_path, institution, courses):
    path = tmp_path / "short.csv"
    path.write_text("provider_uscc,course_code,name\n", encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        roster_import(path)
    assert f"{path}:1:id_number: required column is missing" in caught.value.lines


def test_re_importing_the_same_roster_changes_nothing(tmp_path, institution, courses, capsys):
    rows = [roster_row(institution, "QBS-01", n) for n in range(1, 4)]
    path = write_roster(tmp_path / "roster.csv", rows, bom=True)  # Excel's UTF-8 BOM

    assert main(["import-roster", str(path)]) == 0
    assert main(["import-roster", str(path)]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out == [
        "3 added, 0 filled in, 0 unchanged (3 new people)",
        "0 added, 0 filled in, 3 unchanged (0 new people)",
    ]
    assert Enrolment.objects.count() == 3
    assert Person.objects.count() == 3


def test_a_later_roster_fills_in_completion_and_hiring(tmp_path, institution, enterprise, courses):
    roster_import(write_roster(tmp_path / "a.csv", [roster_row(institution, "QBS-01", 1)]))
    later = roster_row(
        institution,
        "QBS-01",
        1,
        completed_on="2009-08-31",
        final_exam="合格",
        hired_by_uscc=enterprise.uscc,
        hired_on="2009-09-01",
    )
    result = roster_import(write_roster(tmp_path / "b.csv", [later]))
    assert (result.added, result.filled) == (0, 1)
    enrolment = Enrolment.objects.get()
    assert enrolment.final_exam == "pass"
    assert enrolment.hired_by == enterprise


def test_a_later_roster_changing_a_recorded_fee_is_an_error_and_writes_nothing(
    tmp_path, institution, courses
):
    roster_import(write_roster(tmp_path / "a.csv", [roster_row(institution, "QBS-01", 1)]))
    changed = [
        roster_row(institution, "QBS-01", 2),
        roster_row(institution, "QBS-01", 1, fee_paid_cny="6500.00"),
    ]
    path = write_roster(tmp_path / "b.csv", changed)
    with pytest.raises(RosterError) as caught:
        roster_import(path)
    assert caught.value.lines == [f"{path}:3:fee_paid_cny: differs from the value already recorded"]
    assert Enrolment.objects.count() == 1


def test_the_same_id_number_with_another_name_is_refused(tmp_path, institution, courses):
    roster_import(write_roster(tmp_path / "a.csv", [roster_row(institution, "QBS-01", 1)]))
    other = roster_row(institution, "GEN-01", 1, name="王五")
    path = write_roster(tmp_path / "b.csv", [other])
    with pytest.raises(RosterError) as caught:
        roster_import(path)
    assert caught.value.lines == [
        f"{path}:2:name: name differs from the one recorded for this ID number"
    ]


def test_an_xlsx_roster_imports_like_a_csv_and_an_id_number_typed_as_a_number_is_refused(
    tmp_path, institution, courses
):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    good = roster_row(institution, "QBS-01", 1)
    sheet.append([good.get(column, "") for column in COLUMNS])
    path = tmp_path / "roster.xlsx"
    workbook.save(path)
    assert roster_import(path).added == 1

    bad = roster_row(institution, "QBS-01", 2)
    sheet.append([int(bad[c]) if c == "id_number" else bad.get(c, "") for c in COLUMNS])
    workbook.save(path)
    with pytest.raises(RosterError) as caught:
        roster_import(path)
    assert caught.value.lines == [
        f"{path}:3:id_number: stored as a number in Excel, which loses digits; "
        "format the column as text"
    ]


def test_xlsx_date_cells_are_read_as_iso_dates(tmp_path, institution, courses):
    import datetime as dt

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    row = roster_row(institution, "QBS-01", 1, completed_on="2009-08-31")
    values = [row.get(column, "") for column in COLUMNS]
    values[COLUMNS.index("enrolled_on")] = dt.datetime(2009, 3, 1)
    values[COLUMNS.index("completed_on")] = dt.date(2009, 8, 31)
    values[COLUMNS.index("fee_paid_cny")] = 6000.5
    sheet.append(values)
    path = tmp_path / "dates.xlsx"
    workbook.save(path)

    assert roster_import(path).added == 1
    enrolment = Enrolment.objects.get()
    assert (enrolment.enrolled_on, enrolment.completed_on) == (
        dt.date(2009, 3, 1),
        dt.date(2009, 8, 31),
    )
    assert enrolment.fee_paid_fen == 600050


def test_a_command_line_roster_import_is_an_audit_record(tmp_path, institution, courses):
    from waibao.audit.models import AuditRecord

    path = write_roster(tmp_path / "roster.csv", [roster_row(institution, "QBS-01", 1)])
    assert main(["import-roster", str(path)]) == 0
    record = AuditRecord.objects.get(action="import.roster")
    assert (record.payload["added"], record.payload["people_added"]) == (1, 1)
    assert record.payload["file"] == str(path) and record.payload["via"] == "cli"


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("enrolled_on", "9999-12-31", "outside 1900-01-01 to 2100-12-31"),
        ("fee_paid_cny", "92233720368547758.08", "over the bound of 1000000000000.00"),
        ("certificate_no", "C\x00-01", "a NUL character (0x00) in the cell"),
    ],
)
def test_a_roster_cell_out_of_bounds_is_a_row_precise_error(
    tmp_path, institution, courses, column, value, reason
):
    row = roster_row(institution, "QBS-01", 1, **{column: value})
    path = write_roster(tmp_path / "bad.csv", [row])
    with pytest.raises(RosterError) as caught:
        roster_import(path)
    assert len(caught.value.lines) == 1
    assert caught.value.lines[0].startswith(f"{path}:2:{column}: ")
    assert reason in caught.value.lines[0]
    assert Enrolment.objects.count() == 0
