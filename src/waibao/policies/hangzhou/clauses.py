"""Hangzhou (2007): the most quantified text: tiers, rates, caps and a growth test.

Clauses paid from the city's special fund end with it (至2010年); the certification award of
(十三) is paid from the national SME fund and the HQ office subsidy of (九) by the district, so
they have no end in the text (see params.yaml ``validity_note``).
"""

from __future__ import annotations

import polars as pl

from waibao.rules.common import (
    CERT_EVENTS_AWARDED,
    configured_fixed,
    configured_share,
    founded_within,
    held_rank,
    highest_level,
    hired_share_aggregations,
    hired_share_exact,
    hired_share_times_rate,
    recognition_tier_clause,
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
    highest,
    item,
    rate_round,
    rate_text,
    total,
)
from waibao.rules.language import money, name, number, region, say, usd
from waibao.rules.registry import Clause

HZ = "hangzhou."


@formula("hangzhou.6.settlement", needs=("in_demonstration_park", "tax_paid_cny"))
def settlement(p: Params, clause: Clause) -> Outcome:
    amount, explanation = configured_fixed(
        p,
        "hangzhou.6.settlement.configured_amount",
        say(
            "位于示范区，纳税 {}",
            "in a demonstration zone, taxes paid {}",
            money(pl.col("tax_paid_cny")),
        ),
        "按照其經營規模、注冊資本、上繳稅收和經營期予以資金扶持",
    )
    in_zone = pl.col("in_demonstration_park")
    return Outcome(
        eligible=in_zone & (pl.col("tax_paid_cny") > 0),
        reason=pl.when(~in_zone)
        .then(say("不在示范区内", "not in a demonstration zone"))
        .otherwise(say("未纳税", "no taxes paid")),
        amount=amount,
        explanation=explanation,
    )


@formula(
    "hangzhou.9.large_offshore_entrant",
    needs=("founded", "registered_capital_cny", "offshore_focused", "tax_paid_cny"),
    one_time=True,
)
def large_offshore_entrant(p: Params, clause: Clause) -> Outcome:
    minimum = p.amount("hangzhou.9.large_offshore_entrant.minimum_registered_capital")
    capital_ok = pl.col("registered_capital_cny") >= minimum
    new_years = p.count("hangzhou.9.large_offshore_entrant.new_years")
    new = founded_within(new_years)
    amount, explanation = configured_fixed(
        p,
        "hangzhou.9.large_offshore_entrant.configured_amount",
        say(
            "成立于 {}（来杭投资），注册资本 {} ≥ {}，以离岸业务为主，纳税 {}",
            "founded {} (來杭投資), registered capital {} >= {}, mainly offshore, taxes paid {}",
            pl.col("founded"),
            money(pl.col("registered_capital_cny")),
            money(minimum),
            money(pl.col("tax_paid_cny")),
        ),
        "可給予一次性資金補助",
    )
    return Outcome(
        eligible=new & capital_ok & pl.col("offshore_focused") & (pl.col("tax_paid_cny") > 0),
        reason=pl.when(~new)
        .then(
            say(
                "成立于 {}：{} 年不属来杭新投资（须在当年或此前 {} 年内成立）",
                "founded {}: not a new investment (來杭投資) in {} (founded in the year or the "
                "{} before)",
                pl.col("founded"),
                pl.col("year"),
                new_years,
            )
        )
        .when(~capital_ok)
        .then(
            say(
                "注册资本 {} < {}",
                "registered capital {} < {}",
                money(pl.col("registered_capital_cny")),
                money(minimum),
            )
        )
        .when(~pl.col("offshore_focused"))
        .then(say("非以承接离岸外包业务为主", "not mainly offshore (以承接離岸外包業務為主)"))
        .otherwise(say("未纳税", "no taxes paid")),
        amount=amount,
        explanation=explanation,
    )


def _office_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    wanted = item("expenses", "kind").is_in(["office_rent", "office_purchase"])
    area = item("expenses", "area_sqm")
    return {
        "expenses": {
            agg_name(clause.id, "area"): total(area, wanted),
            agg_name(clause.id, "unknown_area"): count(wanted & area.is_null()),
        }
    }


