"""Data for the schema fuzzing (test_api_schema): the project's demo data set and logins, a
Guangzhou fund year with applications in several states, the Datong plan, a talent course,
a recognition application and a credit event, and an API token per role.

A module name no other test folder uses (the test folders are not packages).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
BANK = {"account_name": "广州天河云联", "account_number": "6222000011112222", "bank_name": "工行"}


def build() -> SimpleNamespace:
    from django.contrib.auth import get_user_model

    from waibao import demo
    from waibao.accounts.models import Profile, Role
    from waibao.apitokens.services import token_create
    from waibao.demo.loader import demo_load
    from waibao.demo.logins import demo_logins_ensure
    from waibao.demo.scenarios import DEMO_ENTERPRISE_INDEX, scenario_uscc
    from waibao.funds import services as funds
    from waibao.funds.entitlements import entitlement_import_for_year
    from waibao.funds.models import BudgetLine, Fund, FundEntitlement
    from waibao.plans.loading import plan_load
    from waibao.registry.models import Organisation, Region

    demo_load(demo.generate(enterprises=0))
    # one login per role: the first of each (the extra city officers pay, further down)
    usernames = [login.username for login in demo_logins_ensure()][:6]
    users = {
        user.waibao_profile.role: user
        for user in get_user_model().objects.filter(username__in=usernames)
    }
    # as made in a session that gave the second factor (POST /api/tokens)
    tokens = {
        role: token_create(user=user, name="schema", second_factor_given=True)[1]
        for role, user in users.items()
    }

    own = Organisation.objects.get(uscc=scenario_uscc(DEMO_ENTERPRISE_INDEX))
    guangzhou = Region.objects.get(code="440100")
    # separation of duties: another city officer sets the fund up; shiji approves and pays
    configurer = get_user_model().objects.create_user(username="peizhi", password="pw")
    Profile.objects.create(user=configurer, role=Role.CITY_ADMIN, region=guangzhou)
    # ...the approver does not make the payment batch, its maker does not send it
    treasurer = get_user_model().objects.get(username="chuna")

    funds.funds_preload(years=[2021, 2022, 2023, 2024], actor=configurer)
    for year in (2021, 2022, 2023, 2024):
        entitlement_import_for_year(year=year, actor=configurer)
    fund = Fund.objects.get(code="guangzhou-so-fund")
    enterprise, reviewer = users["enterprise"], users["district_reviewer"]
    admin = users["city_admin"]

    def entitlement(year: int, clause: str) -> Any:
        return FundEntitlement.objects.get(uscc=own.uscc, year=year, clause=clause)

    def submitted(year: int, clause: str, claimed: int) -> Any:
        application = funds.application_create(
            entitlement=entitlement(year, clause), actor=enterprise, claimed_fen=claimed
        )
        funds.evidence_attach(application=application, actor=enterprise, name="a.pdf", content=PDF)
        return funds.application_submit(application=application, actor=enterprise, **BANK)

    draft = funds.application_create(
        entitlement=entitlement(2024, "guangzhou.5.market_development"),
        actor=enterprise,
        claimed_fen=5_000_000,
    )
    district = funds.application_review_district(
        application=submitted(2022, "guangzhou.5.market_development", 4_000_000),
        actor=reviewer,
        decision="approve",
        recommended_fen=3_000_000,
    )
    paid = submitted(2021, "guangzhou.5.training", 2_000_000)
    paid = funds.application_review_district(
        application=paid, actor=reviewer, decision="approve", recommended_fen=2_000_000
    )
    paid = funds.application_review_city(
        application=paid, actor=admin, decision="approve", approved_fen=2_000_000
    )
    publication = funds.publication_create(fund=fund, year=2021, actor=admin)
    objection = funds.objection_record(
        application=paid, actor=admin, raised_by="来信", text="请核实培训人数"
    )
    funds.objection_resolve(objection=objection, actor=admin, upheld=False, resolution="已核实")
    later = publication.ends_at + dt.timedelta(seconds=1)
    funds.publication_approve_all(publication=publication, actor=admin, now=later)
    paid = funds.application_commit(application=paid, actor=admin)
    batch = funds.payment_batch_create(fund=fund, year=2021, actor=configurer)
    funds.payment_batch_send(batch=batch, actor=treasurer)
    payment = batch.payments.get()
    submitted_app = submitted(2021, "guangzhou.5.certification", 1_000_000)
    plan_load(jurisdiction="datong")

    line = BudgetLine.objects.filter(fund=fund, year=2021).first()
    entitlement_pks = list(
        FundEntitlement.objects.filter(uscc=own.uscc).values_list("pk", flat=True)[:3]
    )
    application_pks = [draft.pk, district.pk, paid.pk, submitted_app.pk]
    path_values: dict[str, dict[str, list[Any]]] = {
        "/funds/applications/": {"pk": application_pks},
        "/funds/entitlements/": {"pk": entitlement_pks},
        "/funds/lines/": {"pk": [line.pk]},
        "/funds/objections/": {"pk": [objection.pk]},
        "/funds/publications/": {"pk": [publication.pk]},
        "/funds/payment-batches/": {"pk": [batch.pk], "fmt": ["csv", "xlsx"]},
        "/funds/payments/": {"pk": [payment.pk]},
        "/funds/funds/": {
            "code": [fund.code],
            "year": [2021, 2024],
            "clause": ["guangzhou.5.training", "guangzhou.5.market_development"],
        },
        "/plans/": {"key": ["datong.1", "datong.safeguard.3"], "decision_id": [1]},
        "/talent/": {"uscc": [own.uscc], "course_id": [1], "person_id": [1]},
        "/evaluation/": {
            "region": ["440100", "440106"],
            "year": [2023, 2024],
            "city": ["440100"],
            "uscc": [own.uscc],
            "pk": [1],
        },
        "/organisations/": {"uscc": [own.uscc]},
        "/contracts/": {"uscc": [own.uscc]},
        "/calculator/": {"year": [2021, 2024]},
    }
    return SimpleNamespace(users=users, tokens=tokens, path_values=path_values, own=own)
