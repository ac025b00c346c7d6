"""The home page of a signed-in user (工作台): what each role has to do, read in its scope.

One selector per role; each reads only what ``waibao.permissions`` lets the user see (its
organisation for an enterprise, ``region_scope`` for staff) and offers only links whose
action ``permissions.can`` grants, so the home page never shows a link that would refuse.
The role picks the panel (``permissions.role_of``); what is shown inside is still asked of
the permission rules. docs/decisions/0019-home-per-role.md records the readings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waibao import permissions

# A publication "ends soon" when its notice period closes within this many days.
ENDING_SOON_DAYS = 3


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass
class Workbench:
    """What the home page shows a signed-in user: the panel template and its data."""

    template: str
    data: dict[str, Any] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)


def _links(user: Any, items: tuple[tuple[Any, str, str | None], ...]) -> list[Link]:
    """The links among ``(label, url name, action)`` that ``user`` may open."""
    return [
        Link(str(label), reverse(url_name))
        for label, url_name, action in items
        if action is None or permissions.can(user, action)
    ]


def workbench_for(user: Any, *, today: dt.date | None = None) -> Workbench | None:
    """The workbench of ``user``, or ``None`` for the public and users without a role (they
    keep the public home page)."""
    today = today or timezone.localdate()
    role = permissions.role_of(user)
    build = _BUILDERS.get(role or "")
    return build(user, today) if build is not None else None


def opens_on_the_cockpit(user: Any) -> bool:
    """Whether the user's home is the leader's cockpit (the figures warm-up computes it ahead
    for those users only)."""
    return _BUILDERS.get(permissions.role_of(user) or "") is _leader


# --- enterprise --------------------------------------------------------------------------


@dataclass(frozen=True)
class EntitlementRow:
    clause: str
    clause_known: bool  # the policy library has it: the clause links to its page
    kind: str
    amount_fen: int | None
    min_fen: int | None
    discretionary: bool
    application_id: int | None
    application_status: str
    payable: bool


def enterprise_entitlements(user: Any) -> tuple[int | None, list[EntitlementRow]]:
    """(year, rows): the organisation's entitlements of its latest entitlement year."""
    from waibao.funds.models import FundEntitlement
    from waibao.funds.services import PAYABLE_KINDS
    from waibao.readmodel.calculator import KIND_LABELS
    from waibao.rules import clause as rule_clause

    organisation_id = _organisation_id(user)
    own = FundEntitlement.objects.filter(organisation_id=organisation_id)
    year = own.aggregate(year=Max("year"))["year"]
    if year is None:
        return None, []
    rows = []
    for entitlement in own.filter(year=year).select_related("application").order_by("clause"):
        application = getattr(entitlement, "application", None)
        try:
            rule_clause(entitlement.clause)
            known = True
        except KeyError:
            known = False
        rows.append(
            EntitlementRow(
                clause=entitlement.clause,
                clause_known=known,
                kind=str(KIND_LABELS.get(entitlement.kind, entitlement.kind)),
                amount_fen=entitlement.amount_fen,
                min_fen=entitlement.min_fen,
                discretionary=entitlement.discretionary or entitlement.amount_fen is None,
                application_id=application.pk if application else None,
                application_status=application.get_status_display() if application else "",
                payable=entitlement.kind in PAYABLE_KINDS,
            )
        )
    return year, rows


def enterprise_unreported_years(user: Any, *, today: dt.date) -> list[int]:
    """Years whose yearly figures the organisation has not reported: last year, when the
    organisation existed by then (its contracts, or its registration)."""
    from waibao.registry.models import OrganisationYear

    organisation_id = _organisation_id(user)
    last_year = today.year - 1
    reported = OrganisationYear.objects.filter(
        organisation_id=organisation_id, year=last_year
    ).exists()
    return [] if reported else [last_year]


def _organisation_id(user: Any) -> int | None:
    profile = getattr(user, "waibao_profile", None)
    return getattr(profile, "organisation_id", None)


