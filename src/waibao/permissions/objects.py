"""The scope rules of :mod:`waibao.permissions.table` for the apps' objects (funds, plans,
talent, publishing): who the user is for a kind of object, and whether an object lies inside
the scope the table gives that role.

The apps' models are reached by their labels (``apps.get_model``) and by attribute, never by
import: the permission layer sits below the apps that ask it.

A refusal comes back as a reason, so that the asking app can word it:
``no_profile`` (signed in without a Waibao role, for the kinds that need one), ``role`` (the
role may not do the action at all), ``scope`` (the object lies outside the role's scope),
``fund_city`` / ``covered`` (a city review of another city's fund, or of an organisation the
fund does not cover), ``own_organisation`` / ``own_submission`` (nobody decides on their own).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q

from waibao.permissions import table as t

ALLOWED = None

# Kinds whose role is the stored profile's, as the funds have always read it: a fresh row,
# no superuser shortcut (funds are run by the officers of a city, never by the system).
_PROFILE_KINDS = frozenset({t.FUND, t.APPLICATION})


def profile_fresh(user: Any) -> Any:
    """The user's ``accounts.Profile`` read afresh (with its region and organisation), or
    ``None`` for the public and a user without a role."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    profile = apps.get_model("accounts", "Profile")
    return profile.objects.select_related("region", "organisation").filter(user=user).first()


def profile_cached(user: Any) -> Any:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "waibao_profile", None)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def roles_for(user: Any, kind: str, profile: Any = None) -> tuple[str, ...]:
    """The table's roles ``user`` holds for a ``kind`` of object (``profile``: the one read
    for it, when the kind reads one)."""
    if kind in _PROFILE_KINDS:
        return (profile.role,) if profile is not None else ()
    if kind == t.TASK:
        if not _active(user):
            return ()
        return ((t.SUPERUSER,) if user.is_superuser else ()) + t.PLAN_ROLES
    if user is None or not getattr(user, "is_authenticated", False):
        return (t.PUBLIC,)
    if user.is_superuser:
        return (t.SYSTEM_ADMIN,)
    cached = profile_cached(user)
    if cached is not None:
        return (cached.role,)
    if getattr(user, "is_active", False) and not user.is_staff:
        return (t.PERSONAL,)
    return ()


def refusal(user: Any, kind: str, action: str, obj: Any = None) -> str | None:
    """Why ``user`` may not do ``action`` to ``obj`` (a ``kind``), or ``None`` when it may.
    Without ``obj``: may it do the action to some object of the kind."""
    profile = profile_fresh(user) if kind in _PROFILE_KINDS else None
    if kind in _PROFILE_KINDS and profile is None:
        return "no_profile"
    reasons = []
    for role in roles_for(user, kind, profile):
        scope = t.scope_of(role, kind, action)
        if scope is None:
            continue
        if obj is None and scope not in _RULES_WITHOUT_OBJECT:
            return ALLOWED
        reason = _RULES[scope](user, profile or profile_cached(user), obj, role)
        if reason is ALLOWED:
            return ALLOWED
        reasons.append(reason)
    return reasons[0] if reasons else "role"


def allows(user: Any, kind: str, action: str, obj: Any = None) -> bool:
    return refusal(user, kind, action, obj) is ALLOWED


# ------------------------------------------------------------------ the rules


def _everywhere(user: Any, profile: Any, obj: Any, role: str) -> str | None:
    return ALLOWED


def _own_organisation(user: Any, profile: Any, obj: Any, role: str) -> str | None:
    """``obj`` is an organisation, or has one (an application)."""
    organisation_id = obj.pk if _label(obj) == "registry.organisation" else obj.organisation_id
    if profile.organisation_id is not None and profile.organisation_id == organisation_id:
        return ALLOWED
    return "scope"


def _same_district(user: Any, profile: Any, obj: Any, role: str) -> str | None:
    return ALLOWED if profile.region_id == obj.organisation.region_id else "scope"


def _not_own(user: Any, profile: Any, application: Any) -> str | None:
    if (
        profile.organisation_id is not None
        and profile.organisation_id == application.organisation_id
    ):
        return "own_organisation"
    if application.submitted_by_id is not None and application.submitted_by_id == user.pk:
        return "own_submission"
    return ALLOWED


def _district_not_own(user: Any, profile: Any, obj: Any, role: str) -> str | None:
    return _same_district(user, profile, obj, role) or _not_own(user, profile, obj)


