"""Regression (issue 17 item 1): bank details ``=HYPERLINK(...)``, ``=1+2``,
``+cmd|' /C calc'!A0`` reached the treasury batch XLSX as live formulas and the CSVs
unescaped; organisation names beginning with ``=``/``+``/``@``/``-`` were exported the same
way. Every CSV and XLSX writer now goes through ``waibao.spreadsheets``; this file holds the
class of payloads against the writer itself, against every writer of the project (a source
scan finds any that bypasses it) and against each writer's output. The treasury batch,
through its download, is in ``tests/funds/test_funds_exports_safety.py``."""

from __future__ import annotations

import ast
import datetime as dt
import io
from pathlib import Path

import pytest

from formula_checks import PAYLOADS, PLAIN, live_in_csv, live_in_xlsx
from waibao import spreadsheets

SRC = Path(spreadsheets.__file__).parent


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_like_text_is_quoted_in_csv_and_a_string_cell_in_xlsx(payload):
    buffer = io.StringIO()
    spreadsheets.csv_writer(buffer).writerow([payload, 1])
    assert live_in_csv(buffer.getvalue()) == []
    assert spreadsheets.csv_cell(payload) == "'" + payload
    book = spreadsheets.workbook()
    spreadsheets.xlsx_append(book.active, [payload, 1])
    out = io.BytesIO()
    book.save(out)
    assert live_in_xlsx(out.getvalue()) == []
    from openpyxl import load_workbook

    assert load_workbook(out).active["A1"].value == payload.replace("\r", "\n")  # text kept


@pytest.mark.parametrize("text", PLAIN)
def test_numbers_and_ordinary_text_are_written_as_they_are(text):
    assert spreadsheets.csv_cell(text) == text
    buffer = io.StringIO()
    spreadsheets.csv_writer(buffer, lineterminator="\n").writerow([text, -5, "x"])
    assert buffer.getvalue().split(",")[0].strip('"') == text


def test_numbers_stay_numbers_in_xlsx():
    from decimal import Decimal

    from openpyxl import load_workbook

    book = spreadsheets.workbook(write_only=True)
    sheet = book.create_sheet("s")
    spreadsheets.xlsx_append(sheet, [-5, Decimal("-5.00"), "-5.00", "=1+2"])
    out = io.BytesIO()
    book.save(out)
    cells = next(load_workbook(out).active.iter_rows(values_only=True))
    assert cells == (-5, -5, "-5.00", "=1+2")
    assert live_in_xlsx(out.getvalue()) == []


# --- every writer of the project goes through the safe writer


def _bypasses(path: Path, root: Path = SRC) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = getattr(getattr(func, "value", None), "id", "")
            if (owner == "csv" and name in ("writer", "DictWriter")) or name == "Workbook":
                found.append(f"{path.relative_to(root)}:{node.lineno}: {owner}.{name}()")
            if name in ("write_csv", "write_excel", "to_csv", "to_excel") and owner in (
                "frame",
                "df",
                "table",
                "pl",
                "pd",
            ):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {name}()")
        if isinstance(node, ast.ImportFrom) and node.module == "openpyxl":
            if any(alias.name == "Workbook" for alias in node.names):
                found.append(f"{path.relative_to(root)}:{node.lineno}: import Workbook")
    return found


def test_no_module_writes_csv_or_xlsx_except_through_the_safe_writer():
    offenders = [
        line
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "spreadsheets.py"
        for line in _bypasses(path)
    ]
    assert offenders == []


def test_the_source_scan_would_catch_a_bypass(tmp_path):
    rogue = tmp_path / "rogue_writer.py"
    rogue.write_text("import csv\nfrom openpyxl import Workbook\ncsv.writer(None)\n")
    assert len(_bypasses(rogue, tmp_path)) == 2


# --- each writer's output, fed the payloads


EVIL = PAYLOADS[0]


def _evil_cycle():
    while True:
        yield from PAYLOADS


def test_statistics_exports_csv_and_xlsx():
    from waibao.stats import output

    items = [
        {"region_code": payload, "year": 2024, **dict.fromkeys(output.INDICATORS, "-5.00")}
        for payload in PAYLOADS
    ]
    assert live_in_csv(output.to_csv(items, ["region_code"])) == []
    assert live_in_xlsx(output.to_xlsx(items, ["region_code"])) == []
    assert "-5.00" in output.to_csv(items, ["region_code"])  # numbers kept exact