def _enterprise(user: Any, today: dt.date) -> Workbench:
    from waibao.funds import selectors as funds

    year, entitlements = enterprise_entitlements(user)
    return Workbench(
        template="portal/workbench/enterprise.html",
        data={
            "entitlement_year": year,
            "entitlements": entitlements,
            "applications": list(funds.application_list(actor=user).order_by("-year", "-id")),
            "unreported_years": enterprise_unreported_years(user, today=today),
        },
        links=_links(
            user,
            (
                (_("数据填报"), "portal:report", permissions.SUBMIT_REPORT),
                (_("资金申请"), "funds:home", permissions.SUBMIT_REPORT),
                (_("认定申请"), "evaluation:applications", permissions.APPLY_RECOGNITION),
                (_("政策计算器"), "portal:calculator", permissions.VIEW_CONTRACT),
                (_("政策库"), "portal:policies", None),
            ),
        ),
    )


# --- staff: queue, firms -----------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    application_id: int
    organisation: str
    clause: str
    status: str
    claimed_fen: int | None
    days_waiting: int


def review_queue(user: Any, *, today: dt.date) -> list[QueueRow]:
    """What waits for this reviewer, longest waiting first; age counted from submission."""
    from waibao.funds import selectors as funds

    rows = [
        QueueRow(
            application_id=a.pk,
            organisation=a.organisation.name,
            clause=a.clause,
            status=a.get_status_display(),
            claimed_fen=a.claimed_fen,
            days_waiting=(today - timezone.localdate(a.submitted_at)).days if a.submitted_at else 0,
        )
        for a in funds.application_review_queue(actor=user)
    ]
    return sorted(rows, key=lambda row: (-row.days_waiting, row.application_id))


@dataclass(frozen=True)
class FirmRow:
    uscc: str
    name: str
    region: str
    reported: bool


def firms_reporting(user: Any, *, year: int) -> list[FirmRow]:
    """The firms in the user's scope, each with whether it reported ``year``'s figures."""
    from waibao.registry.models import Organisation

    firms = permissions.scope_organisations(user, Organisation.objects.all())
    reported = set(firms.filter(years__year=year).values_list("pk", flat=True).distinct())
    return [
        FirmRow(uscc=o.uscc, name=o.name, region=o.region.name, reported=o.pk in reported)
        for o in firms.select_related("region").order_by("region_id", "uscc")
    ]


def _district_reviewer(user: Any, today: dt.date) -> Workbench:
    year = today.year - 1
    firms = firms_reporting(user, year=year)
    return Workbench(
        template="portal/workbench/reviewer.html",
        data={
            "queue": review_queue(user, today=today),
            "firms": firms,
            "report_year": year,
            "reported_count": sum(f.reported for f in firms),
            "unreported_count": sum(not f.reported for f in firms),
        },
        links=_links(
            user,
            (
                (_("审核队列"), "funds:home", permissions.REVIEW_APPLICATION),
                (_("企业报送查询"), "portal:report", permissions.VIEW_CONTRACT),
                (_("认定审核"), "evaluation:applications", permissions.REVIEW_APPLICATION),
                (_("统计查询"), "portal:statistics", permissions.VIEW_STATISTICS),
                (_("领导驾驶舱"), "portal:dashboard", permissions.VIEW_DASHBOARD),
            ),
        ),
    )


# --- city administrator ------------------------------------------------------------------


@dataclass(frozen=True)
class FundLineRow:
    fund: str
    year: int
    source: str
    budget_fen: int
    committed_fen: int
    paid_fen: int
    fund_code: str


def _funds_in_scope(user: Any) -> QuerySet:
    from waibao.funds.models import Fund

    scope = permissions.region_scope(user, permissions.CONFIGURE_POLICY)
    if scope is None:
        return Fund.objects.none()
    return Fund.objects.filter(city_code__startswith=permissions.region_prefix(scope))


