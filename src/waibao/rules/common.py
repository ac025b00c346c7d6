"""Building blocks shared by the jurisdictions' formulas (all vectorised expressions).

Most clauses of the five texts are one of a few shapes: a share of some expenses, of some
training fees or of some certification costs; a fixed or configured amount for a status; a
tier by the level of a recognition. Each helper registers a complete formula for one shape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl

from waibao.rules.formula import (
    Aggregation,
    Outcome,
    Params,
    Window,
    agg_name,
    col,
    count,
    formula,
    highest,
    item,
    rate_round,
    rate_text,
    total,
)
from waibao.rules.language import Words, money, name, names, say
from waibao.rules.registry import Clause

CERT_EVENTS_AWARDED = ("new", "upgrade")
LEVEL_ORDER = {"national": 3, "provincial": 2, "municipal": 1}


def window(clause: Clause) -> Window:
    return Window(clause.valid_from, clause.valid_to)


def configured_share(
    p: Params, rate_param: str, base: pl.Expr, base_label: pl.Expr, phrase: str
) -> tuple[pl.Expr, pl.Expr]:
    """(amount, explanation) for a clause without an amount in its text: null unless the bureau
    configured a rate, then ``base × rate`` rounded once."""
    num, den = p.rate_num(rate_param), p.rate_den(rate_param)
    amount = p.apply_rate(rate_param, base)
    explanation = (
        pl.when(num.is_null())
        .then(
            say(
                "{} {}；政策原文未规定金额（{}）：符合条件，金额由审核人员确定",
                "{} {}; the text names no amount ({}): eligible, amount for the reviewer",
                base_label,
                money(base),
                phrase,
            )
        )
        .otherwise(
            say(
                "{} {} × 设定比例 {} = {}",
                "{} {} × configured rate {} = {}",
                base_label,
                money(base),
                rate_text(num, den),
                money(amount),
            )
        )
    )
    return amount, explanation


def configured_fixed(
    p: Params, amount_param: str, facts_text: pl.Expr, phrase: str
) -> tuple[pl.Expr, pl.Expr]:
    amount = p.amount(amount_param)
    explanation = (
        pl.when(amount.is_null())
        .then(
            say(
                "{}；政策原文未规定金额（{}）：符合条件，金额由审核人员确定",
                "{}; the text names no amount ({}): eligible, amount for the reviewer",
                facts_text,
                phrase,
            )
        )
        .otherwise(say("{}；设定金额 {}", "{}; configured amount {}", facts_text, money(amount)))
    )
    return amount, explanation


def expense_share_clause(
    clause_id: str,
    kinds: Sequence[str],
    rate_param: str,
    phrase: str,
    *,
    extra_needs: Sequence[str] = (),
    extra_condition: tuple[pl.Expr, str]
    | Callable[[Params], tuple[pl.Expr, pl.Expr]]
    | None = None,
) -> None:
    """Eligible when the year's expenses of ``kinds`` are positive and ``extra_condition``
    (a condition and the reason when it fails, or a function of the parameters giving them)
    holds; amount configured or null."""

    def aggregations(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
        amount = item("expenses", "amount_cny")
        wanted = item("expenses", "kind").is_in(list(kinds))
        return {"expenses": {agg_name(clause_id, "base"): total(amount, wanted)}}

    @formula(clause_id, needs=("expenses", *extra_needs), aggregations=aggregations)
    def evaluate(p: Params, clause: Clause) -> Outcome:
        base = col(clause_id, "base")
        label = say("{}", "{} expenses", names(kinds))
        eligible = base > 0
        reason = say("{1} 年无{0}", "no {} in {}", label, pl.col("year"))
        if extra_condition is not None:
            if callable(extra_condition):
                condition, why_expr = extra_condition(p)
            else:
                condition, why_expr = extra_condition[0], pl.lit(extra_condition[1])
            reason = pl.when(~condition).then(why_expr).otherwise(reason)
            eligible = eligible & condition
        amount, explanation = configured_share(p, rate_param, base, label, phrase)
        return Outcome(eligible=eligible, reason=reason, amount=amount, explanation=explanation)


def hired_share_aggregations(clause_id: str, wanted: pl.Expr) -> dict[str, Aggregation]:
    """Σ fee × hired / people over the trainings ``wanted`` (with a hire), exactly, without
    leaving Int64: with D the product of the distinct head counts (stage 1), each term is split
    as ``q + r/people`` and the remainders are put over D (stage 2). Read the result with
    :func:`hired_share_base` or :func:`hired_share_times_rate` (one rounding)."""
    hired = item("trainings", "hired").fill_null(0)
    people = item("trainings", "people")
    wanted = wanted & (hired > 0)
    cost = item("trainings", "cost_cny")
    # fee × hired / people = whole + remainder / people, never forming fee × hired (overflow)
    whole = (cost // people) * hired + ((cost % people) * hired) // people
    remainder = ((cost % people) * hired) % people
    sizes, largest = agg_name(clause_id, "sizes"), agg_name(clause_id, "largest")
    several = agg_name(clause_id, "several")
    mixed = pl.col(sizes) > 1  # records whose classes differ in size (rare)
    return {
        agg_name(clause_id, "hired"): total(hired, wanted),
        agg_name(clause_id, "people"): total(people, wanted),
        agg_name(clause_id, "fees"): total(cost, wanted),
        sizes: Aggregation(pl.when(wanted).then(people), "n_distinct", 0),
        largest: highest(people, wanted),
        agg_name(clause_id, "whole"): total(whole, wanted),
        # one class size: the remainders are already over the common denominator
        agg_name(clause_id, "parts_one"): total(remainder, wanted),
        # several: the product of the distinct sizes, then the remainders over it
        several: Aggregation(
            pl.when(wanted).then(people), "product_distinct", None, 1, records=mixed
        ),
        agg_name(clause_id, "parts_several"): Aggregation(
            pl.when(wanted).then(remainder * (pl.col(several) // people)),
            "sum",
            None,
            stage=2,
            records=mixed,
        ),
    }


def _hired_share_parts(clause_id: str) -> tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr]:
    """(whole fen, remainder over the common denominator, that denominator, exact?)."""
    one_size = col(clause_id, "sizes") <= 1
    whole = col(clause_id, "whole")
    parts = (
        pl.when(one_size)
        .then(col(clause_id, "parts_one"))
        .otherwise(col(clause_id, "parts_several"))
    )
    common = pl.when(one_size).then(col(clause_id, "largest")).otherwise(col(clause_id, "several"))
    # D stays far inside Int64 (<= 10^15) for up to 2 class sizes of 10^7 or 5 of 1,000
    sizes, largest = col(clause_id, "sizes"), col(clause_id, "largest")
    exact = (sizes <= 1) | ((sizes <= 2) & (largest <= 10**7)) | ((sizes <= 5) & (largest <= 1000))
    return whole, parts, common, exact


def hired_share_exact(clause_id: str) -> pl.Expr:
    """False where too many class sizes differ to add the fractions exactly in Int64."""
    return _hired_share_parts(clause_id)[3]


def hired_share_base(clause_id: str) -> pl.Expr:
    """Σ fee × hired / people rounded once to the fen, half up (for showing the base)."""
    whole, parts, common, _ = _hired_share_parts(clause_id)
    return whole + rate_round(parts, common)


def hired_share_times_rate(clause_id: str, num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """rate × Σ fee × hired / people, rounded once (null when the rate is null)."""
    whole, parts, common, _ = _hired_share_parts(clause_id)
    scaled = whole * num  # rate × whole part, still over den
    return scaled // den + rate_round((scaled % den) * common + parts * num, den * common)


def training_share_clause(
    clause_id: str,
    trainees: Sequence[str] | None,
    rate_param: str,
    phrase: str,
    *,
    hired_only: bool = False,
) -> None:
    """Eligible when the year's trainings (of ``trainees``) have fees; base = fees; amount
    configured or null. With ``hired_only`` (the trainees "合格并被…录用") the base is the
    hired trainees' share of each course, Σ fee × hired / people, and the amount is the
    configured rate of that share, rounded once (docs/decisions/0002-rules-readings.md)."""
    if hired_only:
        _hired_training_share_clause(clause_id, trainees, rate_param, phrase)
        return

    def aggregations(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
        trainee = item("trainings", "trainee")
        wanted = trainee.is_in(list(trainees)) if trainees else pl.lit(True)
        cost = item("trainings", "cost_cny")
        return {
            "trainings": {
                agg_name(clause_id, "base"): total(cost, wanted),
                agg_name(clause_id, "count"): count(wanted),
            }
        }

    @formula(clause_id, needs=("trainings",), aggregations=aggregations)
    def evaluate(p: Params, clause: Clause) -> Outcome:
        base = col(clause_id, "base")
        # any training: 培训费 / training fees (not 全部培训费 / all training fees: "no all
        # training fees in 2024" read wrong in both languages)
        label = (
            say("{}培训费", "{} training fees", names(trainees))
            if trainees
            else say("培训费", "training fees")
        )
        amount, explanation = configured_share(p, rate_param, base, label, phrase)
        return Outcome(
            eligible=col(clause_id, "count") > 0,
            reason=say("{1} 年无{0}", "no {} in {}", label, pl.col("year")),
            amount=amount,
            explanation=explanation,
        )


def _hired_training_share_clause(
    clause_id: str, trainees: Sequence[str] | None, rate_param: str, phrase: str
) -> None:
    def label() -> pl.Expr:
        every = names(trainees) if trainees else name("all")
        return say("{}培训", "{} training", every)

    def aggregations(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
        trainee = item("trainings", "trainee")
        wanted = trainee.is_in(list(trainees)) if trainees else pl.lit(True)
        return {"trainings": hired_share_aggregations(clause_id, wanted)}

    @formula(clause_id, needs=("trainings",), aggregations=aggregations)
    def evaluate(p: Params, clause: Clause) -> Outcome:
        num, den = p.rate_num(rate_param), p.rate_den(rate_param)
        exact = hired_share_exact(clause_id)
        base = hired_share_base(clause_id)
        amount = hired_share_times_rate(clause_id, num, den)
        facts = say(
            "{}：培训费 {}，学员 {} 人，录用 {} 人",
            "{}: fees {} for {} trainees, {} hired",
            label(),
            money(col(clause_id, "fees")),
            col(clause_id, "people"),
            col(clause_id, "hired"),
        )
        explanation = (
            pl.when(num.is_null())
            .then(
                say(
                    "{}；政策原文未规定金额（{}）：符合条件，金额由审核人员确定",
                    "{}; the text names no amount ({}): eligible, amount for the reviewer",
                    facts,
                    phrase,
                )
            )
            .otherwise(
                say(
                    "{}；基数为录用学员所占份额，培训费 × 录用人数 ÷ 学员人数 = {}；× 设定比例 {} "
                    "= {}",
                    "{}; base: the hired share, fee × hired / people = {}; × configured rate {} "
                    "= {}",
                    facts,
                    money(base),
                    rate_text(num, den),
                    money(amount),
                )
            )
        )
        return Outcome(
            eligible=(col(clause_id, "hired") > 0) & exact,
            reason=pl.when(exact)
            .then(
                say("{1} 年{0}无录用学员", "no hired trainees of {} in {}", label(), pl.col("year"))
            )
            .otherwise(
                say(
                    "班级人数种类过多，无法精确相加：请人工计算",
                    "too many different class sizes to add exactly: compute by hand",
                )
            ),
            amount=amount,
            explanation=explanation,
        )


def certification_share_clause(
    clause_id: str, rate_param: str, phrase: str, schemes_param: str | None = None
) -> None:
    """Certifications obtained or upgraded in the clause's window of the year; base = costs."""

    def aggregations(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
        event = item("certifications", "event")
        when = item("certifications", "date")
        scheme = item("certifications", "scheme")
        wanted = event.is_in(list(CERT_EVENTS_AWARDED)) & window(clause).holds(when)
        if schemes_param is not None:
            wanted = wanted & p.is_in(schemes_param, scheme)
        cost = item("certifications", "cost_cny")
        return {
            "certifications": {
                agg_name(clause_id, "count"): count(wanted),
                agg_name(clause_id, "base"): total(cost, wanted),
                agg_name(clause_id, "unknown_cost"): count(wanted & cost.is_null()),
            }
        }

    @formula(clause_id, needs=("certifications",), aggregations=aggregations)
    def evaluate(p: Params, clause: Clause) -> Outcome:
        base = col(clause_id, "base")
        amount, explanation = configured_share(
            p,
            rate_param,
            base,
            say("新获或升级资质认证的费用", "cost of certifications obtained or upgraded"),
            phrase,
        )
        known = col(clause_id, "unknown_cost") == 0
        amount = pl.when(known).then(amount).otherwise(None)
        return Outcome(
            eligible=col(clause_id, "count") > 0,
            reason=say(
                "{} 年未新获或升级资质认证",
                "no certification obtained or upgraded in {}",
                pl.col("year"),
            ),
            amount=amount,
            explanation=explanation,
        )


def highest_level(condition: pl.Expr) -> Aggregation:
    """Aggregation: the highest level (3 national, 2 provincial, 1 municipal) among items."""
    rank = (
        pl.when(item("recognitions", "level") == "national")
        .then(3)
        .when(item("recognitions", "level") == "provincial")
        .then(2)
        .otherwise(1)
    )
    return highest(rank, condition)


def held_rank(
    clause: Clause, kind: str, levels: Sequence[str] | None = None
) -> dict[str, dict[str, Aggregation]]:
    """Aggregation ``<clause>.rank``: the highest level of the recognitions of ``kind`` (at one
    of ``levels``, when given) that the firm holds at the end of the clause's window, i.e.
    dated on or before it. Most status clauses ask exactly this of the recognitions."""
    held = (item("recognitions", "kind") == kind) & (
        item("recognitions", "date") <= window(clause).end()
    )
    if levels is not None:
        held = held & item("recognitions", "level").is_in(list(levels))
    return {"recognitions": {agg_name(clause.id, "rank"): highest_level(held)}}


def level_name(rank: pl.Expr) -> pl.Expr:
    """The level's id (for parameter look-ups)."""
    return (
        pl.when(rank == 3)
        .then(pl.lit("national"))
        .when(rank == 2)
        .then(pl.lit("provincial"))
        .when(rank == 1)
        .then(pl.lit("municipal"))
        .otherwise(None)
    )


def level_label(rank: pl.Expr) -> pl.Expr:
    """The level as the reader's language names it (国家级 / national)."""
    return (
        pl.when(rank == 3)
        .then(pl.lit(name("national")))
        .when(rank == 2)
        .then(pl.lit(name("provincial")))
        .when(rank == 1)
        .then(pl.lit(name("municipal")))
        .otherwise(None)
    )


def recognition_tier_clause(
    clause_id: str,
    kind: str,
    tiers_param: str,
    levels: Sequence[str],
    *,
    in_year: bool,
    also_requires: Callable[[Params], pl.Expr] | None = None,
    extra_label: Words = ("", ""),
    phrase: str = "",
) -> None:
    """One-time tier by the highest level of a recognition (highest only; the engine nets it
    against what this clause already paid)."""

    def aggregations(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
        window_ = window(clause)
        when = item("recognitions", "date")
        dated = window_.holds(when) if in_year else when <= window_.end()
        condition = (
            (item("recognitions", "kind") == kind)
            & item("recognitions", "level").is_in(list(levels))
            & dated
        )
        if also_requires is not None:
            condition = condition & also_requires(p)
        return {"recognitions": {agg_name(clause_id, "rank"): highest_level(condition)}}

    @formula(clause_id, needs=("recognitions",), one_time=True, aggregations=aggregations)
    def evaluate(p: Params, clause: Clause) -> Outcome:
        rank = col(clause_id, "rank")
        level = level_name(rank)
        amount = p.level_tier(tiers_param, level)
        year = pl.col("year")
        if in_year:
            when = say("{} 年内获得", "obtained in {}", year)
        else:
            when = say("{} 年末持有", "held at the end of {}", year)
        levels_text = say("{}", "{}", "/".join(name(level) for level in levels))
        extra = say(*extra_label)
        return Outcome(
            eligible=rank.is_not_null() & amount.is_not_null(),
            reason=say(
                "无{}认定（{}）{}，{}",
                "no {} recognition ({}){} {}",
                name(kind),
                levels_text,
                extra,
                when,
            ),
            amount=amount,
            explanation=say(
                "{}认定，最高级别{}，{}{} -> 档位金额 {}",
                "{} recognition, highest level {} {}{} -> tier {}",
                name(kind),
                level_label(rank),
                when,
                extra,
                money(amount),
            ),
        )


def fact_share_clause(
    clause_id: str,
    base_field: str,
    rate_param: str,
    phrase: str,
    *,
    label: Words,
    needs: Sequence[str] = (),
    condition: Callable[[Params], tuple[pl.Expr, pl.Expr]] | None = None,
) -> None:
    """Eligible when the scalar fact ``base_field`` (an amount) is positive and ``condition``
    (eligible, reason when not) holds; amount = configured rate × that fact, or null."""

    @formula(clause_id, needs=(base_field, *needs))
    def evaluate(p: Params, clause: Clause) -> Outcome:
        base = pl.col(base_field)
        eligible = base > 0
        reason: pl.Expr = say("{1} 年无{0}", "no {} in {}", say(*label), pl.col("year"))
        if condition is not None:
            holds, why = condition(p)
            reason = pl.when(~holds).then(why).otherwise(reason)
            eligible = eligible & holds
        amount, explanation = configured_share(p, rate_param, base, say(*label), phrase)
        return Outcome(eligible=eligible, reason=reason, amount=amount, explanation=explanation)


def status_clause(
    clause_id: str,
    amount_param: str,
    phrase: str,
    *,
    needs: Sequence[str],
    condition: Callable[[Params], tuple[pl.Expr, pl.Expr, pl.Expr]],
    one_time: bool = False,
    aggregations: Callable[[Params, Clause], dict[str, dict[str, Aggregation]]] | None = None,
) -> None:
    """A status the text rewards or supports without an amount: ``condition`` gives
    (eligible, reason when not, the facts in one line); amount configured or null."""

    @formula(clause_id, needs=needs, one_time=one_time, aggregations=aggregations)
    def evaluate(p: Params, clause: Clause) -> Outcome:
        eligible, reason, facts = condition(p)
        amount, explanation = configured_fixed(p, amount_param, facts, phrase)
        return Outcome(eligible=eligible, reason=reason, amount=amount, explanation=explanation)


def founded_within(years: pl.Expr) -> pl.Expr:
    """Founded in the record's year or in the ``years`` years before it (新设立/新办)."""
    founded_year = pl.col("founded").dt.year()
    return (founded_year <= pl.col("year")) & (founded_year >= pl.col("year") - years)
