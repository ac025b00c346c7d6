"""Guangdong 粤府〔2012〕88号: provincial clauses that also cover Guangzhou organisations, the
TASE tax treatment (eligibility by the national criteria in force) and the (十九) exclusion."""

from __future__ import annotations

import polars as pl

from waibao.rules.common import (
    certification_share_clause,
    configured_fixed,
    configured_share,
    expense_share_clause,
    fact_share_clause,
    founded_within,
    held_rank,
)
from waibao.rules.formula import (
    Aggregation,
    Outcome,
    Params,
    agg_name,
    any_of,
    col,
    first_of,
    formula,
    item,
    total,
)
from waibao.rules.language import money, name_expr, names, region, say
from waibao.rules.registry import Clause


def _provincial_demonstration_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    return held_rank(clause, "demonstration_park", ["provincial"])


@formula(
    "guangdong.5.provincial_demonstration",
    needs=("recognitions",),
    aggregations=_provincial_demonstration_aggs,
)
def provincial_demonstration(p: Params, clause: Clause) -> Outcome:
    amount, explanation = configured_fixed(
        p,
        "guangdong.5.provincial_demonstration.configured_amount",
        say(
            "{} 年末为省级示范园区",
            "provincial demonstration park at the end of {}",
            pl.col("year"),
        ),
        "参照国家给予国家服务外包示范城市支持的做法给予资金扶持",
    )
    return Outcome(
        eligible=col(clause.id, "rank").is_not_null(),
        reason=say(
            "{} 年未持有省级示范园区认定",
            "no provincial demonstration-park recognition held in {}",
            pl.col("year"),
        ),
        amount=amount,
        explanation=explanation,
    )


certification_share_clause(
    "guangdong.9.certification", "guangdong.9.certification.configured_rate", "给予适当资金支持"
)


NEW_YEARS = "guangdong.11.new_entity.new_years"


def _new_entity(p: Params) -> tuple[pl.Expr, pl.Expr]:
    """新设立: founded in the year or within ``new_years`` years before it, by a multinational
    or a large domestic enterprise (docs/decisions/0002-rules-readings.md)."""
    new = founded_within(p.count(NEW_YEARS))
    reason = (
        pl.when(~new)
        .then(
            say(
                "成立于 {}：{} 年不属新设立（须在当年或此前 {} 年内成立）",
                "founded {}: not newly set up in {} (founded in the year or the {} before)",
                pl.col("founded"),
                pl.col("year"),
                p.count(NEW_YEARS),
            )
        )
        .otherwise(
            say(
                "非跨国公司或国内大企业设立",
                "not set up by a multinational or large domestic enterprise",
            )
        )
    )
    return new & pl.col("parent_multinational_or_large"), reason


@formula(
    "guangdong.11.new_entity", needs=("founded", "parent_multinational_or_large"), one_time=True
)
def new_entity(p: Params, clause: Clause) -> Outcome:
    eligible, reason = _new_entity(p)
    amount, explanation = configured_fixed(
        p,
        "guangdong.11.new_entity.configured_amount",
        say(
            "跨国公司或国内大企业于 {} 设立的独立法人",
            "independent legal person founded {} by a multinational or large domestic firm",
            pl.col("founded"),
        ),
        "给予一次性资金支持",
    )
    return Outcome(eligible=eligible, reason=reason, amount=amount, explanation=explanation)


def _office_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    wanted = item("expenses", "kind").is_in(["office_purchase", "office_rent"])
    amount = item("expenses", "amount_cny")
    return {"expenses": {agg_name(clause.id, "base"): total(amount, wanted)}}


