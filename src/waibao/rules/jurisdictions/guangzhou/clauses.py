"""Guangzhou (2008): the special fund's uses ((五)2) and the HQ reward ((六)3).

The text names no amounts: every clause computes eligibility and a base, and its amount is
null unless the bureau configures a rate or an amount (a reform overlay of the parameters).
"""

from __future__ import annotations

import polars as pl

from waibao.rules.common import (
    certification_share_clause,
    configured_fixed,
    configured_share,
    expense_share_clause,
    training_share_clause,
)
from waibao.rules.formula import Aggregation, Outcome, Params, agg_name, col, formula, item, total
from waibao.rules.registry import Clause

certification_share_clause(
    "guangzhou.5.certification", "guangzhou.5.certification.configured_rate", "专业国际认证"
)
expense_share_clause(
    "guangzhou.5.market_development",
    ["trade_fair"],
    "guangzhou.5.market_development.configured_rate",
    "国际市场推广活动",
)
training_share_clause(
    "guangzhou.5.training", None, "guangzhou.5.training.configured_rate", "专业人才培养培训"
)
expense_share_clause(
    "guangzhou.5.public_platform",
    ["public_platform_investment"],
    "guangzhou.5.public_platform.configured_rate",
    "公共技术和服务平台的建设和维护",
)


def _premises_aggregations(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    wanted = item("expenses", "kind").is_in(["office_rent", "office_purchase"])
    amount = item("expenses", "amount_cny")
    return {"expenses": {agg_name(clause.id, "base"): total(amount, wanted)}}


@formula("guangzhou.5.premises", needs=("expenses", "founded"), aggregations=_premises_aggregations)
def premises(p: Params, clause: Clause) -> Outcome:
    """新办企业: founded within ``new_enterprise_years`` (a local parameter, 3 by default)."""
    base = col(clause.id, "base")
    years = p.count("guangzhou.5.premises.new_enterprise_years")
    age = pl.col("year") - pl.col("founded").dt.year()
    new = (age >= 0) & (age < years)
    amount, explanation = configured_share(
        p,
        "guangzhou.5.premises.configured_rate",
        base,
        "office_rent+office_purchase expenses",
        "新办企业建设和租用场地支持",
    )
    return Outcome(
        eligible=new & (base > 0),
        reason=pl.when(~new)
        .then(
            pl.format(
                "founded {} is not within {} years of {} (新办企业)",
                pl.col("founded"),
                years,
                pl.col("year"),
            )
        )
        .otherwise(pl.format("no office rent or purchase in {}", pl.col("year"))),
        amount=amount,
        explanation=pl.format("founded {} (新办); {}", pl.col("founded"), explanation),
    )


@formula("guangzhou.6.headquarters", needs=("is_headquarters", "foreign_invested"))
def headquarters(p: Params, clause: Clause) -> Outcome:
    amount, explanation = configured_fixed(
        p,
        "guangzhou.6.headquarters.configured_amount",
        pl.lit("foreign-invested headquarters or regional headquarters"),
        "按该规定给予奖励",
    )
    return Outcome(
        eligible=pl.col("is_headquarters") & pl.col("foreign_invested"),
        reason=pl.lit("not a foreign-invested headquarters or regional headquarters"),
        amount=amount,
        explanation=explanation,
    )
