"""The demo's money path: a year of each jurisdiction's special fund, made through the funds
services (never raw inserts), so the ledger, the audit trail and the separation of duties are
what a real year leaves behind.

For ``YEAR`` the funds are preloaded (the bureau's yearly amount where the text names none),
the rules engine's entitlements imported, and per fund one application is taken to each state
(draft, submitted, returned, rejected, district-approved, 公示中 with an objection, approved,
committed, paid) and the demo enterprise login keeps one entitlement to claim
(``_left_to_claim``), 免申即享 is switched on for one clause and its applications generated, and
one payment batch is made, sent and confirmed paid. Who does what is the demo logins' duty
(``waibao.demo.logins``): the fund's first officer configures, publishes, makes the batch and
confirms it paid, the second reviews, approves and commits, the third sends the batch; the
district reviewers review; the enterprise applies. An organisation without a demo login applies
through an enterprise account of its own that cannot sign in (``demo-ent-<uscc>``, no
usable password): the audit trail names who acted, never a stand-in.

Hangzhou's fund: its text funds it 至2010年, and the demo years are 2019-2025. The demo reads
it as the bureau continuing the fund (续设) on the text's terms: the fund's first officer
continues it to ``YEAR`` through ``funds.services.fund_continue`` (recorded in the audit
trail as ``fund.continue``, with the reason), which makes the year's three lines with the
text's amounts (docs/decisions/0032).

Deterministic: entitlements, organisations and clauses are chosen in a fixed order, amounts
are derived from the entitlements; only timestamps differ between runs. Idempotent: nothing is
done when the database already holds an application.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from waibao.money import yuan

YEAR = 2024
# A minimal PDF: evidence is checked by content (waibao.funds.evidence)
EVIDENCE = "%PDF-1.4\n% Waibao demo evidence (演示材料)\n%%EOF\n".encode()


@dataclass(frozen=True)
class FundPlan:
    code: str
    jurisdiction: str
    set_up: str  # configures, publishes, makes the batch, confirms it paid
    approver: str  # city review, final approval, commitment
    sender: str  # sends the batch to the treasury
    enterprise: str  # the demo enterprise login, whose application is paid
    bureau_yuan: int | None = None  # a year's amount where the text names none


PLANS: tuple[FundPlan, ...] = (
    FundPlan("guangzhou-so-fund", "guangzhou", "jingban", "shiji", "chuna", "qiye"),
    FundPlan(
        "guangdong-so-fund", "guangdong", "gd-city", "gd-city2", "gd-city3", "gd-qiye", 50_000_000
    ),
    FundPlan(
        "wenzhou-so-fund", "wenzhou", "wz-city", "wz-city2", "wz-city3", "wz-qiye", 20_000_000
    ),
    FundPlan("datong-so-fund", "datong", "dt-city", "dt-city2", "dt-city3", "dt-qiye", 10_000_000),
    FundPlan("hangzhou-so-fund", "hangzhou", "hz-city", "hz-city2", "hz-city3", "hz-qiye"),
)
# Funds whose text ends before YEAR and that the demo reads as continued by the bureau
# (docs/decisions/0032): code -> the reason recorded with the extension.
CONTINUED = {
    "hangzhou-so-fund": "文件规定专项资金设至2010年；演示按主管部门续设该资金、沿用原文件条件与金额"
    " (docs/decisions/0032)",
}

# The states each fund shows, in the order the entitlements are handed out (the first goes
# to the demo enterprise login).
STATES = (
    "paid",
    "submitted",
    "district_approved",
    "draft",
    "returned",
    "rejected",
    "in_publicity",
    "approved",
    "committed",
)


@dataclass
class MoneyPathResult:
    applications: int = 0
    automatic: int = 0
    skipped: list[str] = field(default_factory=list)
    existing: bool = False


def demo_money_path_ensure(*, now: dt.datetime | None = None) -> MoneyPathResult:
    """Build the money path once (see the module's docstring)."""
    from django.db import transaction
    from django.utils import timezone

    from waibao.funds.entitlements import entitlement_rows_for_year
    from waibao.funds.models import Application
    from waibao.funds.services import PAYABLE_KINDS

    result = MoneyPathResult()
    if Application.objects.exists():
        result.existing = True
        return result
    now = now or timezone.now()
    rows = [
        row
        for row in entitlement_rows_for_year(YEAR)  # Chinese, with the English beside
        if row["clause"].split(".", 1)[0] in {plan.jurisdiction for plan in PLANS}
        and row.get("kind") in PAYABLE_KINDS
    ]
    # one transaction: all or nothing, and one commit (not one per step) on SQLite
    with transaction.atomic():
        _build(rows, now, result)
    return result


def _build(rows: list[dict[str, Any]], now: dt.datetime, result: MoneyPathResult) -> None:
    from waibao.funds.services import entitlement_import, funds_preload

    funds_preload(years=[])
    for code, reason in CONTINUED.items():
        _continue(code, reason)
    funds_preload(
        years=[YEAR], amounts={p.code: yuan(p.bureau_yuan) for p in PLANS if p.bureau_yuan}
    )
    # the rules engine's rows the funds pay (not tax treatment, not Hangzhou's): fewer rows
    # to import, and the demo stays ready in seconds
    entitlement_import(rows=rows)
    for plan in PLANS:
        _fund_year(plan, now, result)


def _continue(code: str, reason: str) -> None:
    """The bureau continues a fund whose text ends before ``YEAR`` (docs/decisions/0032): its
    first officer continues it through the funds service (``funds.services.fund_continue``:
    the city administrator's check, ``fund.continue`` in the audit trail with the reason,
    and the year's lines with the text's amounts on the ledger)."""
    from waibao.funds import services
    from waibao.funds.models import Fund

    fund = Fund.objects.get(code=code)
    if fund.last_year is not None and fund.last_year < YEAR:
        officer = _users(next(plan for plan in PLANS if plan.code == code))["set_up"]
        services.fund_continue(fund=fund, year=YEAR, actor=officer, reason=reason)


def _users(plan: FundPlan) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    names = (plan.set_up, plan.approver, plan.sender, plan.enterprise)
    found = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    return {
        "set_up": found[plan.set_up],
        "approver": found[plan.approver],
        "sender": found[plan.sender],
        "enterprise": found[plan.enterprise],
    }


def _reviewers() -> dict[str, Any]:
    """District code -> the demo reviewer login of that district."""
    from waibao.accounts.models import Profile, Role
    from waibao.demo.logins import DEMO_USERNAMES

    profiles = Profile.objects.filter(
        role=Role.DISTRICT_REVIEWER, user__username__in=DEMO_USERNAMES
    ).select_related("user")
    return {p.region_id: p.user for p in profiles}


def _candidates(
    plan: FundPlan, fund: Any, enterprise_org_id: int, reviewers: dict[str, Any]
) -> list[Any]:
    """The year's payable entitlements of the fund's clauses, of organisations whose district
    has a demo reviewer: the enterprise login's first, then by district and 统一社会信用代码."""
    from waibao.funds.models import FundClause, FundEntitlement
    from waibao.funds.services import PAYABLE_KINDS

    not_payable = set(
        FundClause.objects.filter(fund=fund, payable=False).values_list("clause", flat=True)
    )
    rows = [
        e
        for e in FundEntitlement.objects.filter(
            year=YEAR,
            clause__startswith=f"{plan.jurisdiction}.",
            kind__in=PAYABLE_KINDS,
            organisation__region__code__startswith=fund.area_prefix,
        ).select_related("organisation")
        if e.clause not in not_payable and e.organisation.region_id in reviewers
    ]
    home = next(
        (e.organisation.region_id for e in rows if e.organisation_id == enterprise_org_id), None
    )
    rows.sort(
        key=lambda e: (
            e.organisation_id != enterprise_org_id,
            e.organisation.region_id != home,
            e.organisation.region_id,
            e.organisation.uscc,
            e.clause,
        )
    )
    return rows


def _left_to_claim(candidates: list[Any], enterprise_org_id: int) -> Any:
    """The demo enterprise login's entitlement left for the visitor: its last (by clause) when
    it has two or more, the first going through the states (the paid application). Without
    it the login's funds page had nothing to apply for, a dead end of the tour; where the
    fund's 免申即享 clause (``_automatic``) is its clause, it is generated and waits for the
    login to confirm instead."""
    own = [e for e in candidates if e.organisation_id == enterprise_org_id]
    return own[-1] if len(own) >= 2 else None


def _enterprise_user(organisation: Any, login: Any) -> Any:
    """The demo login for its own organisation; for any other, an account of the organisation
    that cannot sign in (no usable password)."""
    from django.contrib.auth import get_user_model

    from waibao.accounts.models import Profile, Role

    if login.waibao_profile.organisation_id == organisation.pk:
        return login
    user, created = get_user_model().objects.get_or_create(username=f"demo-ent-{organisation.uscc}")
    if created:
        user.set_unusable_password()
        user.save()
        Profile.objects.create(user=user, role=Role.ENTERPRISE, organisation=organisation)
    return user


def _claim(entitlement: Any, rank: int) -> int:
    """What the enterprise claims: the entitlement's amount, else a round figure (at least
    the text's floor)."""
    if entitlement.amount_fen is not None:
        return int(entitlement.amount_fen)
    return max(int(entitlement.min_fen or 0), yuan(60_000 + 10_000 * rank))


def _fund_year(plan: FundPlan, now: dt.datetime, result: MoneyPathResult) -> None:
    from waibao.funds import services
    from waibao.funds.models import Fund

    fund = Fund.objects.get(code=plan.code)
    users = _users(plan)
    reviewers = _reviewers()
    enterprise_org = users["enterprise"].waibao_profile.organisation
    candidates = _candidates(plan, fund, enterprise_org.pk, reviewers)
    kept = _left_to_claim(candidates, enterprise_org.pk)
    candidates = [e for e in candidates if e is not kept]
    if not candidates:
        result.skipped.append(f"{plan.code}: no {YEAR} entitlement in a demo district")
        return
    if candidates[0].organisation_id != enterprise_org.pk:
        # the demo enterprise has no payable entitlement this year (Hangzhou's): the paid
        # application is the first candidate's, through its own account
        result.skipped.append(f"{plan.code}: {plan.enterprise} has no {YEAR} entitlement")
    made: dict[str, Any] = {}
    for rank, (state, entitlement) in enumerate(zip(STATES, candidates, strict=False)):
        applicant = _enterprise_user(entitlement.organisation, users["enterprise"])
        application = services.application_create(
            entitlement=entitlement, actor=applicant, claimed_fen=_claim(entitlement, rank)
        )
        made[state] = application
        if state == "draft":
            continue
        services.evidence_attach(
            application=application, actor=applicant, name="证明材料.pdf", content=EVIDENCE
        )
        organisation = entitlement.organisation
        services.application_submit(
            application=application,
            actor=applicant,
            account_name=organisation.name,
            account_number=f"6222{organisation.uscc[8:17]}{rank:06d}".replace("X", "0"),
            bank_name="中国工商银行(演示)",
        )
        if state == "submitted":
            continue
        reviewer = reviewers[organisation.region_id]
        decision = {"returned": "return", "rejected": "reject"}.get(state, "approve")
        services.application_review_district(
            application=application,
            actor=reviewer,
            decision=decision,
            reason={"return": "请补充合同及收款凭证(演示)", "reject": "不符合申报条件(演示)"}.get(
                decision, ""
            ),
        )
        if state in ("returned", "rejected", "district_approved"):
            continue
        services.application_review_city(
            application=application, actor=users["approver"], decision="approve"
        )
    result.applications += len(made)
    _publish_and_pay(fund, made, users, now)
    result.automatic += _automatic(fund, users["set_up"])


def _publish_and_pay(
    fund: Any, made: dict[str, Any], users: dict[str, Any], now: dt.datetime
) -> None:
    from waibao.funds import services
    from waibao.funds.models import Application

    def fresh(state: str) -> Application | None:
        application = made.get(state)
        return Application.objects.get(pk=application.pk) if application else None

    ended = [a for a in (fresh(s) for s in ("approved", "committed", "paid")) if a]
    if ended:  # a 公示 that has run its course: approved, then committed and paid
        days = fund.publicity_days
        services.publication_create(
            fund=fund,
            year=YEAR,
            actor=users["set_up"],
            applications=ended,
            starts_at=now - dt.timedelta(days=days + 3),
        )
        for application in ended:
            services.application_approve_final(
                application=Application.objects.get(pk=application.pk), actor=users["approver"]
            )
    current = fresh("in_publicity")
    if current:
        services.publication_create(
            fund=fund, year=YEAR, actor=users["set_up"], applications=[current], starts_at=now
        )
        services.objection_record(
            application=Application.objects.get(pk=current.pk),
            actor=users["set_up"],
            raised_by="来信人(演示)",
            text="反映该企业申报的合同金额与实际执行不符，请核实。（演示异议）",
        )
    for state in ("committed", "paid"):
        application = fresh(state)
        if application:
            services.application_commit(application=application, actor=users["approver"])
    paid = fresh("paid")
    if paid:
        batch = services.payment_batch_create(
            fund=fund, year=YEAR, actor=users["set_up"], applications=[paid]
        )
        services.payment_batch_send(batch=batch, actor=users["sender"])
        for payment in batch.payments.order_by("id"):
            services.payment_mark_paid(payment=payment, actor=users["set_up"])


def _automatic(fund: Any, officer: Any) -> int:
    """免申即享 for the clause with the fewest entitlements still without an application, two
    at least where there is one (ties by name), so the demo stays small: the officer switches
    it on and generates its applications."""
    from django.db.models import Count

    from waibao.funds import services
    from waibao.funds.models import FundClause, FundEntitlement

    not_payable = set(
        FundClause.objects.filter(fund=fund, payable=False).values_list("clause", flat=True)
    )
    counts = (
        FundEntitlement.objects.filter(
            year=YEAR,
            clause__startswith=f"{fund.jurisdiction}.",
            kind__in=services.PAYABLE_KINDS,
            application__isnull=True,
            organisation__region__code__startswith=fund.area_prefix,
        )
        .exclude(clause__in=not_payable)
        .values("clause")
        .annotate(n=Count("id"))
        .order_by("n", "clause")
    )
    choices = list(counts)
    if not choices:
        return 0
    first = next((c for c in choices if c["n"] >= 2), choices[0])
    services.fund_clause_configure(fund=fund, clause=first["clause"], actor=officer, automatic=True)
    return len(services.automatic_batch_create(fund=fund, year=YEAR, actor=officer))
