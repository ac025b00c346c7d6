"""``waibao entitlements``: input mistakes end in one clear line each (exit 1), never a
traceback, and a file is named once per line (issue 20)."""

from __future__ import annotations

import json

import pytest
from rules_cases import record

from waibao.cli import main
from waibao.money import MoneyError, parse_rate

FACTS = [record("hangzhou", 2009, trainings=[
    {"trainee": "graduate", "people": 30, "cost_cny": "180000", "hired": 20}])]  # fmt: skip


@pytest.fixture
def facts_file(tmp_path):
    path = tmp_path / "facts.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in FACTS), encoding="utf-8")
    return path


def run(capsys, *args):
    status = main(["entitlements", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("rate", ["1/3", "one third", "NaN", "Infinity", "5%%"])
def test_a_rate_that_is_not_a_percentage_or_decimal_is_a_clear_error(
    facts_file, tmp_path, capsys, rate
):
    reform = tmp_path / "reform.yaml"
    reform.write_text(
        f"parameters:\n  hangzhou.17.graduate_training.rate:\n    2009-01-01: {json.dumps(rate)}\n",
        encoding="utf-8",
    )
    status, out, err = run(capsys, facts_file, "--reform", reform)
    assert status == 1 and out == ""
    assert err == (
        f"reform: hangzhou.17.graduate_training.rate 2009-01-01: bad rate value {rate!r}: "
        f"rate {rate!r} is not a percentage or a decimal (write '50%' or '0.5')\n"
    )


def test_parse_rate_refuses_a_fraction_with_a_money_error():
    with pytest.raises(MoneyError, match="'1/3' is not a percentage or a decimal"):
        parse_rate("1/3")
    assert parse_rate("33.5%") == parse_rate("0.335")


def test_a_json_syntax_error_names_the_file_once(tmp_path, capsys, monkeypatch):
    (tmp_path / "in").mkdir()
    bad = tmp_path / "f.jsonl"
    bad.write_text(json.dumps(FACTS[0]) + "\n\n{not json\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "in")
    status, out, err = run(capsys, "../f.jsonl")
    assert status == 1 and out == ""
    assert err == (
        "../f.jsonl: line 3: not valid JSON: Expecting property name enclosed in double quotes\n"
    )


def test_an_unreadable_file_is_named_once(tmp_path, capsys):
    absent = tmp_path / "absent.jsonl"
    status, _, err = run(capsys, absent)
    assert status == 1 and err.startswith(f"{absent}: cannot read: [Errno 2]")
    assert err.count(str(absent)) == 2  # the name, and the OS's message quoting it


def test_every_bad_record_of_a_large_file_is_reported_and_nothing_is_computed(tmp_path, capsys):
    good = json.dumps(FACTS[0])
    lines = [good.replace("AAAA0A", f"{n:06d}") for n in range(5000)]
    lines[10] = lines[10].replace('"year": 2009', '"year": 1900')
    lines[4000] = lines[4000].replace('"cost_cny": "180000"', '"cost_cny": 0.5')
    path = tmp_path / "large.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, err = run(capsys, path)
    assert status == 1 and out == ""
    assert err.splitlines() == [
        f"{path}: record 11: year: year 1900 is outside 1990-2100",
        f"{path}: record 4001: trainings[0].cost_cny: amount 0.5 is a JSON number with a "
        'fraction or exponent; write it as a decimal string ("0.5")',
    ]
