"""``waibao import-roster`` says every reason in Chinese under ``--lang zh-hans`` or a
``zh_*`` locale (issue 21, docs/decisions/0035-cli-language.md), keeping the
``file:row:column:`` position exactly; under English the lines are as they always were."""

from __future__ import annotations

import openpyxl
import pytest
from django.utils import timezone
from talent_support import COLUMNS, id_number, roster_row, uscc, write_roster

from cli_languages import english_and_chinese
from waibao import crypto
from waibao.cli import main
from waibao.talent.models import ErasedIdentity

pytestmark = pytest.mark.django_db


def _bad_check_digit() -> str:
    good = id_number(serial=7)
    return good[:-1] + ("1" if good[-1] != "1" else "2")


def _said(capsys, path) -> tuple[str, str]:
    pairs = english_and_chinese(capsys, "import-roster", str(path))
    return "\n".join(e for e, _ in pairs), "\n".join(c for _, c in pairs)


def test_every_row_reason_of_a_roster_is_said_in_chinese(tmp_path, institution, courses, capsys):
    rows = [
        roster_row(institution, "QBS-01", 1, provider_uscc="", fee_paid_cny=""),
        roster_row(institution, "QBS-01", 2, id_number="123", phone="123"),
        roster_row(institution, "QBS-01", 3, id_number=_bad_check_digit(), name="名" * 65),
        roster_row(institution, "QBS-01", 4, id_number=id_number(birth="19991340")),
        roster_row(
            institution, "QBS-01", 5, enrolled_on="2009-02-30", graduation_date="1800-01-01"
        ),
        roster_row(institution, "QBS-01", 6, fee_paid_cny="1,000.00", final_exam="maybe"),
        roster_row(institution, "QBS-01", 7, employer_uscc=uscc(2), hired_by_uscc=uscc(2)),
        roster_row(
            institution,
            "QBS-01",
            8,
            completed_on="2009-01-01",
            hired_on="2009-01-01",
            hired_by_uscc=uscc(2),
        ),
        roster_row(institution, "QBS-01", 9, final_exam="pass"),
        roster_row(institution, "QBS-01", 10, name="甲\x00"),
    ]
    english, chinese = _said(capsys, write_roster(tmp_path / "rows.csv", rows))
    for reason in (
        "required value is empty",
        "ID number must be 17 digits",
        "phone must be an 11-digit mainland mobile number",
        "ID number check digit is wrong",
        "name is longer than 64 characters",
        "ID number holds an impossible birth date or region",
        "is not an ISO date (YYYY-MM-DD)",
        "is outside 1900-01-01",
        "has a thousands separator",
        "is not pass, fail, 合格, 不合格 or empty",
        "employer_uscc and employed_since go together",
        "hired_by_uscc and hired_on go together",
        "is before enrolled_on",
        "a final exam result needs the completion date",
        "a NUL character (0x00) in the cell",
    ):
        assert reason in english
    assert "“maybe”无效：请填写合格或不合格（或 pass、fail），或留空" in chinese


def test_every_reason_against_the_registry_is_said_in_chinese(
    tmp_path, institution, courses, capsys
):
    erased = id_number(serial=40)
    ErasedIdentity.objects.create(
        id_number_index=crypto.blind_index(erased), erased_at=timezone.now(), reason="request"
    )
    rows = [
        roster_row(institution, "QBS-01", 1, provider_uscc=uscc(77)),
        roster_row(institution, "NOPE-9", 2),
        roster_row(institution, "QBS-01", 3, employer_uscc=uscc(78), employed_since="2009-01-01"),
        roster_row(institution, "QBS-01", 4),
        roster_row(institution, "QBS-01", 4),
        roster_row(institution, "QBS-01", 5, id_number=erased),
    ]
    english, _chinese = _said(capsys, write_roster(tmp_path / "registry.csv", rows))
    for reason in (
        "no organisation with this uscc in the registry",
        "unknown course of this provider",
        "duplicate of row 5 (same course and person)",
        "this person's data was erased at their request",
    ):
        assert reason in english


