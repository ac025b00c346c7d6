"""``read_facts``: a facts file in either of its forms, told apart by its first bytes — JSON
(FACTS.md: an array or JSON Lines, ``waibao.facts.columns``) or Parquet in the same columns
(docs/facts-parquet.md, ``waibao.facts.parquet``). No JSON text starts with Parquet's magic
bytes, so a file's content, not its name, decides."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from waibao.facts.columns import read_json_facts
from waibao.facts.schema import FactsError

PARQUET_MAGIC = b"PAR1"


def read_facts(path: str | Path) -> pl.DataFrame:
    """The facts frame of a facts file (JSON array, JSON Lines or Parquet); ``FactsError``
    lists every problem, each line starting with the file's name once."""
    file = Path(path)
    if is_parquet(file):
        from waibao.facts.parquet import read_parquet_facts

        return read_parquet_facts(file)
    return read_json_facts(file)


def is_parquet(file: Path) -> bool:
    """Whether a facts file is Parquet (its first bytes), else JSON; ``FactsError`` when
    it cannot be read."""
    try:
        with file.open("rb") as stream:
            return stream.read(len(PARQUET_MAGIC)) == PARQUET_MAGIC
    except OSError as error:
        raise FactsError([f"{file}: cannot read: {error}"]) from error
