"""Guangdong (十五): the provincial special fund, so every Guangdong clause can be applied
for, reviewed, published and paid, for organisations of any city of the province."""

from __future__ import annotations

import pytest
from funds_factories import BANK, PDF, after_publicity, entitlement_row, organisation, region, user

from waibao.accounts.models import Role
from waibao.audit.selectors import audit_trail
from waibao.cli import main
from waibao.funds.errors import Forbidden, FundsError
from waibao.funds.models import Application, BudgetLine, Fund, FundEntitlement
from waibao.funds.selectors import budget_line_balance
from waibao.funds.services import (
    application_create,
    application_review_city,
    application_review_district,
    application_submit,
    entitlement_import,
    evidence_attach,
    funds_preload,
    payment_batch_create,
    payment_batch_send,
    payment_mark_paid,
    publication_approve_all,
    publication_create,
)
from waibao.money import yuan

S = Application.Status
pytestmark = pytest.mark.django_db


def test_preload_creates_the_provincial_fund_with_no_amount_unless_the_bureau_gives_one():
    funds_preload(years=[2011, 2012, 2024])
    fund = Fund.objects.get(code="guangdong-so-fund")
    assert fund.jurisdiction == "guangdong" and fund.city_code == "440000"
    assert fund.clause == "guangdong.15.special_fund" and "(十五)" in fund.citation
    assert not BudgetLine.objects.filter(fund=fund, year=2011).exists()  # before 粤府〔2012〕88号
    line = BudgetLine.objects.get(fund=fund, year=2024, source="province")
    assert line.planned_fen is None  # the text names no amount
    assert budget_line_balance(line=line).appropriated_fen == 0
    funds_preload(years=[2025], amounts={"guangdong-so-fund": yuan(50_000_000)})
    later = BudgetLine.objects.get(fund=fund, year=2025, source="province")
    assert budget_line_balance(line=later).appropriated_fen == yuan(50_000_000)
    assert budget_line_balance(line=line).appropriated_fen == 0  # an existing year unchanged
    with pytest.raises(FundsError, match="没有专项资金 nowhere"):
        funds_preload(years=[2025], amounts={"nowhere": 1})


def test_the_cli_preloads_the_bureaus_amount_and_refuses_a_bad_one(data_dir, capsys):
    assert (
        main(["funds", "preload", "--year", "2024", "--amount", "guangdong-so-fund=1000.50"]) == 0
    )
    assert "guangdong-so-fund" in capsys.readouterr().out
    line = BudgetLine.objects.get(fund__code="guangdong-so-fund", year=2024)
    assert budget_line_balance(line=line).appropriated_fen == 100_050
    assert main(["funds", "preload", "--year", "2024", "--amount", "guangdong-so-fund=1e5"]) == 1
    assert main(["funds", "preload", "--year", "2024", "--amount", "nowhere=5"]) == 1
    assert "no fund 'nowhere'" in capsys.readouterr().err


