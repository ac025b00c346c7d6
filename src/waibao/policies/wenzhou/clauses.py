"""Wenzhou 温政办〔2012〕117号 (2012-06-21): caps by title (4., 5., 7.), a usage-fee share (6.),
discretionary subsidies (9.-15.) and the business-tax exemption (20.), which ends 2016-04-30."""

from __future__ import annotations

import polars as pl

from waibao.rules.common import (
    expense_share_clause,
    fact_share_clause,
    held_rank,
    recognition_tier_clause,
    status_clause,
    training_share_clause,
)
from waibao.rules.formula import (
    Aggregation,
    Outcome,
    Params,
    agg_name,
    col,
    formula,
    item,
    rate_round,
    rate_text,
    total,
)
from waibao.rules.language import money, say
from waibao.rules.registry import Clause

recognition_tier_clause(
    "wenzhou.4.demonstration_park",
    "demonstration_park",
    "wenzhou.4.demonstration_park.tiers",
    ["provincial", "municipal"],
    in_year=True,
    also_requires=lambda p: item("recognitions", "has_public_it_platform").fill_null(False),
    extra_label=("且园区有公共信息技术平台", " with a park public IT platform"),
)
recognition_tier_clause(
    "wenzhou.5.training_institution",
    "training_institution",
    "wenzhou.5.training_institution.tiers",
    ["provincial", "municipal"],
    in_year=True,
)


def _usage_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    wanted = item("expenses", "kind") == "platform_usage"
    return {
        "expenses": {agg_name(clause.id, "base"): total(item("expenses", "amount_cny"), wanted)}
    }


@formula("wenzhou.6.platform_usage", needs=("expenses",), aggregations=_usage_aggs)
def platform_usage(p: Params, clause: Clause) -> Outcome:
    rate = "wenzhou.6.platform_usage.rate"
    base = col(clause.id, "base")
    amount = p.apply_rate(rate, base)
    return Outcome(
        eligible=base > 0,
        reason=say("{} 年无公共平台使用费", "no public-platform usage fees in {}", pl.col("year")),
        amount=amount,
        explanation=say(
            "平台使用费 {} × {} = {}（最高）",
            "platform usage fees {} × {} = {} (at most)",
            money(base),
            rate_text(p.rate_num(rate), p.rate_den(rate)),
            money(amount),
        ),
    )


recognition_tier_clause(
    "wenzhou.7.public_platform",
    "public_platform",
    "wenzhou.7.public_platform.tiers",
    ["national", "provincial"],
    in_year=False,
    also_requires=lambda p: (
        item("recognitions", "operating_years").fill_null(-1)
        >= p.count("wenzhou.7.public_platform.minimum_operating_years")
    ),
    extra_label=("且已运营满2年", " running at least 2 full years"),
)
expense_share_clause(
    "wenzhou.9.leased_line",
    ["leased_line"],
    "wenzhou.9.leased_line.configured_rate",
    "按其当年实际发生的国际出口专线通讯费给予补贴",
)


def _new_lease_in_a_park(p: Params) -> tuple[pl.Expr, pl.Expr]:
    """新租赁: the lease began in the year or within ``new_lease_years`` before it."""
    years = p.count("wenzhou.10.office_rent.new_lease_years")
    started = pl.col("office_lease_started").dt.year()
    new = (started <= pl.col("year")) & (started >= pl.col("year") - years)
    in_park = pl.col("in_demonstration_park")
    return (
        in_park & new,
        pl.when(~in_park)
        .then(say("不在示范园区内", "not in a demonstration park"))
        .otherwise(
            say(
                "租赁始于 {}：{} 年不属新租赁（须在当年或此前 {} 年内起租）",
                "lease started {}: not a new lease (新租赁) in {} (started in the year or the {} "
                "before)",
                pl.col("office_lease_started"),
                pl.col("year"),
                years,
            )
        ),
    )


expense_share_clause(
    "wenzhou.10.office_rent",
    ["office_rent"],
    "wenzhou.10.office_rent.configured_rate",
    "给予一定补助",
    extra_needs=("in_demonstration_park", "office_lease_started"),
    extra_condition=_new_lease_in_a_park,
)
expense_share_clause(
    "wenzhou.12.market_development",
    ["trade_fair"],
    "wenzhou.12.market_development.configured_rate",
    "给予一定的补助",
)
expense_share_clause(
    "wenzhou.13.investment_promotion",
    ["investment_promotion"],
    "wenzhou.13.investment_promotion.configured_rate",
    "给予一定的补助",
)
training_share_clause(
    "wenzhou.15.training", None, "wenzhou.15.training.configured_rate", "给予一定资助"
)


