"""Entitlement rows in: FACTS.md rows become snapshots, all or nothing, every error named."""

from __future__ import annotations

import sys
import types

import pytest
from django.utils import translation
from funds_factories import entitlement_row

from english_words import english_runs
from waibao.funds.entitlements import entitlement_import_for_year
from waibao.funds.errors import InvalidEntitlements
from waibao.funds.models import FundEntitlement
from waibao.funds.services import entitlement_import


def test_a_row_is_stored_with_its_amounts_in_fen_and_its_citation(world):
    row = entitlement_row(
        world.alpha.uscc, "guangzhou.5.training", "12345.67", min_cny="100.00", discretionary=True
    )
    assert entitlement_import(rows=[row]).added == 1
    stored = FundEntitlement.objects.get()
    assert (stored.amount_fen, stored.min_fen, stored.discretionary) == (1_234_567, 10_000, True)
    assert stored.organisation == world.alpha
    assert stored.citation == "test citation of guangzhou.5.training"


def test_a_null_amount_stays_null(world):
    entitlement_import(rows=[entitlement_row(world.alpha.uscc, "guangzhou.5.premises", None)])
    assert FundEntitlement.objects.get().amount_fen is None


def _bad_rows(world):
    good = entitlement_row(world.alpha.uscc, "guangzhou.5.training", "100.00")
    float_amount = entitlement_row(world.beta.uscc, "guangzhou.5.training", "100.00")
    float_amount["amount_cny"] = "1e5"
    unknown = entitlement_row("91999999XXXXXXXX99", "guangzhou.5.training", "1.00")
    uncited = entitlement_row(world.gamma.uscc, "guangzhou.5.training", "1.00")
    uncited["citation"] = " "
    missing = {"uscc": world.gamma.uscc, "year": 2010}
    return [good, float_amount, unknown, uncited, missing]


def _refused_lines(rows, language):
    with translation.override(language), pytest.raises(InvalidEntitlements) as refused:
        entitlement_import(rows=rows)
    return refused.value.lines


def test_one_bad_row_stops_the_whole_import_and_every_error_names_row_and_field(world):
    lines = _refused_lines(_bad_rows(world), "en")
    assert (
        "entitlement row 2, field amount_cny: "
        "“1e5” is not an amount: write a number such as 1234.50" in lines
    )
    assert "entitlement row 3, field uscc: no organisation 91999999XXXXXXXX99 registered" in lines
    assert "entitlement row 4, field citation: every entitlement must cite its clause" in lines
    assert "entitlement row 5, field clause: missing" in lines
    assert FundEntitlement.objects.count() == 0


def test_the_import_errors_speak_chinese_in_a_chinese_session_keeping_row_and_column(world):
    """The CLI's and the demo's Chinese: the same problems, each naming its row and column."""
    lines = _refused_lines(_bad_rows(world), "zh-hans")
    assert "政策兑现资格第 2 行，字段 amount_cny：“1e5”不是金额，请填写如 1234.50 的数" in lines
    assert (
        "政策兑现资格第 3 行，字段 uscc：没有登记统一社会信用代码为 91999999XXXXXXXX99 的单位"
        in lines
    )
    assert "政策兑现资格第 4 行，字段 citation：每项政策兑现资格都须注明所依据的条款" in lines
    assert "政策兑现资格第 5 行，字段 clause：缺少此字段" in lines
    assert not any(english_runs(line.split("：", 1)[1]) for line in lines), lines
    assert FundEntitlement.objects.count() == 0


def test_importing_the_same_rows_again_changes_nothing_and_a_changed_row_replaces_it(world):
    row = entitlement_row(world.alpha.uscc, "guangzhou.5.training", "100.00")
    entitlement_import(rows=[row])
    assert entitlement_import(rows=[row]).unchanged == 1
    row["amount_cny"] = "90.00"
    assert entitlement_import(rows=[row]).replaced == 1
    assert FundEntitlement.objects.get().amount_fen == 9_000


def test_a_changed_row_under_an_application_is_refused(world):
    world.draft(world.alpha, "guangzhou.5.training", "100.00")
    changed = entitlement_row(world.alpha.uscc, "guangzhou.5.training", "90.00")
    with translation.override("en"):
        with pytest.raises(InvalidEntitlements, match="an application already rests"):
            entitlement_import(rows=[changed])
    with pytest.raises(InvalidEntitlements, match="已有申请以原资格为依据"):
        entitlement_import(rows=[changed])


def test_the_adapter_imports_what_the_rules_engine_computes_for_the_year(world, monkeypatch):
    seen = {}

    def facts_for_year(year, uscc=None):
        seen["year"], seen["uscc"] = year, uscc
        return [{"uscc": world.alpha.uscc, "year": year}]

    def entitlements(records, include_all=False, explain=False, reform=None, language="en"):
        seen["records"], seen["reform"] = records, reform
        return [
            entitlement_row(records[0]["uscc"], "guangzhou.5.training", "500.00"),
            {**entitlement_row(records[0]["uscc"], "guangzhou.5.premises", None), "applies": False},
        ]

    facts = types.ModuleType("waibao.facts")
    facts.validate_records = facts.to_frame = lambda records: records  # the engine's input
    from_db = types.ModuleType("waibao.facts.from_db")
    from_db.facts_for_year = facts_for_year
    rules = types.ModuleType("waibao.rules")
    rules.entitlements = entitlements
    monkeypatch.setitem(sys.modules, "waibao.facts", facts)
    monkeypatch.setitem(sys.modules, "waibao.facts.from_db", from_db)
    monkeypatch.setitem(sys.modules, "waibao.rules", rules)
    result = entitlement_import_for_year(year=2010)
    assert seen["year"] == 2010 and seen["records"][0]["uscc"] == world.alpha.uscc
    assert seen["uscc"] is None  # every organisation's facts
    assert seen["reform"] is None  # the bureau has configured no parameter
    assert result.added == 1  # the row that does not apply is not an entitlement
    assert FundEntitlement.objects.get().amount_fen == 50_000