@formula(
    "hangzhou.9.headquarters_office",
    needs=("is_headquarters", "tax_paid_cny", "expenses"),
    aggregations=_office_aggs,
)
def headquarters_office(p: Params, clause: Clause) -> Outcome:
    area = col(clause.id, "area")
    per_sqm = p.amount("hangzhou.9.headquarters_office.configured_per_sqm")
    amount = area * per_sqm
    explanation = (
        pl.when(per_sqm.is_null())
        .then(
            say(
                "纳税的总部企业，办公面积 {} 平方米；政策原文未规定每平方米金额（一定的补贴）："
                "符合条件，金额由审核人员确定",
                "headquarters paying taxes, office area {} m²; per-m² amount not in the text "
                "(一定的補貼): eligible, amount for the reviewer",
                number(area),
            )
        )
        .otherwise(
            say(
                "{} 平方米 × 每平方米 {} = {}",
                "{} m² × {} per m² = {}",
                number(area),
                money(per_sqm),
                money(amount),
            )
        )
    )
    return Outcome(
        eligible=pl.col("is_headquarters")
        & (pl.col("tax_paid_cny") > 0)
        & (area > 0)
        & (col(clause.id, "unknown_area") == 0),
        reason=pl.when(~pl.col("is_headquarters"))
        .then(say("非总部或地区总部", "not a headquarters or regional headquarters"))
        .when(pl.col("tax_paid_cny") <= 0)
        .then(say("未纳税", "no taxes paid"))
        .when(col(clause.id, "unknown_area") > 0)
        .then(say("办公面积未知", "office area unknown"))
        .otherwise(
            say("当年未购买、建设或租赁办公用房", "no office bought, built or rented in the year")
        ),
        amount=amount,
        explanation=explanation,
    )


@formula("hangzhou.10.rd_super_deduction", needs=("rd_expense_cny", "rd_expense_prev_cny"))
def rd_super_deduction(p: Params, clause: Clause) -> Outcome:
    """Growth >= 10% tested exactly in integers: ``new × den >= old × (den + num)``
    (for 10%: ``new × 10 >= old × 11``); no growth is defined from a zero base."""
    growth = "hangzhou.10.rd_super_deduction.minimum_growth"
    deduction = "hangzhou.10.rd_super_deduction.deduction_rate"
    new, old = pl.col("rd_expense_cny"), pl.col("rd_expense_prev_cny")
    g_num, g_den = p.rate_num(growth), p.rate_den(growth)
    grew = new * g_den >= old * (g_den + g_num)
    amount = p.apply_rate(deduction, new)
    return Outcome(
        eligible=(old > 0) & grew,
        reason=pl.when(old <= 0)
        .then(
            say(
                "上年无技术开发费：无法计算增长",
                "no technology development expense the year before: growth undefined",
            )
        )
        .otherwise(
            say(
                "技术开发费 {0} 比上年 {2} 增长不足 {1}（{3} × {4} < {5} × {6}）",
                "expense {} grew less than {} over {} ({} × {} < {} × {})",
                money(new),
                rate_text(g_num, g_den),
                money(old),
                money(new),
                g_den,
                money(old),
                g_den + g_num,
            )
        ),
        amount=amount,
        explanation=say(
            "技术开发费 {}，上年 {}：{} × {} ≥ {} × {}（增长 ≥ {}）；加计扣除 {} × {} = {}",
            "technology development expense {} vs {} the year before: {} × {} >= {} × {} "
            "(growth >= {}); extra deduction {} × {} = {}",
            money(new),
            money(old),
            money(new),
            g_den,
            money(old),
            g_den + g_num,
            rate_text(g_num, g_den),
            money(new),
            rate_text(p.rate_num(deduction), p.rate_den(deduction)),
            money(amount),
        ),
    )


def _brand_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    condition = (
        (item("recognitions", "kind") == "export_brand")
        & item("recognitions", "level").is_in(["national", "provincial"])
        & window(clause).holds(item("recognitions", "date"))
    )
    return {"recognitions": {agg_name(clause.id, "rank"): highest_level(condition)}}