def _city_code(user: Any, profile: Any, obj: Any, role: str) -> str | None:
    """``obj`` is a fund (or has one)."""
    fund = obj if _label(obj) == "funds.fund" else obj.fund
    return ALLOWED if profile.region_id == fund.city_code else "scope"


def _fund_city_not_own(user: Any, profile: Any, obj: Any, role: str) -> str | None:
    if profile.region_id != obj.fund.city_code:
        return "fund_city"
    if not obj.fund.covers_region(obj.organisation.region_id):
        return "covered"
    return _not_own(user, profile, obj)


def _city_funds(user: Any, profile: Any, obj: Any, role: str) -> str | None:
    found = application_filter(user, t.SEE_APPLICATION)
    if found is None:
        return "scope"
    model = apps.get_model("funds", "Application")
    return ALLOWED if model.objects.filter(found, pk=obj.pk).exists() else "scope"


def _city_prefix_of(profile: Any) -> str | None:
    if profile is None or profile.region_id is None:
        return None
    return str(profile.region_id)[:4]


def _city_prefix(user: Any, profile: Any, obj: Any, role: str) -> str | None:
    """``obj`` is an organisation (its region), or a person (a course of theirs run by a
    provider in the city, or their pool entry's district in it)."""
    prefix = _city_prefix_of(profile)
    if prefix is None:
        return "scope"
    if _label(obj) == "talent.person":
        person = apps.get_model("talent", "Person")
        inside = person.objects.filter(
            Q(enrolments__course__provider__region__code__startswith=prefix)
            | Q(pool_entry__region__code__startswith=prefix),
            pk=obj.pk,
        ).exists()
        return ALLOWED if inside else "scope"
    return ALLOWED if str(obj.region_id).startswith(prefix) else "scope"


def _item_city(user: Any, profile: Any, obj: Any, role: str) -> str | None:
    """``obj`` is a city code (a published item's city)."""
    own = publishing_city(user)
    return ALLOWED if own == "" or own == obj else "scope"


def _own_person(user: Any, profile: Any, obj: Any, role: str) -> str | None:
    return ALLOWED if getattr(obj, "user_id", None) == user.pk else "scope"


def _pool_grant(user: Any, profile: Any, obj: Any, role: str) -> str | None:
    grant = apps.get_model("talent", "PoolSearchGrant")
    if profile is None or profile.organisation_id is None:
        return "scope"
    granted = grant.objects.filter(
        organisation_id=profile.organisation_id, revoked_at__isnull=True
    ).exists()
    return ALLOWED if granted else "scope"


def _self(user: Any, profile: Any, obj: Any, role: str) -> str | None:
    return ALLOWED


def _plan_roles(user: Any, *roles: str) -> Any:
    plan_role = apps.get_model("plans", "PlanRole")
    return plan_role.objects.filter(user=user, role__in=roles)


_PLAN_ROLE = {t.PLAN_OFFICE: "office", t.PLAN_LEADER: "leader", t.UNIT_OFFICER: "unit_officer"}


def _jurisdiction_of(obj: Any) -> str:
    return obj if isinstance(obj, str) else obj.jurisdiction


def _jurisdiction_overseen(user: Any, profile: Any, obj: Any, role: str) -> str | None:
    held = _plan_roles(user, _PLAN_ROLE[role])
    if obj is not None:
        held = held.filter(jurisdiction=_jurisdiction_of(obj))
    return ALLOWED if held.exists() else "scope"


def _officer_unit(user: Any, profile: Any, obj: Any, role: str) -> str | None:
    """``obj`` is a task, or a (task, unit) pair: the unit's officer, the unit assigned."""
    units = officer_units(user)
    if obj is None:
        return ALLOWED if units.exists() else "scope"
    task, unit = obj if isinstance(obj, tuple) else (obj, None)
    if unit is not None:
        if not units.filter(pk=unit.pk).exists():
            return "scope"
        return ALLOWED if task.assignments.filter(unit=unit).exists() else "scope"
    return ALLOWED if task.assignments.filter(unit__in=units).exists() else "scope"


def officer_units(user: Any) -> Any:
    """The plan units ``user`` is an officer of."""
    unit = apps.get_model("plans", "Unit")
    if not _active(user):
        return unit.objects.none()
    return unit.objects.filter(officers__user=user, officers__role="unit_officer")


