"""The engine's rows do not depend on how ``_row`` numbers the records: the readers number
them 0, 1, 2, ... (the engine then puts each list's aggregates in place by position), a
frame built or filtered by hand may not (the engine then joins on ``_row``)."""

from __future__ import annotations

import polars as pl
import pytest
from generated_facts import generated_records

from waibao.facts import to_frame, validate_records
from waibao.rules import evaluate_frame


@pytest.fixture(scope="module")
def facts() -> pl.DataFrame:
    return to_frame(validate_records(generated_records(300)))


@pytest.mark.parametrize("include_all", [False, True])
def test_rows_numbered_otherwise_give_each_record_the_same_rows(facts, include_all):
    full = evaluate_frame(facts, include_all=include_all)
    assert full.height > facts.height  # several clauses a record
    # every third record, numbered from 1000 and backwards: neither positions nor ascending
    kept = facts.gather_every(3)
    renumbered = kept.with_columns(
        (1000 + 10 * (kept.height - pl.int_range(pl.len()))).alias("_row")
    )
    got = evaluate_frame(renumbered, include_all=include_all)
    back = dict(zip(renumbered["_row"], kept["_row"], strict=True))
    got = got.with_columns(pl.col("_row").replace_strict(back)).sort("_row", maintain_order=True)
    want = full.filter(pl.col("_row").is_in(kept["_row"].to_list()))
    assert got.height == want.height > 0
    assert got.equals(want)
