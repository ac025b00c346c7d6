"""Who may do what: the one place Waibao decides access. Deny by default.

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

PUBLIC_ACTIONS = frozenset(
    {"view_home", "view_regions", "view_parks", "view_api_docs", "view_publications"}
)

VIEW_ORGANISATION = "view_organisation"
CHANGE_ORGANISATION = "change_organisation"
SUBMIT_REPORT = "submit_report"
VIEW_CONTRACT = "view_contract"
REVIEW_APPLICATION = "review_application"
VIEW_DASHBOARD = "view_dashboard"
VIEW_STATISTICS = "view_statistics"
EXPORT_STATISTICS = "export_statistics"
CONFIGURE_POLICY = "configure_policy"
MANAGE_USERS = "manage_users"
APPLY_RECOGNITION = "apply_recognition"
# The funds themselves (code, name, citation, settings): every role, no one without one.
VIEW_FUNDS = "view_funds"

# Actions each role may do (within its scope, for the actions that take an object).
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    "enterprise": frozenset(
        {
            VIEW_ORGANISATION,
            CHANGE_ORGANISATION,
            SUBMIT_REPORT,
            VIEW_CONTRACT,
            APPLY_RECOGNITION,
            VIEW_FUNDS,
        }
    ),
    "district_reviewer": frozenset(
        {
            VIEW_ORGANISATION,
            VIEW_CONTRACT,
            REVIEW_APPLICATION,
            VIEW_DASHBOARD,
            VIEW_STATISTICS,
            VIEW_FUNDS,
        }
    ),
    "city_admin": frozenset(
        {
            VIEW_ORGANISATION,
            CHANGE_ORGANISATION,
            VIEW_CONTRACT,
            REVIEW_APPLICATION,
            VIEW_DASHBOARD,
            VIEW_STATISTICS,
            EXPORT_STATISTICS,
            CONFIGURE_POLICY,
            VIEW_FUNDS,
        }
    ),
    "leader": frozenset({VIEW_ORGANISATION, VIEW_DASHBOARD, VIEW_STATISTICS, VIEW_FUNDS}),
    "analyst": frozenset(
        {
            VIEW_ORGANISATION,
            VIEW_CONTRACT,
            VIEW_DASHBOARD,
            VIEW_STATISTICS,
            EXPORT_STATISTICS,
            VIEW_FUNDS,
        }
    ),
}

REGION_ROLES = ("district_reviewer", "city_admin", "leader", "analyst")

ACTIONS = frozenset().union(*ROLE_ACTIONS.values(), {MANAGE_USERS}, PUBLIC_ACTIONS)


def role_of(user: Any) -> str | None:
    """The user's role, ``system_admin`` for a superuser, ``None`` for the public."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return "system_admin"
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
    if role == "enterprise":  # rule 2
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
    return role == "system_admin"  # rule 7, and rule 8 for an unknown role


def can_in_region(user: Any, action: str, region_code: str) -> bool:
    """May ``user`` do ``action`` for the region ``region_code`` as a whole? See the module
    docstring: granted the action, and the region inside the user's scope."""
    if not can(user, action):
        return False
    if action in PUBLIC_ACTIONS:
        return True
    role = role_of(user)
    if role == "system_admin":
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
    return bool(getattr(user, "is_active", False)) and role_of(user) == "system_admin"


def region_scope(user: Any, action: str) -> str | None:
    """The region code whose organisations ``user`` may ``action`` in aggregate (statistics of
    a whole region): ``""`` for everywhere (a system administrator, or a leader or analyst
    without a region), ``None`` when the action is not granted at all or the user has no
    region scope (an enterprise: ask for its own organisation instead)."""
    if not can(user, action):
        return None
    role = role_of(user)
    if role == "system_admin":
        return ""
    if role not in REGION_ROLES:
        return None
    return _profile(user).region_id or ""


def region_prefix(region_code: str | None) -> str:
    """The code prefix a region covers: ``440106`` → itself, ``440100`` → ``4401``,
    ``440000`` → ``44``, none → ``""`` (everything)."""
    if not region_code:
        return ""
    if region_code.endswith("0000"):
        return region_code[:2]
    if region_code.endswith("00"):
        return region_code[:4]
    return region_code


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
    if role == "system_admin" or action in PUBLIC_ACTIONS:
        return qs
    profile = _profile(user)
    if role == "enterprise":
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