@formula(
    "guangdong.11.new_entity_office",
    needs=("founded", "parent_multinational_or_large", "expenses"),
    aggregations=_office_aggs,
)
def new_entity_office(p: Params, clause: Clause) -> Outcome:
    """购、租、建办公用房补贴: the new entity's office purchase (or building) and rent."""
    new, why = _new_entity(p)
    base = col(clause.id, "base")
    amount, explanation = configured_share(
        p,
        "guangdong.11.new_entity_office.configured_rate",
        base,
        say(
            "新设企业的{}",
            "{} expenses of the new entity",
            names(["office_purchase", "office_rent"]),
        ),
        "购、租、建办公用房补贴",
    )
    return Outcome(
        eligible=new & (base > 0),
        reason=pl.when(~new)
        .then(why)
        .otherwise(
            say(
                "{} 年无办公用房购置或租赁费用",
                "no office purchase or rent expenses in {}",
                pl.col("year"),
            )
        ),
        amount=amount,
        explanation=explanation,
    )


expense_share_clause(
    "guangdong.12.international_events",
    ["trade_fair"],
    "guangdong.12.international_events.configured_rate",
    "对符合条件的给予适当支持",
)
fact_share_clause(
    "guangdong.13.training_matching",
    "central_training_funds_cny",
    "guangdong.13.training_matching.configured_rate",
    "地方财政按规定比例予以配套",
    label=("已获中央财政培训扶持资金", "central training funds (中央财政扶持资金) received"),
)


def _share_at_least(part: pl.Expr, whole: pl.Expr, p: Params, name: str) -> pl.Expr:
    """``part / whole >= rate`` in integers (以上/不低于: inclusive); true when unconfigured."""
    num, den = p.rate_num(name), p.rate_den(name)
    return pl.when(num.is_null()).then(True).otherwise(part * den >= whole * num)


MUNICIPALITIES = ("11", "12", "31", "50")  # 北京 天津 上海 重庆: districts lie in 110000 …


def city_code(region_code: pl.Expr) -> pl.Expr:
    """The GB/T 2260 code of the city a district code lies in (440604 -> 440600)."""
    province = region_code.str.slice(0, 2)
    return (
        pl.when(province.is_in(list(MUNICIPALITIES)))
        .then(province + pl.lit("0000"))
        .otherwise(region_code.str.slice(0, 4) + pl.lit("00"))
    )


@formula(
    "guangdong.16.advanced_technology_service",
    needs=(
        "region_code",
        "employees",
        "employees_college",
        "revenue_cny",
        "so_revenue_cny",
        "offshore_so_revenue_cny",
    ),
)
def advanced_technology_service(p: Params, clause: Clause) -> Outcome:
    prefix = "guangdong.16.advanced_technology_service."
    college = _share_at_least(
        pl.col("employees_college"), pl.col("employees"), p, prefix + "college_share"
    )
    so = _share_at_least(
        pl.col("so_revenue_cny"), pl.col("revenue_cny"), p, prefix + "so_revenue_share"
    )
    offshore = _share_at_least(
        pl.col("offshore_so_revenue_cny"), pl.col("revenue_cny"), p, prefix + "offshore_share"
    )
    positive = (pl.col("employees") > 0) & (pl.col("revenue_cny") > 0)
    city = city_code(pl.col("region_code"))
    nationwide = p.count(prefix + "nationwide").fill_null(0) == 1
    located = nationwide | p.is_in(prefix + "cities", city)

    def share(name: str) -> pl.Expr:
        num, den = p.rate_num(prefix + name), p.rate_den(prefix + name)
        return (
            pl.when(num.is_null()).then(say("无", "none")).otherwise(pl.format("{}/{}", num, den))
        )

    facts = say(
        "大专以上学历人员 {}/{}（标准 {}），服务外包收入 {}/{}（标准 {}），"
        "离岸服务外包收入 {}/{}（标准 {}）",
        "college staff {}/{} (criterion {}), SO revenue {}/{} (criterion {}), "
        "offshore SO revenue {}/{} (criterion {})",
        pl.col("employees_college"),
        pl.col("employees"),
        share("college_share"),
        money(pl.col("so_revenue_cny")),  # fen, said as yuan (1,234.50 元)
        money(pl.col("revenue_cny")),
        share("so_revenue_share"),
        money(pl.col("offshore_so_revenue_cny")),
        money(pl.col("revenue_cny")),
        share("offshore_share"),
    )
    where = (
        pl.when(nationwide)
        .then(
            say(
                "{}：自2017年起全国适用",
                "region {}: the status is national from 2017",
                region(pl.col("region_code")),
            )
        )
        .otherwise(
            say(
                "{}属{}，为中国服务外包示范城市",
                "region {} in city {}, a national SO demonstration city",
                region(pl.col("region_code")),
                region(city),
            )
        )
    )
    return Outcome(
        eligible=located & positive & college & so & offshore,
        reason=pl.when(~located)
        .then(
            say(
                "{}（{}）于 {} 年12月31日不属中国服务外包示范城市"
                "（2017年前技术先进型服务企业仅限示范城市）",
                "region {} (city {}) is not a national SO demonstration city on 31 December {} "
                "(技术先进型服务企业 only in the demonstration cities until 2017; "
                "parameter guangdong.16.advanced_technology_service.cities)",
                region(pl.col("region_code")),
                region(city),
                pl.col("year"),
            )
        )
        .otherwise(
            say(
                "未达到技术先进型服务企业国家标准：{}",
                "below the national TASE criteria: {}",
                facts,
            )
        ),
        amount=pl.lit(None, pl.Int64),
        explanation=say(
            "{}；{}：符合技术先进型服务企业国家标准，按国家规定享受税收优惠",
            "{}; {}: meets the national 技术先进型服务企业 criteria; tax treatment per national "
            "rules",
            where,
            facts,
        ),
    )


