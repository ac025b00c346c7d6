"""The access world (tests/access_world.py) with funds on top, for the home page per role
(工作台) tests, in the test client and in the browser: entitlements, applications at each
review stage, a budget, overdue 督办 tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
BANK = {"account_name": "账户名", "account_number": "6222000011112222", "bank_name": "工商银行"}


@pytest.fixture
def funds_world(world, tmp_path, monkeypatch):
    """The access world plus funds: entitlements of the enterprise (one fixed, one
    discretionary), applications of the district's other firm (submitted, and one through
    district review), one of Xihu (outside Guangzhou), a budget, a publication, a task."""
    from django.contrib.auth import get_user_model

    from waibao.accounts.models import Profile
    from waibao.funds.models import Application, FundEntitlement
    from waibao.funds.services import (
        application_create,
        application_review_district,
        application_submit,
        entitlement_import,
        evidence_attach,
        funds_preload,
    )
    from waibao.plans.models import PlanRole, Task

    monkeypatch.setenv("WAIBAO_DATA_DIR", str(tmp_path / "data"))
    funds_preload(years=[2010])

    def row(uscc, clause, amount, kind="subsidy"):
        return {
            "uscc": uscc,
            "year": 2010,
            "clause": clause,
            "kind": kind,
            "amount_cny": amount,
            "min_cny": None,
            "discretionary": amount is None,
            "citation": f"{clause} 的出处",
            "explanation": clause,
        }

    orgs = world.orgs
    entitlement_import(
        rows=[
            row(orgs.own.uscc, "guangzhou.5.training", "1234567.80"),
            row(orgs.own.uscc, "guangzhou.5.premises", None),
            row(orgs.district.uscc, "guangzhou.5.training", "100.00"),
            row(orgs.district.uscc, "guangzhou.5.premises", "200.00"),
            row(orgs.elsewhere.uscc, "hangzhou.17.graduate_training", "300.00"),
        ]
    )

    def enterprise_user(username, organisation):
        account = get_user_model().objects.create_user(username=username, password="pw")
        Profile.objects.create(user=account, role="enterprise", organisation=organisation)
        return account

    def submitted(owner, organisation, clause):
        entitlement = FundEntitlement.objects.get(organisation=organisation, clause=clause)
        application = application_create(entitlement=entitlement, actor=owner)
        evidence_attach(application=application, actor=owner, name="a.pdf", content=PDF)
        return application_submit(application=application, actor=owner, **BANK)

    neighbour = enterprise_user("linju", orgs.district)
    far = enterprise_user("yuanfang", orgs.elsewhere)
    waiting = submitted(neighbour, orgs.district, "guangzhou.5.training")
    reviewed = submitted(neighbour, orgs.district, "guangzhou.5.premises")
    application_review_district(
        application=reviewed, actor=world.users["district_reviewer"], decision="approve"
    )
    outside = submitted(far, orgs.elsewhere, "hangzhou.17.graduate_training")
    # the enterprise's own draft on its fixed entitlement
    own = application_create(
        entitlement=FundEntitlement.objects.get(
            organisation=orgs.own, clause="guangzhou.5.training"
        ),
        actor=world.users["enterprise"],
    )
    # waiting five days
    Application.objects.filter(pk=waiting.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=5)
    )
    PlanRole.objects.create(
        user=world.users["city_admin"], role=PlanRole.Role.OFFICE, jurisdiction="guangzhou"
    )
    Task.objects.create(
        jurisdiction="guangzhou",
        key="gz.test.overdue",
        title="逾期测试任务",
        deadline=timezone.localdate() - dt.timedelta(days=4),
    )
    Task.objects.create(
        jurisdiction="hangzhou",
        key="hz.test.overdue",
        title="杭州逾期任务",
        deadline=timezone.localdate() - dt.timedelta(days=9),
    )
    world.applications = {"waiting": waiting, "reviewed": reviewed, "outside": outside, "own": own}
    return world
