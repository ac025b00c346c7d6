"""Facts read a chunk of records at a time, each chunk checked as ``read_facts`` checks a
whole file, so that reading, evaluating and writing can overlap (issue 20;
docs/decisions/0039-entitlements-in-chunks.md).

``facts_chunks`` yields the facts frames of consecutive records of a JSON Lines or Parquet
file. It is only ever *at least* as strict as ``read_facts``: whenever a chunk is not
certainly valid — a line that is not one plain record, another number of records than
lines, a value the column checks doubt or, at the end, a key repeated across chunks — it
raises ``Uncertain``, and the caller must drop whatever it made of the chunks and ask
``read_facts``, whose record-by-record validator names every
error of every record (``file: record N: field: reason``) or gives the frame. A JSON array
cannot be read a record at a time: it raises ``Uncertain`` before yielding anything. What
``read_facts`` refuses before reading any record (a file that cannot be read, a Parquet
file's wrong columns) is refused here the same way, as ``FactsError``.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import polars as pl

from waibao.facts.columns import checked_frame, plain_lines, read_lines, utf8
from waibao.facts.reading import is_parquet
from waibao.facts.schema import FactsError

# A file is cut in about CHUNKS chunks, none under CHUNK_ROWS records (Parquet) or
# CHUNK_BYTES (JSON Lines, cut at line ends: its records are counted as they are checked).
# Enough chunks for reading, evaluating and writing to overlap; few, since each evaluation
# costs about 50 ms of building its plan (16 chunks of a million records cost 0.7 s more
# than 4, measured in bench/README.md).
CHUNKS = 4
CHUNK_ROWS = 65_536
CHUNK_BYTES = 32 << 20  # JSON Lines: about 20,000 records of 1.5 kB


def chunk_size(records: int) -> int:
    """The records of a chunk of a Parquet file of ``records`` records."""
    return max(CHUNK_ROWS, -(-records // CHUNKS))


class Uncertain(Exception):
    """The file is not certainly valid a chunk at a time: only ``read_facts`` may answer."""


def facts_chunks(path: str | Path, chunk_rows: int | None = None) -> Iterator[pl.DataFrame]:
    """The facts frames of a JSON Lines or Parquet facts file, in the file's order, about
    ``chunk_rows`` records each (None: about ``CHUNKS`` chunks); each frame's ``_row``
    counts its own records from 0."""
    if chunk_rows is not None and chunk_rows < 1:
        raise ValueError(f"a chunk holds at least one record, not {chunk_rows}")
    file = Path(path)
    parquet = is_parquet(file)
    parts = _parquet_parts(file, chunk_rows) if parquet else _json_lines_parts(file, chunk_rows)
    keys: list[pl.DataFrame] = []
    read = 0
    for part in parts:
        frame = checked_frame(part)
        if frame is None:
            raise Uncertain(f"{file}: records {read + 1} to {read + part.height}")
        read += frame.height
        keys.append(frame.select("uscc", "year"))
        yield frame
    if _repeats(keys):
        raise Uncertain(f"{file}: a record's uscc and year repeat")


def _repeats(keys: list[pl.DataFrame]) -> bool:
    """Whether a (uscc, year) repeats across chunks (each chunk's own were checked in it)."""
    if len(keys) < 2:
        return False
    together = pl.concat(keys, how="vertical")
    return together.height != together.n_unique()


def _json_lines_parts(file: Path, chunk_rows: int | None) -> Iterator[pl.DataFrame]:
    """Frames of consecutive runs of lines of a JSON Lines file, each run checked
    (``plain_lines``) just before Arrow parses it on every core, so that the first chunk is
    ready after a quarter of the file is checked and parsed, not the whole (the check is
    Python's, a quarter second for 300 MB)."""
    try:
        data = file.read_bytes()
    except OSError as error:
        raise FactsError([f"{file}: cannot read: {error}"]) from error
    ascii_only = data.isascii()
    if not ascii_only and not utf8(data):
        raise Uncertain(f"{file}: not UTF-8")
    for start, end in _line_runs(data, chunk_rows):
        records = plain_lines(data, start, end, ascii_only)
        frame = None if records is None else read_lines(data, start, end)
        if frame is None or frame.height != records:
            raise Uncertain(f"{file}: bytes {start} to {end} are not certainly {records} records")
        yield frame


def _line_runs(data: bytes, chunk_rows: int | None) -> Iterator[tuple[int, int]]:
    """Where the runs of whole lines start and end: ``chunk_rows`` lines each, or (None)
    ``CHUNKS`` runs of about equal bytes, none under ``CHUNK_BYTES``."""
    size = len(data)
    if chunk_rows is None:
        runs = max(1, min(CHUNKS, size // CHUNK_BYTES))
        cuts = [_line_end(data, size * part // runs) for part in range(1, runs)]
    else:
        cuts, at = [], 0
        while True:
            for _ in range(chunk_rows):
                at = _line_end(data, at)
            if at >= size:
                break
            cuts.append(at)
    edges = [0, *sorted(set(cuts) - {0, size}), size]
    yield from pairwise(edges)


def _line_end(data: bytes, at: int) -> int:
    """Just after the newline that ends the line holding byte ``at`` (the end of the data
    when none does)."""
    newline = data.find(b"\n", at)
    return len(data) if newline < 0 else newline + 1


def _parquet_parts(file: Path, chunk_rows: int | None) -> Iterator[pl.DataFrame]:
    """Frames of about ``chunk_rows`` records from a facts Parquet file whose columns are the
    facts schema (else ``FactsError``, in ``read_parquet_facts``'s words), read by Polars'
    streaming engine."""
    from waibao.facts.parquet import facts_columns

    columns = facts_columns(file)
    held: list[pl.DataFrame] = []
    try:
        size = chunk_rows or chunk_size(columns.select(pl.len()).collect().item())
        rows = 0
        for batch in columns.collect_batches(chunk_size=size, maintain_order=True):
            held.append(batch)
            rows += batch.height
            if rows >= size:
                yield pl.concat(held, how="vertical")
                held, rows = [], 0
        last = pl.concat(held, how="vertical") if held else columns.clear().collect()
    except (OSError, pl.exceptions.PolarsError) as error:
        raise FactsError([f"{file}: cannot read: {error}"]) from error
    yield last
