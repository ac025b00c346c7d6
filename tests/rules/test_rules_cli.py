"""``waibao entitlements``: formats, --all, --explain, --reform, exit status 1 on bad facts."""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest
from rules_cases import record

from waibao.cli import main

FACTS = [
    record("hangzhou", 2009, software_export_usd="600000"),
    record("wenzhou", 2017, tech_service_income_cny="5000000"),
]


@pytest.fixture
def facts_file(tmp_path):
    path = tmp_path / "facts.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in FACTS) + "\n", encoding="utf-8")
    return path


def run(capsys, *args):
    status = main(["entitlements", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def test_json_to_standard_output_by_default(facts_file, capsys):
    status, out, _ = run(capsys, facts_file)
    rows = json.loads(out)
    assert status == 0
    assert [(r["clause"], r["amount_cny"]) for r in rows] == [
        ("hangzhou.12.software_export", "200000.00")
    ]
    assert set(rows[0]) == {
        "uscc",
        "year",
        "clause",
        "kind",
        "amount_cny",
        "min_cny",
        "discretionary",
        "citation",
        "explanation",
    }


def test_all_lists_clauses_that_do_not_apply_with_the_reason(facts_file, capsys):
    _, out, _ = run(capsys, facts_file, "--all")
    rows = json.loads(out)
    wz = next(r for r in rows if r["clause"] == "wenzhou.20.business_tax_exemption")
    assert wz["applies"] is False and wz["reason"].startswith("not in force in 2017")
    assert any(r["reason"] == "unknown fact: trainings" for r in rows)


def test_explain_shows_facts_parameters_arithmetic_and_clause_text(facts_file, capsys):
    _, out, _ = run(capsys, facts_file, "--explain")
    (row,) = json.loads(out)
    assert row["facts"]["software_export_usd"] == "600000.00"
    assert row["parameters"][0]["name"] == "hangzhou.12.software_export.tiers"
    assert "(十二)" in row["parameters"][0]["citation"]
    assert "一次性獎勵20萬元" in row["clause_text"]
    assert "600000.00 >= USD 500000.00" in row["explanation"]


def test_csv_output_to_a_file(facts_file, tmp_path, capsys):
    target = tmp_path / "out.csv"
    status, out, _ = run(capsys, facts_file, "--format", "csv", "--output", target)
    assert status == 0 and out == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0]["amount_cny"] == "200000.00"


def test_xlsx_output_keeps_amounts_as_text(facts_file, tmp_path, capsys):
    from openpyxl import load_workbook

    target = tmp_path / "out.xlsx"
    assert run(capsys, facts_file, "--format", "xlsx", "--output", target)[0] == 0
    sheet = load_workbook(target).active
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("amount_cny") + 1).value == "200000.00"


def test_bad_facts_exit_1_with_every_error_on_standard_error(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"year": 2009}, {**FACTS[0], "tax_paid_cny": 0.5}]))
    status, out, err = run(capsys, bad)
    assert status == 1 and out == ""
    assert f"{bad}: record 1: uscc: is required" in err
    assert "record 2: tax_paid_cny" in err


def test_reform_reports_per_clause_totals_before_and_after(facts_file, tmp_path, capsys):
    reform = tmp_path / "reform.yaml"
    reform.write_text(
        "name: higher tier one\nparameters:\n  hangzhou.12.software_export.tiers:\n"
        "    2009-01-01: [{at: '500000', amount: '300000'}, {at: '5000000', amount: '500000'}]\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, facts_file, "--reform", reform)
    report = json.loads(out)
    assert status == 0 and report["reform"] == "higher tier one"
    assert report["clauses"] == [
        {
            "clause": "hangzhou.12.software_export",
            "rows_before": 1,
            "rows_after": 1,
            "total_before_cny": "200000.00",
            "total_after_cny": "300000.00",
            "difference_cny": "100000.00",
        }
    ]


def test_a_bad_reform_exits_1(facts_file, tmp_path, capsys):
    reform = tmp_path / "reform.yaml"
    reform.write_text("parameters:\n  no.such: {2009-01-01: '1%'}\n", encoding="utf-8")
    status, _, err = run(capsys, facts_file, "--reform", reform)
    assert status == 1 and "no such parameter" in err


def test_facts_and_from_db_together_is_a_usage_error(facts_file, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["entitlements", str(facts_file), "--from-db", "--year", "2009"])
    assert exit_.value.code == 2


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("options", [[], ["--format", "csv"], ["--all"]])
def test_a_terminal_gets_progress_and_a_summary_and_standard_output_stays_the_same(
    facts_file, capsys, monkeypatch, options
):
    """docs/decisions/0010: progress only when standard error is a terminal."""
    plain = run(capsys, facts_file, *options)
    assert plain[2] == ""  # not a terminal: not one byte on standard error
    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    status = main(["entitlements", str(facts_file), *options])
    assert (status, capsys.readouterr().out) == plain[:2]
    drawn = err.getvalue().split("\r\x1b[K")
    assert "政策兑现测算 entitlements 读取事实 reading the facts 0.0 s" in drawn
    rows = len(json.loads(run(capsys, facts_file, *options[-1:] if "--all" in options else [])[1]))
    assert drawn[-1].startswith(f"测算 2 条记录，{rows} 行结果，用时 ")
    assert f" · evaluated 2 records, {rows} rows in " in drawn[-1] and drawn[-1].endswith(" s\n")