def plan_role_holders(*, unit: Any = None, jurisdiction: str | None = None) -> Any:
    """The plan roles (with their users) of the people a task's reminder goes to: the
    officers who report for ``unit``, else the office that manages ``jurisdiction``."""
    if unit is not None:
        action, where = t.REPORT_TASK, {"unit": unit}
    else:
        action, where = t.MANAGE_PLAN, {"jurisdiction": jurisdiction}
    roles = [_PLAN_ROLE[r] for r in t.roles_with(t.TASK, action) if r in _PLAN_ROLE]
    plan_role = apps.get_model("plans", "PlanRole")
    return plan_role.objects.filter(role__in=roles, **where)


def jurisdictions_overseen(user: Any) -> set[str]:
    """The jurisdictions where ``user`` holds a plan role that oversees tasks."""
    if not _active(user):
        return set()
    roles = [_PLAN_ROLE[r] for r in t.roles_with(t.TASK, t.OVERSEE) if r in _PLAN_ROLE]
    return set(_plan_roles(user, *roles).values_list("jurisdiction", flat=True))


# Rules that hold or fail for the user before any object: the plan roles (held per
# jurisdiction or unit: whether the user holds one at all is part of the rule) and the
# pool-search grant. They run even without an object.
_RULES_WITHOUT_OBJECT = frozenset(
    {t.JURISDICTION_OVERSEEN, t.JURISDICTION_OFFICE, t.OFFICER_UNIT, t.POOL_GRANT}
)

_RULES = {
    t.EVERYWHERE: _everywhere,
    t.OWN_ORGANISATION: _own_organisation,
    t.SAME_DISTRICT: _same_district,
    t.DISTRICT_NOT_OWN: _district_not_own,
    t.CITY_CODE: _city_code,
    t.FUND_CITY_NOT_OWN: _fund_city_not_own,
    t.CITY_FUNDS: _city_funds,
    t.CITY_PREFIX: _city_prefix,
    t.ITEM_CITY: _item_city,
    t.OWN_PERSON: _own_person,
    t.POOL_GRANT: _pool_grant,
    t.SELF: _self,
    t.JURISDICTION_OVERSEEN: _jurisdiction_overseen,
    t.JURISDICTION_OFFICE: _jurisdiction_overseen,
    t.OFFICER_UNIT: _officer_unit,
}


# ------------------------------------------------------------------ querysets and codes


def application_filter(user: Any, action: str = t.SEE_APPLICATION) -> Q | None:
    """The applications ``user`` may ``action``, as a filter; ``None`` for none at all."""
    profile = profile_fresh(user)
    if profile is None:
        return None
    scope = t.scope_of(profile.role, t.APPLICATION, action)
    if scope == t.OWN_ORGANISATION:
        return Q(organisation_id=profile.organisation_id)
    if scope == t.SAME_DISTRICT:
        return Q(organisation__region_id=profile.region_id)
    if scope == t.CITY_FUNDS and profile.region_id:
        if profile.region_id.endswith("00"):
            return Q(fund__city_code=profile.region_id)
        return Q(organisation__region_id=profile.region_id)
    return None


def fund_filter(user: Any, action: str) -> Q | None:
    """The funds ``user`` may ``action``, as a filter; ``None`` for none at all."""
    for role in roles_for(user, t.ORGANISATION):
        scope = t.scope_of(role, t.FUND, action)
        if scope == t.EVERYWHERE:
            return Q()
        if scope == t.CITY_CODE:
            return Q(city_code=profile_cached(user).region_id)
    return None


def task_filter(user: Any) -> Q | None:
    """The plan tasks ``user`` may see, as a filter (``Q()``: all); ``None`` for none."""
    roles = roles_for(user, t.TASK)
    if not roles:
        return None
    if any(t.scope_of(role, t.TASK, t.VIEW_TASK) == t.EVERYWHERE for role in roles):
        return Q()
    return Q(jurisdiction__in=jurisdictions_overseen(user)) | Q(
        assignments__unit__in=officer_units(user)
    )


def publishing_city(user: Any) -> str:
    """The city code a staff user publishes for (``""``: every city, a system administrator
    or an administrator of a whole province)."""
    if t.SYSTEM_ADMIN in roles_for(user, t.PUBLISHED_ITEM):
        return ""
    prefix = region_prefix(profile_cached(user).region_id)
    return (prefix + "0000")[:4] + "00" if len(prefix) >= 4 else ""


def _label(obj: Any) -> str:
    meta = getattr(obj, "_meta", None)
    return meta.label_lower if meta is not None else ""


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
