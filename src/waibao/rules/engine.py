"""The engine: every clause over every organisation-year at once, in Polars.

Order of evaluation for one clause and one record (the first that fails gives the reason):

1. the record's jurisdiction is under the clause (the folder's ``applies_to``: a province's
   clauses also cover its cities' records); otherwise there is no row at all;
2. the clause is in force during the record's year (``valid_from``/``valid_to``);
3. every fact the clause needs is known (absent or null means unknown);
4. clauses with ``requires_statistics``: the organisation reported its statistics (the reason
   cites the text's statistics clause the clause names);
5. the clause's own conditions (thresholds, tiers, events in the year);
6. the text's exclusion clauses (kind ``exclusion``) remove the row, with the reason;
7. one-time clauses pay only what exceeds the amount this clause already paid in earlier years.

No Python loop runs per record: list fields are exploded once per list and aggregated with one
``group_by`` for all clauses together; each clause is then a set of column expressions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import polars as pl

from waibao import jurisdictions
from waibao.facts.frame import LIST_DTYPES
from waibao.rules.formula import (
    FORMULAS,
    Aggregation,
    Formula,
    Params,
    item,
    item_column,
    paid_column,
    total,
    yuan_decimal,
    yuan_text,
)
from waibao.rules.language import current, money, pick, say, speaking
from waibao.rules.language import name as fact_name
from waibao.rules.params import ParameterSet
from waibao.rules.registry import Clause, parameters, registry
from waibao.rules.registry import clause as find_clause

jurisdictions.load_formulas()  # the folders' clauses.py register their formulas

LIST_FIELDS = (
    "certifications",
    "recognitions",
    "trainings",
    "expenses",
    "awards_received",
    "violations",
)

OUTPUT_SCHEMA: dict[str, pl.DataType] = {
    "_row": pl.Int64(),
    "uscc": pl.String(),
    "year": pl.Int64(),
    "clause": pl.String(),
    "kind": pl.String(),
    "applies": pl.Boolean(),
    "reason": pl.String(),
    "amount_fen": pl.Int64(),
    "min_fen": pl.Int64(),
    "discretionary": pl.Boolean(),
    "citation": pl.String(),
    "explanation": pl.String(),
}


def _with_dates(facts: pl.DataFrame, as_of: dt.date | None) -> pl.LazyFrame:
    year = pl.col("year").cast(pl.Int32)
    lf = facts.lazy().with_columns(
        pl.date(year, 1, 1).alias("_year_start"),
        pl.date(year, 12, 31).alias("_year_end"),
    )
    as_of_expr = pl.lit(as_of) if as_of is not None else pl.col("_year_end")
    return lf.with_columns(as_of_expr.alias("_as_of"))


def _aggregations(
    formulas: list[tuple[Clause, Formula]], p: Params
) -> dict[str, dict[str, Aggregation]]:
    by_list: dict[str, dict[str, Aggregation]] = {name: {} for name in LIST_FIELDS}
    for clause, formula in formulas:
        for list_name, aggs in formula.aggregations(p, clause).items():
            for alias, agg in aggs.items():
                if alias in by_list[list_name]:
                    raise ValueError(f"aggregation {alias} defined twice")
                by_list[list_name][alias] = agg
        if formula.one_time:
            awards = "awards_received"
            earlier = (item(awards, "clause") == clause.id) & (
                item(awards, "year") < pl.col("year")
            )
            by_list[awards][paid_column(clause.id)] = total(item(awards, "amount_cny"), earlier)
    return by_list


def _aggregate(alias: str, how: str) -> pl.Expr:
    column = pl.col(alias)
    if how == "sum":
        return column.sum()
    if how == "max":
        return column.max()
    if how == "any":
        return column.any()
    if how == "first":
        return column.max()  # one of the non-null values (max is Polars' fast path)
    if how == "n_distinct":
        return column.drop_nulls().n_unique().cast(pl.Int64)
    if how == "product_distinct":
        return column.drop_nulls().unique().product()
    raise ValueError(f"unknown aggregation {how!r}")


def _list_aggregates(
    base: pl.LazyFrame, list_name: str, aggs: dict[str, Aggregation]
) -> list[pl.LazyFrame]:
    """Explode one list field once, evaluate every item expression over all items at once,
    aggregate per record with plain aggregations (stage 0, then stage 1 using stage 0): one
    frame per stage, each keyed by ``_row``. The stages stay apart: a later stage concerns
    few records, and joining its columns into the earlier stages' frame gathered all of
    those again (0.5 s of the trainings' 0.9 s at 1M records)."""
    fields = LIST_DTYPES[list_name].inner.fields  # type: ignore[attr-defined]
    items = (
        base.select("_row", "year", "_year_start", "_year_end", "_as_of", list_name)
        .explode(list_name)
        .filter(pl.col(list_name).is_not_null())
        .select(
            "_row",
            "year",
            "_year_start",
            "_year_end",
            "_as_of",
            *(
                pl.col(list_name).struct.field(f.name).alias(item_column(list_name, f.name))
                for f in fields
            ),
        )
    )
    stages = sorted({agg.stage for agg in aggs.values()})
    if len(stages) > 1:
        items = items.collect().lazy()  # explode once when several stages read the items
    done: list[pl.LazyFrame] = []
    for stage in stages:
        staged = {alias: agg for alias, agg in aggs.items() if agg.stage == stage}
        # clauses often ask for the same aggregate (fees of all trainings, say): compute once
        unique: dict[str, Aggregation] = {}
        copies: dict[str, str] = {}
        for alias, agg in staged.items():
            twin = next(
                (
                    kept
                    for kept, other in unique.items()
                    if other.how == agg.how and other.item.meta.eq(agg.item)
                ),
                None,
            )
            if twin is None:
                unique[alias] = agg
            else:
                copies[alias] = twin
        source = items
        if done:
            result = done[0]  # the earlier stages side by side, for their records only
            for part in done[1:]:
                result = result.join(part, on="_row", how="left")
            conditions = [agg.records for agg in unique.values()]
            if all(condition is not None for condition in conditions):
                chosen = result.filter(pl.any_horizontal(conditions)).select("_row")
                source = items.join(chosen, on="_row", how="semi")
            source = source.join(result, on="_row", how="left")
        plain = {a: agg for a, agg in unique.items() if agg.how != "product_distinct"}
        grouped = (
            source.with_columns([agg.item.alias(alias) for alias, agg in plain.items()])
            .group_by("_row")
            .agg([_aggregate(alias, agg.how) for alias, agg in plain.items()])
            .with_columns([pl.col(twin).alias(alias) for alias, twin in copies.items()])
        )
        for alias, agg in unique.items():
            if agg.how == "product_distinct":
                # slow per-group path in Polars: run it only over the items that take part
                taking_part = (
                    source.with_columns(agg.item.alias(alias))
                    .filter(pl.col(alias).is_not_null())
                    .select("_row", alias)
                    .unique()
                    .group_by("_row")
                    .agg(pl.col(alias).product())
                )
                grouped = grouped.join(taking_part, on="_row", how="left")
        done.append(grouped.collect().lazy() if len(stages) > 1 else grouped)
    return done


def _rows_are_positions(keys: pl.DataFrame) -> bool:
    """Whether ``_row`` is each record's position (0, 1, 2, ...), as every facts reader
    makes it; a frame filtered or built by hand may hold other numbers."""
    row = pl.col("_row")
    return bool(keys.select((row == pl.int_range(pl.len(), dtype=pl.Int64)).all()).item())


def _gathered(frame: pl.DataFrame, height: int) -> pl.DataFrame:
    """The aggregates of ``frame`` (one row per ``_row`` that has items) at their records'
    positions, null where a record has none: the left join's result, found by scattering
    each aggregate row's index to its record and gathering once (the join hashed a million
    keys per list: 0.8 s of the wide frame at 1M records)."""
    where = pl.repeat(None, height, dtype=pl.Int64, eager=True).scatter(
        frame.get_column("_row"), pl.int_range(frame.height, dtype=pl.Int64, eager=True)
    )
    return frame.drop("_row").select(pl.all().gather(where))


def wide_frame(
    facts: pl.DataFrame,
    formulas: list[tuple[Clause, Formula]],
    p: Params,
    as_of: dt.date | None,
) -> pl.DataFrame:
    """Facts plus every clause's list aggregations, one row per record."""
    base = _with_dates(facts, as_of).collect()
    lists = {name: aggs for name, aggs in _aggregations(formulas, p).items() if aggs}
    staged = [_list_aggregates(base.lazy(), name, aggs) for name, aggs in lists.items()]
    collected = iter(pl.collect_all([frame for stages in staged for frame in stages]))
    aggregated = [[next(collected) for _ in stages] for stages in staged]
    # The lists themselves are no longer needed: keep only whether each is known (null:
    # unknown). Dropping them before the joins matters: a join gathers every column of the
    # left frame, and the nested lists are most of its bytes (4.4 s of 7 s at 1M records).
    wide = base.with_columns(
        pl.when(pl.col(name).is_not_null()).then(True).otherwise(None).alias(name)
        for name in LIST_FIELDS
    )
    keys = wide.select("_row")
    positional = _rows_are_positions(keys)
    fills: list[pl.Expr] = []
    joined: list[pl.Series] = []
    for (list_name, aggs), frames in zip(lists.items(), aggregated, strict=True):
        # the aggregates in the records' order, added side by side: no copy of the wide
        # frame per list
        for frame in frames:
            if positional:
                aligned = _gathered(frame, keys.height)
            else:
                aligned = keys.join(frame, on="_row", how="left", maintain_order="left")
                aligned = aligned.drop("_row")
            joined.extend(aligned.get_columns())
        for alias, agg in aggs.items():
            if alias.startswith("_paid__"):
                # awards_received absent: no award recorded (docs/decisions/0002-rules-readings.md)
                fills.append(pl.col(alias).fill_null(0))
            elif agg.default is not None:
                fills.append(
                    pl.when(pl.col(list_name).is_not_null())
                    .then(pl.col(alias).fill_null(agg.default))
                    .otherwise(pl.col(alias))
                    .alias(alias)
                )
    return wide.hstack(joined).with_columns(fills)


def _in_force(clause: Clause) -> pl.Expr:
    starts = pl.lit(clause.valid_from) <= pl.col("_year_end")
    if clause.valid_to is None:
        return starts
    return starts & (pl.lit(clause.valid_to) >= pl.col("_year_start"))


def _validity_text(clause: Clause) -> pl.Expr:
    end = clause.valid_to.isoformat() if clause.valid_to else pick("无终止日期", "no end")
    note = f"; {clause.validity_note}" if clause.validity_note else ""
    if current() == "zh-hans":
        note = ""  # the notes are the registry's English working notes; the dates say it
    return say("有效期 {} 至 {}{}", "valid {} to {}{}", clause.valid_from.isoformat(), end, note)


def _all_known(needs: list[str]) -> pl.Expr:
    known: pl.Expr = pl.lit(True)
    for name in needs:
        known = known & pl.col(name).is_not_null()
    return known


def _first_unknown(needs: list[str]) -> pl.Expr:
    chain: Any = None
    for name in needs:
        condition = pl.col(name).is_null()
        message = say("缺少事实：{}", "unknown fact: {}", fact_name(name))
        chain = (pl.when if chain is None else chain.when)(condition).then(message)
    return pl.lit(None, pl.String) if chain is None else chain.otherwise(None)


def _not_reported(gate: Clause) -> pl.Expr:
    """Why a firm that did not report the year's statistics gets nothing: the statistics
    clause of its text, cited by its id and its own words (literals, never a template, so
    that the text's words are never read as placeholders)."""
    year = pl.col("year").cast(pl.String)
    if current() == "zh-hans":
        cited = gate.cited_as or gate.citation
        return pl.concat_str([year, pl.lit(f" 年未报送统计数据（{cited}：{gate.source_phrase}）")])
    return pl.concat_str(
        [
            pl.lit(f"{gate.id}: statistics not reported for "),
            year,
            pl.lit(f" ({gate.source_phrase})"),
        ]
    )


def _clause_frame(
    wide: pl.LazyFrame,  # the records of the jurisdictions the clause covers
    clause: Clause,
    formula: Formula,
    p: Params,
    exclusions: list[Clause],
    include_all: bool,
    explain_text: bool = True,
) -> pl.LazyFrame:
    outcome = formula.evaluate(p, clause)
    needs = list(formula.needs)
    if clause.requires_statistics and "statistics_reported" not in needs:
        needs.append("statistics_reported")
    amount = outcome.amount.cast(pl.Int64)
    paid = pl.col(paid_column(clause.id)) if formula.one_time else pl.lit(0, pl.Int64)
    net = amount - paid
    difference = f"{clause.id}.pay_difference"
    if formula.one_time and difference in p.parameters:
        # the bureau may pay a higher tier in full (POLICY-READING.md) instead of the difference
        net = amount - paid * p.count(difference).fill_null(1)
    unknown = _first_unknown(needs)
    eligible = outcome.eligible
    excluded: pl.Expr = pl.lit(False)
    for exclusion in exclusions:
        if clause.jurisdiction in exclusion.applies_to:
            excluded = excluded | pl.col(f"_excluded__{exclusion.id}")
    already = (
        (paid > 0) & (amount.is_null() | (amount - paid <= 0))
        if formula.one_time
        else pl.lit(False)
    )
    statistics = pl.col("statistics_reported") if clause.requires_statistics else pl.lit(True)
    applies = (
        _in_force(clause)
        & _all_known(needs)
        & statistics.fill_null(False)
        & eligible.fill_null(False)
        & ~excluded
        & ~already
    )
    lf = wide.with_columns(applies.fill_null(False).alias("applies"))
    if include_all:
        reason: Any = pl.when(~_in_force(clause)).then(
            say(
                "{} 年不在有效期内：{}",
                "not in force in {}: {}",
                pl.col("year"),
                _validity_text(clause),
            )
        )
        reason = reason.when(unknown.is_not_null()).then(unknown)
        if clause.statistics_clause is not None:
            reason = reason.when(~pl.col("statistics_reported")).then(
                _not_reported(find_clause(clause.statistics_clause))
            )
        reason = reason.when(eligible.is_null()).then(
            say("缺少本条款所需的事实：", "a fact this clause needs is unknown: ")
            + outcome.reason.fill_null("")
        )
        reason = reason.when(~eligible).then(outcome.reason)
        for exclusion in exclusions:
            if clause.jurisdiction in exclusion.applies_to:
                reason = reason.when(pl.col(f"_excluded__{exclusion.id}")).then(
                    pl.col(f"_excluded_text__{exclusion.id}")
                )
        if formula.one_time:
            reason = reason.when(already).then(
                say(
                    "以往年度已按本条款拨付 {}（一次性；档位金额 {}）",
                    "already paid {} by this clause in earlier years (one-time; tier amount {})",
                    money(paid),
                    money(amount),
                )
            )
        lf = lf.with_columns(
            pl.when(pl.col("applies")).then(None).otherwise(reason.otherwise(None)).alias("reason")
        )
    else:
        lf = lf.filter(pl.col("applies")).with_columns(pl.lit(None, pl.String).alias("reason"))
    final_amount = net if formula.one_time else amount
    minimum = outcome.minimum.cast(pl.Int64) if outcome.minimum is not None else None
    explanation: pl.Expr = pl.lit(None, pl.String)
    if explain_text:
        explanation = outcome.explanation
        if formula.one_time:
            explanation = (
                pl.when((paid > 0) & (net < amount))
                .then(
                    say(
                        "{}；扣除已拨付 {} = {}",
                        "{}; less {} already paid = {}",
                        explanation,
                        money(paid),
                        money(net),
                    )
                )
                .otherwise(explanation)
            )
        explanation = pl.when(pl.col("applies")).then(explanation).otherwise(pl.col("reason"))
    return lf.select(
        pl.col("_row"),
        pl.col("uscc"),
        pl.col("year").cast(pl.Int64),
        pl.lit(clause.id).alias("clause"),
        pl.lit(clause.kind).alias("kind"),
        pl.col("applies"),
        pl.col("reason"),
        pl.when(pl.col("applies")).then(final_amount).otherwise(None).alias("amount_fen"),
        (
            pl.when(pl.col("applies")).then(minimum).otherwise(None)
            if minimum is not None
            else pl.lit(None, pl.Int64)
        ).alias("min_fen"),
        pl.lit(clause.discretionary).alias("discretionary"),
        pl.lit(clause.citation).alias("citation"),
        explanation.alias("explanation"),
    )


def evaluate_frame(
    facts: pl.DataFrame,
    *,
    include_all: bool = False,
    reform: Mapping[str, Any] | None = None,
    as_of: dt.date | None = None,
    parameter_set: ParameterSet | None = None,
    clause_ids: list[str] | None = None,
    explanations: bool = True,
    language: str = "en",
) -> pl.DataFrame:
    """Entitlement rows (``OUTPUT_SCHEMA``) for every record of the facts frame and every
    entitlement clause; with ``include_all`` also the rows that do not apply, with reasons.
    ``language`` (``zh-hans`` or ``en``) is the language of explanations and reasons."""
    with speaking(language):
        return _evaluate_frame(
            facts,
            include_all=include_all,
            reform=reform,
            as_of=as_of,
            parameter_set=parameter_set,
            clause_ids=clause_ids,
            explanations=explanations,
        )


def _evaluate_frame(
    facts: pl.DataFrame,
    *,
    include_all: bool,
    reform: Mapping[str, Any] | None,
    as_of: dt.date | None,
    parameter_set: ParameterSet | None,
    clause_ids: list[str] | None,
    explanations: bool,
) -> pl.DataFrame:
    params = parameter_set or parameters()
    if reform:
        params = params.overlay(reform)
    if facts.height == 0:
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    if as_of is not None:
        bounds = (as_of, as_of)
    else:
        years = facts.get_column("year")
        bounds = (dt.date(int(years.min()), 12, 31), dt.date(int(years.max()), 12, 31))  # type: ignore[arg-type]
    p = Params(params, bounds)
    present = set(facts.get_column("jurisdiction").unique().to_list())
    jurisdictions.load_formulas()  # a folder added through WAIBAO_POLICY_PATH since import
    clauses = [c for c in registry() if c.id in FORMULAS and present & set(c.applies_to)]
    if clause_ids is not None:
        clauses = [c for c in clauses if c.id in clause_ids or c.kind == "exclusion"]
    formulas = [(c, FORMULAS[c.id]) for c in clauses]
    wide = wide_frame(facts, formulas, p, as_of)
    exclusions = [c for c in clauses if c.kind == "exclusion"]
    if exclusions:
        columns = []
        for exclusion in exclusions:
            outcome = FORMULAS[exclusion.id].evaluate(p, exclusion)
            hit = outcome.eligible.fill_null(False) & _in_force(exclusion)
            columns += [
                hit.alias(f"_excluded__{exclusion.id}"),
                pl.when(hit)
                .then(outcome.explanation)
                .otherwise(None)
                .alias(f"_excluded_text__{exclusion.id}"),
            ]
        wide = wide.with_columns(columns)
    # each clause reads only the records it covers, and only the columns it needs (the
    # filter and the projection are pushed down: cheaper than partitioning the wide frame)
    everything = wide.lazy()
    frames = []
    for clause, formula in formulas:  # in the registry's order (``clauses`` above)
        if not clause.is_entitlement or not present & set(clause.applies_to):
            continue
        records = everything
        if not present <= set(clause.applies_to):  # all records covered (one city's file)
            records = everything.filter(pl.col("jurisdiction").is_in(list(clause.applies_to)))
        frames.append(
            _clause_frame(records, clause, formula, p, exclusions, include_all, explanations)
        )
    result = pl.concat(pl.collect_all(frames), how="vertical")
    # Rows by record, then by clause in the registry's order: the frames are concatenated in
    # that order, so a stable sort on the record alone gives it (no second key to build)
    return result.sort("_row", maintain_order=True)


def rows_from_frame(frame: pl.DataFrame, *, include_all: bool) -> list[dict[str, Any]]:
    """FACTS.md entitlement rows: amounts as two-decimal strings or None."""
    return entitlement_rows(frame, include_all=include_all).to_dicts()


def entitlement_rows(
    frame: pl.DataFrame, *, include_all: bool, decimal_amounts: bool = False
) -> pl.DataFrame:
    """FACTS.md entitlement rows as columns, in their order (``waibao.rules.output`` writes
    them); with ``decimal_amounts`` the amounts are ``decimal(38, 2)`` yuan (Parquet's
    columns, ``waibao.rules.output.parquet_rows``) made straight from the fen, not text."""

    def amount(name: str) -> pl.Expr:
        fen = pl.col(name)
        if decimal_amounts:
            return yuan_decimal(fen)
        return pl.when(fen.is_null()).then(None).otherwise(yuan_text(fen))

    return frame.select(
        "uscc",
        "year",
        "clause",
        "kind",
        amount("amount_fen").alias("amount_cny"),
        amount("min_fen").alias("min_cny"),
        "discretionary",
        "citation",
        "explanation",
        *(["applies", "reason"] if include_all else []),
    )
