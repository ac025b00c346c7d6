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

import os
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO

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
PROBE_BYTES = 64 << 10  # read at a time where a run is cut


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
    """Frames of consecutive runs of lines of a JSON Lines file. Each run is read from the
    file only when it is next (a run is in memory, not the whole file: about 1 GB less at a
    million records, and the first run is parsed after a quarter of the file is read, not
    all of it), checked (``plain_lines``) just before Arrow parses it on every core, then
    dropped. A newline byte is never part of another UTF-8 character, so a file is UTF-8
    when each run is."""
    try:
        with file.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            for start, end in _line_runs(stream, size, chunk_rows):
                run = _read_run(stream, start, end)
                if run is None:
                    raise Uncertain(f"{file}: bytes {start} to {end} changed while read")
                ascii_only = run.isascii()
                if not ascii_only and not utf8(run):
                    raise Uncertain(f"{file}: bytes {start} to {end} are not UTF-8")
                records = plain_lines(run, 0, len(run), ascii_only)
                frame = read_lines(run, 0, len(run), records)
                if frame is None:
                    raise Uncertain(f"{file}: bytes {start} to {end} are not certainly records")
                yield frame
            if stream.read(1):  # longer now than measured: what came after is not dropped
                raise Uncertain(f"{file}: grew while read")
    except OSError as error:
        raise FactsError([f"{file}: cannot read: {error}"]) from error


def _read_run(stream: BinaryIO, start: int, end: int) -> bytes | None:
    """The bytes ``start`` to ``end`` of the file, read straight into one bytes object (no
    copy of them made after); None when the file is shorter now than when it was measured."""
    stream.seek(start)
    run = stream.read(end - start)
    return run if len(run) == end - start else None


def _line_runs(stream: BinaryIO, size: int, chunk_rows: int | None) -> Iterator[tuple[int, int]]:
    """Where the runs of whole lines of a file of ``size`` bytes start and end: ``chunk_rows``
    lines each, or (None) ``CHUNKS`` runs of about equal bytes, none under ``CHUNK_BYTES``,
    each cut just after the first newline at or after its share of the bytes. The cuts are
    found by reading a little of the file where they fall (every line is counted when
    ``chunk_rows`` is given)."""
    if chunk_rows is None:
        runs = max(1, min(CHUNKS, size // CHUNK_BYTES))
        cuts = {_lines_end(stream, size * part // runs, 1) for part in range(1, runs)}
    else:
        cuts, at = set(), 0
        # a file that shrank since it was measured ends the cuts early (its runs then fail)
        while at < (after := _lines_end(stream, at, chunk_rows)) < size:
            cuts.add(at := after)
    edges = [0, *sorted(cuts - {0, size}), size]
    yield from pairwise(edges)


def _lines_end(stream: BinaryIO, at: int, lines: int) -> int:
    """Just after the ``lines``-th newline at or after byte ``at`` (the end of the file when
    there are fewer), read a block at a time."""
    stream.seek(at)
    while block := stream.read(PROBE_BYTES):
        newlines = block.count(b"\n")
        if newlines >= lines:
            cut = -1
            for _ in range(lines):
                cut = block.find(b"\n", cut + 1)
            return at + cut + 1
        lines -= newlines
        at += len(block)
    return at


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
