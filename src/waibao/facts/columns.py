"""Facts files read and validated as columns: the facts frame without a Python object per
record (issue 20; docs/decisions/0014-facts-as-columns.md).

Arrow's JSON reader parses the file into typed columns against the FACTS.md schema; it is
strict where Waibao's validator is strict (a number where a string belongs, a float where an
integer belongs, an unknown field, a key given twice: each fails the whole read), and Polars
then checks every value of a column at once. Those checks are written to be *at least* as
strict as ``waibao.facts.schema``: whenever anything at all is doubtful, the file is read
again record by record by ``validate_records``, which names every error exactly as before
(``file: record N: field: reason``, all of them) or, when the doubt was only the fast path's
caution, gives the same records. Either way the frame equals
``to_frame(load_facts(path))``; only its cost differs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from waibao.facts.frame import LIST_DTYPES, frame_schema, to_frame
from waibao.facts.io import parse_json_text, validate_records
from waibao.facts.schema import (
    LISTS,
    REQUIRED,
    SCALARS,
    Checker,
    FactsError,
    check_amount,
    check_bool,
    check_date,
    check_int,
    check_level_int,
    check_region,
    check_str,
    check_uscc,
    check_year,
)
from waibao.years import FACTS_FILE_YEARS

# A JSON Lines file goes the column way only when every non-blank line starts with "{" in its
# first column: Arrow's reader crashes on a top-level null that opens one of its blocks, and
# counting "\n{" then counts the records, so a line holding two records cannot pass unseen.
_LINE_NOT_A_RECORD = re.compile(rb"\n(?:[ \t\r]+[^ \t\r\n]|[^{ \t\r\n])")
_BLANK_LINE = re.compile(rb"\n[ \t\r]*\n")
# Either of the two above in one scan: a file without any (the common case) is searched once
_ODD_LINE = re.compile(rb"\n(?:[ \t\r]*\n|[ \t\r]+[^ \t\r\n]|[^{ \t\r\n])")
# Python's str.splitlines() (what the validator splits lines with) also breaks lines here;
# raw inside a JSON string they are valid JSON, so a file holding one goes record by record.
_OTHER_LINE_BREAKS = (b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")
BLOCK_BYTES = 4 << 20  # Arrow's block: records longer than this go record by record

# at most 12 digits of yuan: certainly within MAX_AMOUNT (1,000,000,000,000.00, which the
# validator accepts too, goes record by record)
_AMOUNT = r"^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$"
_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# Python's str.strip() removes \s and \x1c-\x1f: a value is not blank when it has another char
_NOT_BLANK = r"[^\s\x1c-\x1f]"


def read_json_facts(path: str | Path) -> pl.DataFrame:
    """The facts frame of a FACTS.md file (a JSON array or JSON Lines); ``FactsError`` lists
    every problem, each line starting with the file's name once."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise FactsError([f"{file}: cannot read: {error}"]) from error
    frame = facts_from_bytes(data)
    if frame is not None:
        return frame
    return _record_by_record(file, data)


def _record_by_record(file: Path, data: bytes) -> pl.DataFrame:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FactsError([f"{file}: cannot read: {error}"]) from error
    raw = parse_json_text(text, source=str(file))  # syntax errors already name the file
    try:
        records = validate_records(raw)
    except FactsError as error:
        raise FactsError([f"{file}: {line}" for line in error.errors]) from error
    return to_frame(records)


def facts_from_bytes(data: bytes) -> pl.DataFrame | None:
    """The facts frame of a valid file's bytes, or None when the file is not certainly valid
    (then only the record-by-record validator may answer)."""
    start = data.lstrip(b" \t\r\n")[:1]
    if start not in (b"{", b"[") or not utf8(data):
        return None
    if start == b"{":
        frame = read_lines(data, 0, len(data), lines_records(data))
    else:
        frame = _arrow_frame(_read_array(data))
    return None if frame is None else checked_frame(frame)


def utf8(data: bytes) -> bool:
    """Whether the bytes are UTF-8 (ASCII, the common case, is seen without decoding)."""
    if data.isascii():
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def checked_frame(frame: pl.DataFrame) -> pl.DataFrame | None:
    """The facts frame of a frame in ``arrow_schema``'s columns whose every value certainly
    passes the validator, else None. ``_row`` counts the frame's records from 0."""
    if not certainly_valid(frame):
        return None
    return typed_frame(frame)


def arrow_schema() -> Any:
    """The facts record as Arrow columns: what the JSON reader parses into and what a facts
    Parquet file holds (``waibao.facts.parquet``; docs/facts-parquet.md). Integers int64,
    booleans bool, everything else text (amounts as decimal strings, dates ``YYYY-MM-DD``),
    the six lists as lists of structs; every column nullable (null: unknown)."""
    import pyarrow as pa

    def arrow_type(check: Checker) -> Any:
        if check in (check_int, check_year, check_level_int):
            return pa.int64()
        if check is check_bool:
            return pa.bool_()
        return pa.string()  # amounts, dates, codes and names: checked as text below

    fields = [pa.field(name, arrow_type(check)) for name, check in SCALARS.items()]
    for name, spec in LISTS.items():
        item = pa.struct([pa.field(f, arrow_type(check)) for f, (check, _) in spec.items()])
        fields.append(pa.field(name, pa.list_(item)))
    return pa.schema(fields)


