"""Explanations and reasons in Chinese (issue 21): every clause's texts, built from the same
pieces as the English ones, contain no run of two or more English words; English stays what
the CLI always printed; clause titles exist in both languages."""

from __future__ import annotations

from typing import Any

import pytest
from rules_cases import record

from english_words import english_runs
from waibao.rules import entitlements, evaluate_frame, facts_frame, registry
from waibao.rules import language as rules_language
from waibao.rules.formula import FORMULAS

# One organisation-year per jurisdiction that makes every entitlement clause apply.
RICH: list[dict[str, Any]] = [
    record(
        "hangzhou",
        2009,
        in_demonstration_park=True,
        tax_paid_cny="100000",
        founded="2009-03-01",
        registered_capital_cny="100000000",
        offshore_focused=True,
        is_headquarters=True,
        rd_expense_cny="2000000",
        rd_expense_prev_cny="1000000",
        software_export_usd="600000",
        expert_fees_cny="50000",
        ip_registrations=2,
        guaranteed_loans_cny="3000000",
        region_code="330106",
        expenses=[
            {"kind": "office_rent", "amount_cny": "120000", "area_sqm": 300},
            {"kind": "public_platform_investment", "amount_cny": "500000"},
        ],
        recognitions=[
            {"kind": "export_brand", "level": "provincial", "date": "2009-05-01"},
            {"kind": "rd_center", "level": "provincial", "date": "2009-05-01"},
            {"kind": "training_institution", "level": "municipal", "date": "2008-05-01"},
        ],
        certifications=[
            {
                "scheme": "CMMI",
                "level": 3,
                "event": "new",
                "date": "2009-04-01",
                "cost_cny": "300000",
            },
            {
                "scheme": "CMMI",
                "level": 4,
                "event": "upgrade",
                "date": "2009-06-01",
                "cost_cny": "80000",
            },
        ],
        trainings=[
            {"trainee": "graduate", "people": 30, "cost_cny": "90000", "hired": 20},
            {"trainee": "new_staff", "people": 10, "cost_cny": "20000"},
            {"trainee": "custom", "people": 10, "cost_cny": "20000", "hired": 5},
        ],
        awards_received=[
            {"clause": "hangzhou.13.certification", "year": 2008, "amount_cny": "100000"}
        ],
    ),
    record(
        "guangzhou",
        2014,
        founded="2013-06-01",
        is_headquarters=True,
        foreign_invested=True,
        parent_multinational_or_large=True,
        higher_level_grants_cny="400000",
        rd_expense_cny="800000",
        ip_registrations=3,
        talents_introduced=2,
        central_training_funds_cny="1000000",
        high_tech_enterprise=True,
        region_code="440106",
        employees=100,
        employees_college=80,
        revenue_cny="10000000",
        so_revenue_cny="9000000",
        offshore_so_revenue_cny="6000000",
        expenses=[
            {"kind": "trade_fair", "amount_cny": "260000"},
            {"kind": "office_rent", "amount_cny": "150000"},
            {"kind": "public_platform_investment", "amount_cny": "300000"},
        ],
        certifications=[
            {
                "scheme": "CMMI",
                "level": 3,
                "event": "new",
                "date": "2014-04-01",
                "cost_cny": "200000",
            },
        ],
        trainings=[{"trainee": "new_staff", "people": 10, "cost_cny": "50000"}],
        recognitions=[{"kind": "export_brand", "level": "municipal", "date": "2014-03-01"}],
        violations=[],
    ),
    record(
        "guangzhou",
        2014,
        uscc="91440100MA27AAAB0C",
        kind="park",
        recognitions=[
            {"kind": "demonstration_park", "level": "provincial", "date": "2013-03-01"},
        ],
    ),
    record(
        "wenzhou",
        2014,
        in_demonstration_park=True,
        office_lease_started="2014-02-01",
        higher_level_grants_cny="300000",
        talents_introduced=1,
        tech_service_income_cny="1000000",
        expenses=[
            {"kind": "platform_usage", "amount_cny": "40000"},
            {"kind": "leased_line", "amount_cny": "30000"},
            {"kind": "office_rent", "amount_cny": "60000"},
            {"kind": "trade_fair", "amount_cny": "50000"},
            {"kind": "venue_rent", "amount_cny": "20000"},
            {"kind": "investment_promotion", "amount_cny": "10000"},
        ],
        recognitions=[
            {
                "kind": "demonstration_park",
                "level": "provincial",
                "date": "2014-03-01",
                "has_public_it_platform": True,
            },
            {"kind": "training_institution", "level": "municipal", "date": "2014-03-01"},
            {
                "kind": "public_platform",
                "level": "provincial",
                "date": "2013-03-01",
                "operating_years": 3,
            },
            {"kind": "key_enterprise", "level": "provincial", "date": "2013-03-01"},
        ],
        trainings=[{"trainee": "new_staff", "people": 10, "cost_cny": "30000"}],
    ),
    record(
        "datong",
        2024,
        statistics_reported=True,
        loan_interest_cny="120000",
        certifications=[
            {"scheme": "ISO27001", "event": "new", "date": "2024-04-01", "cost_cny": "90000"}
        ],
        recognitions=[{"kind": "public_platform", "level": "municipal", "date": "2023-03-01"}],
    ),
]