@formula("hangzhou.11.brand", needs=("recognitions",), aggregations=_brand_aggs)
def brand(p: Params, clause: Clause) -> Outcome:
    amount, explanation = configured_fixed(
        p,
        "hangzhou.11.brand.configured_amount",
        say(
            "{} 年获得国家级或省级出口品牌",
            "national or provincial export brand obtained in {}",
            pl.col("year"),
        ),
        "給予獎勵",
    )
    return Outcome(
        eligible=col(clause.id, "rank").is_not_null(),
        reason=say(
            "{} 年未获得国家级或省级出口品牌",
            "no national or provincial export brand obtained in {}",
            pl.col("year"),
        ),
        amount=amount,
        explanation=explanation,
    )


@formula("hangzhou.12.software_export", needs=("software_export_usd",), one_time=True)
def software_export(p: Params, clause: Clause) -> Outcome:
    """Highest tier reached only (就高); the engine nets it against earlier payments."""
    exports = pl.col("software_export_usd")
    tiers = "hangzhou.12.software_export.tiers"
    amount, threshold, number = p.threshold_tier(tiers, exports)
    lowest = p.lowest_threshold(tiers)
    return Outcome(
        eligible=number > 0,
        reason=say(
            "软件出口额 {} < {}（含）", "software exports {} < {} (含)", usd(exports), usd(lowest)
        ),
        amount=amount,
        explanation=say(
            "软件出口额 {} ≥ {}（含）：第 {} 档 -> 一次性 {}",
            "software exports {} >= {} (含): tier {} -> {} one-time",
            usd(exports),
            usd(threshold),
            number,
            money(amount),
        ),
    )


recognition_tier_clause(
    "hangzhou.12.rd_center",
    "rd_center",
    "hangzhou.12.rd_center.tiers",
    ["national", "provincial", "municipal"],
    in_year=True,
)


def _is_certification_awarded(p: Params) -> pl.Expr:
    scheme = item("certifications", "scheme")
    level = item("certifications", "level")
    cmm = scheme.is_in(["CMM", "CMMI"]) & p.is_in(
        "hangzhou.13.certification.cmm_levels", level.cast(pl.String)
    )
    other = p.is_in("hangzhou.13.certification.reference_schemes", scheme)
    return cmm.fill_null(False) | other


def _certification_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    """Per certificate: ``min(cost × num, cap × den)``, exact; summed; rounded once later."""
    event = item("certifications", "event")
    cost = item("certifications", "cost_cny")
    wanted = (
        event.is_in(list(CERT_EVENTS_AWARDED))
        & window(clause).holds(item("certifications", "date"))
        & _is_certification_awarded(p)
    )
    num = p.rate_num("hangzhou.13.certification.rate")
    den = p.rate_den("hangzhou.13.certification.rate")
    cap = p.amount("hangzhou.13.certification.cap")
    scaled = pl.min_horizontal(cost * num, cap * den)
    return {
        "certifications": {
            agg_name(clause.id, "count"): count(wanted),
            agg_name(clause.id, "scaled"): total(scaled, wanted),
            agg_name(clause.id, "cost"): total(cost, wanted),
            agg_name(clause.id, "capped"): count(wanted & (cost * num > cap * den)),
            agg_name(clause.id, "unknown_cost"): count(wanted & cost.is_null()),
        }
    }


@formula("hangzhou.13.certification", needs=("certifications",), aggregations=_certification_aggs)
def certification(p: Params, clause: Clause) -> Outcome:
    den = p.rate_den("hangzhou.13.certification.rate")
    num = p.rate_num("hangzhou.13.certification.rate")
    amount = rate_round(col(clause.id, "scaled"), den)
    known = col(clause.id, "unknown_cost") == 0
    return Outcome(
        eligible=(col(clause.id, "count") > 0) & known,
        reason=pl.when(~known)
        .then(
            say("符合条件的资质认证费用未知", "the cost of a qualifying certification is unknown")
        )
        .otherwise(
            say(
                "{} 年未新获或升级 CMM/CMMI 三至五级、PCMM、ISO20000、"
                "ISO27001、BS7799 或 SAS70 认证",
                "no CMM/CMMI level 3-5, PCMM, ISO20000, ISO27001, BS7799 or SAS70 obtained or "
                "upgraded in {}",
                pl.col("year"),
            )
        ),
        amount=amount,
        explanation=say(
            "符合条件的资质认证 {} 项，费用合计 {}：每项取 min(费用 × {}, {})"
            "（{} 项达到上限），合计 = {}",
            "{} qualifying certification(s) costing {} in all: each min(cost × {}, {}) "
            "({} at the cap), summed = {}",
            col(clause.id, "count"),
            money(col(clause.id, "cost")),
            rate_text(num, den),
            money(p.amount("hangzhou.13.certification.cap")),
            col(clause.id, "capped"),
            money(amount),
        ),
    )


