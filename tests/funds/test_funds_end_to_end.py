"""A fund year end to end: entitlements → applications and 免申即享 → district and city review →
公示 → allocation under a tight budget → payments; every amount exact, every step audited."""

from __future__ import annotations

import csv
import io

import pytest
from funds_factories import BANK, PDF, after_publicity, entitlement_row, organisation, region, user
from openpyxl import load_workbook

from waibao.accounts.models import Role
from waibao.audit.models import AuditRecord
from waibao.audit.selectors import audit_chain_verify, audit_trail
from waibao.cli import main
from waibao.funds import exports
from waibao.funds.errors import Forbidden, FundsError, InvalidAmount, InvalidTransition
from waibao.funds.models import (
    Application,
    BudgetLine,
    Fund,
    FundEntitlement,
    LedgerEntry,
    Payment,
)
from waibao.funds.selectors import allocation_preview, budget_line_balance
from waibao.funds.services import (
    allocation_commit,
    application_confirm,
    application_create,
    application_payee_review,
    application_payment_details_change,
    application_review_city,
    application_review_district,
    application_submit,
    automatic_batch_create,
    budget_line_appropriate,
    evidence_attach,
    fund_clause_configure,
    funds_preload,
    objection_record,
    objection_resolve,
    payment_add,
    payment_batch_create,
    payment_batch_send,
    payment_mark_failed,
    payment_mark_paid,
    publication_approve_all,
    publication_create,
)
from waibao.money import yuan

S = Application.Status


