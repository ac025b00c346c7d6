"""Every service refuses the roles it is not for: a matrix of step × wrong actor."""

from __future__ import annotations

import pytest
from funds_factories import BANK, after_publicity

from waibao.audit.models import AuditRecord
from waibao.funds import services
from waibao.funds.errors import Forbidden
from waibao.funds.models import BudgetLine


def steps(world, application, published):
    line = BudgetLine.objects.get(fund=world.gz_fund, year=2010, source="city")
    return {
        "fund_configure": lambda actor: services.fund_configure(
            fund=world.gz_fund, actor=actor, publicity_days=3
        ),
        "fund_clause_configure": lambda actor: services.fund_clause_configure(
            fund=world.gz_fund, clause="guangzhou.5.training", actor=actor, automatic=True
        ),
        "budget_line_create": lambda actor: services.budget_line_create(
            fund=world.gz_fund, year=2010, source="x", source_name="x", actor=actor
        ),
        "automatic_batch_create": lambda actor: services.automatic_batch_create(
            fund=world.gz_fund, year=2010, actor=actor
        ),
        "application_confirm": lambda actor: services.application_confirm(
            application=application, actor=actor, **BANK
        ),
        "publication_create": lambda actor: services.publication_create(
            fund=world.gz_fund, year=2010, actor=actor
        ),
        "application_approve_final": lambda actor: services.application_approve_final(
            application=published, actor=actor, now=after_publicity(published.publication)
        ),
        "allocation_commit": lambda actor: services.allocation_commit(line=line, actor=actor),
        "payment_batch_create": lambda actor: services.payment_batch_create(
            fund=world.gz_fund, year=2010, actor=actor
        ),
    }


STEPS = [
    "fund_configure",
    "fund_clause_configure",
    "budget_line_create",
    "automatic_batch_create",
    "application_confirm",
    "publication_create",
    "application_approve_final",
    "allocation_commit",
    "payment_batch_create",
]


@pytest.mark.parametrize("step", STEPS)
def test_each_step_is_refused_to_every_role_it_is_not_for_and_leaves_no_trace(world, step):
    application = world.submitted(world.beta, "guangzhou.5.training", "1.00")
    published = world.city_approved(world.alpha, "guangzhou.5.certification", "1.00")
    services.publication_create(
        fund=world.gz_fund, year=2010, actor=world.gz_admin, applications=[published]
    )
    published.refresh_from_db()
    run = steps(world, application, published)[step]
    wrong = [world.hz_admin, world.tianhe_reviewer, world.analyst, world.alpha_user, None]
    if step == "application_confirm":  # the enterprise's own step: others, even staff, may not
        wrong = [world.alpha_user, world.tianhe_reviewer, world.gz_admin, None]
    before = AuditRecord.objects.count()
    for actor in wrong:
        with pytest.raises(Forbidden):
            run(actor)
    assert AuditRecord.objects.count() == before