# The same organisations with nothing to show, and with nothing known.
POOR: list[dict[str, Any]] = [
    record(
        j,
        year,
        **{
            "founded": "1990-01-01",
            "in_demonstration_park": False,
            "tax_paid_cny": "0",
            "is_headquarters": False,
            "foreign_invested": False,
            "parent_multinational_or_large": False,
            "offshore_focused": False,
            "registered_capital_cny": "0",
            "rd_expense_cny": "0",
            "rd_expense_prev_cny": "0",
            "software_export_usd": "0",
            "expert_fees_cny": "0",
            "ip_registrations": 0,
            "talents_introduced": 0,
            "guaranteed_loans_cny": "0",
            "higher_level_grants_cny": "0",
            "central_training_funds_cny": "0",
            "tech_service_income_cny": "0",
            "loan_interest_cny": "0",
            "high_tech_enterprise": False,
            "statistics_reported": True,
            "office_lease_started": "1990-01-01",
            "region_code": "330106" if j in ("hangzhou", "wenzhou") else "440106",
            "employees": 10,
            "employees_college": 0,
            "revenue_cny": "100",
            "so_revenue_cny": "0",
            "offshore_so_revenue_cny": "0",
            "expenses": [],
            "certifications": [],
            "trainings": [],
            "recognitions": [],
            "awards_received": [],
            "violations": [],
        },
    )
    for j, year in (
        ("hangzhou", 2009),
        ("guangzhou", 2014),
        ("wenzhou", 2014),
        ("datong", 2024),
    )
]
UNKNOWN = [
    record(j, year)
    for j, year in (("hangzhou", 2009), ("guangzhou", 2014), ("wenzhou", 2014), ("datong", 2024))
]


def _entitlement_clauses() -> set[str]:
    return {c.id for c in registry() if c.is_entitlement and c.id in FORMULAS}


def test_the_rich_records_make_every_entitlement_clause_apply():
    rows = entitlements(RICH, include_all=True, language="zh-hans")
    applying = {r["clause"] for r in rows if r["applies"]}
    reasons = {r["clause"]: r["reason"] for r in rows if not r["applies"]}
    missing = _entitlement_clauses() - applying
    assert not missing, {c: reasons.get(c) for c in sorted(missing)}


def test_the_poor_records_make_every_entitlement_clause_not_apply():
    rows = entitlements(POOR, include_all=True, language="zh-hans")
    not_applying = {r["clause"] for r in rows if not r["applies"]}
    assert _entitlement_clauses() <= not_applying
    assert all(r["reason"] for r in rows if not r["applies"])


@pytest.mark.parametrize("records", [RICH, POOR, UNKNOWN], ids=["eligible", "not", "unknown"])
def test_no_explanation_or_reason_in_chinese_holds_english_words(records):
    rows = entitlements(records, include_all=True, language="zh-hans")
    assert rows
    found = {
        (r["clause"], text): english_runs(text)
        for r in rows
        for text in (r["explanation"], r["reason"])
        if text and english_runs(text)
    }
    assert not found


