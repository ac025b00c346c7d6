"""Entitlements written a chunk of records at a time (``waibao.rules.pipeline``, decision
0039): the same bytes as the whole file evaluated at once, in every format and chunk size;
a file that is not certainly valid chunk by chunk (a bad record in a later chunk, a key
repeated across chunks, a JSON array) ends in exactly the whole reader's answer, with no
file written and none left beside the target."""

from __future__ import annotations

import datetime as dt
import io
import json
from itertools import pairwise
from pathlib import Path

import polars as pl
import pytest
from generated_facts import generated_records, write_jsonl

from waibao.cli import main
from waibao.facts import read_facts
from waibao.facts.chunks import Uncertain, facts_chunks
from waibao.rules import evaluate_frame, output
from waibao.rules.engine import entitlement_rows
from waibao.rules.pipeline import write_entitlements

RECORDS = generated_records(300, seed=39)  # every jurisdiction, lists, examples at the end


@pytest.fixture(scope="module")
def facts(tmp_path_factory) -> Path:
    return write_jsonl(RECORDS, tmp_path_factory.mktemp("facts") / "facts.jsonl")


@pytest.fixture(scope="module")
def parquet_facts(facts, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("parquet") / "facts.parquet"
    assert main(["facts", "convert", str(facts), str(target)]) == 0
    return target


def whole(facts: Path, form: str, *, include_all: bool = False, **options) -> bytes:
    """The rows as the whole file evaluated at once gives them, written by the same
    module's whole-frame writers."""
    result = evaluate_frame(read_facts(facts), include_all=include_all, **options)
    rows = entitlement_rows(result, include_all=include_all, decimal_amounts=form == "parquet")
    writers = {"json": output.write_json, "jsonl": output.write_jsonl, "csv": output.write_csv}
    buffer = io.BytesIO()
    writers[form](rows, buffer)
    return buffer.getvalue()


def chunked(facts: Path, target: Path, form: str, chunk_rows: int, **options) -> bytes:
    written = write_entitlements(facts, target, form, chunk_rows=chunk_rows, **options)
    assert written is not None
    assert written.records == len(RECORDS)
    return target.read_bytes()


@pytest.mark.parametrize("form", ["json", "jsonl", "csv"])
@pytest.mark.parametrize("chunk_rows", [29, 100_000])
def test_chunks_write_the_whole_file_s_bytes(facts, tmp_path, form, chunk_rows):
    expected = whole(facts, form)
    assert chunked(facts, tmp_path / f"rows.{form}", form, chunk_rows) == expected
    assert json.loads(expected) if form == "json" else expected  # not an empty comparison


@pytest.mark.parametrize("form", ["json", "csv"])
def test_with_every_clause_s_reason_and_a_date_the_bytes_are_the_same(facts, tmp_path, form):
    options = {"include_all": True, "language": "zh-hans", "as_of": dt.date(2010, 6, 30)}
    expected = whole(facts, form, **options)
    assert chunked(facts, tmp_path / "rows", form, 41, **options) == expected
    assert "缺少事实" in expected.decode("utf-8")


def test_parquet_facts_in_chunks_give_the_json_facts_rows(facts, parquet_facts, tmp_path):
    expected = whole(facts, "json")
    assert chunked(parquet_facts, tmp_path / "rows.json", "json", 50) == expected


def test_parquet_rows_in_chunks_are_the_whole_rows(facts, tmp_path):
    target = tmp_path / "rows.parquet"
    chunked(facts, target, "parquet", 29)
    result = evaluate_frame(read_facts(facts))
    expected = output.parquet_rows(entitlement_rows(result, include_all=False))
    got = pl.read_parquet(target)
    assert got.equals(expected) and got.height > len(RECORDS)


def test_no_records_chunked_write_the_empty_forms(tmp_path):
    """A file of records none of which is owed anything: ``[]``, the CSV header, a Parquet
    file with the columns (the whole path's forms)."""
    quiet = write_jsonl(
        [
            {
                "uscc": "91330100MA27AAAA0A",
                "year": 2009,
                "jurisdiction": "hangzhou",
                "kind": "enterprise",
            }
        ],
        tmp_path / "quiet.jsonl",
    )
    assert chunked_bytes(quiet, tmp_path / "a.json", "json") == b"[]\n"
    header = chunked_bytes(quiet, tmp_path / "a.csv", "csv").decode()
    assert header == "uscc,year,clause,kind,amount_cny,min_cny,discretionary,citation,explanation\n"
    chunked_bytes(quiet, tmp_path / "a.parquet", "parquet")
    assert pl.read_parquet(tmp_path / "a.parquet").columns == header.strip().split(",")


def chunked_bytes(facts: Path, target: Path, form: str) -> bytes:
    assert write_entitlements(facts, target, form, chunk_rows=1) is not None
    return target.read_bytes()


# ---- what only the whole reader may answer ------------------------------------------------


def bad_later(tmp_path: Path) -> Path:
    records = [dict(record) for record in RECORDS]
    records[250]["employees"] = -1  # far beyond the first chunks
    records[280]["revenue_cny"] = "12.345"
    return write_jsonl(records, tmp_path / "bad.jsonl")


def test_a_bad_record_in_a_later_chunk_leaves_nothing_written(tmp_path):
    target = tmp_path / "rows.json"
    assert write_entitlements(bad_later(tmp_path), target, "json", chunk_rows=60) is None
    assert list(tmp_path.iterdir()) == [tmp_path / "bad.jsonl"]  # no target, no partial


def test_the_command_then_names_every_bad_record_as_the_whole_reader_does(tmp_path, capsys):
    source = bad_later(tmp_path)
    target = tmp_path / "rows.json"
    assert main(["entitlements", str(source), "--output", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"{source}: record 251: employees: " in err
    assert f"{source}: record 281: revenue_cny: " in err
    assert not target.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bad.jsonl"]


def test_a_key_repeated_across_chunks_is_the_whole_reader_s_error(tmp_path, capsys):
    records = [*RECORDS, dict(RECORDS[0])]
    source = write_jsonl(records, tmp_path / "twice.jsonl")
    with pytest.raises(Uncertain):
        list(facts_chunks(source, 100))
    target = tmp_path / "rows.csv"
    assert main(["entitlements", str(source), "--format", "csv", "--output", str(target)]) == 1
    assert "repeats record 1" in capsys.readouterr().err
    assert not target.exists()


def test_a_json_array_is_read_whole_and_gives_the_same_rows(facts, tmp_path):
    array = tmp_path / "facts.json"
    array.write_text(json.dumps(RECORDS, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(Uncertain):
        next(facts_chunks(array))
    target = tmp_path / "rows.json"
    assert main(["entitlements", str(array), "--output", str(target)]) == 0
    assert target.read_bytes() == whole(facts, "json")


def test_an_existing_target_is_replaced_only_when_the_rows_are_whole(tmp_path, facts):
    target = tmp_path / "rows.json"
    target.write_text("earlier rows\n", encoding="utf-8")
    assert write_entitlements(bad_later(tmp_path), target, "json", chunk_rows=60) is None
    assert target.read_text(encoding="utf-8") == "earlier rows\n"
    assert write_entitlements(facts, target, "json", chunk_rows=60) is not None
    assert target.read_bytes() == whole(facts, "json")


def test_a_failing_writer_s_error_reaches_the_caller_and_leaves_nothing(tmp_path, facts):
    missing = tmp_path / "no such folder" / "rows.json"
    with pytest.raises(OSError):
        write_entitlements(facts, missing, "json", chunk_rows=60)
    assert not missing.parent.exists()


def test_chunks_count_their_rows_from_zero_and_cover_the_file_in_order(facts):
    frames = list(facts_chunks(facts, 64))
    assert [frame.height for frame in frames[:-1]] and all(
        frame.get_column("_row").to_list() == list(range(frame.height)) for frame in frames
    )
    together = pl.concat([frame.drop("_row") for frame in frames])
    assert together.equals(read_facts(facts).drop("_row"))


LINES = [json.dumps(record, ensure_ascii=False) for record in RECORDS[:40]]
ODD_FILES = {
    "a blank line": "\n".join(LINES[:20]) + "\n\n" + "\n".join(LINES[20:]) + "\n",
    "a line opening with a blank": "\n".join(LINES[:20]) + "\n " + "\n".join(LINES[20:]),
    "two records on one line": "\n".join(LINES[:20]) + LINES[20] + "\n".join(LINES[21:]),
    "a lone carriage return": "\n".join(LINES[:20]) + "\r" + "\n".join(LINES[20:]),
    "a line separator in a text": "\n".join(LINES).replace('"hangzhou"', '"hang\u2028zhou"', 1),
    "a null line": "\n".join(LINES[:20]) + "\nnull\n" + "\n".join(LINES[20:]),
}


@pytest.mark.parametrize("odd", ODD_FILES)
def test_a_file_whose_lines_are_not_plain_records_is_read_whole(tmp_path, capsys, odd):
    """What Arrow and the validator might see otherwise goes to the whole reader, and the
    command answers with --output exactly as without it (rows or errors)."""
    source = tmp_path / "odd.jsonl"
    source.write_text(ODD_FILES[odd], encoding="utf-8")
    if odd != "a blank line":  # skipped alike by both readers (at a run's end, say)
        with pytest.raises(Uncertain):
            list(facts_chunks(source, 7))
    to_stdout = main(["entitlements", str(source), "--format", "csv"])
    printed = capsys.readouterr()
    target = tmp_path / "rows.csv"
    to_file = main(["entitlements", str(source), "--format", "csv", "--output", str(target)])
    written = capsys.readouterr()
    assert to_file == to_stdout
    if to_stdout == 0:
        assert target.read_text(encoding="utf-8") == printed.out
    else:
        assert written.err.splitlines()[-3:] == printed.err.splitlines()[-3:]
        assert not target.exists()


def _runs(data: bytes, chunk_rows: int | None) -> list[tuple[int, int]]:
    from waibao.facts.chunks import _line_runs

    return list(_line_runs(io.BytesIO(data), len(data), chunk_rows))


def _cover_at_line_ends(data: bytes, runs: list[tuple[int, int]]) -> None:
    assert runs[0][0] == 0 and runs[-1][1] == len(data)
    assert all(end == start for (_, end), (start, _) in pairwise(runs))
    assert all(start < end for start, end in runs)
    assert all(data[end - 1 : end] == b"\n" for _, end in runs)


def test_runs_of_lines_cover_the_file_in_order_at_line_ends():
    data = ("\n".join(LINES) + "\n").encode("utf-8")
    for chunk_rows in (None, 1, 3, 39, 40, 41):
        runs = _runs(data, chunk_rows)
        _cover_at_line_ends(data, runs)
        if chunk_rows is not None:
            assert len(runs) == -(-40 // chunk_rows)


def test_runs_by_bytes_are_cut_after_the_newline_at_or_after_each_share(monkeypatch):
    """The runs of a large file (here: small runs, read a few bytes at a time, so that the
    search for a line's end crosses reads): each cut just after the first newline at or
    after a quarter of the bytes; shares that fall in one long line make one cut."""
    import waibao.facts.chunks as chunks

    monkeypatch.setattr(chunks, "CHUNK_BYTES", 8)
    monkeypatch.setattr(chunks, "PROBE_BYTES", 3)
    lines = [b"{" + b"x" * (n % 7) + b"}" for n in range(40)]
    data = b"\n".join(lines) + b"\n"
    runs = _runs(data, None)
    _cover_at_line_ends(data, runs)
    expected = sorted({data.find(b"\n", len(data) * part // 4) + 1 for part in (1, 2, 3)})
    assert [end for _, end in runs[:-1]] == expected
    long_line = b"{" + b"y" * 100 + b"}\n"
    data = b"{}\n" + long_line + b"{}\n"
    runs = _runs(data, None)
    _cover_at_line_ends(data, runs)
    assert runs == [(0, 3 + len(long_line)), (3 + len(long_line), len(data))]


def test_a_file_without_a_final_newline_ends_the_last_run():
    data = b'{"a": 1}\n{"a": 2}'
    assert _runs(data, 1) == [(0, 9), (9, len(data))]
    assert _runs(data, None) == [(0, len(data))]


def test_a_file_that_grows_while_read_is_not_read_in_chunks(tmp_path, monkeypatch):
    """Records written to the file after it was measured are not silently left out: the
    whole reader reads the file as it is then."""
    import waibao.facts.chunks as chunks

    source = tmp_path / "growing.jsonl"
    source.write_text("\n".join(LINES[:3]) + "\n", encoding="utf-8")
    measured = chunks._line_runs

    def measure_then_grow(stream, size, chunk_rows):
        runs = list(measured(stream, size, chunk_rows))
        with source.open("a", encoding="utf-8") as more:
            more.write(LINES[3] + "\n")
        yield from runs

    monkeypatch.setattr(chunks, "_line_runs", measure_then_grow)
    with pytest.raises(Uncertain, match="grew while read"):
        list(facts_chunks(source))


def test_a_file_shorter_than_measured_is_not_read_in_chunks():
    from waibao.facts.chunks import _read_run

    assert _read_run(io.BytesIO(b"{}\n{}\n"), 3, 6) == b"{}\n"
    assert _read_run(io.BytesIO(b"{}\n"), 0, 6) is None
