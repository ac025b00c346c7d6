"""Reforms: a parameter overlay re-run over everyone, reported per clause as rows and totals
before and after, and the difference (ARCHITECTURE.md decision 3)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from waibao import yaml_text
from waibao.rules.formula import yuan_text
from waibao.rules.params import ParameterError


def load_reform(path: str | Path) -> dict[str, Any]:
    """A reform file: ``{name: ..., parameters: {parameter: {date: value}}}``."""
    try:
        data = yaml_text.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ParameterError(f"{path}: cannot read the reform: {error}") from error
    if not isinstance(data, Mapping) or not isinstance(data.get("parameters"), Mapping):
        raise ParameterError(f"{path}: a reform needs a 'parameters' mapping")
    return dict(data)


def reform_parameters(reform: Mapping[str, Any]) -> Mapping[str, Any]:
    """The parameter overlay of a reform (``parameters:`` key) or the overlay itself."""
    inner = reform.get("parameters")
    return inner if isinstance(inner, Mapping) else reform


def compare_reform(before: pl.DataFrame, after: pl.DataFrame) -> list[dict[str, Any]]:
    """Per clause: rows and total amount before and after, and the difference (yuan strings)."""

    def totals(frame: pl.DataFrame, suffix: str) -> pl.DataFrame:
        return (
            frame.filter(pl.col("applies"))
            .group_by("clause")
            .agg(
                pl.len().cast(pl.Int64).alias(f"rows_{suffix}"),
                pl.col("amount_fen").sum().alias(f"total_{suffix}"),
            )
        )

    joined = (
        totals(before, "before")
        .join(totals(after, "after"), on="clause", how="full", coalesce=True)
        .with_columns(
            pl.col("rows_before", "rows_after").fill_null(0),
            pl.col("total_before", "total_after").fill_null(0),
        )
        .with_columns((pl.col("total_after") - pl.col("total_before")).alias("difference"))
        .sort("clause")
    )
    return joined.select(
        "clause",
        "rows_before",
        "rows_after",
        yuan_text(pl.col("total_before")).alias("total_before_cny"),
        yuan_text(pl.col("total_after")).alias("total_after_cny"),
        pl.when(pl.col("difference") < 0)
        .then(pl.lit("-") + yuan_text(-pl.col("difference")))
        .otherwise(yuan_text(pl.col("difference")))
        .alias("difference_cny"),
    ).to_dicts()