def lines_records(data: bytes) -> int | None:
    """How many records a JSON Lines file's bytes hold, when every non-blank line is one
    record that Arrow's reader sees as the validator does; None when any line is not
    certainly so (then only the record-by-record validator may answer)."""
    ascii_only = data.isascii()
    records = plain_lines(data, 0, len(data), ascii_only)  # the common case: one scan
    if records is not None:
        return records
    if _LINE_NOT_A_RECORD.search(b"\n" + data[:1]) or _LINE_NOT_A_RECORD.search(data):
        return None
    if not _breaks_agree(data, 0, len(data), ascii_only):
        return None
    return _records_in(data, _content_end(data))


def plain_lines(data: bytes, start: int, end: int, ascii_only: bool) -> int | None:
    """How many records ``data[start:end]`` holds (a run of whole lines of a JSON Lines
    file) when each of its lines is one record as Arrow and the validator both see it: every
    line opens with "{" in its first column, none is blank, no line break that
    ``str.splitlines()`` sees and Arrow does not (``ascii_only``: the file has none); blanks
    after the last line are let be. None otherwise: the whole reader must answer. Nothing
    is copied."""
    stop = _content_end(data, start, end)
    if stop == start or data[start] != ord("{") or _ODD_LINE.search(data, start, stop):
        return None
    if not _breaks_agree(data, start, end, ascii_only):
        return None
    return data.count(b"\n", start, stop) + 1  # every line a record: one byte to count


def _breaks_agree(data: bytes, start: int, end: int, ascii_only: bool) -> bool:
    """Whether ``str.splitlines()`` (what the validator splits lines with) breaks
    ``data[start:end]`` only where Arrow does: no other line break raw inside a JSON string
    (valid JSON, so it would pass unseen), no lone carriage return."""
    if not ascii_only and any(data.find(mark, start, end) >= 0 for mark in _OTHER_LINE_BREAKS):
        return False
    if data.find(b"\r", start, end) < 0:
        return True
    return data.count(b"\r", start, end) == data.count(b"\r\n", start, end)


def read_lines(data: bytes, start: int, end: int, records: int | None) -> pl.DataFrame | None:
    """Arrow's parse of ``data[start:end]``, whole lines that ``plain_lines`` or
    ``lines_records`` found to hold ``records`` records, in ``arrow_schema``'s columns, on
    every core, without copying the bytes. None, and nothing parsed, when ``records`` is None
    (not certainly records); None when Arrow refuses the bytes or finds another number."""
    import pyarrow as pa

    if records is None:
        return None
    frame = _arrow_frame(_arrow_read(pa.py_buffer(memoryview(data)[start:end])))
    return frame if frame is not None and frame.height == records else None


def _arrow_frame(table: Any) -> pl.DataFrame | None:
    """An Arrow table as a Polars frame (None stays None)."""
    if table is None:
        return None
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _content_end(data: bytes, start: int = 0, end: int | None = None) -> int:
    """Where the trailing blanks of ``data[start:end]`` start (found without copying)."""
    end = len(data) if end is None else end
    while end > start and data[end - 1] in b" \t\r\n":
        end -= 1
    return end


def _records_in(data: bytes, end: int) -> int:
    """The non-blank lines of a file whose every line starts with "{" or is blank."""
    if data.startswith(b"{") and not _BLANK_LINE.search(data, 0, end):
        return data.count(b"\n", 0, end) + 1  # one byte to count: the fastest search
    return data.count(b"\n{") + (1 if data.startswith(b"{") else 0)


def _read_array(data: bytes) -> Any:
    import pyarrow as pa

    wrapped = b'{"records":' + data + b"}"
    schema = pa.schema([pa.field("records", pa.list_(pa.struct(list(arrow_schema()))))])
    table = _arrow_read(wrapped, schema=schema, whole=True)
    if table is None or table.num_rows != 1:
        return None
    records = table.column("records").combine_chunks()
    if records.null_count:
        return None
    return pa.Table.from_struct_array(records.flatten())


def _arrow_read(data: Any, *, schema: Any = None, whole: bool = False) -> Any:
    """``data`` (bytes or an Arrow buffer) parsed by Arrow's JSON reader, or None."""
    import pyarrow as pa
    import pyarrow.json as pa_json

    try:
        source = pa.BufferReader(data)
        return pa_json.read_json(source, **arrow_options(schema, whole, len(data)))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OverflowError):
        return None


def arrow_options(schema: Any = None, whole: bool = False, size: int = 0) -> dict[str, Any]:
    """Arrow's JSON reader as the facts need it: the facts schema (or ``schema``), strict
    about unknown fields, ``BLOCK_BYTES`` blocks parsed on every core (``whole``: the file a
    single block, for a JSON array whose records span lines)."""
    import pyarrow.json as pa_json

    return {
        "read_options": pa_json.ReadOptions(
            use_threads=True, block_size=size + 1 if whole else BLOCK_BYTES
        ),
        "parse_options": pa_json.ParseOptions(
            explicit_schema=schema if schema is not None else arrow_schema(),
            newlines_in_values=whole,
            unexpected_field_behavior="error",
        ),
    }


