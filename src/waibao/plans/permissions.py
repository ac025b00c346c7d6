"""Who may see and do what in plans. Deny by default.

The rules, in the order they are evaluated:

1. An anonymous user, or an inactive one, may do nothing.
2. A Django superuser (system administrator) may do everything.
3. A user with the ``office`` or ``leader`` plan role of a jurisdiction sees every task, report,
   meeting, reminder and assessment of that jurisdiction; only the ``office`` records meetings,
   marks tasks done or blocked, and runs supervision.
4. A user with the ``unit_officer`` role of a unit sees the tasks in which that unit has an
   assignment (its own, or one through a collective it belongs to), and files reports on them
   for that unit only.
5. Anything else is denied.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from waibao.plans.models import PlanRole, Task, Unit


def _active(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def _roles(user: object, *roles: str) -> QuerySet[PlanRole]:
    return PlanRole.objects.filter(user=user, role__in=roles)


def jurisdictions_overseen(user: object) -> set[str]:
    """Jurisdictions where the user is office or leader (rule 3)."""
    if not _active(user):
        return set()
    return set(
        _roles(user, PlanRole.Role.OFFICE, PlanRole.Role.LEADER).values_list(
            "jurisdiction", flat=True
        )
    )


def officer_units(user: object) -> QuerySet[Unit]:
    if not _active(user):
        return Unit.objects.none()
    return Unit.objects.filter(officers__user=user, officers__role=PlanRole.Role.UNIT_OFFICER)


def visible_tasks(user: object) -> QuerySet[Task]:
    if not _active(user):
        return Task.objects.none()
    if getattr(user, "is_superuser", False):
        return Task.objects.all()
    overseen = jurisdictions_overseen(user)
    units = officer_units(user)
    return Task.objects.filter(
        Q(jurisdiction__in=overseen) | Q(assignments__unit__in=units)
    ).distinct()


def can_view_task(user: object, task: Task) -> bool:
    return visible_tasks(user).filter(pk=task.pk).exists()


def can_report(user: object, task: Task, unit: Unit) -> bool:
    """Rule 4 only: reports come from the officers of an assigned unit, for that unit."""
    if not _active(user):
        return False
    if not officer_units(user).filter(pk=unit.pk).exists():
        return False
    return task.assignments.filter(unit=unit).exists()


def can_oversee(user: object, jurisdiction: str) -> bool:
    if not _active(user):
        return False
    return getattr(user, "is_superuser", False) or jurisdiction in jurisdictions_overseen(user)


def can_manage(user: object, jurisdiction: str) -> bool:
    """Record meetings, mark tasks done or blocked, run supervision: the office."""
    if not _active(user):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return _roles(user, PlanRole.Role.OFFICE).filter(jurisdiction=jurisdiction).exists()
