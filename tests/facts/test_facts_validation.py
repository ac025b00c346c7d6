"""Facts files: JSON array or JSON Lines, validated with every error named by record, field
and reason; amounts exact (JSON numbers only as integer literals)."""

from __future__ import annotations

import json

import polars as pl
import pytest

from waibao.facts import FactsError, load_facts, loads_facts, to_frame

GOOD = {
    "uscc": "91330100MA27AAAA0A",
    "year": 2009,
    "jurisdiction": "hangzhou",
    "kind": "enterprise",
}


def errors_of(text: str) -> list[str]:
    with pytest.raises(FactsError) as caught:
        loads_facts(text)
    return caught.value.errors


def test_a_json_array_and_json_lines_give_the_same_records(tmp_path):
    second = {**GOOD, "uscc": "91330100MA27AAAA1A", "software_export_usd": "500000.00"}
    array = tmp_path / "facts.json"
    array.write_text(json.dumps([GOOD, second]))
    lines = tmp_path / "facts.jsonl"
    lines.write_text(json.dumps(GOOD) + "\n\n" + json.dumps(second) + "\n")
    assert load_facts(array) == load_facts(lines)
    assert load_facts(lines)[1]["software_export_usd"] == 50_000_000


def test_every_error_of_every_record_is_reported_with_record_field_and_reason():
    text = json.dumps(
        [
            {"year": 2009, "jurisdiction": "shanghai", "kind": "enterprise"},
            {**GOOD, "tax_paid_cny": "1,000.00", "employees": -1, "colour": "red"},
        ]
    )
    assert errors_of(text) == [
        "record 1: uscc: is required",
        "record 1: jurisdiction: 'shanghai' is not one of "
        "guangzhou, guangdong, hangzhou, wenzhou, datong",
        "record 2: tax_paid_cny: amount '1,000.00' has a thousands separator",
        "record 2: employees: must not be negative (-1)",
        "record 2: colour: is not a FACTS.md field",
    ]


@pytest.mark.parametrize("number", ["0.1", "1.0", "5e5", "1E2"])
def test_a_json_number_with_a_fraction_or_exponent_never_becomes_money(number):
    text = json.dumps(GOOD)[:-1] + ', "tax_paid_cny": ' + number + "}"
    (error,) = errors_of(text)
    assert error.startswith("record 1: tax_paid_cny: amount") and "decimal string" in error


def test_an_integer_json_number_is_an_exact_amount_in_yuan():
    (facts,) = loads_facts(json.dumps({**GOOD, "tax_paid_cny": 500000}))
    assert facts["tax_paid_cny"] == 50_000_000


def test_more_than_two_decimals_are_refused():
    (error,) = errors_of(json.dumps({**GOOD, "revenue_cny": "1.005"}))
    assert "more than two decimals" in error


def test_list_items_are_checked_field_by_field():
    bad = {
        **GOOD,
        "certifications": [{"scheme": "CMMI5", "event": "new", "date": "2009-02-30"}],
        "trainings": [{"trainee": "graduate", "people": 3, "cost_cny": "10", "hired": 4}],
        "violations": [{"kind": "ip_infringement", "date": "2014-05-01", "restored": "2014-01-01"}],
    }
    errors = errors_of(json.dumps(bad))
    assert (
        "record 1: certifications[0].scheme: 'CMMI5' is not one of "
        "CMM, CMMI, PCMM, ISO9000, ISO20000, ISO27001, BS7799, SAS70" in errors
    )
    assert "record 1: certifications[0].date: '2009-02-30' is not a date YYYY-MM-DD" in errors
    assert "record 1: trainings[0].hired: 4 is more than people 3" in errors
    assert (
        "record 1: violations[0].restored: 2014-01-01 is before the violation 2014-05-01" in errors
    )


def test_a_record_repeating_an_organisation_year_is_refused():
    errors = errors_of(json.dumps([GOOD, GOOD]))
    assert errors == ["record 2: uscc: 91330100MA27AAAA0A 2009 repeats record 1"]


def test_a_broken_json_line_is_named_by_its_line():
    errors = errors_of(json.dumps(GOOD) + "\n{not json}\n")
    assert errors[0].startswith("facts: line 2: not valid JSON")


def test_absent_and_null_fields_are_unknown_and_empty_lists_are_known_empty():
    (facts,) = loads_facts(json.dumps({**GOOD, "employees": None, "expenses": []}))
    frame = to_frame([facts])
    assert frame["employees"].to_list() == [None]
    assert frame["expenses"].to_list() == [[]]
    assert frame["trainings"].to_list() == [None]


def test_the_facts_frame_holds_money_as_int64_hundredths():
    (facts,) = loads_facts(json.dumps({**GOOD, "software_export_usd": "0.01"}))
    frame = to_frame([facts])
    assert frame.schema["software_export_usd"] == pl.Int64
    assert frame["software_export_usd"].item() == 1


def test_an_amount_above_one_trillion_yuan_is_refused():
    (error,) = errors_of(json.dumps({**GOOD, "revenue_cny": "1000000000000.01"}))
    assert error == "record 1: revenue_cny: amount 1000000000000.01 is above 1000000000000.00"
    assert loads_facts(json.dumps({**GOOD, "revenue_cny": "1000000000000.00"}))
