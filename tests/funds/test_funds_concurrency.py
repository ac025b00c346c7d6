"""Concurrent commitments against one budget line never over-commit it (PostgreSQL)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from funds_factories import World

from waibao.audit.selectors import audit_chain_verify
from waibao.funds.errors import BudgetExceeded
from waibao.funds.models import Application, BudgetLine, FundEntitlement, LedgerEntry
from waibao.funds.selectors import budget_line_balance
from waibao.funds.services import application_commit
from waibao.funds.stages import allocation
from waibao.money import yuan

WORKERS = 50


def _approved_applications(
    world: World, line: BudgetLine, count: int, prefix: str
) -> list[Application]:
    """Finally approved applications made straight in the database: the workflow that leads
    here has its own tests; this one is about the race at the end."""
    applications = []
    for index in range(count):
        entitlement = FundEntitlement.objects.create(
            organisation=world.alpha,
            uscc=world.alpha.uscc,
            year=2010,
            clause=f"guangzhou.5.training.{prefix}{index}",
            kind="subsidy",
            amount_fen=yuan(100_000),
            discretionary=True,
            citation="test",
        )
        applications.append(
            Application.objects.create(
                fund=line.fund,
                line=line,
                entitlement=entitlement,
                organisation=world.alpha,
                year=2010,
                clause=entitlement.clause,
                status=Application.Status.APPROVED,
                claimed_fen=yuan(100_000),
                approved_fen=yuan(100_000),
            )
        )
    return applications


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_approvals_for_payment_never_over_commit_one_budget_line(monkeypatch):
    # Widen the race: every balance read is followed by a pause, so without the row lock
    # many transactions would read the same balance before any of them commits.
    read_balance = allocation.budget_line_balance

    def slow_balance(*, line):
        balance = read_balance(line=line)
        time.sleep(0.02)
        return balance

    monkeypatch.setattr(allocation, "budget_line_balance", slow_balance)
    world = World()
    line = BudgetLine.objects.get(fund=world.gz_fund, year=2010, source="city")
    # The city line holds 20,000,000.00: room for 200 commitments of 100,000.00. Spend all but
    # 3,050,000.00 of it first, so only 30 of the 50 fit, and the 31st would fit only in half.

    filler = _approved_applications(world, line, 1, "filler")[0]
    filler.approved_fen = yuan(20_000_000 - 3_050_000)
    filler.save()
    application_commit(application=filler, actor=world.gz_admin)
    applications = _approved_applications(world, line, WORKERS, "case")
    # distinct clause ids per case keep one application per entitlement
    barrier = threading.Barrier(WORKERS)
    outcomes: list[str] = []
    failures: list[BaseException] = []

    def approve(application: Application) -> None:
        try:
            barrier.wait()
            application_commit(application=application, actor=world.gz_admin)
            outcomes.append("committed")
        except BudgetExceeded:
            outcomes.append("refused")
        except BaseException as error:  # re-raised below, in the test's thread
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(app,)) for app in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert outcomes.count("committed") == 30 and outcomes.count("refused") == 20
    balance = budget_line_balance(line=line)
    assert balance.committed_fen == yuan(20_000_000 - 50_000)
    assert balance.available_fen == yuan(50_000) and balance.available_fen >= 0
    commitments = LedgerEntry.objects.filter(line=line, kind=LedgerEntry.Kind.COMMITMENT)
    assert commitments.count() == 31
    assert Application.objects.filter(status=Application.Status.COMMITTED).count() == 31
    report = audit_chain_verify()
    assert report.intact
