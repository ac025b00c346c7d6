"""Who may do what with talent data: asked of the permission table
(``waibao.permissions.table``, kinds ``talent_organisation``, ``talent_totals``, ``pool`` and
``person``). The rules, as the table states them:

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

from django.db.models import QuerySet

from waibao import permissions
from waibao.permissions import table
from waibao.registry.models import Organisation
from waibao.talent.models import Person


def acting_organisation(user: Any) -> Organisation | None:
    return permissions.own_organisation(user)


def can_manage_provider(user: Any, organisation: Organisation) -> bool:
    return permissions.allows(user, table.TALENT_ORGANISATION, table.MANAGE_PROVIDER, organisation)


def can_read_training_facts(user: Any, organisation: Organisation) -> bool:
    return permissions.allows(
        user, table.TALENT_ORGANISATION, table.READ_TRAINING_FACTS, organisation
    )


def can_read_totals(user: Any) -> bool:
    return permissions.allows(user, table.TALENT_TOTALS, table.READ_TOTALS)


def can_search_pool(user: Any) -> bool:
    return permissions.allows(user, table.POOL, table.SEARCH_POOL)


def can_grant_pool_search(user: Any, organisation: Organisation) -> bool:
    return permissions.allows(
        user, table.TALENT_ORGANISATION, table.GRANT_POOL_SEARCH, organisation
    )


def can_handle_person(user: Any, person: Person) -> bool:
    """Reveal, export on request, erase: bureau staff with the person in their scope."""
    return permissions.allows(user, table.PERSON, table.HANDLE_PERSON, person)


def may_register_self(user: Any) -> bool:
    """Self-registration (``person_register_self``) is for a personal account: signed in,
    active, with no Waibao role (no ``Profile``: enterprise users and bureau staff act for
    an organisation or an office, never as a private person) and no staff or superuser
    flag. A staff member who is also a trainee registers with a personal account."""
    return permissions.allows(user, table.PERSON, table.REGISTER_SELF)


def own_person(user: Any) -> Person | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user).first()


def trainee_providers(user: Any) -> QuerySet[Organisation] | None:
    """The training providers whose trainees ``user`` may list (masked), or ``None`` when the
    list is not theirs: who may read training facts here (a system administrator, a city
    administrator, a provider for itself, a leader or analyst), narrowed to the organisations
    of their scope by ``waibao.permissions`` (docs/decisions/0031-staff-lists.md)."""
    if not permissions.allows(user, table.TALENT_ORGANISATION, table.READ_TRAINING_FACTS):
        return None
    return permissions.scope_organisations(user, Organisation.objects.all())