def test_a_guangdong_clause_is_applied_for_reviewed_published_and_paid(data_dir):
    guangdong = region("440000", "广东省", "province")
    guangzhou = region("440100", "广州市", "city", guangdong)
    tianhe = region("440106", "天河区", "district", guangzhou)
    foshan = region("440600", "佛山市", "city", guangdong)
    chancheng = region("440604", "禅城区", "district", foshan)
    zhejiang = region("330000", "浙江省", "province")
    hangzhou = region("330100", "杭州市", "city", zhejiang)
    xihu = region("330106", "西湖区", "district", hangzhou)
    gz_firm = organisation("91440106AAAAAAAA01", "天河甲外包", tianhe)
    fs_firm = organisation("91440604BBBBBBBB02", "禅城乙软件", chancheng)
    hz_firm = organisation("91330106CCCCCCCC03", "西湖丙外包", xihu)
    users = {
        org.pk: user(f"ent{org.pk}", Role.ENTERPRISE, organisation=org)
        for org in (gz_firm, fs_firm, hz_firm)
    }
    reviewers = {
        tianhe.code: user("tianhe", Role.DISTRICT_REVIEWER, region=tianhe),
        chancheng.code: user("chancheng", Role.DISTRICT_REVIEWER, region=chancheng),
    }
    admin = user("gdadmin", Role.CITY_ADMIN, region=guangdong)  # the province's fund officer
    configurer = user("gdconfig", Role.CITY_ADMIN, region=guangdong)
    # separation of duties: the approver, the batch maker and the sender are three people
    clerk = user("gdclerk", Role.CITY_ADMIN, region=guangdong)
    treasurer = user("gdtreasurer", Role.CITY_ADMIN, region=guangdong)
    guangzhou_admin = user("gzadmin", Role.CITY_ADMIN, region=guangzhou)

    funds_preload(years=[2024], actor=configurer, amounts={"guangdong-so-fund": yuan(1_000_000)})
    fund = Fund.objects.get(code="guangdong-so-fund")
    line = BudgetLine.objects.get(fund=fund, year=2024, source="province")

    rows = [
        # (九) "适当资金支持": eligible, amount for the reviewer (null)
        entitlement_row(gz_firm.uscc, "guangdong.9.certification", None, year=2024),
        # (十二) with a configured rate: 50% of 120,000.00 trade-fair costs
        entitlement_row(fs_firm.uscc, "guangdong.12.international_events", "60000.00", year=2024),
        entitlement_row(hz_firm.uscc, "guangdong.12.international_events", "1.00", year=2024),
        entitlement_row(
            gz_firm.uscc,
            "guangdong.16.advanced_technology_service",
            None,
            year=2024,
            kind="tax_incentive",
        ),
    ]
    assert entitlement_import(rows=rows, actor=admin).added == 4

    def entitlement(org, clause):
        return FundEntitlement.objects.get(uscc=org.uscc, year=2024, clause=clause)

    with pytest.raises(FundsError, match="税收优惠"):
        application_create(
            entitlement=entitlement(gz_firm, "guangdong.16.advanced_technology_service"),
            actor=users[gz_firm.pk],
        )
    with pytest.raises(
        Forbidden, match="不在广东省服务外包发展专项资金的支持范围内"
    ):  # a Hangzhou firm: not Guangdong
        application_create(
            entitlement=entitlement(hz_firm, "guangdong.12.international_events"),
            actor=users[hz_firm.pk],
        )

    def apply(org, clause, claimed=None):
        application = application_create(
            entitlement=entitlement(org, clause), actor=users[org.pk], claimed_fen=claimed
        )
        assert application.fund == fund and application.line == line
        evidence_attach(application=application, actor=users[org.pk], name="证书.pdf", content=PDF)
        return application_submit(application=application, actor=users[org.pk], **BANK)

    certification = apply(gz_firm, "guangdong.9.certification", claimed=yuan("80000.00"))
    events = apply(fs_firm, "guangdong.12.international_events")
    assert events.claimed_fen == yuan(60_000)

    for application in (certification, events):
        application_review_district(
            application=application,
            actor=reviewers[application.organisation.region_id],
            decision="approve",
        )
    with pytest.raises(Forbidden):  # Guangzhou's admin does not run the province's fund
        application_review_city(
            application=certification, actor=guangzhou_admin, decision="approve"
        )
    certification = application_review_city(
        application=certification, actor=admin, decision="approve", approved_fen=yuan(75_000)
    )
    events = application_review_city(application=events, actor=admin, decision="approve")
    assert (certification.approved_fen, events.approved_fen) == (yuan(75_000), yuan(60_000))

    publication = publication_create(fund=fund, year=2024, actor=admin)
    assert set(publication.applications.all()) == {certification, events}
    publication_approve_all(publication=publication, actor=admin, now=after_publicity(publication))

    from waibao.funds.selectors import allocation_preview
    from waibao.funds.services import allocation_commit

    preview = allocation_preview(line=line)
    assert not preview.oversubscribed  # 135,000.00 of 1,000,000.00
    allocation_commit(line=line, actor=admin, expected_digest=preview.digest)
    batch = payment_batch_create(fund=fund, year=2024, actor=clerk)
    payment_batch_send(batch=batch, actor=treasurer)
    for payment in batch.payments.all():
        payment_mark_paid(payment=payment, actor=clerk)

    balance = budget_line_balance(line=line)
    assert balance.paid_fen == yuan(135_000)
    assert balance.available_fen == yuan(1_000_000) - yuan(135_000)
    for application in (certification, events):
        application.refresh_from_db()
        assert application.status == S.PAID
        states = [r.to_state for r in audit_trail(obj=application)]
        assert states[-4:] == [S.IN_PUBLICITY, S.APPROVED, S.COMMITTED, S.PAID]
