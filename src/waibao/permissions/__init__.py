"""Who may do what: the one place Waibao decides access. Deny by default.

Every rule is a row of one table, :mod:`waibao.permissions.table` (role × kind of object ×
action → scope rule); :mod:`waibao.permissions.objects` evaluates the rules for the apps'
objects (funds, plans, talent, publishing), this module those for organisations and regions.
The apps ask :func:`can`, :func:`allows` or :func:`refusal` and never compare a role
themselves (``tests/permissions/test_table.py``).

Rules are evaluated in this order; the first rule that answers decides:

1. **public**: anyone, signed in or not, may do a ``PUBLIC_ACTIONS`` action (the home page's
   headline figures, the region and park reference lists, the API document, the published
   evaluation lists such as the yearly top ten).
   Anyone else not signed in, inactive, or without an ``accounts.Profile`` is denied (a
   Django superuser counts as a system administrator, rule 7).
2. **enterprise**: its own organisation only: view it, change its registration data, submit
   its reports, view its contracts and executions, apply for a recognition.
3. **district reviewer**: organisations, contracts and applications of its district
   (the profile's region); aggregate statistics and dashboards of the district.
4. **city administrator**: like a reviewer, for its city (profile region, code ending in
   ``00``), and may also change organisations, export, and configure policy parameters
   (``configure_policy`` also covers deciding and revoking recognitions and publishing the
   evaluation lists).
5. **leader**: read-only dashboards and statistics, and the organisation directory, of its
   region; never contract-level data, never exports.
6. **analyst**: statistics and exports, with the organisation and contract data behind them,
   of its region.
7. **system administrator** (role ``system_admin``, or a superuser): every action, everywhere.
8. anything not granted above is denied.

``view_funds`` (the list of funds, their citations and settings) is in every role's set, so
a signed-in user without a role is refused it like everything else.

Roles are exclusive (one profile per user), so the order only fixes how a reader walks the
rules; ``ROLE_ACTIONS`` lists what each role of rules 2-6 may do.

A region scope covers every organisation registered under it: a district code covers that
district, a city code (``xxxx00``) the city's districts, a province code (``xx0000``) the
province. A leader or analyst without a region sees every jurisdiction; a district reviewer
or city administrator always has one (``accounts.Profile`` enforces it).

``can_in_region(user, action, region_code)`` answers the same for a whole region (a
rating or scorecard of a city or district): the action is granted and the region lies inside
the user's scope; an enterprise never has a region.

``can(user, action)`` without an object answers "may the user do this to some object in
scope" (list pages and list endpoints); the ``scope_*`` functions then narrow querysets to
that scope. Views and API endpoints ask only this module, never a role by name.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from waibao.permissions import table
from waibao.permissions.objects import (
    allows,
    application_filter,
    fund_filter,
    jurisdictions_overseen,
    officer_units,
    plan_role_holders,
    profile_fresh,
    publishing_city,
    refusal,
    region_prefix,
    task_filter,
)
from waibao.permissions.table import (
    APPLY_RECOGNITION,
    CHANGE_ORGANISATION,
    CONFIGURE_POLICY,
    EXPORT_STATISTICS,
    MANAGE_USERS,
    REVIEW_APPLICATION,
    SUBMIT_REPORT,
    VIEW_CONTRACT,
    VIEW_DASHBOARD,
    VIEW_FUNDS,
    VIEW_ORGANISATION,
    VIEW_STATISTICS,
)

__all__ = [
    "ACTIONS",
    "APPLY_RECOGNITION",
    "CHANGE_ORGANISATION",
    "CONFIGURE_POLICY",
    "EXPORT_STATISTICS",
    "MANAGE_USERS",
    "PUBLIC_ACTIONS",
    "REVIEW_APPLICATION",
    "ROLE_ACTIONS",
    "SUBMIT_REPORT",
    "VIEW_CONTRACT",
    "VIEW_DASHBOARD",
    "VIEW_FUNDS",
    "VIEW_ORGANISATION",
    "VIEW_STATISTICS",
    "allows",
    "application_filter",
    "fund_filter",
    "jurisdictions_overseen",
    "officer_units",
    "plan_role_holders",
    "profile_fresh",
    "publishing_city",
    "refusal",
    "table",
    "task_filter",
]

PUBLIC_ACTIONS = frozenset(
    {"view_home", "view_regions", "view_parks", "view_api_docs", "view_publications"}
)

# Actions each role of rules 2-6 may do (within its scope, for the actions that take an
# object): the table's organisation row of the role.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    role: frozenset(table.TABLE[role][table.ORGANISATION])
    for role in (
        table.ENTERPRISE,
        table.DISTRICT_REVIEWER,
        table.CITY_ADMIN,
        table.LEADER,
        table.ANALYST,
    )
}

# The roles whose scope is a region (rules 3-6): the table's REGION scope on organisations.
REGION_ROLES = tuple(
    role
    for role, actions in ROLE_ACTIONS.items()
    if table.scope_of(role, table.ORGANISATION, VIEW_ORGANISATION) == table.REGION
)

# The roles scoped to one organisation (rule 2): the table's OWN_ORGANISATION on organisations.
ORGANISATION_ROLES = tuple(
    role
    for role in ROLE_ACTIONS
    if table.scope_of(role, table.ORGANISATION, VIEW_ORGANISATION) == table.OWN_ORGANISATION
)

ACTIONS = frozenset().union(*ROLE_ACTIONS.values(), {MANAGE_USERS}, PUBLIC_ACTIONS)


def role_of(user: Any) -> str | None:
    """The user's role, ``system_admin`` for a superuser, ``None`` for the public."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return table.SYSTEM_ADMIN
    profile = _profile(user)
    return profile.role if profile is not None else None


