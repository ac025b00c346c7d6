"""Facts as Apache Parquet beside JSON, and the conversion between the two
(docs/facts-parquet.md, docs/decisions/0037-parquet-facts.md).

Parsing JSON is the floor of ``waibao entitlements`` on a large file: Arrow's parse of a
million records (1.4 GB) alone takes longer than the whole run may. A Parquet file holds the
same record already in columns, **in the very Arrow schema the JSON reader parses into**
(``waibao.facts.columns.arrow_schema``: amounts as decimal strings, dates as ``YYYY-MM-DD``
text, the lists as lists of structs, null for an unknown fact), so it goes through the same
column checks and, when any value is doubtful, through the same record-by-record validator:
every bad record is named ``file: record N: field: reason``, all of them, and nothing is
computed. A file whose columns are not that schema is refused before any value is read,
each wrong column named.

``write_parquet_facts`` writes a validated facts frame back in that schema
(``waibao facts convert``), so a bureau converts a file once and evaluates it many times.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import polars as pl

from waibao.facts.columns import arrow_schema, certainly_valid, typed_frame
from waibao.facts.frame import to_frame
from waibao.facts.io import validate_records
from waibao.facts.schema import LISTS, SCALARS, FactsError, check_amount, check_date

COMPRESSION = "zstd"
ROW_GROUP_ROWS = 128 * 1024  # several row groups: a large file is decoded on every core


def read_parquet_facts(path: str | Path) -> pl.DataFrame:
    """The facts frame of a facts Parquet file; ``FactsError`` names the file in every line:
    its columns that are not the facts schema, else every bad record's every bad field."""
    file = Path(path)
    try:
        # Polars' reader: twice as fast as Arrow's here, straight into the frame checked
        frame = facts_columns(file).collect()
    except (OSError, pl.exceptions.PolarsError) as error:
        raise FactsError([f"{file}: cannot read: {error}"]) from error
    if certainly_valid(frame):
        return typed_frame(frame)
    # A doubt: the validator decides, record by record, exactly as for a JSON file (a null
    # cell is an absent field, an unknown fact).
    try:
        records = validate_records(frame.to_dicts())
    except FactsError as error:
        raise FactsError([f"{file}: {line}" for line in error.errors]) from error
    return to_frame(records)


def facts_columns(file: Path) -> pl.LazyFrame:
    """A facts Parquet file's columns in ``arrow_schema``'s order and types (the kinds
    checked first: the cast is lossless), not yet read; ``FactsError`` when the file is not
    Parquet or its columns are not the facts schema, each wrong column named."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema()
    try:
        found = pq.read_schema(file)
    except (OSError, pa.ArrowException) as error:
        raise FactsError([f"{file}: cannot read: not a Parquet file ({error})"]) from error
    problems = schema_problems(found, schema)
    if problems:
        raise FactsError([f"{file}: {problem}" for problem in problems])
    return pl.scan_parquet(file).select(schema.names).cast(_polars_schema())


def _polars_type(dtype: Any) -> pl.DataType:
    """The facts schema's Arrow types as Polars's (``pl.from_arrow`` of an empty table
    would do it, at the price of importing pandas: 0.3 s)."""
    import pyarrow as pa

    if pa.types.is_list(dtype):
        return pl.List(_polars_type(dtype.value_type))
    if pa.types.is_struct(dtype):
        return pl.Struct({field.name: _polars_type(field.type) for field in dtype})
    types = {pa.int64(): pl.Int64(), pa.bool_(): pl.Boolean(), pa.string(): pl.String()}
    return types[dtype]


def _polars_schema() -> pl.Schema:
    return pl.Schema({field.name: _polars_type(field.type) for field in arrow_schema()})


# ---- the schema check: every column named, with what it is and what it should be ----------


def _kind(dtype: Any) -> str:
    """A column type as the facts schema sees it: the string, integer and list variants
    Arrow writers choose (large, view, dictionary-encoded, narrower integers) are the same
    kind, and are cast losslessly to the schema's own."""
    import pyarrow as pa

    types = pa.types
    if types.is_dictionary(dtype):
        return _kind(dtype.value_type)
    if types.is_string(dtype) or types.is_large_string(dtype) or types.is_string_view(dtype):
        return "string"
    if types.is_signed_integer(dtype) or (
        types.is_unsigned_integer(dtype) and dtype.bit_width < 64
    ):
        return "integer"
    if types.is_boolean(dtype):
        return "boolean"
    if types.is_list(dtype) or types.is_large_list(dtype) or types.is_list_view(dtype):
        return f"list of {_kind(dtype.value_type)}"
    if types.is_struct(dtype):
        fields = ", ".join(f"{field.name}: {_kind(field.type)}" for field in dtype)
        return f"struct of {fields}"
    return str(dtype)


