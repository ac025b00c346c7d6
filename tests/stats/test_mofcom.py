"""The MOFCOM-layout workbook: one sheet per table, Chinese headers, units, totals; it opens
in LibreOffice and its numbers survive the round trip."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tooling import require


def _source():
    from django.db import connection

    from waibao.stats.sources import operational_source

    return operational_source("postgres" if connection.vendor == "postgresql" else "sqlite")


def _workbook(tmp_path):
    from waibao.stats.mofcom import mofcom_workbook

    path = tmp_path / "mofcom.xlsx"
    path.write_bytes(mofcom_workbook(_source(), year=2024))
    return path


def test_every_table_has_units_chinese_headers_and_a_totals_row(stats_data, tmp_path):
    book = load_workbook(_workbook(tmp_path))
    assert book.sheetnames == [
        "表1 按业务类别",
        "表2 按发包市场",
        "表3 按区县",
        "表4 按企业性质",
        "表5 按月",
    ]
    sheet = book["表2 按发包市场"]
    assert "单位" in sheet["A2"].value and "万美元" in sheet["A2"].value
    header = [c.value for c in sheet[3]]
    assert header[:5] == [
        "发包国家和地区",
        "签约合同数(份)",
        "签约合同额(万美元)",
        "签约合同额(万元)",
        "执行额(万美元)",
    ]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=4)]
    assert [r[0] for r in rows] == ["境内(在岸)", "欧盟", "中国香港", "日本", "美国", "合计"]
    totals = rows[-1]
    # 合计: USD 135084.51 signed = 13.508451 万美元; executed 65075.18 = 6.507518 万美元.
    assert Decimal(str(totals[2])) == Decimal("13.508451")
    assert Decimal(str(totals[4])) == Decimal("6.507518")
    assert sum(Decimal(str(r[4])) for r in rows[:-1]) == Decimal(str(totals[4]))
    assert totals[10] == 3  # enterprises: A, B, C (not the sum of the rows, which is 5)
    assert Decimal(str(totals[11])) == Decimal("147.70")  # 1.4770 as a percentage


def test_the_workbook_opens_in_libreoffice_and_round_trips_the_numbers(stats_data, tmp_path):
    require(shutil.which("libreoffice") is not None, "LibreOffice (libreoffice-calc-nogui)")
    path = _workbook(tmp_path)
    out = tmp_path / "out"
    profile = tmp_path / "lo-profile"
    # Field separator 44, text delimiter 34, UTF-8 (76), sheet -1: every sheet to its own file.
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    files = sorted(out.glob("*.csv"))
    assert len(files) == 5, [f.name for f in files]
    market = next(f for f in files if "表2" in f.name)
    rows = list(csv.reader(io.StringIO(market.read_text(encoding="utf-8"))))
    by_label = {row[0]: row for row in rows[3:]}
    assert Decimal(by_label["合计"][2]) == Decimal("13.508451")
    assert Decimal(by_label["日本"][3]) == Decimal("10")  # JPY 2,000,000 x 0.05 = 10 万元
    assert Decimal(by_label["日本"][5]) == Decimal("0.000004")  # 4 fen, rounded per execution
    assert by_label["合计"][10] == "3"


def test_the_cli_report_writes_the_workbook(stats_data, tmp_path, capsys):
    from waibao.cli import main

    target = tmp_path / "report.xlsx"
    assert main(["stats", "report", "--year", "2024", "--output", str(target)]) == 0
    assert load_workbook(target).sheetnames[0] == "表1 按业务类别"


def test_stats_without_a_subcommand_is_wrong_usage(capsys):
    from waibao.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["stats"])
    assert exit_.value.code == 2