# ---- checks: each expression is true where a value certainly passes its checker ----------


def _passes(check: Checker) -> Callable[[pl.Expr], pl.Expr] | None:
    """What certainly passes ``check`` (null always passes: unknown); None for checkers whose
    type Arrow has already enforced."""
    if check is check_amount:
        return lambda e: e.str.contains(_AMOUNT)
    if check is check_date:
        return lambda e: (
            e.str.contains(_ISO_DATE)
            & ~e.str.starts_with("0000")
            & e.str.strptime(pl.Date, "%Y-%m-%d", strict=False).is_not_null()
        )
    if check is check_uscc:
        return lambda e: e.str.contains(r"^[0-9A-Z]{18}$")
    if check is check_region:
        return lambda e: e.str.contains(r"^[0-9]{6}$")
    if check is check_str:
        return lambda e: e.str.contains(_NOT_BLANK)
    if check is check_int:
        return lambda e: e >= 0
    if check is check_year:
        return lambda e: e.is_between(*FACTS_FILE_YEARS)
    if check is check_level_int:
        return lambda e: e.is_between(1, 5)
    if check is check_bool:
        return None
    choices = getattr(check, "choices", None)
    if choices is not None:
        return lambda e: e.is_in(list(choices))
    raise TypeError(f"no column check for {check!r}")


def _ok(expr: pl.Expr, check: Checker) -> pl.Expr:
    passes = _passes(check)
    return pl.lit(True) if passes is None else (expr.is_null() | passes(expr)).fill_null(False)


def certainly_valid(frame: pl.DataFrame) -> bool:
    """Whether every value of a frame in ``arrow_schema``'s columns certainly passes the
    validator; False leaves the answer to the record-by-record path. One ``select``: the
    scalars, the duplicates and the six lists' items are checked side by side (each list's
    items inside its own rows, no explode), on every core."""
    conditions: list[pl.Expr] = [pl.col(name).is_not_null() for name in REQUIRED]
    conditions += [_ok(pl.col(name), check) for name, check in SCALARS.items()]
    employees, college = pl.col("employees"), pl.col("employees_college")
    conditions.append(employees.is_null() | college.is_null() | (college <= employees))
    checks = [
        pl.all_horizontal(conditions).all().alias("values"),
        (~pl.struct("uscc", "year").is_duplicated().any()).alias("unique"),
    ]
    checks += [_items_valid(name) for name in LISTS]
    return all(value is True for value in frame.select(checks).row(0))


def _items_valid(name: str) -> pl.Expr:
    """True where every item of every row's list certainly passes (a null list is unknown,
    an empty one has nothing to fail)."""
    item = pl.element()
    conditions: list[pl.Expr] = [item.is_not_null()]  # a null item is not an object
    for field, (check, required) in LISTS[name].items():
        value = item.struct.field(field)
        if required:
            conditions.append(value.is_not_null())
        conditions.append(_ok(value, check))
    if name == "trainings":
        people, hired = item.struct.field("people"), item.struct.field("hired")
        conditions += [
            people.is_null() | (people.is_between(1, 10_000_000)),
            people.is_null() | hired.is_null() | (hired <= people),
        ]
    if name == "violations":
        date, restored = item.struct.field("date"), item.struct.field("restored")
        conditions.append(date.is_null() | restored.is_null() | (restored >= date))
    passes = pl.col(name).list.eval(pl.all_horizontal(conditions).fill_null(False))
    return passes.list.all().fill_null(True).all().alias(name)


# ---- the frame: fen for amounts, dates as dates, in frame_schema's order --------------------


def _fen(text: pl.Expr) -> pl.Expr:
    """Hundredths of an amount already checked against ``_AMOUNT`` (at most 12 digits and 2
    decimals): a two-place decimal's integer is its value in fen, exact, and the cast is
    five times cheaper than splitting the text at its point."""
    return text.cast(pl.Decimal(15, 2)).to_physical().cast(pl.Int64)


def _converted(expr: pl.Expr, check: Checker) -> pl.Expr:
    if check is check_amount:
        return _fen(expr)
    if check is check_date:
        return expr.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    return expr


def typed_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The facts frame (``frame_schema``) of a frame in ``arrow_schema``'s columns that
    ``certainly_valid`` passed: amounts to fen, dates to dates."""
    schema = frame_schema()
    columns: list[pl.Expr] = [pl.int_range(pl.len(), dtype=pl.Int64).alias("_row")]
    for name, dtype in schema.items():
        if name == "_row":
            continue
        if name in LISTS:
            fields = [
                _converted(pl.element().struct.field(field), check).alias(field)
                for field, (check, _) in LISTS[name].items()
            ]
            converted = pl.col(name).list.eval(pl.struct(fields))
            columns.append(converted.cast(LIST_DTYPES[name]).alias(name))
        else:
            columns.append(_converted(pl.col(name), SCALARS[name]).cast(dtype).alias(name))
    return frame.select(columns)
