"""Continuing a fund past its text's last year (续设, ``funds.services.fund_continue``): the
fund's own city administrator only (the permission table's ``CONTINUE_FUND``), with a reason,
into a year the fund does not cover yet; the year's lines carry the text's amounts and the
ledger balances; the page and the API run the same service.

Hangzhou's fund is the one the texts end (至2010年, ``hangzhou-so-fund``); the world preloads
it for 2010.
"""

from __future__ import annotations

import pytest
from funds_factories import entitlement_row, region, user

from waibao.accounts.models import Role
from waibao.audit.models import AuditRecord
from waibao.funds import services
from waibao.funds.errors import Forbidden, FundsError, InvalidAmount, InvalidTransition
from waibao.funds.models import BudgetLine, Fund, FundEntitlement, LedgerEntry
from waibao.funds.selectors import budget_line_balance
from waibao.permissions import table

REASON = "主管部门决定续设, 沿用原文件条件与金额"
# 关于促进杭州服务外包产业发展的若干意见 (七): three lines a year, in yuan
HANGZHOU_LINES = {"city": 30_000_000, "hetda": 50_000_000, "hhtz": 20_000_000}


def _fen(yuan: int) -> int:
    return yuan * 100


def test_a_continued_fund_covers_the_year_with_the_text_s_lines_and_a_balanced_ledger(world):
    lines = services.fund_continue(
        fund=world.hz_fund, year=2011, actor=world.hz_admin, reason=REASON
    )
    fund = Fund.objects.get(pk=world.hz_fund.pk)
    assert (fund.first_year, fund.last_year) == (2007, 2011)
    assert {line.source: line.year for line in lines} == dict.fromkeys(HANGZHOU_LINES, 2011)
    for line in lines:
        balance = budget_line_balance(line=line)
        assert balance.appropriated_fen == _fen(HANGZHOU_LINES[line.source])
        assert balance.available_fen == balance.appropriated_fen
        assert balance.outstanding_fen == balance.paid_fen == 0
        appropriation = LedgerEntry.objects.get(line=line)
        assert (appropriation.kind, appropriation.created_by) == ("appropriation", world.hz_admin)
    # the earlier year is untouched
    assert BudgetLine.objects.filter(fund=fund, year=2010).count() == 3
    record = AuditRecord.objects.get(action="fund.continue")
    assert record.actor_username == world.hz_admin.username and record.reason == REASON
    assert record.payload["before"] == {"last_year": "2010"}
    assert record.payload["after"] == {"last_year": "2011"}
    # an entitlement of the new year can now be claimed from the fund
    world.entitle(entitlement_row(world.delta.uscc, "hangzhou.14.ip_funding", None, year=2011))
    entitlement = FundEntitlement.objects.get(year=2011)
    application = services.application_create(
        entitlement=entitlement, actor=world.delta_user, claimed_fen=_fen(50_000)
    )
    assert (application.fund, application.line.year) == (fund, 2011)


def test_before_it_is_continued_the_year_is_refused(world):
    world.entitle(entitlement_row(world.delta.uscc, "hangzhou.14.ip_funding", None, year=2011))
    with pytest.raises(FundsError, match="没有覆盖 2011 年度的专项资金"):
        services.application_create(
            entitlement=FundEntitlement.objects.get(year=2011),
            actor=world.delta_user,
            claimed_fen=_fen(50_000),
        )


def test_only_the_fund_s_own_city_administrator_may_continue_it(world):
    assert table.roles_with(table.FUND, table.CONTINUE_FUND) == {table.CITY_ADMIN}
    leader = user("leader", Role.LEADER, region=world.hangzhou)
    system_admin = user("sysadmin", Role.SYSTEM_ADMIN)
    wrong = [
        world.gz_admin,  # another city's administrator
        world.xihu_reviewer,  # a district reviewer of the fund's city
        world.delta_user,  # an enterprise of the fund's city
        world.analyst,
        leader,
        system_admin,
        None,
    ]
    before = AuditRecord.objects.count()
    for actor in wrong:
        with pytest.raises(Forbidden):
            services.fund_continue(fund=world.hz_fund, year=2011, actor=actor, reason=REASON)
    assert AuditRecord.objects.count() == before
    assert Fund.objects.get(pk=world.hz_fund.pk).last_year == 2010
    assert not BudgetLine.objects.filter(year=2011).exists()
    # and the fund's own administrator may
    services.fund_continue(fund=world.hz_fund, year=2011, actor=world.hz_finance, reason=REASON)


@pytest.mark.parametrize("year", [2009, 2010])
def test_a_year_the_fund_covers_is_refused(world, year):
    with pytest.raises(InvalidTransition, match=f"已涵盖 {year} 年"):
        services.fund_continue(fund=world.hz_fund, year=year, actor=world.hz_admin, reason=REASON)
    assert Fund.objects.get(pk=world.hz_fund.pk).last_year == 2010


def test_a_year_continued_once_is_not_continued_again(world):
    services.fund_continue(fund=world.hz_fund, year=2011, actor=world.hz_admin, reason=REASON)
    ledger = LedgerEntry.objects.count()
    with pytest.raises(InvalidTransition, match="已涵盖 2011 年"):
        services.fund_continue(fund=world.hz_fund, year=2011, actor=world.hz_admin, reason=REASON)
    assert LedgerEntry.objects.count() == ledger
    # the next year may be
    services.fund_continue(fund=world.hz_fund, year=2012, actor=world.hz_admin, reason=REASON)
    assert BudgetLine.objects.filter(fund=world.hz_fund, year=2012).count() == 3


