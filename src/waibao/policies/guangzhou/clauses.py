"""Guangzhou (2008): the special fund's uses ((五)2) and the HQ reward ((六)3).

The text names no amounts: every clause computes eligibility and a base, and its amount is
null unless the bureau configures a rate or an amount (a reform overlay of the parameters).
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from waibao.rules.common import (
    certification_share_clause,
    configured_fixed,
    configured_share,
    expense_share_clause,
    fact_share_clause,
    founded_within,
    status_clause,
    training_share_clause,
    window,
)
from waibao.rules.formula import (
    Aggregation,
    Outcome,
    Params,
    agg_name,
    col,
    count,
    formula,
    item,
    total,
)
from waibao.rules.language import names, say
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
        say("{}", "{} expenses", names(["office_rent", "office_purchase"])),
        "新办企业建设和租用场地支持",
    )
    return Outcome(
        eligible=new & (base > 0),
        reason=pl.when(~new)
        .then(
            say(
                "成立于 {}，不在 {} 年的 {} 年内（新办企业）",
                "founded {} is not within {} years of {} (新办企业)",
                pl.col("founded"),
                years,
                pl.col("year"),
            )
        )
        .otherwise(
            say("{} 年无办公用房租赁或购置费用", "no office rent or purchase in {}", pl.col("year"))
        ),
        amount=amount,
        explanation=say(
            "成立于 {}（新办）；{}", "founded {} (新办); {}", pl.col("founded"), explanation
        ),
    )


@formula("guangzhou.6.headquarters", needs=("is_headquarters", "foreign_invested"))
def headquarters(p: Params, clause: Clause) -> Outcome:
    amount, explanation = configured_fixed(
        p,
        "guangzhou.6.headquarters.configured_amount",
        say("外商投资总部或地区总部", "foreign-invested headquarters or regional headquarters"),
        "按该规定给予奖励",
    )
    return Outcome(
        eligible=pl.col("is_headquarters") & pl.col("foreign_invested"),
        reason=say(
            "非外商投资总部或地区总部",
            "not a foreign-invested headquarters or regional headquarters",
        ),
        amount=amount,
        explanation=explanation,
    )


# (五)2, the other fund uses (issue 19), and (十二): each names no amount

fact_share_clause(
    "guangzhou.5.matching",
    "higher_level_grants_cny",
    "guangzhou.5.matching.configured_rate",
    "国家、省扶持资金的配套",
    label=("已获国家、省服务外包扶持资金", "national and provincial SO grants received"),
)


def _attraction(p: Params) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    years = p.count("guangzhou.5.attraction.new_years")
    new = founded_within(years)
    return (
        new,
        say(
            "成立于 {}：{} 年不属新设立或新引进广州的企业（须在当年或此前 {} 年内成立）",
            "founded {}: not newly set up or brought to Guangzhou in {} (founded in the year "
            "or the {} before)",
            pl.col("founded"),
            pl.col("year"),
            years,
        ),
        say(
            "服务外包企业，成立于 {}（引进）", "SO enterprise founded {} (引进)", pl.col("founded")
        ),
    )


status_clause(
    "guangzhou.5.attraction",
    "guangzhou.5.attraction.configured_amount",
    "鼓励引进服务外包企业",
    needs=("founded",),
    condition=_attraction,
    one_time=True,
)
fact_share_clause(
    "guangzhou.5.rd",
    "rd_expense_cny",
    "guangzhou.5.rd.configured_rate",
    "项目研发",
    label=("技术开发费用（项目研发）", "technology development expenses (项目研发)"),
)


def _brand_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    brand = (item("recognitions", "kind") == "export_brand") & window(clause).holds(
        item("recognitions", "date")
    )
    return {"recognitions": {agg_name(clause.id, "brands"): count(brand)}}


def _ip_brand(p: Params) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    clause_id = "guangzhou.5.ip_brand"
    ip = pl.col("ip_registrations") > 0
    brand = col(clause_id, "brands") > 0
    return (
        ip | brand,
        say(
            "{} 年无自主知识产权登记且无品牌认定",
            "no own IP registered and no brand recognised in {}",
            pl.col("year"),
        ),
        say(
            "{2} 年知识产权登记或专利 {0} 件，品牌认定 {1} 项",
            "{} IP registrations or patents, {} brand recognitions in {}",
            pl.col("ip_registrations"),
            col(clause_id, "brands"),
            pl.col("year"),
        ),
    )


status_clause(
    "guangzhou.5.ip_brand",
    "guangzhou.5.ip_brand.configured_amount",
    "自主知识产权和自主品牌培育",
    needs=("ip_registrations", "recognitions"),
    condition=_ip_brand,
    aggregations=_brand_aggs,
)


def _zone_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    held = (item("recognitions", "kind") == "demonstration_park") & (
        item("recognitions", "date") <= window(clause).end()
    )
    return {"recognitions": {agg_name(clause.id, "zones"): count(held)}}


def _zone(p: Params) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    zones = col("guangzhou.5.demonstration_zone", "zones")
    park = pl.col("kind") == "park"
    return (
        park & (zones > 0),
        pl.when(~park)
        .then(say("不是园区", "not a park"))
        .otherwise(
            say(
                "{} 年未持有示范区认定",
                "no demonstration-zone recognition held in {}",
                pl.col("year"),
            )
        ),
        say(
            "{} 年末为认定的示范区园区",
            "park recognised as a demonstration zone, held at the end of {}",
            pl.col("year"),
        ),
    )


status_clause(
    "guangzhou.5.demonstration_zone",
    "guangzhou.5.demonstration_zone.configured_amount",
    "示范区建设",
    needs=("recognitions",),
    condition=_zone,
    aggregations=_zone_aggs,
)


def _talent(clause_id: str) -> Callable[[Params], tuple[pl.Expr, pl.Expr, pl.Expr]]:
    def condition(p: Params) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
        return (
            pl.col("talents_introduced") > 0,
            say(
                "{} 年未引进服务外包高端人才",
                "no senior SO talent introduced in {}",
                pl.col("year"),
            ),
            say(
                "{1} 年引进服务外包高端人才 {0} 名",
                "{} senior SO talents introduced in {}",
                pl.col("talents_introduced"),
                pl.col("year"),
            ),
        )

    return condition


status_clause(
    "guangzhou.5.talent",
    "guangzhou.5.talent.configured_amount",
    "人才引进奖励",
    needs=("talents_introduced",),
    condition=_talent("guangzhou.5.talent"),
)
status_clause(
    "guangzhou.12.talent",
    "guangzhou.12.talent.configured_amount",
    "落实人才奖励、创业投资、户籍、安居、子女入学优惠政策和出国(境)等便利",
    needs=("talents_introduced",),
    condition=_talent("guangzhou.12.talent"),
)