@formula("guangdong.16.high_tech_enterprise", needs=("high_tech_enterprise",))
def high_tech_enterprise(p: Params, clause: Clause) -> Outcome:
    """「取得高新技术企业认定资格的可按规定享受相关优惠政策」: the status is the fact; the
    preferences are national rules (amount null)."""
    return Outcome(
        eligible=pl.col("high_tech_enterprise"),
        reason=say(
            "{} 年未认定为高新技术企业", "not a recognised 高新技术企业 in {}", pl.col("year")
        ),
        amount=pl.lit(None, pl.Int64),
        explanation=say(
            "{} 年为高新技术企业：按国家规定享受相关优惠政策",
            "recognised 高新技术企业 in {}: preferences per national rules (按规定)",
            pl.col("year"),
        ),
    )


def _disqualification_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    kind = item("violations", "kind")
    date = item("violations", "date")
    restored = item("violations", "restored")
    # Dated on or before 31 December of the year, and not restored on or before 1 January.
    hit = (
        p.is_in("guangdong.19.disqualification.violation_kinds", kind)
        & (date <= pl.col("_year_end"))
        & (restored.is_null() | (restored > pl.col("_year_start")))
    )
    text = say(
        "{} {}{}",
        "{} {}{}",
        name_expr(kind),
        date.cast(pl.String),
        pl.when(restored.is_null())
        .then(say("，未恢复", ", not restored"))
        .otherwise(say("，{} 恢复", ", restored {}", restored.cast(pl.String))),
    )
    return {
        "violations": {
            agg_name(clause.id, "hit"): any_of(hit),
            agg_name(clause.id, "first"): first_of(text, hit),
        }
    }


@formula("guangdong.19.disqualification", aggregations=_disqualification_aggs)
def disqualification(p: Params, clause: Clause) -> Outcome:
    """An exclusion: ``eligible`` means the exclusion hits; ``explanation`` is the reason."""
    hit = col(clause.id, "hit").fill_null(False)
    return Outcome(
        eligible=hit,
        reason=pl.lit(""),
        amount=pl.lit(None, pl.Int64),
        explanation=say(
            "依粤府〔2012〕88号（十九）取消其享受政府各项优惠政策的资格：{}",
            "excluded by guangdong.19.disqualification (取消其享受政府各项优惠政策的资格): {}",
            col(clause.id, "first"),
        ),
    )
