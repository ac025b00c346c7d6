"""What a clause's code looks like: a ``Formula`` of vectorised Polars expressions.

A formula never loops over records. It declares

- ``needs``: the facts it cannot do without (unknown -> the clause is not applied);
- ``aggregations``: per list field (certifications, trainings, ...), expressions evaluated
  over the exploded list and aggregated per record in one ``group_by`` shared by all clauses;
- ``evaluate``: the outcome over the wide frame (facts + aggregations): eligibility, the
  reason when not eligible, the amount in integer fen, a floor, and a one-line explanation.

Money stays ``Int64`` fen; a rate is an exact integer numerator/denominator pair and is applied
with :func:`rate_round`, so a clause amount is rounded once, half up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from waibao.rules.params import ParameterSet
from waibao.rules.registry import Clause

AGGREGATIONS = ("sum", "max", "any", "first", "n_distinct", "product_distinct")


@dataclass(frozen=True)
class Aggregation:
    """A per-record aggregate of a list field, in two vectorised steps: ``item`` is evaluated
    over every exploded item at once (null where the item does not count), then aggregated
    per record by ``how`` (a plain group_by aggregation, Polars' fast path). ``default`` is
    the value for a known but empty list. ``stage`` 1 items may use stage-0 results."""

    item: pl.Expr
    how: str = "sum"
    default: Any = None
    stage: int = 0
    # stage >= 1: only the items of records where this holds over earlier stages' results
    records: pl.Expr | None = None


def total(value: pl.Expr, where: pl.Expr | None = None) -> Aggregation:
    """Σ value over the items ``where`` holds (0 for none)."""
    item_ = value if where is None else pl.when(where).then(value)
    return Aggregation(item_, "sum", 0)


def count(where: pl.Expr) -> Aggregation:
    return Aggregation(where.fill_null(False).cast(pl.Int64), "sum", 0)


def highest(value: pl.Expr, where: pl.Expr) -> Aggregation:
    return Aggregation(pl.when(where).then(value), "max", None)


def any_of(where: pl.Expr) -> Aggregation:
    return Aggregation(where.fill_null(False), "any", False)


def first_of(value: pl.Expr, where: pl.Expr) -> Aggregation:
    return Aggregation(pl.when(where).then(value), "first", None)


def rate_round(numerator_fen: pl.Expr, denominator: pl.Expr | int) -> pl.Expr:
    """``numerator / denominator`` rounded to whole fen, half up, for non-negative values:
    ``(2n + d) // 2d``. Equals ``waibao.money.round_half_up(Fraction(n, d))`` (property test)."""
    den = denominator if isinstance(denominator, pl.Expr) else pl.lit(denominator, pl.Int64)
    return (numerator_fen * 2 + den) // (den * 2)


def yuan_text(fen: pl.Expr) -> pl.Expr:
    """Int64 fen as a two-decimal string ("1234.50"); null as "unknown"."""
    cents = (fen % 100).cast(pl.String).str.zfill(2)
    return (
        pl.when(fen.is_null())
        .then(pl.lit("unknown"))
        .otherwise(pl.format("{}.{}", (fen // 100).cast(pl.String), cents))
    )


YUAN_DECIMAL = pl.Decimal(38, 2)  # any Int64 fen, exactly (19 digits), with room to spare


def yuan_decimal(fen: pl.Expr) -> pl.Expr:
    """Int64 fen as ``decimal(38, 2)`` yuan: the value of ``yuan_text``'s text, null for
    null, without building the text (five times cheaper over a column). A negative amount
    is written by ``yuan_text`` as its floor in yuan and the fen above it ("-150" fen as
    "-2.50"), and its decimal here is that text's value too."""
    floor, above = (fen // 100).cast(YUAN_DECIMAL), (fen % 100).cast(YUAN_DECIMAL)
    return pl.when(fen < 0).then(floor - above / 100).otherwise(fen.cast(YUAN_DECIMAL) / 100)


def rate_text(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.format("{}/{}", numerator.cast(pl.String), denominator.cast(pl.String))


def item_column(list_name: str, field_name: str) -> str:
    return f"{list_name}.{field_name}"


def item(list_name: str, field_name: str) -> pl.Expr:
    """A field of a list's items, in an aggregation (the engine unnests each list once)."""
    return pl.col(item_column(list_name, field_name))


class Params:
    """Parameter expressions for formulas: each picks the value in force on ``_as_of``."""

    def __init__(self, parameters: ParameterSet, bounds: tuple[dt.date, dt.date] | None = None):
        self.parameters = parameters
        self.bounds = bounds  # earliest and latest _as_of of the frame being evaluated

    def _expr(self, name: str, build: Callable[[Any], pl.Expr]) -> pl.Expr:
        return self.parameters[name].expr(build, bounds=self.bounds)

    def amount(self, name: str) -> pl.Expr:
        return self._expr(name, lambda v: pl.lit(v, pl.Int64))

    def count(self, name: str) -> pl.Expr:
        return self._expr(name, lambda v: pl.lit(v, pl.Int64))

    def rate_num(self, name: str) -> pl.Expr:
        return self._expr(name, lambda v: pl.lit(None if v is None else v.numerator, pl.Int64))

    def rate_den(self, name: str) -> pl.Expr:
        return self._expr(name, lambda v: pl.lit(None if v is None else v.denominator, pl.Int64))

    def apply_rate(self, name: str, fen: pl.Expr) -> pl.Expr:
        """``fen × rate``, rounded once, half up; null when the rate is not configured."""
        return rate_round(fen * self.rate_num(name), self.rate_den(name))

    def is_in(self, name: str, value: pl.Expr) -> pl.Expr:
        return self._expr(name, lambda v: pl.lit(False) if v is None else value.is_in(list(v)))

    def level_tier(self, name: str, level: pl.Expr) -> pl.Expr:
        """The amount for a level (national/provincial/municipal); null for a level not listed."""

        def build(tiers: dict[str, int] | None) -> pl.Expr:
            chain: Any = None
            for key, fen in (tiers or {}).items():
                chain = (pl.when if chain is None else chain.when)(level == key).then(
                    pl.lit(fen, pl.Int64)
                )
            return pl.lit(None, pl.Int64) if chain is None else chain.otherwise(None)

        return self._expr(name, build)

    def threshold_tier(self, name: str, value: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
        """(amount of the highest tier reached or 0, its threshold or null, tier number or 0)."""

        def build(index: int) -> Callable[[Any], pl.Expr]:
            def inner(tiers: list[tuple[int, int]] | None) -> pl.Expr:
                chain: Any = None
                for number, (at, fen) in reversed(list(enumerate(tiers or [], start=1))):
                    result = (fen, at, number)[index]
                    chain = (pl.when if chain is None else chain.when)(value >= at).then(
                        pl.lit(result, pl.Int64)
                    )
                default = pl.lit(0 if index != 1 else None, pl.Int64)
                return default if chain is None else chain.otherwise(default)

            return inner

        return self._expr(name, build(0)), self._expr(name, build(1)), self._expr(name, build(2))

    def lowest_threshold(self, name: str) -> pl.Expr:
        return self._expr(name, lambda v: pl.lit(None if not v else v[0][0], pl.Int64))


@dataclass
class Outcome:
    """A clause's result per record, as expressions over the wide frame."""

    eligible: pl.Expr
    reason: pl.Expr
    amount: pl.Expr
    explanation: pl.Expr
    minimum: pl.Expr | None = None


@dataclass
class Window:
    """The part of a record's year in which the clause is in force (for dated events)."""

    valid_from: dt.date
    valid_to: dt.date | None

    def start(self) -> pl.Expr:
        return pl.max_horizontal(pl.col("_year_start"), pl.lit(self.valid_from))

    def end(self) -> pl.Expr:
        if self.valid_to is None:
            return pl.col("_year_end")
        return pl.min_horizontal(pl.col("_year_end"), pl.lit(self.valid_to))

    def holds(self, date: pl.Expr) -> pl.Expr:
        """``date`` falls in the record's year and inside the clause's validity (comparisons
        with literals: cheaper over millions of items than per-row max/min)."""
        inside = (date.dt.year() == pl.col("year")) & (date >= pl.lit(self.valid_from))
        if self.valid_to is not None:
            inside = inside & (date <= pl.lit(self.valid_to))
        return inside


@dataclass
class Formula:
    """A clause's code. ``one_time`` clauses net against ``awards_received`` of earlier years."""

    clause_id: str
    needs: Sequence[str]
    evaluate: Callable[[Params, Clause], Outcome]
    aggregations: Callable[[Params, Clause], dict[str, dict[str, Aggregation]]] = field(
        default=lambda p, c: {}
    )
    one_time: bool = False
    uses: Sequence[str] = ()  # facts shown by --explain besides ``needs``


FORMULAS: dict[str, Formula] = {}


def formula(
    clause_id: str,
    *,
    needs: Sequence[str] = (),
    one_time: bool = False,
    uses: Sequence[str] = (),
    aggregations: Callable[[Params, Clause], dict[str, dict[str, Aggregation]]] | None = None,
) -> Callable[[Callable[[Params, Clause], Outcome]], Callable[[Params, Clause], Outcome]]:
    """Register a clause's ``evaluate`` function (decorator)."""

    def register(
        evaluate: Callable[[Params, Clause], Outcome],
    ) -> Callable[[Params, Clause], Outcome]:
        if clause_id in FORMULAS:
            raise ValueError(f"clause {clause_id} has two formulas")
        FORMULAS[clause_id] = Formula(
            clause_id=clause_id,
            needs=tuple(needs),
            evaluate=evaluate,
            aggregations=aggregations or (lambda p, c: {}),
            one_time=one_time,
            uses=tuple(uses),
        )
        return evaluate

    return register


def paid_column(clause_id: str) -> str:
    return f"_paid__{clause_id}"


def agg_name(clause_id: str, name: str) -> str:
    """A per-clause aggregation column name (unique across clauses)."""
    return f"_{clause_id}__{name}"


def col(clause_id: str, name: str) -> pl.Expr:
    return pl.col(agg_name(clause_id, name))
