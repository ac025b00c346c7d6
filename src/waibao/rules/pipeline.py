"""A facts file's entitlement rows written to a file a chunk of records at a time, reading,
evaluating and writing side by side (issue 20; docs/decisions/0039-entitlements-in-chunks.md).

Each record is evaluated on its own (a parameter in force, a threshold, a record's own lists),
so the rows of consecutive chunks, written one after the other, are the rows of the whole
file — byte for byte the same JSON, JSON Lines and CSV, the same Parquet rows. Three threads
share the work: one reads and checks the next chunk (Arrow's and Polars' readers), one
evaluates the current one (the engine, in Polars), one writes the one before; each spends
its time in Arrow or Polars with the interpreter lock released, so on two cores the stages
overlap instead of following each other.

Nothing is half-written: the rows go to a file beside the target, renamed onto it at the
end. When the facts are not certainly valid a chunk at a time (``waibao.facts.chunks``), the
file beside is removed and ``None`` returned: the caller reads the whole file with
``read_facts``, whose validator names every bad record, or evaluates it whole.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import polars as pl

from waibao.facts.chunks import Uncertain, facts_chunks
from waibao.rules import output
from waibao.rules.engine import entitlement_rows, evaluate_frame

FORMATS = ("json", "jsonl", "csv", "parquet")


class RowsWriter(Protocol):
    def write(self, rows: pl.DataFrame) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Written:
    """What a run wrote: the records evaluated and the rows written."""

    records: int
    rows: int


def write_entitlements(
    facts: str | Path,
    target: str | Path,
    form: str,
    *,
    include_all: bool = False,
    as_of: Any = None,
    language: str = "en",
    chunk_rows: int | None = None,
) -> Written | None:
    """Every entitlement row of the facts file ``facts`` written to ``target`` in ``form``
    (one of ``FORMATS``), as ``evaluate_frame`` and ``waibao.rules.output`` write the whole
    file's; None, and nothing written, when the file must be read whole (see the module)."""
    target = Path(target)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    chunks = _ahead(facts_chunks(facts, chunk_rows))
    try:
        with _opened(partial, form) as writer, _writing(writer) as write:
            records = rows = 0
            for frame in chunks:
                result = evaluate_frame(
                    frame, include_all=include_all, as_of=as_of, language=language
                )
                table = entitlement_rows(
                    result, include_all=include_all, decimal_amounts=form == "parquet"
                )
                write(table)
                records += frame.height
                rows += table.height
        partial.replace(target)
        return Written(records, rows)
    except Uncertain:
        return None
    finally:
        chunks.close()
        partial.unlink(missing_ok=True)


@contextmanager
def _opened(path: Path, form: str) -> Iterator[RowsWriter]:
    """The format's writer over the file beside the target, its file closed at the end."""
    if form == "parquet":
        yield output.ParquetRows(path)
        return
    writers: dict[str, Callable[[BinaryIO], RowsWriter]] = {
        "json": output.JsonRows,
        "jsonl": output.JsonLinesRows,
        "csv": output.CsvRows,
    }
    with path.open("wb") as stream:
        yield writers[form](stream)


class _writing:
    """A thread writing the chunks' rows in order while the next chunk is evaluated; its
    error, if any, is raised in the caller. At the end the writer is closed (the JSON
    array's bracket, the Parquet footer) unless something failed."""

    def __init__(self, writer: RowsWriter) -> None:
        self.writer = writer
        self.todo: queue.Queue[pl.DataFrame | None] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.abandoned = False  # the caller failed: what is still queued is not written
        self.thread = threading.Thread(target=self._run, name="rows-writer", daemon=True)

    def _run(self) -> None:
        while (rows := self.todo.get()) is not None:
            if self.error is None and not self.abandoned:
                try:
                    self.writer.write(rows)
                except BaseException as error:  # raised again in the caller
                    self.error = error

    def __enter__(self) -> Callable[[pl.DataFrame], None]:
        self.thread.start()

        def write(rows: pl.DataFrame) -> None:
            if self.error is not None:
                raise self.error
            self.todo.put(rows)

        return write

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.abandoned = kind is not None
        self.todo.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error
        if kind is None:
            self.writer.close()


class _ahead:
    """The next item of an iterator made in a thread while the caller works on the current
    one (one item ahead: memory stays a few chunks). Errors reach the caller in order;
    ``close`` stops the thread at its next item."""

    _END = object()

    def __init__(self, items: Iterator[Any]) -> None:
        self.items = items
        self.ready: queue.Queue[tuple[Any, BaseException | None]] = queue.Queue(maxsize=1)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="facts-reader", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            for item in self.items:
                if self.stopped.is_set():
                    return
                self._put((item, None))
            self._put((self._END, None))
        except BaseException as error:  # raised again in the caller
            self._put((self._END, error))

    def _put(self, entry: tuple[Any, BaseException | None]) -> None:
        while not self.stopped.is_set():
            with suppress(queue.Full):
                self.ready.put(entry, timeout=0.1)
                return

    def __iter__(self) -> Iterator[Any]:
        while True:
            item, error = self.ready.get()
            if error is not None:
                raise error
            if item is self._END:
                return
            yield item

    def close(self) -> None:
        self.stopped.set()
        self.thread.join()