def can(user: Any, action: str, obj: Model | None = None) -> bool:
    """May ``user`` do ``action`` (to ``obj``, when given)? See the module docstring."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if action in PUBLIC_ACTIONS:  # rule 1
        return True
    role = role_of(user)
    if role is None:
        return False
    if role in ORGANISATION_ROLES:  # rule 2
        if action not in ROLE_ACTIONS[role]:
            return False
        if obj is None:
            return True
        organisation_id, _ = _organisation_of(obj)
        return organisation_id is not None and organisation_id == _profile(user).organisation_id
    if role in REGION_ROLES:  # rules 3-6
        if action not in ROLE_ACTIONS[role]:
            return False
        if obj is None:
            return True
        _, region_code = _organisation_of(obj)
        prefix = region_prefix(_profile(user).region_id)
        return region_code is not None and region_code.startswith(prefix)
    return role == table.SYSTEM_ADMIN  # rule 7, and rule 8 for an unknown role


def can_in_region(user: Any, action: str, region_code: str) -> bool:
    """May ``user`` do ``action`` for the region ``region_code`` as a whole? See the module
    docstring: granted the action, and the region inside the user's scope."""
    if not can(user, action):
        return False
    if action in PUBLIC_ACTIONS:
        return True
    role = role_of(user)
    if role == table.SYSTEM_ADMIN:
        return True
    if role not in REGION_ROLES:
        return False
    return region_prefix(region_code).startswith(region_prefix(_profile(user).region_id))


def may_use_admin_site(user: Any) -> bool:
    """The admin site (管理后台) opens for whom the menu offers it: ``configure_policy``.
    What each person may then see or change there is Django's model permissions, which a
    system administrator holds all of (:func:`holds_every_model_permission`)."""
    return can(user, CONFIGURE_POLICY)


def holds_every_model_permission(user: Any) -> bool:
    """A system administrator by role holds every model permission, as a superuser does
    (rule 7): a role given on the users page is enough, no Django flag besides it."""
    return bool(getattr(user, "is_active", False)) and role_of(user) == table.SYSTEM_ADMIN


def region_scope(user: Any, action: str) -> str | None:
    """The region code whose organisations ``user`` may ``action`` in aggregate (statistics of
    a whole region): ``""`` for everywhere (a system administrator, or a leader or analyst
    without a region), ``None`` when the action is not granted at all or the user has no
    region scope (an enterprise: ask for its own organisation instead)."""
    if not can(user, action):
        return None
    role = role_of(user)
    if role == table.SYSTEM_ADMIN:
        return ""
    if role not in REGION_ROLES:
        return None
    return _profile(user).region_id or ""


def region_filter(region_code: str | None, path: str = "") -> Q:
    """Rows whose organisation is registered under ``region_code``, as a code range rather
    than ``LIKE 'prefix%'`` so that the database can use the index on the region code."""
    prefix = region_prefix(region_code)
    if not prefix:
        return Q()
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{path}region_id__gte": prefix, f"{path}region_id__lt": upper})


def scope_organisations(user: Any, qs: QuerySet, action: str = VIEW_ORGANISATION) -> QuerySet:
    return _scope(user, qs, action, "")


def scope_contracts(user: Any, qs: QuerySet, action: str = VIEW_CONTRACT) -> QuerySet:
    return _scope(user, qs, action, "organisation__")


def scope_executions(user: Any, qs: QuerySet, action: str = VIEW_CONTRACT) -> QuerySet:
    return _scope(user, qs, action, "contract__organisation__")


def _scope(user: Any, qs: QuerySet, action: str, path: str) -> QuerySet:
    if not can(user, action):
        return qs.none()
    role = role_of(user)
    if role == table.SYSTEM_ADMIN or action in PUBLIC_ACTIONS:
        return qs
    profile = _profile(user)
    if role in ORGANISATION_ROLES:
        return qs.filter(**{f"{path}pk" if path else "pk": profile.organisation_id})
    return qs.filter(region_filter(profile.region_id, path))


def _profile(user: Any) -> Any:
    try:
        return user.waibao_profile
    except Exception:  # RelatedObjectDoesNotExist: a user without a role
        return None


def _organisation_of(obj: Model) -> tuple[int | None, str | None]:
    """(organisation id, its region code) of a row that belongs to an organisation."""
    label = obj._meta.label_lower
    if label == "registry.organisation":
        return obj.pk, obj.region_id  # type: ignore[attr-defined]
    if label == "reporting.execution":
        obj = obj.contract  # type: ignore[attr-defined]
    organisation = getattr(obj, "organisation", None)
    if organisation is None:
        return None, None
    return organisation.pk, organisation.region_id


def own_organisation(user: Any) -> Any:
    """The organisation ``user`` acts for, when its role is scoped to one organisation
    (rule 2: an enterprise user); ``None`` for staff, the public and a user without a role."""
    if role_of(user) not in ORGANISATION_ROLES:
        return None
    return _profile(user).organisation


def acts_for_one_organisation(user: Any) -> bool:
    """Is ``user`` scoped to its own organisation (rule 2), so that pages and endpoints take
    the organisation from the user rather than from a parameter?"""
    return role_of(user) in ORGANISATION_ROLES
