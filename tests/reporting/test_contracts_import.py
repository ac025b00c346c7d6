"""``contracts_import``: DATA-FORMATS.md §2 and the all-or-nothing rules of §4."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from reporting_factories import CONTRACT_HEADER, UNREGISTERED, USCC_1, USCC_2

from waibao.imports.problems import ImportRefused
from waibao.reporting.models import Contract
from waibao.reporting.services import contracts_import

GOOD = [
    ["HT-001", USCC_1, "Acme Corp", "US", "ITO.01", "2024-01-15", "1000000.00", "USD"],
    ["HT-002", USCC_1, "香港某银行", "HK", "BPO.04", "2024-02-29", "5000", "HKD"],
    ["HT-001", USCC_2, "上海某公司", "CN", "KPO.07", "2023-12-31", "0.5", "CNY"],
]


def refused(path, name="c.csv") -> list[str]:
    with pytest.raises(ImportRefused) as error:
        contracts_import(path=path, name=name)
    return error.value.lines


def test_a_good_file_imported_twice_adds_its_rows_once(enterprises, write_csv):
    path = write_csv("c.csv", CONTRACT_HEADER, GOOD)
    first = contracts_import(path=path)
    assert (first.added, first.unchanged) == (3, 0)
    second = contracts_import(path=path)
    assert (second.added, second.unchanged) == (0, 3)
    assert Contract.objects.count() == 3
    contract = Contract.objects.get(organisation__uscc=USCC_1, contract_id="HT-001")
    assert contract.amount_minor == 100_000_000
    assert contract.signed_date == date(2024, 1, 15)
    assert contract.category_id == "ITO.01"
    assert contract.offshore
    assert not Contract.objects.get(organisation__uscc=USCC_2).offshore
    assert Contract.objects.get(contract_id="HT-002").offshore  # Hong Kong is offshore


def test_the_same_contract_id_under_two_enterprises_is_two_contracts(enterprises, write_csv):
    contracts_import(path=write_csv("c.csv", CONTRACT_HEADER, GOOD))
    assert Contract.objects.filter(contract_id="HT-001").count() == 2


def test_a_file_with_bad_rows_is_refused_whole_naming_every_bad_row(enterprises, write_csv):
    rows = [
        *GOOD,
        ["HT-003", UNREGISTERED, "A", "UK", "ITO.99", "2024-02-30", "1,000.00", "RMB"],
        ["HT-004", "91330106MA0000001X", "", "us", "ITO.01", "2024-1-5", "12.345", "usd"],
        ["HT-002", USCC_1, "Acme", "US", "ITO.01", "2024-03-01", "-1", "USD"],
        ["", USCC_1, "Acme", "US", "ITO.01", "2024-03-01", "1e3", "USD"],
    ]
    lines = refused(write_csv("c.csv", CONTRACT_HEADER, rows))
    assert lines == [
        f"c.csv:5:uscc: no enterprise with uscc {UNREGISTERED} in the registry",
        "c.csv:5:client_country: client_country 'UK' is not an ISO 3166-1 alpha-2 code",
        "c.csv:5:category: category 'ITO.99' is not a code of categories.csv",
        "c.csv:5:signed_date: date '2024-02-30' is not a day of the calendar",
        "c.csv:5:amount: amount '1,000.00' has a thousands separator",
        "c.csv:5:currency: currency 'RMB' is not an ISO 4217 code",
        f"c.csv:6:uscc: uscc '91330106MA0000001X' has check character 'X', expected '{USCC_1[-1]}'",
        "c.csv:6:client_name: client_name is empty",
        "c.csv:6:client_country: client_country 'us' must be upper case (US)",
        "c.csv:6:signed_date: date '2024-1-5' is not an ISO date YYYY-MM-DD",
        "c.csv:6:amount: amount '12.345' has more than two decimals",
        "c.csv:6:currency: currency 'usd' must be upper case (USD)",
        f"c.csv:7:contract_id: contract HT-002 of {USCC_1} appears again (first at row 3)",
        "c.csv:7:amount: amount '-1' is negative",
        "c.csv:8:contract_id: contract_id is empty",
        "c.csv:8:amount: amount '1e3' is in exponent (float) form",
    ]
    assert Contract.objects.count() == 0


def test_a_changed_row_on_reimport_is_an_error_and_nothing_else_is_written(enterprises, write_csv):
    contracts_import(path=write_csv("c.csv", CONTRACT_HEADER, GOOD[:1]))
    changed = [["HT-001", USCC_1, "Acme Corp", "US", "ITO.01", "2024-01-15", "999999.99", "USD"]]
    lines = refused(write_csv("c2.csv", CONTRACT_HEADER, [*GOOD[1:], *changed]))
    assert lines == [
        f"c.csv:4:contract_id: contract HT-001 of {USCC_1} already exists with different "
        "values: amount 999999.99 (stored: 1000000.00); imports never update"
    ]
    assert Contract.objects.count() == 1
    assert Contract.objects.get().amount_minor == 100_000_000


def test_a_utf8_bom_is_accepted(enterprises, write_csv):
    path = write_csv("c.csv", CONTRACT_HEADER, GOOD, bom=True)
    assert contracts_import(path=path).added == 3


def test_a_blank_required_cell_and_a_short_row_are_errors(enterprises, write_csv):
    rows = [["HT-009", USCC_1, "Acme", "US", "", "2024-01-01"]]
    assert refused(write_csv("c.csv", CONTRACT_HEADER, rows)) == [
        "c.csv:2:category: category is empty",
        "c.csv:2:amount: amount is empty",
        "c.csv:2:currency: currency is empty",
    ]


def test_a_missing_required_column_is_reported_on_the_header_row(enterprises, write_csv):
    header = [column for column in CONTRACT_HEADER if column != "currency"]
    rows = [row[:-1] for row in GOOD]
    assert refused(write_csv("c.csv", header, rows)) == [
        "c.csv:1:currency: required column is missing"
    ]


def _xlsx(tmp_path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(CONTRACT_HEADER)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "c.xlsx"
    book.save(path)
    return path


def test_an_xlsx_file_with_text_amounts_and_date_cells_is_imported(enterprises, tmp_path):
    path = _xlsx(
        tmp_path,
        [
            ["HT-001", USCC_1, "Acme", "US", "ITO.01", date(2024, 1, 15), "1000.10", "USD"],
            [1001, USCC_2, "Globex", "JP", "KPO.02", "2024-03-01", "20000", "JPY"],
        ],
    )
    result = contracts_import(path=path)
    assert (result.added, result.unchanged) == (2, 0)
    assert Contract.objects.get(contract_id="HT-001").amount_minor == 100_010
    assert Contract.objects.get(contract_id="1001").signed_date == date(2024, 3, 1)
    assert contracts_import(path=path).unchanged == 2


def test_a_numeric_xlsx_amount_is_taken_only_when_it_is_exactly_two_decimals_or_fewer(
    enterprises, tmp_path
):
    path = _xlsx(
        tmp_path,
        [
            ["A", USCC_1, "Acme", "US", "ITO.01", "2024-01-15", 1234.5, "USD"],
            ["B", USCC_1, "Acme", "US", "ITO.01", "2024-01-15", 1234.567, "USD"],
            ["C", USCC_1, "Acme", "US", "ITO.01", "2024-01-15", 1e16, "USD"],
            ["D", USCC_1, "Acme", "US", "ITO.01", 45000, 100, "USD"],
        ],
    )
    assert refused(path, "c.xlsx") == [
        "c.xlsx:3:amount: amount '1234.567' has more than two decimals",
        "c.xlsx:4:amount: numeric cell 1e+16 is not an exact amount: enter it as text",
        "c.xlsx:5:signed_date: number 45000 where a date is expected",
    ]
    path = _xlsx(tmp_path, [["A", USCC_1, "Acme", "US", "ITO.01", "2024-01-15", 1234.5, "USD"]])
    contracts_import(path=path)
    assert Contract.objects.get().amount_minor == 123_450


def test_a_contract_in_a_year_without_an_exchange_rate_is_imported_with_a_warning(
    enterprises, write_csv
):
    rows = [
        ["HT-1", USCC_1, "Acme", "DE", "ITO.01", "2031-05-01", "10.00", "EUR"],
        ["HT-2", USCC_1, "Acme", "DE", "ITO.01", "2031-06-01", "10.00", "EUR"],
        ["HT-3", USCC_1, "Acme", "DE", "ITO.01", "2024-06-01", "10.00", "EUR"],
    ]
    result = contracts_import(path=write_csv("c.csv", CONTRACT_HEADER, rows), name="c.csv")
    assert result.added == 3
    assert result.warnings == (
        "c.csv:2:signed_date: warning: no EUR/USD exchange rate for 2031 (first row needing "
        "it): statistics will refuse these amounts until an administrator adds it",
    )


def _foreign_keys(table):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [table],
        )
        return cursor.fetchall()


@pytest.mark.postgres
def test_a_large_import_on_postgresql_puts_back_the_foreign_keys_it_dropped(
    enterprises, write_csv, monkeypatch
):
    import waibao.reporting.services as services

    monkeypatch.setattr(services, "LARGE_BATCH", 1)
    before = _foreign_keys("reporting_contract")
    assert len(before) == 2  # organisation, category
    assert contracts_import(path=write_csv("c.csv", CONTRACT_HEADER, GOOD)).added == 3
    assert _foreign_keys("reporting_contract") == before
    assert Contract.objects.count() == 3


@pytest.mark.postgres
def test_a_bad_row_after_streaming_began_on_postgresql_still_writes_nothing(
    enterprises, write_csv, monkeypatch
):
    import waibao.reporting.services as services

    monkeypatch.setattr(services, "LARGE_BATCH", 1)
    before = _foreign_keys("reporting_contract")
    bad = ["HT-9", USCC_1, "Acme", "US", "ITO.01", "2024-01-15", "1.001", "USD"]
    assert refused(write_csv("c.csv", CONTRACT_HEADER, [*GOOD, bad])) == [
        "c.csv:5:amount: amount '1.001' has more than two decimals"
    ]
    assert Contract.objects.count() == 0
    assert _foreign_keys("reporting_contract") == before