def _expected(name: str, item: str | None = None) -> str:
    """What a column (or a list item's field) must hold, in the reader's words."""
    if item is None and name in LISTS:  # a list column has no scalar check
        return f"a list of structs ({', '.join(LISTS[name])})"
    check = SCALARS[name] if item is None else LISTS[name][item][0]
    if check is check_amount:
        return 'string (a decimal amount, "500000.00")'
    if check is check_date:
        return 'string (a date, "2024-06-30")'
    kind = arrow_schema().field(name).type if item is None else None
    if kind is None:
        kind = arrow_schema().field(name).type.value_type.field(item).type
    return _kind(kind)


def schema_problems(found: Any, schema: Any) -> list[str]:
    """One line per column of ``found`` (an Arrow schema) that the facts schema refuses:
    missing, not a FACTS.md field, or of another type (a list's item fields each named)."""
    problems: list[str] = []
    names = set(found.names)
    for name in schema.names:
        if name not in names:
            problems.append(f"column {name}: missing (an unknown fact is a null, not an absence)")
    for field in found:
        if field.name not in schema.names:
            problems.append(f"column {field.name}: is not a FACTS.md field")
            continue
        if found.names.count(field.name) > 1:
            problems.append(f"column {field.name}: given more than once")
            continue
        want = schema.field(field.name).type
        if _kind(field.type) == _kind(want):
            continue
        if field.name in LISTS and _kind(field.type).startswith("list of struct"):
            problems += _item_problems(field.name, field.type.value_type, want.value_type)
        else:
            problems.append(
                f"column {field.name}: is {field.type}, expected {_expected(field.name)}"
            )
    return sorted(set(problems), key=problems.index)


def _item_problems(name: str, found: Any, want: Any) -> list[str]:
    have = [field.name for field in found]
    wanted = [field.name for field in want]
    problems = [f"column {name}: item field {item}: missing" for item in wanted if item not in have]
    problems += [
        f"column {name}: item field {item}: is not a FACTS.md field"
        for item in have
        if item not in wanted
    ]
    for field in found:
        if field.name in wanted and _kind(field.type) != _kind(want.field(field.name).type):
            expected = _expected(name, field.name)
            problems.append(
                f"column {name}: item field {field.name}: is {field.type}, expected {expected}"
            )
    if not problems:
        problems.append(
            f"column {name}: item fields in the order {', '.join(have)}; "
            f"expected {', '.join(wanted)}"
        )
    return problems


# ---- writing: a validated facts frame back in the facts schema -----------------------------


def _text(expr: pl.Expr, dtype: Any, amount: bool) -> pl.Expr:
    if amount:  # fen (or cents) to the decimal string the JSON form holds
        cents = (expr % 100).cast(pl.String).str.zfill(2)
        return pl.format("{}.{}", (expr // 100).cast(pl.String), cents)
    if dtype == pl.Date:
        return expr.dt.strftime("%Y-%m-%d")
    return expr


def facts_table(frame: pl.DataFrame) -> Any:
    """A facts frame (``waibao.facts.read_facts``) as an Arrow table in the facts schema: the
    inverse of the reader's conversion, so reading it back gives the same frame."""
    schema = arrow_schema()
    columns: list[pl.Expr] = []
    for name in schema.names:
        if name in LISTS:
            dtype = frame.schema[name]
            inner = dtype.inner  # type: ignore[attr-defined]
            fields = [
                _text(
                    pl.element().struct.field(item),
                    inner.fields[index].dtype,
                    check is check_amount,
                ).alias(item)
                for index, (item, (check, _)) in enumerate(LISTS[name].items())
            ]
            columns.append(pl.col(name).list.eval(pl.struct(fields)).alias(name))
        else:
            dtype = frame.schema[name]
            columns.append(_text(pl.col(name), dtype, SCALARS[name] is check_amount).alias(name))
    return frame.select(columns).to_arrow().cast(schema)


def write_parquet_facts(frame: pl.DataFrame, path: str | Path) -> None:
    """Write a validated facts frame as a facts Parquet file; the file appears whole or not
    at all (written beside it, then renamed)."""
    import pyarrow.parquet as pq

    target = Path(path)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        pq.write_table(
            facts_table(frame), partial, compression=COMPRESSION, row_group_size=ROW_GROUP_ROWS
        )
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def write_jsonl_facts(frame: pl.DataFrame, path: str | Path) -> None:
    """Write a validated facts frame as FACTS.md JSON Lines (an unknown fact as ``null``,
    which FACTS.md reads as absent): a Parquet file made readable again."""
    target = Path(path)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        table = pl.from_arrow(facts_table(frame))
        assert isinstance(table, pl.DataFrame)
        table.write_ndjson(partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
