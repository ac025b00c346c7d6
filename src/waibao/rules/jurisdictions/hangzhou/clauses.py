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
    yuan_text,
)
from waibao.rules.registry import Clause

HZ = "hangzhou."


@formula("hangzhou.6.settlement", needs=("in_demonstration_park", "tax_paid_cny"))
def settlement(p: Params, clause: Clause) -> Outcome:
    amount, explanation = configured_fixed(
        p,
        "hangzhou.6.settlement.configured_amount",
        pl.format("in a demonstration zone, taxes paid {}", yuan_text(pl.col("tax_paid_cny"))),
        "按照其經營規模、注冊資本、上繳稅收和經營期予以資金扶持",
    )
    in_zone = pl.col("in_demonstration_park")
    return Outcome(
        eligible=in_zone & (pl.col("tax_paid_cny") > 0),
        reason=pl.when(~in_zone)
        .then(pl.lit("not in a demonstration zone"))
        .otherwise(pl.lit("no taxes paid")),
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
        pl.format(
            "founded {} (來杭投資), registered capital {} >= {}, mainly offshore, taxes paid {}",
            pl.col("founded"),
            yuan_text(pl.col("registered_capital_cny")),
            yuan_text(minimum),
            yuan_text(pl.col("tax_paid_cny")),
        ),
        "可給予一次性資金補助",
    )
    return Outcome(
        eligible=new & capital_ok & pl.col("offshore_focused") & (pl.col("tax_paid_cny") > 0),
        reason=pl.when(~new)
        .then(
            pl.format(
                "founded {}: not a new investment (來杭投資) in {} (founded in the year or the "
                "{} before)",
                pl.col("founded"),
                pl.col("year"),
                new_years,
            )
        )
        .when(~capital_ok)
        .then(
            pl.format(
                "registered capital {} < {}",
                yuan_text(pl.col("registered_capital_cny")),
                yuan_text(minimum),
            )
        )
        .when(~pl.col("offshore_focused"))
        .then(pl.lit("not mainly offshore (以承接離岸外包業務為主)"))
        .otherwise(pl.lit("no taxes paid")),
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
            pl.format(
                "headquarters paying taxes, office area {} m²; per-m² amount not in the text "
                "(一定的補貼): eligible, amount for the reviewer",
                area,
            )
        )
        .otherwise(pl.format("{} m² × {} per m² = {}", area, yuan_text(per_sqm), yuan_text(amount)))
    )
    return Outcome(
        eligible=pl.col("is_headquarters")
        & (pl.col("tax_paid_cny") > 0)
        & (area > 0)
        & (col(clause.id, "unknown_area") == 0),
        reason=pl.when(~pl.col("is_headquarters"))
        .then(pl.lit("not a headquarters or regional headquarters"))
        .when(pl.col("tax_paid_cny") <= 0)
        .then(pl.lit("no taxes paid"))
        .when(col(clause.id, "unknown_area") > 0)
        .then(pl.lit("office area unknown"))
        .otherwise(pl.lit("no office bought, built or rented in the year")),
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
        .then(pl.lit("no technology development expense the year before: growth undefined"))
        .otherwise(
            pl.format(
                "expense {} grew less than {} over {} ({} × {} < {} × {})",
                yuan_text(new),
                rate_text(g_num, g_den),
                yuan_text(old),
                yuan_text(new),
                g_den,
                yuan_text(old),
                g_den + g_num,
            )
        ),
        amount=amount,
        explanation=pl.format(
            "technology development expense {} vs {} the year before: {} × {} >= {} × {} "
            "(growth >= {}); extra deduction {} × {} = {}",
            yuan_text(new),
            yuan_text(old),
            yuan_text(new),
            g_den,
            yuan_text(old),
            g_den + g_num,
            rate_text(g_num, g_den),
            yuan_text(new),
            rate_text(p.rate_num(deduction), p.rate_den(deduction)),
            yuan_text(amount),
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
        pl.format("national or provincial export brand obtained in {}", pl.col("year")),
        "給予獎勵",
    )
    return Outcome(
        eligible=col(clause.id, "rank").is_not_null(),
        reason=pl.format("no national or provincial export brand obtained in {}", pl.col("year")),
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
        reason=pl.format(
            "software exports USD {} < USD {} (含)", yuan_text(exports), yuan_text(lowest)
        ),
        amount=amount,
        explanation=pl.format(
            "software exports USD {} >= USD {} (含): tier {} -> {} one-time",
            yuan_text(exports),
            yuan_text(threshold),
            number,
            yuan_text(amount),
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
        .then(pl.lit("the cost of a qualifying certification is unknown"))
        .otherwise(
            pl.format(
                "no CMM/CMMI level 3-5, PCMM, ISO20000, ISO27001, BS7799 or SAS70 obtained or "
                "upgraded in {}",
                pl.col("year"),
            )
        ),
        amount=amount,
        explanation=pl.format(
            "{} qualifying certification(s) costing {} in all: each min(cost × {}, {}) "
            "({} at the cap), summed = {}",
            col(clause.id, "count"),
            yuan_text(col(clause.id, "cost")),
            rate_text(num, den),
            yuan_text(p.amount("hangzhou.13.certification.cap")),
            col(clause.id, "capped"),
            yuan_text(amount),
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
            pl.format(
                "no hangzhou.13.certification award in the {} years before {}",
                p.count("hangzhou.13.certification_upkeep.years"),
                pl.col("year"),
            )
        )
        .when(~known)
        .then(pl.lit("an upgrade or maintenance fee is unknown"))
        .otherwise(pl.format("no upgrade or maintenance fees in {}", pl.col("year"))),
        amount=fees,
        minimum=floor,
        explanation=pl.format(
            "upgrade/maintenance fees {} in {}; hangzhou.13.certification award {} in {}: "
            "at least min(award, fees) = {}, at most the fees {}",
            yuan_text(fees),
            pl.col("year"),
            yuan_text(award),
            award_year,
            yuan_text(floor),
            yuan_text(fees),
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
        reason=pl.format("no public platform investment in {}", pl.col("year")),
        amount=maximum,
        minimum=minimum,
        explanation=pl.format(
            "platform investment {} × {} = {} to × {} = {}",
            yuan_text(base),
            rate_text(p.rate_num(low), p.rate_den(low)),
            yuan_text(minimum),
            rate_text(p.rate_num(high), p.rate_den(high)),
            yuan_text(maximum),
        ),
    )


def _institution_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    condition = (item("recognitions", "kind") == "training_institution") & (
        item("recognitions", "date") <= window(clause).end()
    )
    return {"recognitions": {agg_name(clause.id, "rank"): highest_level(condition)}}


@formula(
    "hangzhou.17.training_institution", needs=("recognitions",), aggregations=_institution_aggs
)
def training_institution(p: Params, clause: Clause) -> Outcome:
    amount, explanation = configured_fixed(
        p,
        "hangzhou.17.training_institution.configured_amount",
        pl.lit("approved service-outsourcing training institution"),
        "給予一定的獎勵",
    )
    return Outcome(
        eligible=col(clause.id, "rank").is_not_null(),
        reason=pl.lit("not an approved training institution"),
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
            reason=pl.format("no {} training fees in {}", pl.lit(trainee), pl.col("year")),
            amount=amount,
            explanation=pl.format(
                "{} training of {} people, fees {} × {} = {} (at most)",
                pl.lit(trainee),
                col(clause_id, "people"),
                yuan_text(fees),
                rate_text(p.rate_num(rate_param), p.rate_den(rate_param)),
                yuan_text(amount),
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
        .then(pl.format("no hired graduate trainees in {}", pl.col("year")))
        .otherwise(pl.lit("too many different class sizes to add exactly: compute by hand")),
        amount=amount,
        explanation=pl.format(
            "graduate training fees {} for {} people, {} hired: fee × hired / people × {} = {}",
            yuan_text(col(clause.id, "fees")),
            col(clause.id, "people"),
            col(clause.id, "hired"),
            rate_text(num, den),
            yuan_text(amount),
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
        reason=pl.format("no fees paid to returnees or experts in {}", pl.col("year")),
        amount=amount,
        explanation=pl.format(
            "consulting and service fees {} to returnees and allowance experts × {} = {} "
            "counted as costs",
            yuan_text(fees),
            rate_text(p.rate_num(rate), p.rate_den(rate)),
            yuan_text(amount),
        ),
    )


def _brand_held_aggs(p: Params, clause: Clause) -> dict[str, dict[str, Aggregation]]:
    held = (item("recognitions", "kind") == "export_brand") & (
        item("recognitions", "date") <= window(clause).end()
    )
    return {"recognitions": {agg_name(clause.id, "rank"): highest_level(held)}}


def _brand_preferences(p: Params) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    rank = col("hangzhou.11.export_brand_preferences", "rank")
    return (
        rank.is_not_null(),
        pl.format("no export brand (自主出口品牌) held at the end of {}", pl.col("year")),
        pl.format(
            "export brand held at the end of {} (杭政辦[2007]10號 preferences)", pl.col("year")
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
        pl.format("no own IP registered or patent granted in {}", pl.col("year")),
        pl.format(
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
            pl.format(
                "region {} settles its finances directly with the province "
                "(不含財政體制與省直接結算的區、縣(市))",
                pl.col("region_code"),
            )
        )
        .otherwise(
            pl.format("no loan guaranteed by the city's institutions in {}", pl.col("year"))
        ),
        pl.format(
            "loans of {} guaranteed in {}, region {} (杭政辦[2006]27號)",
            yuan_text(pl.col("guaranteed_loans_cny")),
            pl.col("year"),
            pl.col("region_code"),
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
