"""``waibao import`` says every reason in Chinese under ``--lang zh-hans`` (issue 21, docs/
decisions/0035-cli-language.md), keeping the ``file:row:column:`` position exactly.

Each import runs twice on the same database (rolled back after each run): in English, as
scripts read it, and in Chinese (tests/cli_languages.py). Every bad file here is built to give
a different reason of the enterprises, contracts and executions imports and of the file reader
(CSV, XLSX, size limits); tests/imports/test_reason_templates.py checks that no reason template
lacks a shape."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from reporting_factories import CONTRACT_HEADER, EXECUTION_HEADER, UNREGISTERED, USCC_1

from cli_languages import english_and_chinese
from waibao.cli import main
from waibao.reporting.models import ExchangeRate

ENTERPRISE_HEADER = [
    "uscc",
    "name",
    "region_code",
    "park_id",
    "ownership",
    "registered_capital_cny",
    "founded",
]
GOOD_CONTRACT = ["HT-1", USCC_1, "Acme", "US", "ITO.01", "2024-01-15", "100.00", "USD"]
LONG = "x" * 300


def csv_file(write_csv, name, header, rows):
    return str(write_csv(name, header, rows))


def xlsx_file(tmp_path, name, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / name
    book.save(path)
    return str(path)


@pytest.fixture
def bad_enterprises(enterprises, write_csv):
    b_authority = "B" + UNREGISTERED[1:]
    rows = [
        ["", "", "", "", "private", "", ""],
        ["ABC", LONG, "12345", "P-NOPE", "public", "1,000", "2024-02-30"],
        ["91330106mA00000011", "甲", "999999", "", "", "-5", "2024/01/01"],
        [b_authority, "乙", "330100", "", "", "1.234", "1800-01-01"],
        ["91ABCDEFMA00000011", "丙", "330106", "", "", "1e5", ""],
        [
            UNREGISTERED[:-1] + ("0" if UNREGISTERED[-1] != "0" else "1"),
            "丁",
            "330106",
            "",
            "",
            "0123",
            "",
        ],
        [UNREGISTERED, "戊", "330106", "", "", " 12", ""],
        [UNREGISTERED, "戊", "330106", "", "", "abc", ""],
        [USCC_1, "己", "330106", "", "", "99999999999999999", ""],
    ]
    return csv_file(write_csv, "enterprises.csv", ENTERPRISE_HEADER, rows)


def test_every_enterprise_reason_is_said_in_chinese_in_its_place(bad_enterprises, capsys):
    pairs = english_and_chinese(capsys, "import", "enterprises", bad_enterprises)
    assert len(pairs) == 27
    english = "\n".join(e for e, _ in pairs)
    for reason in (
        "uscc is empty",
        "has 3 characters, not 18",
        "not allowed in GB 32100",
        "not a registration-authority code",
        "characters 3 to 8",
        "has check character",
        "appears again",
        "is not a 6-digit GB/T 2260 code",
        "is not in the GB/T 2260 table",
        "is a city, not a district",
        "is not a known park",
        "is not one of private",
        "is longer than",
        "has a thousands separator",
        "is negative",
        "more than two decimals",
        "exponent",
        "leading zero",
        "surrounding spaces",
        "is not a decimal number",
        "over the bound",
        "not a day of the calendar",
        "is not an ISO date",
        "is outside",
        "refused, nothing imported",
    ):
        assert reason in english


def test_an_enterprise_stored_with_other_values_is_said_with_its_changes(
    enterprises, write_csv, capsys
):
    rows = [[USCC_1, "另一个名字", "330106", "", "private", "100", "2020-01-01"]]
    pairs = english_and_chinese(
        capsys, "import", "enterprises", csv_file(write_csv, "e.csv", ENTERPRISE_HEADER, rows)
    )
    english, chinese = pairs[0]
    assert "already exists with different values" in english
    assert "name 另一个名字 (stored: 杭州西湖软件有限公司)" in english
    assert "ownership private (stored: blank)" in english
    assert f"企业 {USCC_1} 已存在" in chinese
    assert "name 为 另一个名字（已存：杭州西湖软件有限公司）" in chinese
    assert "ownership 为 private（已存：空）" in chinese


def test_every_file_reason_is_said_in_chinese(enterprises, write_csv, tmp_path, capsys):
    files = {
        "header.csv": "uscc,uscc,bogus\n",
        "unnamed.csv": f"uscc,name,region_code,\n{USCC_1},甲,330106,oops\n",
        "empty.csv": "",
        "wide.csv": f"uscc,name,region_code\n{USCC_1},甲,330106,extra\n",
        "nul.csv": f"uscc,name,region_code\n{USCC_1},甲\x00,330106\n",
        "huge.csv": f"uscc,name,region_code\n{USCC_1},{'x' * 140_000},330106\n",
    }
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"uscc,name,region_code\n" + "甲".encode("gb18030") + b"\n")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    typed = xlsx_file(
        tmp_path,
        "typed.xlsx",
        [
            ENTERPRISE_HEADER,
            [913301060000000000123, True, dt.date(2024, 1, 1), dt.datetime(2024, 1, 1, 10, 30)],
            [USCC_1, "甲", "330106", "", "", 1e20, 45000],
        ],
    )
    empty_sheet = xlsx_file(tmp_path, "empty.xlsx", [])
    english = []
    for path in [*paths, latin, broken, typed, empty_sheet]:
        pairs = english_and_chinese(capsys, "import", "enterprises", str(path))
        english += [e for e, _ in pairs]
    shown = "\n".join(english)
    for reason in (
        "column appears twice",
        "unknown column",
        "required column is missing",
        "a value in a column that has no header",
        "the file is empty",
        "cells but the header has",
        "a NUL character",
        "field larger than field limit",
        "not UTF-8 text",
        "cannot read the workbook",
        "cannot hold this value exactly",
        "TRUE/FALSE cell",
        "date cell 2024-01-01 where text is expected",
        "date-time cell",
        "is not an exact amount",
        "where a date is expected",
        "the sheet is empty",
    ):
        assert reason in shown


def test_files_over_the_limits_are_said_in_chinese(enterprises, settings, tmp_path, capsys):
    settings.WAIBAO_IMPORT_MAX_UNCOMPRESSED_BYTES = 2_000
    big = tmp_path / "big.csv"
    big.write_text("uscc,name,region_code\n" + "x" * 3_000, encoding="utf-8")
    workbook = xlsx_file(tmp_path, "w.xlsx", [ENTERPRISE_HEADER])
    english = [e for e, _ in english_and_chinese(capsys, "import", "enterprises", str(big))]
    english += [e for e, _ in english_and_chinese(capsys, "import", "enterprises", workbook)]
    settings.WAIBAO_IMPORT_MAX_MEMBERS = 2
    english += [e for e, _ in english_and_chinese(capsys, "import", "enterprises", workbook)]
    shown = "\n".join(english)
    assert "the file is 3,022 bytes, over the limit of 2,000 bytes" in shown
    assert "the workbook unpacks to" in shown
    assert "parts, over the limit of 2" in shown


@pytest.fixture
def bad_contracts(enterprises, write_csv):
    rows = [
        GOOD_CONTRACT,
        ["", UNREGISTERED, "", "", "", "", "", ""],
        [LONG, "123", LONG, "us", "XXX.99", "2024-02-30", "1,0", "usd"],
        ["HT-3", USCC_1, "Acme", "ZZ", "ITO.01", "2024-01-15", "1", "ZZZ"],
        GOOD_CONTRACT,
    ]
    return csv_file(write_csv, "contracts.csv", CONTRACT_HEADER, rows)


def test_every_contract_reason_is_said_in_chinese(bad_contracts, capsys):
    pairs = english_and_chinese(capsys, "import", "contracts", bad_contracts)
    english = "\n".join(e for e, _ in pairs)
    for reason in (
        "contract_id is empty",
        "no enterprise with uscc",
        "client_name is empty",
        "client_country is empty",
        "category is empty",
        "signed_date is empty",
        "amount is empty",
        "currency is empty",
        "contract_id is longer than 64 characters",
        "client_name is longer than 200 characters",
        "has 3 characters, not 18",
        "must be upper case (US)",
        "is not a code of categories.csv",
        "not a day of the calendar",
        "must be upper case (USD)",
        "is not an ISO 3166-1 alpha-2 code",
        "is not an ISO 4217 code",
        "appears again (first at row 2)",
    ):
        assert reason in english


def test_contracts_stored_with_other_values_and_a_missing_rate_are_said_in_chinese(
    enterprises, write_csv, capsys
):
    assert (
        main(
            ["import", "contracts", csv_file(write_csv, "a.csv", CONTRACT_HEADER, [GOOD_CONTRACT])]
        )
        == 0
    )
    changed = [*GOOD_CONTRACT[:6], "200.00", "USD"]
    pairs = english_and_chinese(
        capsys, "import", "contracts", csv_file(write_csv, "b.csv", CONTRACT_HEADER, [changed])
    )
    assert "contract HT-1 of" in pairs[0][0] and "amount 200.00 (stored: 100.00)" in pairs[0][0]
    assert f"企业 {USCC_1} 的合同 HT-1 已存在" in pairs[0][1]
    ExchangeRate.objects.filter(currency="USD", year=2023).delete()
    new = ["HT-9", USCC_1, "Acme", "US", "ITO.01", "2023-01-15", "100.00", "USD"]
    pairs = english_and_chinese(
        capsys, "import", "contracts", csv_file(write_csv, "c.csv", CONTRACT_HEADER, [new])
    )
    (summary_english, summary_chinese), (warning_english, warning_chinese) = pairs
    assert "warning: no USD exchange rate for 2023" in warning_english
    assert warning_chinese.endswith(
        "警告：缺少 2023 年的 USD 汇率（从这一行起需要）：管理员补录之前，统计不能计算这些金额"
    )
    assert summary_english.endswith(": 1 added, 0 unchanged")
    assert summary_chinese.endswith(": 新增 1 行，未变 0 行")


def test_every_execution_reason_and_warning_is_said_in_chinese(enterprises, write_csv, capsys):
    contracts = [
        GOOD_CONTRACT,
        ["HT-2", USCC_1, "Acme", "US", "ITO.01", "2024-01-15", "1.00", "USD"],
    ]
    assert (
        main(["import", "contracts", csv_file(write_csv, "c.csv", CONTRACT_HEADER, contracts)]) == 0
    )
    good = ["E1", "HT-1", USCC_1, "2024-02-01", "10.00", "USD", ""]
    assert (
        main(["import", "executions", csv_file(write_csv, "e0.csv", EXECUTION_HEADER, [good])]) == 0
    )
    rows = [
        ["", "", UNREGISTERED, "", "", "XX", LONG],
        [LONG, "HT-NOPE", USCC_1, "2024-02-01", "1", "USD", ""],
        ["E2", "HT-1", USCC_1, "2023-01-01", "1", "USD", ""],
        ["E3", "HT-1", USCC_1, "2024-02-01", "1", "USD", ""],
        ["E3", "HT-1", USCC_1, "2024-02-01", "1", "USD", ""],
        ["E1", "HT-1", USCC_1, "2024-02-01", "11.00", "USD", ""],
        ["E4", "", USCC_1, "2024-02-01", "1", "USD", ""],
    ]
    pairs = english_and_chinese(
        capsys, "import", "executions", csv_file(write_csv, "e1.csv", EXECUTION_HEADER, rows)
    )
    english = "\n".join(e for e, _ in pairs)
    for reason in (
        "execution_id is empty",
        "no enterprise with uscc",
        "execution_date is empty",
        "amount is empty",
        "currency 'XX' is not an ISO 4217 code",
        "receipt_ref is longer than 64 characters",
        "execution_id is longer than 64 characters",
        "no contract HT-NOPE of",
        "is before the contract's signed_date",
        "appears again (first at row 5)",
        "already exists with different values",
        "contract_id is empty",
    ):
        assert reason in english
    ExchangeRate.objects.filter(currency="EUR", year=2024).delete()
    warned = [
        ["E5", "HT-2", USCC_1, "2024-03-01", "5.00", "USD", ""],
        ["E6", "HT-1", USCC_1, "2024-03-01", "5.00", "EUR", ""],
    ]
    pairs = english_and_chinese(
        capsys, "import", "executions", csv_file(write_csv, "e2.csv", EXECUTION_HEADER, warned)
    )
    english = "\n".join(e for e, _ in pairs)
    assert "executions of contract HT-2 of" in english
    assert "executions not checked against its value: no exchange rate for EUR in 2024" in english
    chinese = "\n".join(c for _, c in pairs)
    assert (
        f"警告：企业 {USCC_1} 的合同 HT-2 的执行额合计 5.00 USD，超过合同金额 1.00 USD" in chinese
    )
