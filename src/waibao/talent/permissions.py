"""Who may do what with talent data. Rules are evaluated in this order, first match wins:

1. An anonymous user may do nothing but read the consent notice.
2. A Django superuser, or a ``system_admin``, may do everything, everywhere.
3. A ``city_admin`` may grant pool search, reveal, export and erase people, and read talent
   totals, within their city: a person is "in" the city when one of their courses is run by a
   provider there or their pool entry names a district there.
4. ``leader`` and ``analyst`` may read talent totals and training facts (aggregates only).
5. An ``enterprise`` user acts for their organisation: manages its own courses and rosters
   (masked) and reads its own training facts; searches the pool only while the bureau's
   ``PoolSearchGrant`` for that organisation stands.
6. A logged-in user linked to a ``Person`` sees, exports and withdraws only their own data.
7. Only a personal account (signed in, no Waibao role, not staff) registers itself as a
   person (``may_register_self``).

Nobody sees clear personal data except through ``person_reveal`` / ``person_export``, which log.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from waibao import permissions
from waibao.accounts.models import Role
from waibao.registry.models import Organisation
from waibao.talent.models import Person
from waibao.talent.selectors import organisation_may_search_pool


def _profile(user: Any) -> Any:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "waibao_profile", None)


def _role(user: Any) -> str | None:
    profile = _profile(user)
    return profile.role if profile is not None else None


def is_superuser_like(user: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or _role(user) == Role.SYSTEM_ADMIN


def _city_prefix(user: Any) -> str | None:
    profile = _profile(user)
    if profile is None or profile.role != Role.CITY_ADMIN or profile.region_id is None:
        return None
    return str(profile.region_id)[:4]


def acting_organisation(user: Any) -> Organisation | None:
    profile = _profile(user)
    if profile is None or profile.role != Role.ENTERPRISE:
        return None
    return profile.organisation


def can_manage_provider(user: Any, organisation: Organisation) -> bool:
    if is_superuser_like(user):
        return True
    prefix = _city_prefix(user)
    if prefix is not None:
        return str(organisation.region_id).startswith(prefix)
    acting = acting_organisation(user)
    return acting is not None and acting.pk == organisation.pk


def can_read_training_facts(user: Any, organisation: Organisation) -> bool:
    return can_manage_provider(user, organisation) or _role(user) in (Role.LEADER, Role.ANALYST)


def can_read_totals(user: Any) -> bool:
    return is_superuser_like(user) or _role(user) in (Role.CITY_ADMIN, Role.LEADER, Role.ANALYST)


def can_search_pool(user: Any) -> bool:
    return organisation_may_search_pool(acting_organisation(user))


def can_grant_pool_search(user: Any, organisation: Organisation) -> bool:
    if is_superuser_like(user):
        return True
    prefix = _city_prefix(user)
    return prefix is not None and str(organisation.region_id).startswith(prefix)


def can_handle_person(user: Any, person: Person) -> bool:
    """Reveal, export on request, erase: bureau staff with the person in their scope."""
    if is_superuser_like(user):
        return True
    prefix = _city_prefix(user)
    if prefix is None:
        return False
    return Person.objects.filter(
        Q(enrolments__course__provider__region__code__startswith=prefix)
        | Q(pool_entry__region__code__startswith=prefix),
        pk=person.pk,
    ).exists()


def may_register_self(user: Any) -> bool:
    """Self-registration (``person_register_self``) is for a personal account: signed in,
    active, with no Waibao role (no ``Profile``: enterprise users and bureau staff act for
    an organisation or an office, never as a private person) and no staff or superuser
    flag. A staff member who is also a trainee registers with a personal account."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return False
    return _profile(user) is None


def own_person(user: Any) -> Person | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user).first()


def trainee_providers(user: Any) -> QuerySet[Organisation] | None:
    """The training providers whose trainees ``user`` may list (masked), or ``None`` when the
    list is not theirs: who may read training facts here (a system administrator, a city
    administrator, a provider for itself, a leader or analyst), narrowed to the organisations
    of their scope by ``waibao.permissions`` (docs/decisions/0031-staff-lists.md)."""
    allowed = (
        is_superuser_like(user)
        or _city_prefix(user) is not None
        or acting_organisation(user) is not None
        or _role(user) in (Role.LEADER, Role.ANALYST)
    )
    if not allowed:
        return None
    return permissions.scope_organisations(user, Organisation.objects.all())