@pytest.mark.django_db
def test_a_wenzhou_fund_year_runs_end_to_end_exact_to_the_fen_and_fully_audited(data_dir, capsys):
    # -- the city, its districts, its enterprises and its staff
    zhejiang = region("330000", "浙江省", "province")
    wenzhou = region("330300", "温州市", "city", zhejiang)
    lucheng = region("330302", "鹿城区", "district", wenzhou)
    longwan = region("330303", "龙湾区", "district", wenzhou)
    a = organisation("91330300AAAAAAAA01", "鹿城甲外包", lucheng)
    b = organisation("91330300BBBBBBBB02", "鹿城乙园区", lucheng)
    c = organisation("91330300CCCCCCCC03", "龙湾丙网络", longwan)
    d = organisation("91330300DDDDDDDD04", "龙湾丁平台", longwan)
    e = organisation("91330300EEEEEEEE05", "龙湾戊软件", longwan)
    users = {
        org.pk: user(f"ent{org.pk}", Role.ENTERPRISE, organisation=org) for org in (a, b, c, d, e)
    }
    lucheng_reviewer = user("lucheng", Role.DISTRICT_REVIEWER, region=lucheng)
    longwan_reviewer = user("longwan", Role.DISTRICT_REVIEWER, region=longwan)
    admin = user("wzadmin", Role.CITY_ADMIN, region=wenzhou)
    # separation of duties: the officer who sets the fund up is not the one who approves payments
    configurer = user("wzconfig", Role.CITY_ADMIN, region=wenzhou)
    # ...and the approver, the maker of a payment batch and its sender are three people
    clerk = user("wzclerk", Role.CITY_ADMIN, region=wenzhou)
    treasurer = user("wztreasurer", Role.CITY_ADMIN, region=wenzhou)
    reviewer = {lucheng.code: lucheng_reviewer, longwan.code: longwan_reviewer}

    # -- the fund: 温州 19. names no amount; the bureau appropriates 1,000,000.00 for 2012
    funds_preload(years=[2012], actor=configurer)
    fund = Fund.objects.get(code="wenzhou-so-fund")
    line = BudgetLine.objects.get(fund=fund, year=2012, source="city")
    assert line.planned_fen is None and "19." in line.citation
    assert budget_line_balance(line=line).appropriated_fen == 0
    budget_line_appropriate(
        line=line, amount_fen=yuan(1_000_000), actor=configurer, note="2012年度预算"
    )
    fund_clause_configure(
        fund=fund, clause="wenzhou.7.public_platform", actor=configurer, automatic=True
    )
    fund_clause_configure(
        fund=fund, clause="wenzhou.9.leased_line", actor=configurer, reviewer_cap_fen=yuan(200_000)
    )

    # -- entitlements in, as the rules engine writes them (FACTS.md rows)
    rows = [
        entitlement_row(
            a.uscc, "wenzhou.6.platform_usage", "300000.00", year=2012, discretionary=True
        ),
        entitlement_row(
            b.uscc,
            "wenzhou.4.demonstration_park",
            "500000.00",
            year=2012,
            kind="reward",
            discretionary=True,
        ),
        entitlement_row(c.uscc, "wenzhou.9.leased_line", None, year=2012),
        entitlement_row(
            d.uscc, "wenzhou.7.public_platform", "300000.00", year=2012, discretionary=True
        ),
        entitlement_row(e.uscc, "wenzhou.12.market_development", None, year=2012),
        entitlement_row(
            e.uscc,
            "wenzhou.20.business_tax_exemption",
            "5000.00",
            year=2012,
            kind="tax_incentive",
            discretionary=False,
        ),
    ]
    from waibao.funds.services import entitlement_import

    assert entitlement_import(rows=rows, actor=admin).added == 6

    def entitlement(org, clause):
        return FundEntitlement.objects.get(uscc=org.uscc, year=2012, clause=clause)

    # -- applications: a tax incentive is not paid from a fund
    with pytest.raises(FundsError, match="税收优惠"):
        application_create(
            entitlement=entitlement(e, "wenzhou.20.business_tax_exemption"), actor=users[e.pk]
        )

    def apply(org, clause, claimed=None):
        application = application_create(
            entitlement=entitlement(org, clause), actor=users[org.pk], claimed_fen=claimed
        )
        evidence_attach(application=application, actor=users[org.pk], name="发票.pdf", content=PDF)
        return application_submit(application=application, actor=users[org.pk], **BANK)

    with pytest.raises(InvalidAmount, match="超过应享金额"):
        application_create(
            entitlement=entitlement(a, "wenzhou.6.platform_usage"),
            actor=users[a.pk],
            claimed_fen=yuan("300000.01"),
        )
    app_a = apply(a, "wenzhou.6.platform_usage")
    app_b = apply(b, "wenzhou.4.demonstration_park")
    app_c = apply(c, "wenzhou.9.leased_line", claimed=yuan("150000.00"))
    app_e = apply(e, "wenzhou.12.market_development", claimed=yuan("80000.00"))

    # -- 免申即享: D never applies; it only confirms where to pay
    (app_d,) = automatic_batch_create(fund=fund, year=2012, actor=admin)
    assert app_d.organisation == d and app_d.status == S.AWAITING_CONFIRMATION
    assert app_d.claimed_fen == yuan(300_000)
    app_d = application_confirm(application=app_d, actor=users[d.pk], **BANK)
    assert app_d.status == S.SUBMITTED

    # -- district review: A is returned for a missing invoice, then resubmitted; E rejected
    app_a = application_review_district(
        application=app_a, actor=lucheng_reviewer, decision="return", reason="缺少平台使用费发票"
    )
    assert app_a.status == S.RETURNED
    evidence_attach(
        application=app_a,
        actor=users[a.pk],
        name="scan.png",
        content=b"\x89PNG\r\n\x1a\n" + b"\x01" * 64,
    )
    app_a = application_submit(application=app_a, actor=users[a.pk], **BANK)
    app_e = application_review_district(
        application=app_e, actor=longwan_reviewer, decision="reject", reason="展会不属于服务外包"
    )
    assert app_e.status == S.REJECTED
    for app in (app_a, app_b, app_c, app_d):
        application_review_district(
            application=app, actor=reviewer[app.organisation.region_id], decision="approve"
        )

    # -- city review: the reviewer sets the discretionary and the open amounts
    approved = {
        app_a.pk: yuan("250000.00"),  # less than the 300,000.00 ceiling
        app_b.pk: None,  # the claim, the ceiling 500,000.00
        app_c.pk: yuan("123456.78"),  # open amount, under the bureau's 200,000.00 cap
        app_d.pk: None,
    }
    with pytest.raises(InvalidAmount, match="超过上限"):
        application_review_city(
            application=app_c, actor=admin, decision="approve", approved_fen=yuan("150000.01")
        )
    reviewed = [
        application_review_city(
            application=app, actor=admin, decision="approve", approved_fen=approved[app.pk]
        )
        for app in (app_a, app_b, app_c, app_d)
    ]
    assert [app.approved_fen for app in reviewed] == [
        25_000_000,
        50_000_000,
        12_345_678,
        30_000_000,
    ]

    # -- 公示 for 7 days; an objection holds up B until resolved
    publication = publication_create(fund=fund, year=2012, actor=admin)
    assert (publication.ends_at - publication.published_at).days == 7
    assert set(publication.applications.values_list("pk", flat=True)) == set(approved)
    objection = objection_record(
        application=app_b, actor=admin, raised_by="匿名来信", text="园区未建成公共信息技术平台"
    )
    with pytest.raises(InvalidTransition, match="公示期至"):
        publication_approve_all(publication=publication, actor=admin)
    with pytest.raises(InvalidTransition, match="异议"):
        publication_approve_all(
            publication=publication, actor=admin, now=after_publicity(publication)
        )
    objection_resolve(
        objection=objection, actor=admin, upheld=False, resolution="经核查平台已于2012年3月投入运行"
    )
    with pytest.raises(Forbidden, match="职责分离"):
        publication_approve_all(
            publication=publication, actor=configurer, now=after_publicity(publication)
        )
    publication_approve_all(publication=publication, actor=admin, now=after_publicity(publication))

    # -- allocation: 1,173,456.78 approved against 1,000,000.00, pro rata to the fen
    preview = allocation_preview(line=line)
    assert preview.oversubscribed and preview.method == "pro_rata"
    assert preview.requested_fen == 117_345_678 and preview.available_fen == 100_000_000
    shares = {row.application_id: row.allocated_fen for row in preview.rows}
    # floors 21,304,576 / 42,609,153 / 10,520,777 / 25,565,492 leave 2 fen, which go to the
    # largest remainders: C (.77) and A (.72)
    assert shares == {
        app_a.pk: 21_304_577,
        app_b.pk: 42_609_153,
        app_c.pk: 10_520_778,
        app_d.pk: 25_565_492,
    }
    assert sum(shares.values()) == 100_000_000
    assert Application.objects.filter(status=S.APPROVED).count() == 4  # a preview writes nothing
    allocation_commit(line=line, actor=admin, expected_digest=preview.digest)
    balance = budget_line_balance(line=line)
    assert balance.committed_fen == 100_000_000 and balance.available_fen == 0

    # -- payments: never beyond the approval; a failed one is paid again in a new batch
    batch = payment_batch_create(fund=fund, year=2012, actor=clerk)
    assert sorted(batch.payments.values_list("amount_fen", flat=True)) == sorted(shares.values())
    payment_a = batch.payments.get(application=app_a)
    with pytest.raises(InvalidAmount, match="超出核定安排的金额"):
        payment_add(batch=batch, application=app_a, amount_fen=1, actor=clerk)
    csv_rows = list(csv.DictReader(io.StringIO(exports.payment_batch_csv(batch=batch))))
    assert sorted(r["amount"] for r in csv_rows) == sorted(
        ["213045.77", "426091.53", "105207.78", "255654.92"]
    )
    sheet = load_workbook(io.BytesIO(exports.payment_batch_xlsx(batch=batch))).active
    header = [cell.value for cell in sheet[1]]
    amounts = [row[header.index("amount")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(amounts) == sorted(r["amount"] for r in csv_rows)
    payment_batch_send(batch=batch, actor=treasurer)
    for payment in batch.payments.exclude(application=app_d):
        payment_mark_paid(payment=payment, actor=clerk)
    payment_mark_failed(
        payment=batch.payments.get(application=app_d), actor=clerk, reason="账号户名不符"
    )
    application_payment_details_change(
        application=app_d,
        actor=users[d.pk],
        reason="更正开户名",
        **{**BANK, "account_name": "龙湾丁平台有限公司", "account_number": "6222000099998888"},
    )
    # the new account was never reviewed: the application waits for a city reviewer first
    assert Application.objects.get(pk=app_d.pk).status == S.PAYEE_REVIEW
    with pytest.raises(FundsError, match="没有可拨付的款项"):
        payment_batch_create(fund=fund, year=2012, actor=clerk)
    application_payee_review(
        application=app_d, actor=admin, decision="approve", reason="核对开户许可证"
    )
    second = payment_batch_create(fund=fund, year=2012, actor=clerk)
    assert second.payments.get().bank_account_number == "6222000099998888"
    assert list(second.payments.values_list("amount_fen", flat=True)) == [25_565_492]
    payment_batch_send(batch=second, actor=treasurer)
    payment_mark_paid(payment=second.payments.get(), actor=clerk)

    balance = budget_line_balance(line=line)
    assert (balance.appropriated_fen, balance.committed_fen, balance.paid_fen) == (
        100_000_000,
        100_000_000,
        100_000_000,
    )
    assert balance.outstanding_fen == 0
    assert LedgerEntry.objects.filter(line=line, kind="payment").count() == 4
    assert set(Application.objects.filter(pk__in=shares).values_list("status", flat=True)) == {
        S.PAID
    }
    payment_a.refresh_from_db()
    assert payment_a.status == "paid"

    # -- every step audited: each application's trail walks its states in order
    trail_d = list(audit_trail(obj=app_d))
    assert [(r.from_state, r.to_state) for r in trail_d] == [
        ("", S.AWAITING_CONFIRMATION),
        (S.AWAITING_CONFIRMATION, S.SUBMITTED),
        (S.SUBMITTED, S.DISTRICT_APPROVED),
        (S.DISTRICT_APPROVED, S.CITY_APPROVED),
        (S.CITY_APPROVED, S.IN_PUBLICITY),
        (S.IN_PUBLICITY, S.APPROVED),
        (S.APPROVED, S.COMMITTED),
        (S.COMMITTED, S.PAYEE_REVIEW),  # the corrected bank account, back to review
        (S.PAYEE_REVIEW, S.COMMITTED),
        (S.COMMITTED, S.PAID),
    ]
    assert trail_d[3].actor_username == "wzadmin"
    trail_a = [(r.action, r.reason) for r in audit_trail(obj=app_a)]
    assert ("application.district_return", "缺少平台使用费发票") in trail_a
    assert AuditRecord.objects.filter(action="objection.resolve").get().reason.startswith("经核查")
    assert AuditRecord.objects.filter(action="payment.failed").get().reason == "账号户名不符"
    change = AuditRecord.objects.get(action="application.payment_details_change")
    assert change.payload == {"before": "************2222", "after": "************8888"}
    # and the trail of every application and payment ends in the state it is in now
    for tracked in [*Application.objects.all(), *Payment.objects.all()]:
        assert audit_trail(obj=tracked).last().to_state == tracked.status, tracked
    assert audit_chain_verify().intact
    assert main(["audit", "verify"]) == 0
    assert "audit chain intact" in capsys.readouterr().out