def test_monitor_and_assessment_csv():
    from waibao.stats.assessment import assessment_json_csv
    from waibao.stats.monitor import monitor_json_csv

    enterprises = [
        {
            "rank": 1,
            "uscc": payload,
            "name": payload,
            "executed_usd": "-5.00",
            "executed_usd_previous": "1.00",
            "executed_usd_yoy": "-6.0000",
            "silent_months": [],
            "alerts": [payload],
        }
        for payload in PAYLOADS
    ]
    text = monitor_json_csv({"cities": [{"city": EVIL, "enterprises": enterprises}]}, "csv")
    assert live_in_csv(text) == []
    rows = [
        {
            "rank": 1,
            "region_code": payload,
            "year": 2024,
            "score": "1.0000",
            "indicators": [
                {
                    "indicator": payload,
                    "target": "1.00",
                    "actual": "-1.00",
                    "completion": "-1.0000",
                    "met": False,
                    "weight": "1",
                }
            ],
        }
        for payload in PAYLOADS
    ]
    assert live_in_csv(assessment_json_csv(rows, "csv")) == []


def test_entitlements_csv_and_xlsx(tmp_path):
    from waibao.cli.commands import entitlements

    rows = [
        {"uscc": payload, "amount_cny": "-5.00", "explanation": payload} for payload in PAYLOADS
    ]
    assert live_in_csv(entitlements._csv(rows)) == []
    target = tmp_path / "e.xlsx"
    entitlements._write_xlsx(str(target), rows)
    assert live_in_xlsx(target.read_bytes()) == []


def test_security_events_csv():
    from waibao.audit.models import AuditRecord
    from waibao.security.exports import security_events_write_csv

    records = [
        AuditRecord(
            sequence=n,
            occurred_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
            action="security.login.failure",
            actor_username=payload,
            object_type="security.account",
            object_id=payload,
            to_state="failure",
            payload={"username": payload, "user_agent": payload, "ip_address": "1.2.3.4"},
            hash="0" * 64,
        )
        for n, payload in enumerate(PAYLOADS, start=1)
    ]
    out = io.StringIO()
    assert security_events_write_csv(records, out) == len(PAYLOADS)
    assert live_in_csv(out.getvalue()) == []


def test_open_data_csv_and_xlsx(tmp_path, settings):
    from waibao.publishing import opendata
    from waibao.publishing.models import DataRelease

    release = DataRelease(
        slug="x",
        title_zh="x",
        title_en="x",
        year=2024,
        dimensions=["group"],
        measure="executed_usd",
    )
    rows = [{"group": payload, "executed_usd": "-5.00", "enterprises": 3} for payload in PAYLOADS]
    opendata._write(tmp_path, release, 1, rows)
    assert live_in_csv((tmp_path / "data.csv").read_text(encoding="utf-8")) == []
    assert live_in_xlsx((tmp_path / "data.xlsx").read_bytes()) == []


def test_mofcom_workbook(monkeypatch):
    from waibao.stats import mofcom

    def rows(source, *, year, by=(), through_month=12):
        base = dict.fromkeys((name for name, _ in mofcom.COLUMNS), 100)
        base[mofcom.PREVIOUS_EXECUTED] = 50
        base["executed_usd"] = 100
        if not by:
            return [base]
        return [{**base, **dict.fromkeys(by, payload)} for payload in PAYLOADS]

    monkeypatch.setattr(mofcom, "indicator_rows", rows)
    assert live_in_xlsx(mofcom.mofcom_workbook(None, year=2024)) == []


@pytest.mark.django_db
def test_supervision_report(monkeypatch):
    from types import SimpleNamespace

    from waibao.plans import export

    task = SimpleNamespace(
        key=EVIL,
        clause_ref="=1+2",
        title="+cmd|' /C calc'!A0",
        assignments=SimpleNamespace(all=lambda: []),
        done_on=None,
        source_phrase="@SUM(A1)",
    )
    monkeypatch.setattr(export, "task_list", lambda jurisdiction: [task])
    monkeypatch.setattr(export, "task_due", lambda task, today: today)
    monkeypatch.setattr(export, "task_status", lambda task, today: "open")
    monkeypatch.setattr(export, "STATUS_LABELS", {"open": "-1+2"})
    monkeypatch.setattr(export, "task_overdue_days", lambda task, today: -5)
    monkeypatch.setattr(export, "pending_units", lambda task, today: [])
    content = export.supervision_report_xlsx(jurisdiction="datong", today=dt.date(2024, 1, 1))
    assert live_in_xlsx(content) == []


def test_a_carriage_return_inside_a_cell_cannot_start_a_new_unescaped_row():
    buffer = io.StringIO()
    spreadsheets.csv_writer(buffer, lineterminator="\n").writerow(["x\r=1+2", "-5.00"])
    spreadsheets.csv_dict_writer(buffer, ["a"], lineterminator="\n").writerow({"a": "y\r@A1"})
    assert buffer.getvalue() == '"x\r=1+2","-5.00"\n"y\r@A1"\n'
    assert live_in_csv(buffer.getvalue().replace("\r", "\n").replace('"', "")) != []  # sanity
