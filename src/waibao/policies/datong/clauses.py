"""Datong (2023): no amounts in the text; every subsidy requires the year's statistical
reports (保障措施(三) 将统计与政策扶持挂钩: ``requires_statistics`` in params.yaml)."""

from __future__ import annotations

import polars as pl

from waibao.rules.common import (
    certification_share_clause,
    configured_fixed,
    fact_share_clause,
    held_rank,
)
from waibao.rules.formula import Aggregation, Outcome, Params, col, formula
from waibao.rules.language import say
from waibao.rules.registry import Clause

certification_share_clause(
    "datong.6.certification",
    "datong.6.certification.configured_rate",
    "加大对企业组织国际资质认证的资金扶持力度",
    schemes_param="datong.6.certification.schemes",
)


def _platform_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    return held_rank(clause, "public_platform", ["municipal"])


@formula("datong.18.public_platform", needs=("recognitions",), aggregations=_platform_aggs)
def public_platform(p: Params, clause: Clause) -> Outcome:
    amount, explanation = configured_fixed(
        p,
        "datong.18.public_platform.configured_amount",
        say(
            "{} 年为市级公共服务平台",
            "recognised municipal public service platform in {}",
            pl.col("year"),
        ),
        "对公共服务平台给予资金支持",
    )
    return Outcome(
        eligible=col(clause.id, "rank").is_not_null(),
        reason=say(
            "未认定为市级公共服务平台", "not a recognised municipal public service platform"
        ),
        amount=amount,
        explanation=explanation,
    )


fact_share_clause(
    "datong.9.interest_subsidy",
    "loan_interest_cny",
    "datong.9.interest_subsidy.configured_rate",
    "探索提供贴息贷款",
    label=("已付贷款利息", "interest paid on loans"),
)
