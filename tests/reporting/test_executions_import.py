"""``executions_import``: DATA-FORMATS.md §3 and §4, and the over-execution warning."""

from __future__ import annotations

from datetime import date

import pytest
from reporting_factories import EXECUTION_HEADER, USCC_1, USCC_2

from waibao.imports.problems import ImportRefused
from waibao.reporting.models import Contract, Execution
from waibao.reporting.services import executions_import


@pytest.fixture
def contracts(enterprises):
    first, second = enterprises
    return [
        Contract.objects.create(
            organisation=first,
            contract_id="HT-001",
            client_name="Acme",
            client_country="US",
            category_id="ITO.01",
            signed_date=date(2024, 1, 15),
            amount_minor=100_000,  # 1000.00 USD
            currency="USD",
        ),
        Contract.objects.create(
            organisation=second,
            contract_id="HT-001",
            client_name="Globex",
            client_country="JP",
            category_id="KPO.02",
            signed_date=date(2024, 3, 1),
            amount_minor=10_000,  # 100.00 USD
            currency="USD",
        ),
    ]


GOOD = [
    ["E1", "HT-001", USCC_1, "2024-01-15", "600.00", "USD", "BOC-0001"],
    ["E2", "HT-001", USCC_1, "2024-06-30", "400.00", "USD", ""],
    ["E1", "HT-001", USCC_2, "2024-03-02", "50", "USD", ""],
]


def refused(path) -> list[str]:
    with pytest.raises(ImportRefused) as error:
        executions_import(path=path, name="x.csv")
    return error.value.lines


def test_a_good_file_imported_twice_adds_its_rows_once(contracts, write_csv):
    path = write_csv("x.csv", EXECUTION_HEADER, GOOD)
    first = executions_import(path=path)
    assert (first.added, first.unchanged) == (3, 0)
    second = executions_import(path=path)
    assert (second.added, second.unchanged) == (0, 3)
    execution = Execution.objects.get(execution_id="E1", contract=contracts[0])
    assert (execution.amount_minor, execution.receipt_ref) == (60_000, "BOC-0001")


def test_executions_totalling_exactly_the_contract_value_raise_no_warning(contracts, write_csv):
    result = executions_import(path=write_csv("x.csv", EXECUTION_HEADER, GOOD))
    assert result.warnings == ()


def test_executions_above_the_contract_value_are_imported_with_a_warning(contracts, write_csv):
    rows = [*GOOD, ["E3", "HT-001", USCC_1, "2024-07-01", "0.01", "USD", ""]]
    result = executions_import(path=write_csv("x.csv", EXECUTION_HEADER, rows), name="x.csv")
    assert result.added == 4
    assert result.warnings == (
        f"x.csv:5:amount: warning: executions of contract HT-001 of {USCC_1} total 1000.01 USD, "
        "above its value 1000.00 USD",
    )


def test_executions_already_stored_count_towards_the_warning(contracts, write_csv):
    executions_import(path=write_csv("x.csv", EXECUTION_HEADER, GOOD[:2]))
    later = [["E9", "HT-001", USCC_1, "2024-12-01", "1.00", "USD", ""]]
    result = executions_import(path=write_csv("y.csv", EXECUTION_HEADER, later), name="y.csv")
    assert len(result.warnings) == 1
    assert "total 1001.00 USD, above its value 1000.00 USD" in result.warnings[0]


def test_an_execution_in_another_currency_is_checked_at_the_years_rates(contracts, write_csv):
    # 800.00 CNY in 2024 at 7.1217 CNY/USD is 112.33 USD, above the 100.00 USD contract.
    rows = [["E1", "HT-001", USCC_2, "2024-03-02", "800.00", "CNY", ""]]
    result = executions_import(path=write_csv("x.csv", EXECUTION_HEADER, rows), name="x.csv")
    assert result.warnings == (
        f"x.csv:2:amount: warning: executions of contract HT-001 of {USCC_2} total 112.33 USD, "
        "above its value 100.00 USD",
    )


def test_an_execution_on_the_signing_day_is_accepted_and_the_day_before_refused(
    contracts, write_csv
):
    rows = [
        ["E1", "HT-001", USCC_1, "2024-01-15", "1.00", "USD", ""],
        ["E2", "HT-001", USCC_1, "2024-01-14", "1.00", "USD", ""],
    ]
    assert refused(write_csv("x.csv", EXECUTION_HEADER, rows)) == [
        "x.csv:3:execution_date: execution_date 2024-01-14 is before the contract's "
        "signed_date 2024-01-15"
    ]
    assert Execution.objects.count() == 0


def test_a_file_with_bad_rows_is_refused_whole_naming_every_bad_row(contracts, write_csv):
    rows = [
        *GOOD,
        ["E1", "HT-404", USCC_1, "2024-02-01", "1.00", "USD", ""],
        ["E2", "HT-001", USCC_1, "2024-07-01", "1.005", "EURO", ""],
        ["", "HT-001", USCC_2, "", "", "USD", "R" * 65],
    ]
    assert refused(write_csv("x.csv", EXECUTION_HEADER, rows)) == [
        f"x.csv:5:contract_id: no contract HT-404 of {USCC_1} in the database",
        f"x.csv:6:execution_id: execution E2 of contract HT-001 of {USCC_1} appears again "
        "(first at row 3)",
        "x.csv:6:amount: amount '1.005' has more than two decimals",
        "x.csv:6:currency: currency 'EURO' is not an ISO 4217 code",
        "x.csv:7:execution_id: execution_id is empty",
        "x.csv:7:execution_date: execution_date is empty",
        "x.csv:7:amount: amount is empty",
        "x.csv:7:receipt_ref: receipt_ref is longer than 64 characters",
    ]
    assert Execution.objects.count() == 0


def test_a_changed_execution_on_reimport_is_an_error(contracts, write_csv):
    executions_import(path=write_csv("x.csv", EXECUTION_HEADER, GOOD))
    changed = [["E2", "HT-001", USCC_1, "2024-06-30", "400.00", "USD", "BOC-0002"]]
    assert refused(write_csv("y.csv", EXECUTION_HEADER, changed)) == [
        f"x.csv:2:execution_id: execution E2 of contract HT-001 of {USCC_1} already exists "
        "with different values: receipt_ref BOC-0002 (stored: blank); imports never update"
    ]


@pytest.mark.postgres
def test_a_large_execution_import_on_postgresql_keeps_its_foreign_key(
    contracts, write_csv, monkeypatch
):
    from django.db import connection

    import waibao.reporting.services as services

    monkeypatch.setattr(services, "LARGE_BATCH", 1)
    query = (
        "SELECT count(*) FROM pg_constraint "
        "WHERE conrelid = 'reporting_execution'::regclass AND contype = 'f'"
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        before = cursor.fetchone()[0]
        assert executions_import(path=write_csv("x.csv", EXECUTION_HEADER, GOOD)).added == 3
        cursor.execute(query)
        assert cursor.fetchone()[0] == before == 1