def test_every_chinese_template_of_every_clause_is_free_of_english(monkeypatch):
    """Every phrase any clause can write (both branches of every condition are built, so
    every template is chosen once while the formulas build their expressions)."""
    chosen: list[tuple[str, str]] = []
    pick = rules_language.pick

    def recording(zh: str, en: str) -> str:
        chosen.append((zh, en))
        return pick(zh, en)

    monkeypatch.setattr(rules_language, "pick", recording)
    evaluate_frame(facts_frame(UNKNOWN), include_all=True, language="zh-hans")
    assert len({zh for zh, _ in chosen}) > 100
    bad = {zh: english_runs(zh) for zh, _ in chosen if english_runs(zh)}
    assert not bad


def test_english_is_still_what_the_cli_printed():
    rows = entitlements(RICH, include_all=True)  # the default
    fair = next(r for r in rows if r["clause"] == "guangdong.12.international_events")
    assert fair["explanation"] == (
        "trade_fair expenses 260000.00; the text names no amount (对符合条件的给予适当支持): "
        "eligible, amount for the reviewer"
    )


def test_chinese_names_the_facts_and_writes_amounts_as_chinese_readers_do():
    rows = entitlements(RICH, include_all=True, language="zh-hans")
    fair = next(r for r in rows if r["clause"] == "guangdong.12.international_events")
    assert fair["explanation"] == (
        "国际展会费用 260,000.00 元；政策原文未规定金额（对符合条件的给予适当支持）："
        "符合条件，金额由审核人员确定"
    )
    export = next(r for r in rows if r["clause"] == "hangzhou.12.software_export")
    assert "600,000.00 美元 ≥ 500,000.00 美元（含）" in export["explanation"]
    assert export["amount_cny"] == "200000.00"  # the machine value is untouched


def test_a_fact_that_is_unknown_is_named_by_its_label():
    rows = entitlements(UNKNOWN, include_all=True, language="zh-hans")
    export = next(r for r in rows if r["clause"] == "hangzhou.12.software_export")
    assert export["reason"] == "缺少事实：软件出口额"


def test_the_year_comes_first_where_chinese_puts_it():
    rows = entitlements(POOR, include_all=True, language="zh-hans")
    fair = next(r for r in rows if r["clause"] == "guangdong.12.international_events")
    assert fair["reason"] == "2014 年无国际展会费用"
    english = entitlements(POOR, include_all=True, language="en")
    fair = next(r for r in english if r["clause"] == "guangdong.12.international_events")
    assert fair["reason"] == "no trade_fair expenses in 2014"


def test_every_registered_clause_has_a_chinese_and_an_english_title():
    for clause in registry():
        zh, en = clause.short_title
        assert zh and en, clause.id
        assert not english_runs(zh), clause.id
        assert clause.title("zh-hans").startswith(zh + " · ")
        assert clause.title("en").startswith(en + " · ")


def test_a_title_reads_as_the_issue_asks():
    from waibao.rules import clause

    found = clause("guangdong.12.international_events")
    assert found.title("zh-hans") == "国际展会支持 · 粤府〔2012〕88号（十二）"
    assert found.title("en") == "International exhibition support · Yuefu [2012] No. 88 (十二)"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("zh-hans", "zh-hans"), ("zh_CN.UTF-8", "zh-hans"), ("zh-Hans", "zh-hans"),
     ("en", "en"), ("en_US", "en"), ("C.UTF-8", "en"), ("", "en"), (None, "en")],
)  # fmt: skip
def test_language_tags_and_locales_are_read_as_chinese_or_english(given, expected):
    assert rules_language.normalise(given) == expected


def test_chinese_amounts_keep_every_fen_and_group_thousands():
    import polars as pl

    frame = pl.DataFrame({"fen": [0, 5, 99_999, 100_000, 1_234_567_890_12, -150_000, None]})
    with rules_language.speaking("zh-hans"):
        shown = frame.select(rules_language.money(pl.col("fen"))).to_series().to_list()
    assert shown == [
        "0.00 元",
        "0.05 元",
        "999.99 元",
        "1,000.00 元",
        "1,234,567,890.12 元",
        "-1,500.00 元",
        "未知",
    ]
