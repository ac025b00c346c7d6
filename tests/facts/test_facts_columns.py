"""Facts read as columns (``read_facts``) give exactly what the record-by-record validator
gives: the same frame for a valid file, the same errors (each naming the file once) for a
bad one, whichever way the file went."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from waibao.facts import FactsError, load_facts, read_facts, to_frame
from waibao.facts.columns import facts_from_bytes

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules"))
from generated_facts import generated_records, write_jsonl

GOOD = {
    "uscc": "91330100MA27AAAA0A",
    "year": 2009,
    "jurisdiction": "hangzhou",
    "kind": "enterprise",
}
LINE = json.dumps(GOOD)


def old_outcome(path: Path):  # type: ignore[no-untyped-def]
    """What the record-by-record path gives: the frame, or the error lines naming the file."""
    try:
        return to_frame(load_facts(path))
    except FactsError as error:
        return [line if line.startswith(f"{path}:") else f"{path}: {line}" for line in error.errors]


def new_outcome(path: Path):  # type: ignore[no-untyped-def]
    try:
        return read_facts(path)
    except FactsError as error:
        return error.errors


def assert_same(path: Path) -> None:
    old, new = old_outcome(path), new_outcome(path)
    if isinstance(old, list):
        assert new == old
    else:
        assert not isinstance(new, list), new
        assert new.schema == old.schema
        assert new.equals(old)


def test_generated_records_go_the_column_way_and_equal_the_validated_records(tmp_path):
    path = write_jsonl(generated_records(1500), tmp_path / "facts.jsonl")
    assert facts_from_bytes(path.read_bytes()) is not None, "the fast path refused a valid file"
    assert_same(path)


def test_amounts_written_as_json_integers_are_read_record_by_record_to_the_same_frame(tmp_path):
    path = write_jsonl(generated_records(300, integers=True), tmp_path / "facts.jsonl")
    assert facts_from_bytes(path.read_bytes()) is None
    assert_same(path)


def test_a_json_array_goes_the_column_way_too(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(generated_records(300), ensure_ascii=False, indent=2))
    assert facts_from_bytes(path.read_bytes()) is not None
    assert_same(path)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        "[]",
        LINE,  # no final newline
        "\r\n".join([LINE, json.dumps({**GOOD, "uscc": "91330100MA27AAAA1A"})]) + "\r\n",
        "\n  \n" + LINE + "\n\t\n",
        json.dumps({**GOOD, "tax_paid_cny": 500000}),  # JSON integer: exact yuan
        json.dumps({**GOOD, "region_code": "３３０１０８"}),  # digits Python's \d accepts
        json.dumps({**GOOD, "name": "  名  "}),
        json.dumps({**GOOD, "name": "a\u2028b"}, ensure_ascii=False),  # splitlines breaks it
        json.dumps({**GOOD, "name": "a\u0085b"}, ensure_ascii=False),
        "  " + LINE,  # indented record
        "\ufeff" + LINE,  # byte order mark
        json.dumps([GOOD, None]),
        json.dumps([GOOD, {**GOOD, "uscc": "91330100MA27AAAA1A"}], indent=2),
        LINE + " " + json.dumps({**GOOD, "uscc": "91330100MA27AAAA1A"}),  # two on a line
        LINE + "\rnull",  # a lone carriage return
        "null\n" + LINE,
        LINE + "\nnull\n" + LINE,
        LINE + "\n[]\n",
        LINE + "\n5\n",
        '{"uscc": "91330100MA27AAAA0A", "year": 2009, "year": 2010, '
        '"jurisdiction": "hangzhou", "kind": "enterprise"}',  # a key twice: the last wins
        json.dumps({**GOOD, "year": 2009.0}),
        json.dumps({**GOOD, "year": "2009"}),
        json.dumps({**GOOD, "year": True}),
        json.dumps({**GOOD, "year": 1989}),
        json.dumps({**GOOD, "year": 10**20}),
        json.dumps({**GOOD, "employees": -1}),
        json.dumps({**GOOD, "employees": 5, "employees_college": 6}),
        json.dumps({**GOOD, "uscc": "91330100ma27aaaa0a"}),
        json.dumps({**GOOD, "uscc": None}),
        json.dumps({**GOOD, "jurisdiction": "shanghai"}),
        json.dumps({**GOOD, "name": "   "}),
        json.dumps({**GOOD, "name": "\x1c"}),
        json.dumps({**GOOD, "tax_paid_cny": 0.5}),
        json.dumps({**GOOD, "tax_paid_cny": "0.5"}),
        json.dumps({**GOOD, "tax_paid_cny": "1,000.00"}),
        json.dumps({**GOOD, "tax_paid_cny": "1.005"}),
        json.dumps({**GOOD, "tax_paid_cny": "01.00"}),
        json.dumps({**GOOD, "tax_paid_cny": "5\n"}),
        json.dumps({**GOOD, "tax_paid_cny": "999999999999.99"}),
        json.dumps({**GOOD, "tax_paid_cny": "1000000000000.00"}),
        json.dumps({**GOOD, "tax_paid_cny": "1000000000000.01"}),
        json.dumps({**GOOD, "tax_paid_cny": "99999999999999999999999"}),
        json.dumps({**GOOD, "tax_paid_cny": "NaN"}),
        '{"uscc": "91330100MA27AAAA0A", "year": 2009, "jurisdiction": "hangzhou", '
        '"kind": "enterprise", "tax_paid_cny": NaN}',
        json.dumps({**GOOD, "is_headquarters": 1}),
        json.dumps({**GOOD, "founded": "2009-02-29"}),
        json.dumps({**GOOD, "founded": "2008-02-29"}),
        json.dumps({**GOOD, "founded": "0000-01-01"}),
        json.dumps({**GOOD, "founded": "2009-1-1"}),
        json.dumps({**GOOD, "colour": "red"}),
        json.dumps({**GOOD, "certifications": None}),
        json.dumps({**GOOD, "certifications": []}),
        json.dumps({**GOOD, "certifications": [None]}),
        json.dumps({**GOOD, "certifications": [1]}),
        json.dumps({**GOOD, "certifications": {"scheme": "CMMI"}}),
        json.dumps({**GOOD, "certifications": [{"scheme": "CMMI", "event": "new"}]}),
        json.dumps(
            {**GOOD, "certifications": [{"scheme": "CMMI", "event": "new", "date": "2009-01-01"}]}
        ),
        json.dumps(
            {
                **GOOD,
                "certifications": [
                    {"scheme": "CMMI", "event": "new", "date": "2009-01-01", "level": 6}
                ],
            }
        ),
        json.dumps(
            {
                **GOOD,
                "certifications": [
                    {"scheme": "CMMI", "event": "new", "date": "2009-01-01", "colour": "red"}
                ],
            }
        ),
        json.dumps({**GOOD, "trainings": [{"trainee": "graduate", "people": 0, "cost_cny": "1"}]}),
        json.dumps(
            {**GOOD, "trainings": [{"trainee": "graduate", "people": 10**7 + 1, "cost_cny": "1"}]}
        ),
        json.dumps(
            {
                **GOOD,
                "trainings": [{"trainee": "graduate", "people": 3, "cost_cny": "1", "hired": 4}],
            }
        ),
        json.dumps(
            {
                **GOOD,
                "violations": [
                    {"kind": "ip_infringement", "date": "2009-05-01", "restored": "2009-01-01"}
                ],
            }
        ),
        json.dumps(
            {
                **GOOD,
                "violations": [
                    {"kind": "ip_infringement", "date": "2009-05-01", "restored": "2009-05-01"}
                ],
            }
        ),
        json.dumps({**GOOD, "awards_received": [{"clause": " ", "year": 2008, "amount_cny": 1}]}),
        json.dumps([GOOD, GOOD]),
        LINE + "\n" + LINE,
        "[" + LINE + "] x",
        LINE + "\n{not json}\n",
        '{"uscc": "\\ud800", "year": 2009, "jurisdiction": "hangzhou", "kind": "enterprise"}',
        "5",
        '"text"',
        "null",
    ],
)
def test_every_kind_of_file_gives_what_the_record_by_record_path_gives(tmp_path, text):
    path = tmp_path / "f.jsonl"
    path.write_text(text, encoding="utf-8")
    assert_same(path)


def test_bytes_that_are_not_utf8_cannot_be_read(tmp_path):
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"uscc": "\xff"}\n')
    (error,) = new_outcome(path)
    assert error.startswith(f"{path}: cannot read: 'utf-8' codec can't decode byte 0xff")


def test_a_missing_file_is_named_once(tmp_path):
    path = tmp_path / "absent.jsonl"
    (error,) = new_outcome(path)
    assert error.startswith(f"{path}: cannot read: ") and error.count(str(path)) == 2


def test_a_syntax_error_names_the_file_and_line_once(tmp_path):
    path = tmp_path / "f.jsonl"
    path.write_text(LINE + "\n\n{not json}\n", encoding="utf-8")
    assert new_outcome(path) == [
        f"{path}: line 3: not valid JSON: Expecting property name enclosed in double quotes"
    ]


def test_every_bad_record_is_named_by_file_record_field_and_reason(tmp_path):
    path = tmp_path / "f.jsonl"
    lines = [LINE, json.dumps({**GOOD, "uscc": "X", "tax_paid_cny": 0.1}), json.dumps({"a": 1})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert new_outcome(path) == [
        f"{path}: record 2: uscc: 'X' is not an 18-character 统一社会信用代码",
        f"{path}: record 2: tax_paid_cny: amount 0.1 is a JSON number with a fraction or "
        'exponent; write it as a decimal string ("0.1")',
        f"{path}: record 3: uscc: is required",
        f"{path}: record 3: year: is required",
        f"{path}: record 3: jurisdiction: is required",
        f"{path}: record 3: kind: is required",
        f"{path}: record 3: a: is not a FACTS.md field",
    ]


def test_a_record_nested_too_deeply_is_an_error_not_a_traceback(tmp_path):
    path = tmp_path / "f.jsonl"
    deep = '{"uscc": "91330100MA27AAAA0A", "zz": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path.write_text(LINE + "\n" + deep + "\n", encoding="utf-8")
    assert new_outcome(path) == [f"{path}: line 2: not valid JSON: nested too deeply"]
    path.write_text("[" + deep + "]", encoding="utf-8")
    assert new_outcome(path) == [f"{path}: not valid JSON: nested too deeply"]
