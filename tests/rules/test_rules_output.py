"""Entitlement rows written from columns (``waibao.rules.output``) are byte for byte what the
per-row writers wrote: ``waibao entitlements`` today against the old pipeline (records
validated one by one, rows as dicts, ``json.dumps`` / ``csv.writer`` / openpyxl) on a
generated file on which every entitlement clause fires."""

from __future__ import annotations

import io
import json
import zipfile

import polars as pl
import pytest
from generated_facts import generated_records, write_jsonl

from waibao.cli import main
from waibao.cli.commands import entitlements as command
from waibao.facts import load_facts, to_frame
from waibao.rules import evaluate_frame, output, registry
from waibao.rules.engine import rows_from_frame
from waibao.rules.formula import FORMULAS
from waibao.spreadsheets import csv_writer


@pytest.fixture(scope="module")
def facts_file(tmp_path_factory):
    return write_jsonl(generated_records(2000), tmp_path_factory.mktemp("facts") / "facts.jsonl")


@pytest.fixture(scope="module")
def old_rows(facts_file):
    """The rows as the per-record pipeline made them, with and without ``--all``."""
    frame = to_frame(load_facts(facts_file))
    return {
        include_all: rows_from_frame(
            evaluate_frame(frame, include_all=include_all), include_all=include_all
        )
        for include_all in (False, True)
    }


def test_every_entitlement_clause_fires_in_the_generated_file(old_rows):
    fired = {row["clause"] for row in old_rows[False]}
    clauses = {c.id for c in registry() if c.id in FORMULAS and c.is_entitlement}
    assert clauses - fired == set()
    assert any(row["explanation"] for row in old_rows[False])
    assert any(not row["applies"] for row in old_rows[True])


def new_output(tmp_path, facts_file, fmt, include_all):  # type: ignore[no-untyped-def]
    target = tmp_path / f"out.{fmt}"
    options = ["--all"] if include_all else []
    assert main(["entitlements", str(facts_file), "--format", fmt, "--output", str(target),
                 *options]) == 0  # fmt: skip
    return target


@pytest.mark.parametrize("include_all", [False, True])
def test_json_is_byte_identical(tmp_path, facts_file, old_rows, include_all):
    old = json.dumps(old_rows[include_all], ensure_ascii=False, indent=1) + "\n"
    new = new_output(tmp_path, facts_file, "json", include_all).read_bytes()
    assert new == old.encode("utf-8")


@pytest.mark.parametrize("include_all", [False, True])
def test_json_lines_are_one_json_dumps_a_row(tmp_path, facts_file, old_rows, include_all):
    old = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in old_rows[include_all])
    new = new_output(tmp_path, facts_file, "jsonl", include_all).read_bytes()
    assert new == old.encode("utf-8")


@pytest.mark.parametrize("include_all", [False, True])
def test_csv_is_byte_identical(tmp_path, facts_file, old_rows, include_all):
    old = command._csv(old_rows[include_all])
    new = new_output(tmp_path, facts_file, "csv", include_all).read_bytes()
    assert new == old.encode("utf-8")


def test_xlsx_holds_the_same_sheet(tmp_path, facts_file, old_rows):
    old_path = tmp_path / "old.xlsx"
    command._write_xlsx(str(old_path), old_rows[True])
    new_path = new_output(tmp_path, facts_file, "xlsx", True)
    with zipfile.ZipFile(old_path) as old, zipfile.ZipFile(new_path) as new:
        assert old.namelist() == new.namelist()
        for name in old.namelist():
            if name != "docProps/core.xml":  # its creation time differs from run to run
                assert old.read(name) == new.read(name), name


def test_no_rows_write_what_they_wrote_before(tmp_path, capsys):
    facts = tmp_path / "none.jsonl"
    facts.write_text("", encoding="utf-8")
    for fmt, expected in (("json", "[]\n"), ("jsonl", ""), ("csv", command._csv([]))):
        assert main(["entitlements", str(facts), "--format", fmt, "--all"]) == 0
        assert capsys.readouterr().out == expected


AWKWARD = [
    'quote " and backslash \\ and \\n literally',
    "new\nline, carriage\rreturn, tab\t, bell\x07, nul\x00, escape\x1b, del\x7f",
    "comma, only",
    "中文（全角）：“引号”",
    "line\u2028separator and \u2029 and \x85",
    "",
    None,
    "=1+2",
    "-5.00",
    "+cmd|' /C calc'!A0",
    "＠SUM(1)",
]


@pytest.mark.parametrize("few", [0, output.FEW])  # escaped by Polars, or by json text by text
def test_awkward_strings_are_escaped_as_json_dumps_and_csv_writer_do(monkeypatch, few):
    monkeypatch.setattr(output, "FEW", few)
    frame = pl.DataFrame(
        {
            "text": AWKWARD,
            "number": [1, None, -3, 0, 10**15, 7, 8, 9, 10, 11, 12],
            "flag": [True, False, None, True, False, True, None, True, False, None, True],
        }
    )
    rows = frame.to_dicts()
    assert (
        output.text_of(output.write_json, frame)
        == json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    )
    assert output.text_of(output.write_jsonl, frame) == "".join(
        json.dumps(row, ensure_ascii=False) + "\n" for row in rows
    )
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    writer.writerow(frame.columns)
    writer.writerows([list(row.values()) for row in rows])
    assert output.text_of(output.write_csv, frame) == buffer.getvalue()
    without_cr = frame.filter(~pl.col("text").str.contains("\r").fill_null(False))
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    writer.writerow(frame.columns)
    writer.writerows(without_cr.iter_rows())
    assert output.text_of(output.write_csv, without_cr) == buffer.getvalue()


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_slices_join_up_to_the_same_bytes(monkeypatch, tmp_path, facts_file, old_rows, fmt):
    monkeypatch.setattr(output, "SLICE_ROWS", 97)  # many slices, the last one short
    rows = old_rows[False]
    old = {
        "json": json.dumps(rows, ensure_ascii=False, indent=1) + "\n",
        "jsonl": "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows),
        "csv": command._csv(rows),
    }[fmt]
    assert len(rows) % 97 and len(rows) > 10 * 97
    assert new_output(tmp_path, facts_file, fmt, False).read_bytes() == old.encode("utf-8")