def fund_lines(user: Any) -> list[FundLineRow]:
    """Every budget line of the funds in scope, latest year first: appropriated (budget),
    committed net of releases, paid."""
    from waibao.funds.models import BudgetLine
    from waibao.funds.selectors import budget_line_balance

    rows = []
    lines = BudgetLine.objects.filter(fund__in=_funds_in_scope(user)).select_related("fund")
    for line in lines.order_by("-year", "fund__code", "source"):
        balance = budget_line_balance(line=line)
        rows.append(
            FundLineRow(
                fund=line.fund.name,
                fund_code=line.fund.code,
                year=line.year,
                source=line.source_name,
                budget_fen=balance.appropriated_fen,
                committed_fen=balance.committed_fen - balance.released_fen,
                paid_fen=balance.paid_fen,
            )
        )
    return rows


@dataclass(frozen=True)
class PublicationRow:
    publication_id: int
    title: str
    ends_at: dt.datetime
    ending_soon: bool


def publications_in_progress(user: Any, *, now: dt.datetime | None = None) -> list[PublicationRow]:
    from waibao.funds.models import Publication

    now = now or timezone.now()
    current = Publication.objects.filter(
        fund__in=_funds_in_scope(user), published_at__lte=now, ends_at__gte=now
    ).order_by("ends_at", "id")
    soon = now + dt.timedelta(days=ENDING_SOON_DAYS)
    return [
        PublicationRow(
            publication_id=p.pk, title=p.title, ends_at=p.ends_at, ending_soon=p.ends_at <= soon
        )
        for p in current
    ]


def overdue_tasks(user: Any, *, today: dt.date) -> list[Any]:
    """Overdue 督办 tasks the user may see (plans' own rules), most overdue first."""
    from waibao.plans import permissions as plan_permissions
    from waibao.plans.selectors import overdue_list

    visible = set(plan_permissions.visible_tasks(user).values_list("pk", flat=True))
    return [item for item in overdue_list(today=today) if item.task.pk in visible]


def _city_admin(user: Any, today: dt.date) -> Workbench:
    return Workbench(
        template="portal/workbench/city_admin.html",
        data={
            "lines": fund_lines(user),
            "publications": publications_in_progress(user),
            "queue": review_queue(user, today=today),
            "overdue_tasks": overdue_tasks(user, today=today),
        },
        links=_links(
            user,
            (
                (_("审核队列"), "funds:home", permissions.REVIEW_APPLICATION),
                (_("公示"), "funds:publications", None),
                (_("任务督办"), "plans:tasks", permissions.VIEW_DASHBOARD),
                (_("企业报送查询"), "portal:report", permissions.VIEW_CONTRACT),
                (_("政策参数"), "portal:parameters", permissions.CONFIGURE_POLICY),
                (_("领导驾驶舱"), "portal:dashboard", permissions.VIEW_DASHBOARD),
                (_("统计查询"), "portal:statistics", permissions.VIEW_STATISTICS),
            ),
        ),
    )


# --- leader, analyst ---------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigures:
    organisations: int
    year: int | None
    contracts_signed: int
    executions: int


def key_figures(user: Any) -> KeyFigures:
    """Organisations in scope, and contracts signed and executions of the latest year with
    any contract in scope (counts only: a leader never sees contract-level data)."""
    from waibao.registry.models import Organisation
    from waibao.reporting.models import Contract, Execution

    scope = permissions.region_scope(user, permissions.VIEW_STATISTICS)
    if scope is None:
        return KeyFigures(0, None, 0, 0)
    organisations = Organisation.objects.filter(permissions.region_filter(scope))
    contracts = Contract.objects.filter(permissions.region_filter(scope, "organisation__"))
    latest = contracts.aggregate(latest=Max("signed_date"))["latest"]
    if latest is None:
        return KeyFigures(organisations.count(), None, 0, 0)
    year = latest.year
    executions = Execution.objects.filter(
        permissions.region_filter(scope, "contract__organisation__"),
        execution_date__year=year,
    )
    return KeyFigures(
        organisations=organisations.count(),
        year=year,
        contracts_signed=contracts.filter(signed_date__year=year).count(),
        executions=executions.count(),
    )


