"""The seed texts' funds and budget lines, preloaded with their citations."""

from __future__ import annotations

import pytest

from waibao.audit.models import AuditRecord
from waibao.funds.models import BudgetLine, Fund, FundClause
from waibao.funds.selectors import budget_line_balance
from waibao.funds.services import budget_line_appropriate, funds_preload
from waibao.money import yuan

pytestmark = pytest.mark.django_db


def lines(code: str, year: int) -> dict[str, BudgetLine]:
    return {line.source: line for line in BudgetLine.objects.filter(fund__code=code, year=year)}


def test_guangzhou_from_2008_has_a_city_20_million_and_districts_at_least_80_million():
    funds_preload(years=[2007, 2008])
    assert lines("guangzhou-so-fund", 2007) == {}
    gz = lines("guangzhou-so-fund", 2008)
    assert gz["city"].planned_fen == yuan(20_000_000) and not gz["city"].planned_is_minimum
    assert "外贸发展专项资金" in gz["city"].source_name
    assert gz["districts"].planned_fen == yuan(80_000_000) and gz["districts"].planned_is_minimum
    total = sum(budget_line_balance(line=line).available_fen for line in gz.values())
    assert total == yuan(100_000_000)  # 1亿 a year
    assert all(line.clause == "guangzhou.5.special_fund" for line in gz.values())
    assert all("(五)1" in line.citation for line in gz.values())


def test_guangzhou_sets_no_end_year_so_a_far_year_still_gets_its_lines():
    funds_preload(years=[2030])
    assert set(lines("guangzhou-so-fund", 2030)) == {"city", "districts"}


def test_hangzhou_to_2010_pays_city_30_development_zone_50_and_high_tech_zone_20_million():
    funds_preload(years=[2010, 2011])
    hz = lines("hangzhou-so-fund", 2010)
    assert {source: line.planned_fen for source, line in hz.items()} == {
        "city": yuan(30_000_000),
        "hetda": yuan(50_000_000),
        "hhtz": yuan(20_000_000),
    }
    assert hz["hetda"].source_name == "杭州经济技术开发区"
    assert hz["hhtz"].source_name == "杭州高新技术产业开发区"
    assert all("(七)" in line.citation for line in hz.values())
    assert lines("hangzhou-so-fund", 2011) == {}  # 至2010年
    assert "(八)" in Fund.objects.get(code="hangzhou-so-fund").note


def test_hangzhou_pays_certification_upkeep_but_not_the_first_certification_award():
    funds_preload()
    fund = Fund.objects.get(code="hangzhou-so-fund")
    first = FundClause.objects.get(fund=fund, clause="hangzhou.13.certification")
    assert not first.payable and "中小企业国际市场开拓资金" in first.not_payable_reason
    upkeep = FundClause.objects.get(fund=fund, clause="hangzhou.13.certification_upkeep")
    assert upkeep.payable and upkeep.source == "city"


def test_wenzhou_and_datong_state_no_amount_so_their_lines_start_empty():
    funds_preload(years=[2012, 2023])
    for code, year in (("wenzhou-so-fund", 2012), ("datong-so-fund", 2023)):
        for line in lines(code, year).values():
            assert line.planned_fen is None
            assert budget_line_balance(line=line).available_fen == 0
            assert line.citation
    assert "19." in lines("wenzhou-so-fund", 2012)["city"].citation
    assert "4." in lines("datong-so-fund", 2023)["city"].citation


def test_preloading_twice_changes_nothing(world):
    before = BudgetLine.objects.count(), AuditRecord.objects.count()
    funds_preload(years=[2010])
    assert (BudgetLine.objects.count(), AuditRecord.objects.count()) == before


def test_a_city_admin_tops_up_a_line_with_a_new_ledger_row_and_others_may_not(world):
    from waibao.funds.errors import Forbidden

    line = BudgetLine.objects.get(fund=world.gz_fund, year=2010, source="districts")
    budget_line_appropriate(line=line, amount_fen=yuan("5000000.01"), actor=world.gz_admin)
    assert budget_line_balance(line=line).appropriated_fen == yuan("85000000.01")
    assert line.entries.count() == 2
    for outsider in (world.hz_admin, world.tianhe_reviewer, world.alpha_user, world.analyst):
        with pytest.raises(Forbidden):
            budget_line_appropriate(line=line, amount_fen=1, actor=outsider)