def test_names_and_values_that_differ_from_the_recorded_are_said_in_chinese(
    tmp_path, institution, courses, capsys
):
    first = roster_row(institution, "QBS-01", 1)
    assert main(["import-roster", str(write_roster(tmp_path / "first.csv", [first]))]) == 0
    rows = [
        {**first, "fee_paid_cny": "7000.00"},
        roster_row(institution, "GEN-01", 2),
        roster_row(institution, "CUS-01", 2, name="另一个名字"),
        roster_row(institution, "GEN-01", 1, name="另一个名字"),
    ]
    english, chinese = _said(capsys, write_roster(tmp_path / "again.csv", rows))
    for reason in (
        "differs from another row of this ID number",
        "name differs from the one recorded for this ID number",
    ):
        assert reason in english
    rows = [{**first, "fee_paid_cny": "7000.00"}]
    english, chinese = _said(capsys, write_roster(tmp_path / "fee.csv", rows))
    assert english.endswith(":2:fee_paid_cny: differs from the value already recorded")
    assert chinese.endswith(":2:fee_paid_cny: 与已登记的值不一致")


def test_every_file_reason_of_a_roster_is_said_in_chinese(tmp_path, institution, courses, capsys):
    text = tmp_path / "roster.txt"
    text.write_text("provider_uscc\n", encoding="utf-8")
    header = tmp_path / "header.csv"
    header.write_text("provider_uscc,course_code,name,bogus\n", encoding="utf-8")
    book = openpyxl.Workbook()
    book.active.append(COLUMNS)
    row = roster_row(institution, "QBS-01", 1)
    book.active.append(
        [int(row["id_number"][:15]) if c == "id_number" else row.get(c, "") for c in COLUMNS]
    )
    workbook = tmp_path / "numbers.xlsx"
    book.save(workbook)
    english = "\n".join(_said(capsys, path)[0] for path in (text, header, workbook))
    for reason in (
        "not a .csv or .xlsx file",
        "required column is missing",
        "unknown column",
        "stored as a number in Excel, which loses digits",
    ):
        assert reason in english


def test_a_roster_in_chinese_from_the_locale_and_in_english_without_one(
    tmp_path, institution, courses, capsys, monkeypatch
):
    """``LANG=zh_CN.UTF-8`` or ``--lang zh-hans``: Chinese reasons, exit 1; ``LANG=C`` or
    no locale at all: the English lines exactly as before."""
    rows = [
        roster_row(institution, "QBS-01", 1),
        roster_row(institution, "QBS-01", 2, id_number=_bad_check_digit()),
        roster_row(institution, "NOPE-9", 3),
    ]
    path = write_roster(tmp_path / "bad.csv", rows)
    english = [
        f"{path}:3:id_number: ID number check digit is wrong",
        f"{path}:4:course_code: unknown course of this provider",
    ]
    chinese = [
        f"{path}:3:id_number: 身份证号的校验码不对",
        f"{path}:4:course_code: 该培训机构没有这门课程",
    ]
    for language, expected in (("zh_CN.UTF-8", chinese), ("C", english)):
        monkeypatch.setenv("LANG", language)
        assert main(["import-roster", str(path)]) == 1
        assert capsys.readouterr().err.splitlines() == expected
    monkeypatch.delenv("LANG")
    assert main(["import-roster", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == english
    assert main(["--lang", "zh-hans", "import-roster", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == chinese


def test_the_summary_of_an_accepted_roster_follows_the_language(
    tmp_path, institution, courses, capsys, monkeypatch
):
    path = write_roster(tmp_path / "good.csv", [roster_row(institution, "QBS-01", 1)])
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["import-roster", str(path)]) == 0
    assert capsys.readouterr().out == "新增 1 条，补填 0 条，未变 0 条（新增人员 1 人）\n"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert main(["import-roster", str(path)]) == 0
    assert capsys.readouterr().out == "0 added, 0 filled in, 1 unchanged (0 new people)\n"