@formula("wenzhou.20.business_tax_exemption", needs=("tech_service_income_cny",))
def business_tax_exemption(p: Params, clause: Clause) -> Outcome:
    """5% of the income; a year the clause covers only in part (2012 from 06-21, 2016 to
    04-30) is prorated by days in force, in the same single rounding."""
    rate = "wenzhou.20.business_tax_exemption.rate"
    income = pl.col("tech_service_income_cny")
    start = pl.max_horizontal(pl.col("_year_start"), pl.lit(clause.valid_from))
    end = (
        pl.min_horizontal(pl.col("_year_end"), pl.lit(clause.valid_to))
        if clause.valid_to
        else pl.col("_year_end")
    )
    days_in_force = (end - start).dt.total_days() + 1
    days_in_year = (pl.col("_year_end") - pl.col("_year_start")).dt.total_days() + 1
    num, den = p.rate_num(rate), p.rate_den(rate)
    amount = rate_round(income * num * days_in_force, den * days_in_year)
    return Outcome(
        eligible=income > 0,
        reason=say(
            "{} 年无技术转让、开发及相关服务收入",
            "no technology transfer/development/service income in {}",
            pl.col("year"),
        ),
        amount=amount,
        explanation=say(
            "技术服务收入 {} × 营业税税率 {}{} = 免征 {}",
            "technology service income {} × business-tax rate {}{} = {} exempt",
            money(income),
            rate_text(num, den),
            pl.when(days_in_force < days_in_year)
            .then(
                say(" × {}/{}（有效天数）", " × {}/{} days in force", days_in_force, days_in_year)
            )
            .otherwise(pl.lit("")),
            money(amount),
        ),
    )


# 6., 8., 11., 12., 17. (issue 19): status and shares without an amount in the text


def _higher_level_funds(p: Params) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    in_park = pl.col("in_demonstration_park").fill_null(False)
    platform = pl.col("kind") == "platform"
    return (
        in_park | platform,
        say(
            "既不在示范园区内，也不是公共服务平台",
            "neither in a demonstration park nor a public service platform",
        ),
        pl.when(platform)
        .then(say("公共服务平台", "public service platform"))
        .otherwise(say("位于国际服务外包示范园区", "in an international SO demonstration park")),
    )


status_clause(
    "wenzhou.6.higher_level_funds",
    "wenzhou.6.higher_level_funds.configured_amount",
    "积极向国家、省争取扶持资金",
    needs=(),
    condition=_higher_level_funds,
)


def _key_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    return held_rank(clause, "key_enterprise", ["provincial", "municipal"])


def _key_enterprise(p: Params) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    rank = col("wenzhou.8.key_enterprise_reward", "rank")
    return (
        rank.is_not_null(),
        say(
            "{} 年末未持有省级或市级重点企业认定",
            "no provincial or municipal key-enterprise recognition held at the end of {}",
            pl.col("year"),
        ),
        pl.when(rank == 2)
        .then(
            say(
                "省服务外包重点企业：省地方税收奖励",
                "provincial key SO enterprise: provincial local-tax reward",
            )
        )
        .otherwise(
            say(
                "市级重点服务企业：市奖励政策",
                "municipal key service enterprise: the city's reward",
            )
        ),
    )


status_clause(
    "wenzhou.8.key_enterprise_reward",
    "wenzhou.8.key_enterprise_reward.configured_amount",
    "落实省政府关于省服务外包重点企业地方税收奖励政策以及我市对市级重点服务企业的奖励政策",
    needs=("recognitions",),
    condition=_key_enterprise,
    aggregations=_key_aggs,
)
fact_share_clause(
    "wenzhou.11.matching",
    "higher_level_grants_cny",
    "wenzhou.11.matching.configured_rate",
    "按照相关政策给予补助",
    label=("已获国家、省服务外包扶持资金", "national and provincial SO grants received"),
)
expense_share_clause(
    "wenzhou.12.organised_events",
    ["venue_rent", "travel"],
    "wenzhou.12.organised_events.configured_rate",
    "按国家标准给予一定的补助",
)


def _senior_talent(p: Params) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    return (
        pl.col("talents_introduced") > 0,
        say("{} 年未引进高层次人才", "no senior talent introduced in {}", pl.col("year")),
        say(
            "{1} 年引进高层次人才 {0} 名（温州市引进高层次人才若干规定）",
            "{} senior talents introduced in {} (温州市引进高层次人才若干规定)",
            pl.col("talents_introduced"),
            pl.col("year"),
        ),
    )


status_clause(
    "wenzhou.17.senior_talent",
    "wenzhou.17.senior_talent.configured_amount",
    "给予优惠政策",
    needs=("talents_introduced",),
    condition=_senior_talent,
)