_YEAR_SHIFT = 10**14  # award year × 10^14 + amount: "the latest award" as one max()


def _upkeep_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    awards = "awards_received"
    years = p.count("hangzhou.13.certification_upkeep.years")
    earlier = (
        (item(awards, "clause") == "hangzhou.13.certification")
        & (item(awards, "year") >= pl.col("year") - years)
        & (item(awards, "year") < pl.col("year"))
    )
    fees = item("certifications", "cost_cny")
    upkeep = item("certifications", "event").is_in(["upgrade", "maintenance"]) & window(
        clause
    ).holds(item("certifications", "date"))
    latest = item(awards, "year") * _YEAR_SHIFT + item(awards, "amount_cny")
    return {
        awards: {agg_name(clause.id, "latest"): highest(latest, earlier)},
        "certifications": {
            agg_name(clause.id, "fees"): total(fees, upkeep),
            agg_name(clause.id, "count"): count(upkeep),
            agg_name(clause.id, "unknown_cost"): count(upkeep & fees.is_null()),
        },
    }


@formula(
    "hangzhou.13.certification_upkeep",
    needs=("certifications",),
    uses=("awards_received",),
    aggregations=_upkeep_aggs,
)
def certification_upkeep(p: Params, clause: Clause) -> Outcome:
    """amount = the year's upgrade/maintenance fees; min = the earlier award, never above the
    fees (docs/decisions/0002-rules-readings.md: 'not lower than' meets 'actual fees')."""
    latest = col(clause.id, "latest")
    award, award_year = latest % _YEAR_SHIFT, latest // _YEAR_SHIFT
    fees = col(clause.id, "fees")
    floor = pl.min_horizontal(award, fees)
    known = col(clause.id, "unknown_cost") == 0
    return Outcome(
        eligible=award.is_not_null() & (col(clause.id, "count") > 0) & known,
        reason=pl.when(award.is_null())
        .then(
            say(
                "此前 {} 年内（{} 年前）未获资质认证奖励（杭州（十三））",
                "no hangzhou.13.certification award in the {} years before {}",
                p.count("hangzhou.13.certification_upkeep.years"),
                pl.col("year"),
            )
        )
        .when(~known)
        .then(say("升级或维持费用未知", "an upgrade or maintenance fee is unknown"))
        .otherwise(
            say("{} 年无升级或维持费用", "no upgrade or maintenance fees in {}", pl.col("year"))
        ),
        amount=fees,
        minimum=floor,
        explanation=say(
            "{1} 年升级/维持费用 {0}；{3} 年获资质认证奖励 {2}："
            "不低于 min(奖励, 费用) = {4}，不高于费用 {5}",
            "upgrade/maintenance fees {} in {}; hangzhou.13.certification award {} in {}: "
            "at least min(award, fees) = {}, at most the fees {}",
            money(fees),
            pl.col("year"),
            money(award),
            award_year,
            money(floor),
            money(fees),
        ),
    )


def _platform_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    wanted = item("expenses", "kind") == "public_platform_investment"
    return {
        "expenses": {agg_name(clause.id, "base"): total(item("expenses", "amount_cny"), wanted)}
    }


@formula("hangzhou.15.public_platform", needs=("expenses",), aggregations=_platform_aggs)
def public_platform(p: Params, clause: Clause) -> Outcome:
    base = col(clause.id, "base")
    low, high = HZ + "15.public_platform.minimum_rate", HZ + "15.public_platform.maximum_rate"
    minimum, maximum = p.apply_rate(low, base), p.apply_rate(high, base)
    return Outcome(
        eligible=base > 0,
        reason=say("{} 年无公共平台投资", "no public platform investment in {}", pl.col("year")),
        amount=maximum,
        minimum=minimum,
        explanation=say(
            "平台投资 {} × {} = {} 至 × {} = {}",
            "platform investment {} × {} = {} to × {} = {}",
            money(base),
            rate_text(p.rate_num(low), p.rate_den(low)),
            money(minimum),
            rate_text(p.rate_num(high), p.rate_den(high)),
            money(maximum),
        ),
    )