def _leader(user: Any, today: dt.date) -> Workbench:
    from waibao.readmodel.cockpit import cockpit_for

    return Workbench(
        template="portal/workbench/leader.html",
        data={"figures": key_figures(user), "cockpit": cockpit_for(user, today=today)},
        links=_links(
            user,
            (
                (_("领导驾驶舱"), "portal:dashboard", permissions.VIEW_DASHBOARD),
                (_("目标考核"), "portal:targets", permissions.VIEW_DASHBOARD),
                (_("统计查询"), "portal:statistics", permissions.VIEW_STATISTICS),
                (_("任务督办"), "plans:tasks", permissions.VIEW_DASHBOARD),
            ),
        ),
    )


def recent_exports(user: Any, *, limit: int = 10) -> list[Any]:
    """The user's own exports as the audit trail records them (none when not recorded)."""
    from waibao.audit.models import AuditRecord

    return list(
        AuditRecord.objects.filter(actor_id=user.pk, action__icontains="export").order_by(
            "-sequence"
        )[:limit]
    )


def _analyst(user: Any, today: dt.date) -> Workbench:
    return Workbench(
        template="portal/workbench/analyst.html",
        data={"figures": key_figures(user), "exports": recent_exports(user)},
        links=_links(
            user,
            (
                (_("统计查询"), "portal:statistics", permissions.VIEW_STATISTICS),
                (_("领导驾驶舱"), "portal:dashboard", permissions.VIEW_DASHBOARD),
                (_("目标考核"), "portal:targets", permissions.VIEW_DASHBOARD),
                (_("开放数据"), "data:list", None),
            ),
        ),
    )


# --- system administrator ----------------------------------------------------------------


@dataclass(frozen=True)
class UserRow:
    username: str
    role: str
    scope: str
    active: bool
    two_factor: bool
    last_login: dt.datetime | None
    locked: bool


def user_rows(user: Any, *, now: dt.datetime | None = None) -> list[UserRow]:
    """Every account with its role, scope, second factor, last sign-in and lock."""
    from django.contrib.auth import get_user_model

    from waibao.security.models import Lockout

    if not permissions.can(user, permissions.MANAGE_USERS):
        return []
    now = now or timezone.now()
    locked = set(
        Lockout.objects.filter(kind=Lockout.Kind.USERNAME, locked_until__gt=now).values_list(
            "key", flat=True
        )
    )
    accounts = (
        get_user_model()
        .objects.select_related(
            "waibao_profile",
            "waibao_profile__organisation",
            "waibao_profile__region",
            "totp_device",
        )
        .order_by("username")
    )
    rows = []
    for account in accounts:
        profile = getattr(account, "waibao_profile", None)
        if account.is_superuser:
            role = str(_("超级用户"))
        else:
            role = profile.get_role_display() if profile else str(_("无角色"))
        scope = ""
        if profile is not None:
            if profile.organisation is not None:
                scope = profile.organisation.name
            elif profile.region is not None:
                scope = profile.region.name
        device = getattr(account, "totp_device", None)
        rows.append(
            UserRow(
                username=account.username,
                role=role,
                scope=scope or str(_("全部")),
                active=account.is_active,
                two_factor=bool(device is not None and device.confirmed_at is not None),
                last_login=account.last_login,
                locked=account.username.strip().lower() in locked,
            )
        )
    return rows


def _system_admin(user: Any, today: dt.date) -> Workbench:
    rows = user_rows(user)
    return Workbench(
        template="portal/workbench/system_admin.html",
        data={
            "users": rows,
            "locked_count": sum(r.locked for r in rows),
            "without_2fa_count": sum(r.active and not r.two_factor for r in rows),
        },
        links=_links(
            user,
            (
                (_("用户管理"), "portal:users", permissions.MANAGE_USERS),
                (_("管理后台"), "admin:index", permissions.CONFIGURE_POLICY),
                (_("统计查询"), "portal:statistics", permissions.VIEW_STATISTICS),
                (_("政策参数"), "portal:parameters", permissions.CONFIGURE_POLICY),
            ),
        ),
    )


_BUILDERS = {
    "enterprise": _enterprise,
    "district_reviewer": _district_reviewer,
    "city_admin": _city_admin,
    "leader": _leader,
    "analyst": _analyst,
    "system_admin": _system_admin,
}
