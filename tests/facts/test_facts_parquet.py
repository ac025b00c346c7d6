"""Facts as Parquet (docs/facts-parquet.md): the same records give the same frame and the
same entitlements as their JSON; bad values give the JSON's errors, record by record; a file
whose columns are not the facts schema is refused column by column; ``waibao facts convert``
validates as it converts; ``--format parquet`` writes the CSV's rows with exact amounts."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from waibao.cli import main
from waibao.facts import FactsError, read_facts
from waibao.facts.columns import arrow_schema
from waibao.facts.parquet import facts_table, schema_problems

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules"))
from generated_facts import generated_records, write_jsonl

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
GOOD = {
    "uscc": "91330100MA27AAAA0A",
    "year": 2009,
    "jurisdiction": "hangzhou",
    "kind": "enterprise",
}


def convert(source: Path, target: Path) -> Path:
    assert main(["facts", "convert", str(source), str(target)]) == 0
    return target


def entitlements(source: Path, *options: str, into: Path) -> bytes:
    target = into / f"{source.name}.out"
    assert main(["entitlements", str(source), "--output", str(target), *options]) == 0
    return target.read_bytes()


def table_of(records: list[dict], schema: pa.Schema | None = None) -> pa.Table:
    """Records as an Arrow table in the facts schema, absent fields null."""
    schema = schema or arrow_schema()
    full = [{name: record.get(name) for name in schema.names} for record in records]
    return pa.Table.from_pylist(full, schema=schema)


def read_errors(path: Path) -> list[str]:
    with pytest.raises(FactsError) as raised:
        read_facts(path)
    return raised.value.errors


# ---- the same records, the same results -----------------------------------------------------


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.jsonl")), ids=lambda p: p.stem)
def test_each_example_file_as_parquet_gives_the_same_entitlements(tmp_path, example):
    parquet = convert(example, tmp_path / f"{example.stem}.parquet")
    assert parquet.read_bytes()[:4] == b"PAR1"
    assert read_facts(parquet).equals(read_facts(example))
    for options in ((), ("--all",), ("--format", "csv", "--all")):
        assert entitlements(parquet, *options, into=tmp_path) == entitlements(
            example, *options, into=tmp_path
        )


def test_generated_records_as_parquet_give_the_same_frame_and_rows(tmp_path):
    source = write_jsonl(generated_records(1500), tmp_path / "facts.jsonl")
    parquet = convert(source, tmp_path / "facts.parquet")
    frame = read_facts(parquet)
    assert frame.schema == read_facts(source).schema
    assert frame.equals(read_facts(source))
    assert entitlements(parquet, "--all", into=tmp_path) == entitlements(
        source, "--all", into=tmp_path
    )
    assert entitlements(parquet, "--format", "jsonl", into=tmp_path) == entitlements(
        source, "--format", "jsonl", into=tmp_path
    )


def test_amounts_written_as_json_integers_convert_to_the_same_facts(tmp_path):
    source = write_jsonl(generated_records(200, integers=True), tmp_path / "facts.jsonl")
    parquet = convert(source, tmp_path / "facts.parquet")
    assert read_facts(parquet).equals(read_facts(source))


def test_parquet_converts_back_to_json_lines_with_the_same_facts(tmp_path):
    source = write_jsonl(generated_records(300), tmp_path / "facts.jsonl")
    again = convert(convert(source, tmp_path / "f.parquet"), tmp_path / "again.jsonl")
    assert read_facts(again).equals(read_facts(source))


def test_unknown_is_null_and_an_empty_list_stays_none(tmp_path):
    """A null cell is an absent field (unknown); a null list is unknown, an empty one none."""
    records = [
        {**GOOD, "certifications": None, "trainings": [], "employees": None},
        {**GOOD, "uscc": "91330100MA27AAAA1A", "trainings": None},
    ]
    path = tmp_path / "f.parquet"
    pq.write_table(table_of(records), path)
    frame = read_facts(path)
    assert frame["certifications"].to_list() == [None, None]
    assert frame["trainings"].to_list() == [[], None]
    assert frame["employees"].to_list() == [None, None]
    json_path = write_jsonl(
        [{**GOOD, "trainings": []}, {**GOOD, "uscc": "91330100MA27AAAA1A"}], tmp_path / "f.jsonl"
    )
    assert frame.equals(read_facts(json_path))


def test_a_polars_written_file_with_narrower_integers_and_large_strings_is_read(tmp_path):
    frame = pl.DataFrame(
        {name: [GOOD.get(name)] for name in arrow_schema().names},
        schema=pl.from_arrow(arrow_schema().empty_table()).schema,  # type: ignore[union-attr]
    ).with_columns(pl.col("year").cast(pl.Int16), pl.col("employees").cast(pl.UInt32))
    frame.write_parquet(tmp_path / "polars.parquet")  # large strings, string views
    assert read_facts(tmp_path / "polars.parquet").equals(
        read_facts(write_jsonl([GOOD], tmp_path / "f.jsonl"))
    )


# ---- bad values: the JSON's errors, each naming the Parquet file ---------------------------

BAD = [
    {**GOOD, "registered_capital_cny": "1.234"},
    {**GOOD, "uscc": "bad", "year": None},
    GOOD,
    GOOD,  # repeats record 3
    {**GOOD, "uscc": "91330100MA27AAAA2A", "certifications": [None]},
    {
        **GOOD,
        "uscc": "91330100MA27AAAA3A",
        "trainings": [{"trainee": "graduate", "people": 2, "cost_cny": "1.00", "hired": 3}],
        "jurisdiction": "atlantis",
        "founded": "2009-02-30",
    },
]


def test_bad_records_give_exactly_the_json_errors_all_of_them(tmp_path):
    json_path = write_jsonl(BAD, tmp_path / "bad.jsonl")
    parquet = tmp_path / "bad.parquet"
    pq.write_table(table_of(BAD), parquet)
    expected = [line.replace(str(json_path), str(parquet)) for line in read_errors(json_path)]
    errors = read_errors(parquet)
    assert errors == expected
    assert len(errors) >= 7
    assert all(line.startswith(f"{parquet}: record ") for line in errors)
    assert f"{parquet}: record 4: uscc: 91330100MA27AAAA0A 2009 repeats record 3" in errors


def test_the_command_reports_every_bad_record_and_computes_nothing(tmp_path, capsys):
    parquet = tmp_path / "bad.parquet"
    pq.write_table(table_of(BAD), parquet)
    target = tmp_path / "out.json"
    assert main(["entitlements", str(parquet), "--output", str(target)]) == 1
    assert not target.exists()
    err = capsys.readouterr().err
    assert f"{parquet}: record 1: registered_capital_cny: " in err
    assert f"{parquet}: record 6: trainings[0].hired: 3 is more than people 2" in err


# ---- a file whose columns are not the facts schema ------------------------------------------


def problems_of(tmp_path: Path, table: pa.Table) -> list[str]:
    path = tmp_path / "schema.parquet"
    pq.write_table(table, path)
    return read_errors(path)


def test_a_missing_column_is_named(tmp_path):
    errors = problems_of(tmp_path, table_of([GOOD]).drop_columns(["name", "expenses"]))
    path = tmp_path / "schema.parquet"
    assert errors == [
        f"{path}: column name: missing (an unknown fact is a null, not an absence)",
        f"{path}: column expenses: missing (an unknown fact is a null, not an absence)",
    ]


def test_an_extra_column_is_named(tmp_path):
    table = table_of([GOOD]).append_column("turnover", pa.array([1]))
    assert problems_of(tmp_path, table) == [
        f"{tmp_path / 'schema.parquet'}: column turnover: is not a FACTS.md field"
    ]


def test_a_wrong_type_is_named_with_what_was_expected(tmp_path):
    schema = arrow_schema()
    schema = schema.set(
        schema.get_field_index("revenue_cny"), pa.field("revenue_cny", pa.float64())
    )
    schema = schema.set(schema.get_field_index("year"), pa.field("year", pa.string()))
    table = table_of([{**GOOD, "year": "2009", "revenue_cny": 1.5}], schema)
    path = tmp_path / "schema.parquet"
    assert problems_of(tmp_path, table) == [
        f"{path}: column year: is string, expected integer",
        f'{path}: column revenue_cny: is double, expected string (a decimal amount, "500000.00")',
    ]


def test_a_list_item_field_of_the_wrong_type_or_missing_is_named(tmp_path):
    schema = arrow_schema()
    item = pa.struct([("kind", pa.string()), ("amount_cny", pa.int64())])  # area_sqm missing
    schema = schema.set(schema.get_field_index("expenses"), pa.field("expenses", pa.list_(item)))
    path = tmp_path / "schema.parquet"
    assert problems_of(tmp_path, table_of([GOOD], schema)) == [
        f"{path}: column expenses: item field area_sqm: missing",
        f"{path}: column expenses: item field amount_cny: is int64, expected string (a decimal "
        'amount, "500000.00")',
    ]


def test_a_list_column_of_another_type_is_named_not_a_traceback():
    """``expenses`` written as text by a tool: refused by name (it raised KeyError)."""
    schema = arrow_schema()
    found = schema.set(schema.get_field_index("expenses"), pa.field("expenses", pa.string()))
    assert schema_problems(found, schema) == [
        "column expenses: is string, expected a list of structs (kind, amount_cny, area_sqm)"
    ]


def test_item_fields_in_another_order_are_refused_by_name():
    schema = arrow_schema()
    item = pa.struct([("amount_cny", pa.string()), ("kind", pa.string()), ("area_sqm", pa.int64())])
    found = schema.set(schema.get_field_index("expenses"), pa.field("expenses", pa.list_(item)))
    assert schema_problems(found, schema) == [
        "column expenses: item fields in the order amount_cny, kind, area_sqm; "
        "expected kind, amount_cny, area_sqm"
    ]
    assert schema_problems(schema, schema) == []


def test_columns_in_another_order_are_read(tmp_path):
    table = table_of([GOOD])
    path = tmp_path / "reordered.parquet"
    pq.write_table(table.select(list(reversed(table.column_names))), path)
    assert read_facts(path).equals(read_facts(write_jsonl([GOOD], tmp_path / "f.jsonl")))


def test_a_file_that_only_starts_like_parquet_cannot_be_read(tmp_path):
    path = tmp_path / "fake.parquet"
    path.write_bytes(b"PAR1 and then nothing")
    (line,) = read_errors(path)
    assert line.startswith(f"{path}: cannot read: not a Parquet file")


# ---- waibao facts convert --------------------------------------------------------------------


def test_convert_validates_and_writes_nothing_for_a_bad_file(tmp_path, capsys):
    source = write_jsonl(BAD, tmp_path / "bad.jsonl")
    target = tmp_path / "bad.parquet"
    assert main(["facts", "convert", str(source), str(target)]) == 1
    assert list(tmp_path.iterdir()) == [source]  # no file, no partial one
    assert f"{source}: record 6: jurisdiction: " in capsys.readouterr().err


def test_convert_refuses_an_unknown_target_form(tmp_path, capsys):
    source = write_jsonl([GOOD], tmp_path / "f.jsonl")
    with pytest.raises(SystemExit) as raised:
        main(["facts", "convert", str(source), str(tmp_path / "f.csv")])
    assert raised.value.code == 2
    assert "OUT must end in .parquet or .jsonl" in capsys.readouterr().err


def test_the_written_file_holds_the_facts_schema_and_the_json_texts(tmp_path):
    record = {**GOOD, "revenue_cny": "500000", "founded": "2001-02-03"}
    parquet = convert(write_jsonl([record], tmp_path / "f.jsonl"), tmp_path / "f.parquet")
    table = pq.read_table(parquet)
    assert table.schema.equals(arrow_schema())
    row = table.to_pylist()[0]
    assert row["revenue_cny"] == "500000.00" and row["founded"] == "2001-02-03"
    assert row["tax_paid_cny"] is None and row["certifications"] is None
    assert facts_table(read_facts(parquet)).equals(table)


# ---- --format parquet -----------------------------------------------------------------------


@pytest.mark.parametrize("include_all", [False, True])
def test_parquet_rows_are_the_csv_rows_with_exact_decimal_amounts(tmp_path, include_all):
    source = write_jsonl(generated_records(400), tmp_path / "facts.jsonl")
    options = ["--all"] if include_all else []
    rows = json.loads(entitlements(source, *options, into=tmp_path))
    target = tmp_path / "rows.parquet"
    assert main(["entitlements", str(source), "--format", "parquet", "--output", str(target),
                 *options]) == 0  # fmt: skip
    table = pq.read_table(target)
    assert table.schema.field("amount_cny").type == pa.decimal128(38, 2)
    assert table.schema.field("min_cny").type == pa.decimal128(38, 2)
    assert table.column_names == list(rows[0])
    read = table.to_pylist()
    assert len(read) == len(rows)
    for got, row in zip(read, rows, strict=True):
        for name in ("amount_cny", "min_cny"):
            got[name] = None if got[name] is None else str(got[name])
            assert got[name] is None or Decimal(got[name]).as_tuple().exponent == -2
        assert got == row
    assert any(row["amount_cny"] is None for row in rows)  # a null amount stays null


def test_parquet_amounts_round_trip_to_the_fen():
    from waibao.rules.output import parquet_rows

    texts = ["0.00", "0.01", "1234567.89", "10000000000000.00", "92233720368547758.07", None]
    frame = parquet_rows(pl.DataFrame({"amount_cny": texts, "min_cny": texts}))
    back = pl.from_arrow(frame.to_arrow()).select(pl.col("amount_cny").cast(pl.String))
    assert back["amount_cny"].to_list() == texts


def test_no_rows_write_a_parquet_file_with_the_columns(tmp_path):
    source = write_jsonl([GOOD], tmp_path / "f.jsonl")
    target = tmp_path / "rows.parquet"
    assert main(["entitlements", str(source), "--format", "parquet", "--output", str(target)]) == 0
    table = pq.read_table(target)
    assert table.num_rows == 0
    assert "amount_cny" in table.column_names and "explanation" in table.column_names


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ([], "--format parquet needs --output FILE (Parquet is binary"),
        (["--output", "x.parquet", "--explain"], "not with --explain or --reform"),
    ],
)
def test_parquet_is_never_written_to_standard_output(tmp_path, capsys, options, reason):
    source = write_jsonl([GOOD], tmp_path / "f.jsonl")
    with pytest.raises(SystemExit) as raised:
        main(["entitlements", str(source), "--format", "parquet", *options])
    assert raised.value.code == 2
    captured = capsys.readouterr()
    assert reason in captured.err and captured.out == ""


def test_the_polars_schema_read_into_is_the_arrow_schema():
    from waibao.facts.parquet import _polars_schema

    frame = pl.from_arrow(arrow_schema().empty_table())
    assert isinstance(frame, pl.DataFrame)
    assert _polars_schema() == frame.schema


@pytest.mark.parametrize("include_all", [False, True])
def test_decimal_amounts_from_the_fen_are_the_texts_values(include_all):
    """``entitlement_rows(decimal_amounts=True)`` (what ``--format parquet`` writes) holds the
    very values ``parquet_rows`` reads from the text rows, at the ends of Int64 and for the
    negative amounts ``yuan_text`` writes as floor and fen above it ("-150" fen: "-2.50")."""
    from waibao.rules.engine import OUTPUT_SCHEMA, entitlement_rows
    from waibao.rules.output import parquet_rows

    fen = [0, 1, 99, 100, 12345, -1, -50, -100, -101, -150, None, 2**63 - 1, -(2**63), 1 - 2**63]
    result = pl.DataFrame(
        {name: [None] * len(fen) for name in OUTPUT_SCHEMA}, schema=OUTPUT_SCHEMA
    ).with_columns(
        pl.Series("amount_fen", fen, dtype=pl.Int64),
        pl.Series("min_fen", list(reversed(fen)), dtype=pl.Int64),
    )
    texts = parquet_rows(entitlement_rows(result, include_all=include_all))
    decimals = entitlement_rows(result, include_all=include_all, decimal_amounts=True)
    assert decimals.schema == texts.schema
    assert decimals.equals(texts)
    assert decimals["amount_cny"].cast(pl.String).to_list()[9:11] == ["-2.50", None]