def _institution_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    return held_rank(clause, "training_institution")


@formula(
    "hangzhou.17.training_institution", needs=("recognitions",), aggregations=_institution_aggs
)
def training_institution(p: Params, clause: Clause) -> Outcome:
    amount, explanation = configured_fixed(
        p,
        "hangzhou.17.training_institution.configured_amount",
        say("经认定的服务外包培训机构", "approved service-outsourcing training institution"),
        "給予一定的獎勵",
    )
    return Outcome(
        eligible=col(clause.id, "rank").is_not_null(),
        reason=say("非经认定的培训机构", "not an approved training institution"),
        amount=amount,
        explanation=explanation,
    )


def _training_rate_clause(clause_id: str, trainee: str, rate_param: str) -> None:
    def aggregations(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
        wanted = item("trainings", "trainee") == trainee
        cost = item("trainings", "cost_cny")
        return {
            "trainings": {
                agg_name(clause_id, "fees"): total(cost, wanted),
                agg_name(clause_id, "people"): total(item("trainings", "people"), wanted),
            }
        }

    @formula(clause_id, needs=("trainings",), aggregations=aggregations)
    def evaluate(p: Params, clause: Clause) -> Outcome:
        fees = col(clause_id, "fees")
        amount = p.apply_rate(rate_param, fees)
        return Outcome(
            eligible=fees > 0,
            reason=say(
                "{1} 年无{0}培训费", "no {} training fees in {}", name(trainee), pl.col("year")
            ),
            amount=amount,
            explanation=say(
                "{}培训 {} 人，培训费 {} × {} = {}（最高）",
                "{} training of {} people, fees {} × {} = {} (at most)",
                name(trainee),
                col(clause_id, "people"),
                money(fees),
                rate_text(p.rate_num(rate_param), p.rate_den(rate_param)),
                money(amount),
            ),
        )


_training_rate_clause(
    "hangzhou.17.graduate_training", "graduate", "hangzhou.17.graduate_training.rate"
)
_training_rate_clause(
    "hangzhou.17.new_staff_training", "new_staff", "hangzhou.17.new_staff_training.rate"
)


def _refund_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    """Σ fee × hired / people over the graduate trainings, exactly (common.py)."""
    graduates = item("trainings", "trainee") == "graduate"
    return {"trainings": hired_share_aggregations(clause.id, graduates)}


@formula("hangzhou.17.graduate_hired_refund", needs=("trainings",), aggregations=_refund_aggs)
def graduate_hired_refund(p: Params, clause: Clause) -> Outcome:
    """15% × fee × hired / people, summed over trainings, rounded once for the clause."""
    rate = "hangzhou.17.graduate_hired_refund.rate"
    num, den = p.rate_num(rate), p.rate_den(rate)
    exact = hired_share_exact(clause.id)
    amount = hired_share_times_rate(clause.id, num, den)
    return Outcome(
        eligible=(col(clause.id, "hired") > 0) & exact,
        reason=pl.when(exact)
        .then(
            say("{} 年无被录用的大学毕业生学员", "no hired graduate trainees in {}", pl.col("year"))
        )
        .otherwise(
            say(
                "班级人数种类过多，无法精确相加：请人工计算",
                "too many different class sizes to add exactly: compute by hand",
            )
        ),
        amount=amount,
        explanation=say(
            "大学毕业生培训费 {}，学员 {} 人，录用 {} 人：培训费 × 录用人数 ÷ 学员人数 × {} = {}",
            "graduate training fees {} for {} people, {} hired: fee × hired / people × {} = {}",
            money(col(clause.id, "fees")),
            col(clause.id, "people"),
            col(clause.id, "hired"),
            rate_text(num, den),
            money(amount),
        ),
    )


training_share_clause(
    "hangzhou.17.custom_training",
    ["custom"],
    "hangzhou.17.custom_training.configured_rate",
    "由市服務外包專項扶持資金給予一定的補貼",
    hired_only=True,
)


# (十) consulting fees, (十一) export-brand preferences, (十四) IP, (二十一) guarantees (issue 19)


@formula("hangzhou.10.expert_fees", needs=("expert_fees_cny",))
def expert_fees(p: Params, clause: Clause) -> Outcome:
    """可計入成本: the fees paid to returnees and allowance experts for a specific SO project
    are deductible costs; amount_cny is the deduction (a tax treatment, not a payment)."""
    rate = "hangzhou.10.expert_fees.deductible_share"
    fees = pl.col("expert_fees_cny")
    amount = p.apply_rate(rate, fees)
    return Outcome(
        eligible=fees > 0,
        reason=say(
            "{} 年未向留学回国人员或专家支付费用",
            "no fees paid to returnees or experts in {}",
            pl.col("year"),
        ),
        amount=amount,
        explanation=say(
            "支付留学回国人员和享受政府特殊津贴专家的咨询服务费 {} × {} = {}，可计入成本",
            "consulting and service fees {} to returnees and allowance experts × {} = {} "
            "counted as costs",
            money(fees),
            rate_text(p.rate_num(rate), p.rate_den(rate)),
            money(amount),
        ),
    )


def _brand_held_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    return held_rank(clause, "export_brand")


def _brand_preferences(p: Params) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    rank = col("hangzhou.11.export_brand_preferences", "rank")
    return (
        rank.is_not_null(),
        say(
            "{} 年末未持有自主出口品牌",
            "no export brand (自主出口品牌) held at the end of {}",
            pl.col("year"),
        ),
        say(
            "{} 年末持有自主出口品牌（杭政办〔2007〕10号优惠）",
            "export brand held at the end of {} (杭政辦[2007]10號 preferences)",
            pl.col("year"),
        ),
    )


status_clause(
    "hangzhou.11.export_brand_preferences",
    "hangzhou.11.export_brand_preferences.configured_amount",
    "可享受《杭州市人民政府辦公廳關于促進自主出口品牌發展的指導意見》",
    needs=("recognitions",),
    condition=_brand_preferences,
    aggregations=_brand_held_aggs,
)


def _ip(p: Params) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    return (
        pl.col("ip_registrations") > 0,
        say(
            "{} 年无自主知识产权登记或专利授权",
            "no own IP registered or patent granted in {}",
            pl.col("year"),
        ),
        say(
            "{1} 年知识产权登记或专利 {0} 件（杭政办〔2006〕28号资助）",
            "{} IP registrations or patents in {} (杭政辦〔2006〕28號 funding)",
            pl.col("ip_registrations"),
            pl.col("year"),
        ),
    )


status_clause(
    "hangzhou.14.ip_funding",
    "hangzhou.14.ip_funding.configured_amount",
    "對專利實施能實現產業化的項目",
    needs=("ip_registrations",),
    condition=_ip,
)


def _guarantee(p: Params) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    excluded = p.is_in("hangzhou.21.loan_guarantee.excluded_regions", pl.col("region_code"))
    loans = pl.col("guaranteed_loans_cny") > 0
    return (
        loans & ~excluded,
        pl.when(excluded)
        .then(
            say(
                "{}财政体制与省直接结算（不含财政体制与省直接结算的区、县(市)）",
                "region {} settles its finances directly with the province "
                "(不含財政體制與省直接結算的區、縣(市))",
                region(pl.col("region_code")),
            )
        )
        .otherwise(
            say(
                "{} 年无市担保机构担保的贷款",
                "no loan guaranteed by the city's institutions in {}",
                pl.col("year"),
            )
        ),
        say(
            "{1} 年获担保贷款 {0}，{2}（杭政办〔2006〕27号）",
            "loans of {} guaranteed in {}, region {} (杭政辦[2006]27號)",
            money(pl.col("guaranteed_loans_cny")),
            pl.col("year"),
            region(pl.col("region_code")),
        ),
    )


status_clause(
    "hangzhou.21.loan_guarantee",
    "hangzhou.21.loan_guarantee.configured_amount",
    "提供聯合擔保和獨立擔保的",
    needs=("guaranteed_loans_cny", "region_code"),
    condition=_guarantee,
)

_ = configured_share  # re-exported helper used by sibling modules