def test_a_fund_without_an_end_year_needs_no_continuing(world):
    with pytest.raises(InvalidTransition, match="没有截止年度"):
        services.fund_continue(fund=world.gz_fund, year=2011, actor=world.gz_admin, reason=REASON)
    assert not AuditRecord.objects.filter(action="fund.continue").exists()


def test_the_reason_the_horizon_and_the_text_s_amounts_are_kept(world):
    for refused, kwargs in (
        (FundsError, {"year": 2011, "reason": "  "}),
        (FundsError, {"year": 2500, "reason": REASON}),  # budgets a year ahead at most
        # the text sets Hangzhou's amounts: the bureau tops a line up instead
        (InvalidAmount, {"year": 2011, "reason": REASON, "amount_fen": _fen(1_000)}),
        (InvalidAmount, {"year": 2011, "reason": REASON, "amount_fen": 0}),
    ):
        with pytest.raises(refused):
            services.fund_continue(fund=world.hz_fund, actor=world.hz_admin, **kwargs)
    assert Fund.objects.get(pk=world.hz_fund.pk).last_year == 2010
    assert not BudgetLine.objects.filter(year=2011).exists()


def test_the_bureau_s_amount_goes_on_the_first_line_where_the_text_names_none(world):
    """Wenzhou's text names no yearly amount; were its fund to end, the bureau's amount is the
    one appropriated on the continued year's first line."""
    wenzhou = region("330300", "温州市", "city", world.hangzhou.parent)
    admin = user("wzadmin", Role.CITY_ADMIN, region=wenzhou)
    fund = Fund.objects.get(code="wenzhou-so-fund")
    Fund.objects.filter(pk=fund.pk).update(last_year=2010)
    lines = services.fund_continue(
        fund=fund, year=2011, actor=admin, reason=REASON, amount_fen=_fen(20_000_000)
    )
    balances = [budget_line_balance(line=line).appropriated_fen for line in lines]
    assert balances[0] == _fen(20_000_000) and not any(balances[1:])
    note = LedgerEntry.objects.get(line=lines[0]).note
    assert "主管部门安排 2011年度（文件未规定金额" in note


def test_whoever_continued_the_fund_may_not_approve_its_payments(world):
    """Continuing a fund configures it (separation of duties, rule 1): the continuer is a
    configurer of the fund by the ``fund.continue`` record alone, and may not approve."""
    from funds_factories import BANK, PDF

    from waibao.funds.duties import DutiesConflict
    from waibao.security.duties import configured_by_user_ids

    services.fund_continue(fund=world.hz_fund, year=2011, actor=world.hz_finance, reason=REASON)
    assert world.hz_finance.pk in configured_by_user_ids(
        subjects=[("funds.fund", str(world.hz_fund.pk))]
    )
    world.entitle(entitlement_row(world.delta.uscc, "hangzhou.14.ip_funding", None, year=2011))
    application = services.application_create(
        entitlement=FundEntitlement.objects.get(year=2011),
        actor=world.delta_user,
        claimed_fen=_fen(50_000),
    )
    services.evidence_attach(
        application=application, actor=world.delta_user, name="a.pdf", content=PDF
    )
    services.application_submit(application=application, actor=world.delta_user, **BANK)
    services.application_review_district(
        application=application, actor=world.xihu_reviewer, decision="approve"
    )
    with pytest.raises(DutiesConflict):
        services.application_review_city(
            application=application, actor=world.hz_finance, decision="approve"
        )
    approved = services.application_review_city(
        application=application, actor=world.hz_admin, decision="approve"
    )
    assert approved.approved_fen == _fen(50_000)


def test_the_funds_page_continues_a_fund_for_its_administrator(world, client):
    client.force_login(world.hz_admin)
    home = client.get("/funds/").content.decode()
    assert "设立期限 2007-2010 年。" in home and 'name="year" size="5" value="2011"' in home
    path = "/funds/funds/hangzhou-so-fund/continue/"
    answer = client.post(path, {"year": "", "reason": REASON})
    assert answer.status_code == 302
    assert answer.url == "/funds/funds/hangzhou-so-fund/2011/"  # an empty year: the next one
    year_page = client.get(answer.url).content.decode()
    assert "资金已续设" in year_page and "市财政" in year_page and "3,000.00万" in year_page
    refused = client.post(path, {"year": "2011", "reason": REASON})
    assert refused.url == "/funds/"
    assert "已涵盖 2011 年" in client.get("/funds/").content.decode()
    client.force_login(world.gz_admin)
    assert client.post(path, {"year": "2012", "reason": REASON}).status_code == 403
    assert Fund.objects.get(pk=world.hz_fund.pk).last_year == 2011


def test_the_funds_api_continues_a_fund(world, client):
    def post(actor, body):
        client.logout()
        client.force_login(actor)
        return client.post(
            "/api/funds/funds/hangzhou-so-fund/continuation", body, content_type="application/json"
        )

    assert post(world.gz_admin, {"year": 2011, "reason": REASON}).status_code == 403
    made = post(world.hz_admin, {"year": 2011, "reason": REASON})
    assert made.status_code == 201, made.content
    answer = made.json()
    assert (answer["first_year"], answer["last_year"]) == (2007, 2011)
    appropriated = {line["source"]: line["appropriated"] for line in answer["lines"]}
    assert appropriated == {"city": "30000000.00", "hetda": "50000000.00", "hhtz": "20000000.00"}
    assert post(world.hz_admin, {"year": 2011, "reason": REASON}).status_code == 409
    assert post(world.hz_admin, {"year": 2012, "reason": ""}).status_code == 400
    assert post(world.hz_admin, {"year": 99999, "reason": REASON}).status_code == 422
