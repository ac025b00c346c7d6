"""Commitments, allocation and payments on the ledger: never over a budget, never over an
approval, every figure a sum of rows."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from waibao.funds import exports
from waibao.funds.errors import (
    BudgetExceeded,
    Forbidden,
    FundsError,
    InvalidAmount,
    InvalidTransition,
)
from waibao.funds.models import Application, BudgetLine, LedgerEntry, Payment, PaymentBatch
from waibao.funds.selectors import allocation_preview, budget_line_balance
from waibao.funds.services import (
    allocation_commit,
    application_commit,
    budget_line_appropriate,
    budget_line_create,
    fund_clause_configure,
    fund_configure,
    payment_add,
    payment_batch_create,
    payment_batch_send,
    payment_mark_failed,
    payment_mark_paid,
)
from waibao.money import yuan

S = Application.Status


@pytest.fixture
def small_line(world):
    """A 1,000.00 line the Guangzhou city admin sets up, paying guangzhou.5.training."""
    line = budget_line_create(
        fund=world.gz_fund, year=2010, source="pilot", source_name="试点", actor=world.gz_finance
    )
    budget_line_appropriate(line=line, amount_fen=yuan(1000), actor=world.gz_finance)
    fund_clause_configure(
        fund=world.gz_fund, clause="guangzhou.5.training", actor=world.gz_finance, source="pilot"
    )
    return line


def approved(world, org, amount, clause="guangzhou.5.training"):
    app = world.city_approved(org, clause, amount)
    return world.approved([app])[0]


def test_a_commitment_within_the_line_is_a_ledger_row_and_the_balance_their_sum(world, small_line):
    app = approved(world, world.alpha, "600.00")
    application_commit(application=app, actor=world.gz_admin)
    balance = budget_line_balance(line=small_line)
    assert (balance.appropriated_fen, balance.committed_fen, balance.available_fen) == (
        100_000,
        60_000,
        40_000,
    )
    assert LedgerEntry.objects.filter(application=app, kind="commitment").get().amount_fen == 60_000


def test_a_commitment_of_exactly_what_is_left_passes_and_one_fen_more_is_refused(world, small_line):
    first = approved(world, world.alpha, "600.00")
    application_commit(application=first, actor=world.gz_admin)
    over = approved(world, world.beta, "400.01")
    with pytest.raises(BudgetExceeded, match=r"尚余 400\.00 元"):
        application_commit(application=over, actor=world.gz_admin)
    over.refresh_from_db()
    assert over.status == S.APPROVED
    exact = approved(world, world.gamma, "400.00")
    application_commit(application=exact, actor=world.gz_admin)
    assert budget_line_balance(line=small_line).available_fen == 0


def test_only_the_fund_s_city_admin_commits_money(world, small_line):
    app = approved(world, world.alpha, "1.00")
    for outsider in (world.hz_admin, world.tianhe_reviewer, world.alpha_user):
        with pytest.raises(Forbidden):
            application_commit(application=app, actor=outsider)


def test_an_application_not_finally_approved_cannot_be_committed(world, small_line):
    app = world.city_approved(world.alpha, "guangzhou.5.training", "1.00")
    with pytest.raises(InvalidTransition):
        application_commit(application=app, actor=world.gz_admin)


def test_pro_rata_allocation_shares_the_line_to_the_fen_and_commits_it(world, small_line):
    apps = [approved(world, org, "500.00") for org in (world.alpha, world.beta, world.gamma)]
    preview = allocation_preview(line=small_line)
    assert preview.oversubscribed and preview.requested_fen == 150_000
    # 100,000 fen / 3 = 33,333.33: floors of 33,333 leave one fen, to the earliest application
    assert [row.allocated_fen for row in preview.rows] == [33_334, 33_333, 33_333]
    assert preview.allocated_fen == 100_000
    allocation_commit(line=small_line, actor=world.gz_admin, expected_digest=preview.digest)
    assert [Application.objects.get(pk=a.pk).allocated_fen for a in apps] == [
        33_334,
        33_333,
        33_333,
    ]
    assert budget_line_balance(line=small_line).available_fen == 0


def test_a_stale_preview_is_refused(world, small_line):
    approved(world, world.alpha, "800.00")
    approved(world, world.beta, "800.00")
    preview = allocation_preview(line=small_line)
    budget_line_appropriate(line=small_line, amount_fen=1, actor=world.gz_finance)
    with pytest.raises(FundsError, match="请重新预览"):
        allocation_commit(line=small_line, actor=world.gz_admin, expected_digest=preview.digest)
    assert not LedgerEntry.objects.filter(kind="commitment").exists()


def test_first_come_allocation_leaves_late_applications_unfunded(world, small_line):
    fund_configure(fund=world.gz_fund, actor=world.gz_finance, allocation_method="first_come")
    first = approved(world, world.alpha, "700.00")
    second = approved(world, world.beta, "700.00")
    third = approved(world, world.gamma, "700.00")
    allocation_commit(line=small_line, actor=world.gz_admin)
    statuses = {a.pk: (a.status, a.allocated_fen) for a in Application.objects.all()}
    assert statuses[first.pk] == (S.COMMITTED, 70_000)
    assert statuses[second.pk] == (S.COMMITTED, 30_000)
    assert statuses[third.pk] == (S.UNFUNDED, 0)


def test_priority_allocation_pays_the_priority_clause_first(world, small_line):
    fund_configure(fund=world.gz_fund, actor=world.gz_finance, allocation_method="priority")
    fund_clause_configure(
        fund=world.gz_fund,
        clause="guangzhou.5.certification",
        actor=world.gz_finance,
        source="pilot",
        priority=1,
    )
    early = approved(world, world.alpha, "700.00")
    urgent = approved(world, world.beta, "700.00", clause="guangzhou.5.certification")
    allocation_commit(line=small_line, actor=world.gz_admin)
    assert Application.objects.get(pk=urgent.pk).allocated_fen == 70_000
    assert Application.objects.get(pk=early.pk).allocated_fen == 30_000


def test_ledger_rows_are_never_changed_or_deleted(world, small_line):
    entry = small_line.entries.get()
    with pytest.raises(ValueError, match="never changed"):
        entry.save()
    with pytest.raises(ValueError, match="never deleted"):
        entry.delete()
    with pytest.raises(ValueError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount_fen=1)


# --- payments


@pytest.fixture
def committed(world, small_line):
    apps = [
        approved(world, org, amount)
        for org, amount in ((world.alpha, "600.00"), (world.beta, "400.00"))
    ]
    for app in apps:
        application_commit(application=app, actor=world.gz_admin)
    return apps


def test_a_batch_pays_what_is_committed_and_exports_it_for_the_treasury(world, committed):
    batch = payment_batch_create(fund=world.gz_fund, year=2010, actor=world.gz_clerk)
    assert batch.status == PaymentBatch.Status.PENDING
    rows = list(csv.DictReader(io.StringIO(exports.payment_batch_csv(batch=batch))))
    assert [(r["uscc"], r["amount"], r["bank_account_number"]) for r in rows] == [
        (world.alpha.uscc, "600.00", "6222000011112222"),
        (world.beta.uscc, "400.00", "6222000011112222"),
    ]
    sheet = load_workbook(io.BytesIO(exports.payment_batch_xlsx(batch=batch))).active
    assert [c.value for c in sheet[2]][5] == "600.00"  # a string: no float in the export


def test_no_payment_goes_beyond_its_approval(world, committed):
    batch = payment_batch_create(
        fund=world.gz_fund, year=2010, actor=world.gz_clerk, applications=[committed[0]]
    )
    assert batch.payments.get().amount_fen == 60_000
    other = PaymentBatch.objects.create(fund=world.gz_fund, year=2010, created_by=world.gz_clerk)
    with pytest.raises(InvalidAmount, match="超出核定安排的金额"):
        payment_add(batch=other, application=committed[0], amount_fen=1, actor=world.gz_clerk)
    with pytest.raises(InvalidAmount, match="超出核定安排的金额"):
        payment_add(batch=other, application=committed[1], amount_fen=40_001, actor=world.gz_clerk)
    assert (
        payment_add(
            batch=other, application=committed[1], amount_fen=40_000, actor=world.gz_clerk
        ).amount_fen
        == 40_000
    )


def test_paid_payments_are_ledger_rows_and_a_failed_one_can_be_paid_again(world, committed):
    batch = payment_batch_create(fund=world.gz_fund, year=2010, actor=world.gz_clerk)
    first, second = batch.payments.order_by("id")
    with pytest.raises(InvalidTransition, match="不是已发送"):
        payment_mark_paid(payment=first, actor=world.gz_clerk)
    payment_batch_send(batch=batch, actor=world.gz_treasurer)
    payment_mark_paid(payment=first, actor=world.gz_clerk)
    with pytest.raises(FundsError, match="须说明"):
        payment_mark_failed(payment=second, actor=world.gz_clerk, reason="")
    payment_mark_failed(payment=second, actor=world.gz_clerk, reason="账户已销户")
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.SETTLED
    assert Application.objects.get(pk=committed[0].pk).status == S.PAID
    assert Application.objects.get(pk=committed[1].pk).status == S.COMMITTED
    line = BudgetLine.objects.get(pk=committed[0].line_id)
    assert budget_line_balance(line=line).paid_fen == 60_000
    again = payment_batch_create(fund=world.gz_fund, year=2010, actor=world.gz_clerk)
    assert list(again.payments.values_list("amount_fen", flat=True)) == [40_000]
    payment_batch_send(batch=again, actor=world.gz_treasurer)
    payment_mark_paid(payment=again.payments.get(), actor=world.gz_admin)
    balance = budget_line_balance(line=line)
    assert (balance.paid_fen, balance.outstanding_fen) == (100_000, 0)
    assert Payment.objects.filter(status="paid").count() == 2


def test_only_the_fund_s_city_admin_runs_payments(world, committed):
    for outsider in (world.hz_admin, world.tianhe_reviewer, world.alpha_user):
        with pytest.raises(Forbidden):
            payment_batch_create(fund=world.gz_fund, year=2010, actor=outsider)


def test_a_released_commitment_goes_back_to_the_line_as_a_release_row(world, committed):
    from waibao.funds.services import application_release

    with pytest.raises(FundsError, match="须说明"):
        application_release(application=committed[0], actor=world.gz_admin, reason="")
    with pytest.raises(Forbidden):
        application_release(application=committed[0], actor=world.alpha_user, reason="x")
    application_release(application=committed[0], actor=world.gz_admin, reason="查实存在违规")
    line = BudgetLine.objects.get(pk=committed[0].line_id)
    balance = budget_line_balance(line=line)
    assert (balance.committed_fen, balance.released_fen, balance.available_fen) == (
        100_000,
        60_000,
        60_000,
    )
    assert Application.objects.get(pk=committed[0].pk).status == S.REJECTED
    batch = payment_batch_create(fund=world.gz_fund, year=2010, actor=world.gz_clerk)
    assert list(batch.payments.values_list("application", flat=True)) == [committed[1].pk]
    with pytest.raises(InvalidTransition, match="请先处理付款"):
        application_release(application=committed[1], actor=world.gz_admin, reason="x")


def test_payment_details_change_only_for_the_enterprise_and_not_while_a_payment_is_out(
    world, committed
):
    from funds_factories import BANK

    from waibao.funds.services import application_payment_details_change

    change = {**BANK, "account_number": "6222000033334444", "reason": "换开户行"}
    with pytest.raises(Forbidden):
        application_payment_details_change(application=committed[0], actor=world.gz_admin, **change)
    batch = payment_batch_create(fund=world.gz_fund, year=2010, actor=world.gz_clerk)
    with pytest.raises(InvalidTransition, match="待发送或已发送"):
        application_payment_details_change(
            application=committed[0], actor=world.alpha_user, **change
        )
    payment_batch_send(batch=batch, actor=world.gz_treasurer)
    payment_mark_failed(
        payment=batch.payments.get(application=committed[0]),
        actor=world.gz_admin,
        reason="户名不符",
    )
    changed = application_payment_details_change(
        application=committed[0], actor=world.alpha_user, **change
    )
    assert changed.bank_account_number == "6222000033334444"
    assert changed.status == S.PAYEE_REVIEW  # new details go back to review


def test_an_unfunded_application_is_committed_once_the_line_is_topped_up(world, small_line):
    fund_configure(fund=world.gz_fund, actor=world.gz_finance, allocation_method="first_come")
    approved(world, world.alpha, "1000.00")
    late = approved(world, world.beta, "300.00")
    allocation_commit(line=small_line, actor=world.gz_admin)
    late.refresh_from_db()
    assert late.status == S.UNFUNDED
    with pytest.raises(BudgetExceeded):
        application_commit(application=late, actor=world.gz_admin)
    budget_line_appropriate(line=small_line, amount_fen=30_000, actor=world.gz_finance)
    assert application_commit(application=late, actor=world.gz_admin).status == S.COMMITTED
