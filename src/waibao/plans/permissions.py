"""Who may see and do what in plans: asked of the permission table
(``waibao.permissions.table``, kind ``task``). Deny by default. The rules, as the table
states them:

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

from django.db.models import QuerySet

from waibao import permissions
from waibao.permissions import table
from waibao.plans.models import Task, Unit


def jurisdictions_overseen(user: object) -> set[str]:
    """Jurisdictions where the user is office or leader (rule 3)."""
    return permissions.jurisdictions_overseen(user)


def officer_units(user: object) -> QuerySet[Unit]:
    return permissions.officer_units(user)


def visible_tasks(user: object) -> QuerySet[Task]:
    found = permissions.task_filter(user)
    if found is None:
        return Task.objects.none()
    if not found:  # everything (a superuser)
        return Task.objects.all()
    return Task.objects.filter(found).distinct()


def can_view_task(user: object, task: Task) -> bool:
    return visible_tasks(user).filter(pk=task.pk).exists()


def can_report(user: object, task: Task, unit: Unit) -> bool:
    """Rule 4 only: reports come from the officers of an assigned unit, for that unit."""
    return permissions.allows(user, table.TASK, table.REPORT_TASK, (task, unit))


def can_oversee(user: object, jurisdiction: str) -> bool:
    return permissions.allows(user, table.TASK, table.OVERSEE, jurisdiction)


def can_manage(user: object, jurisdiction: str) -> bool:
    """Record meetings, mark tasks done or blocked, run supervision: the office."""
    return permissions.allows(user, table.TASK, table.MANAGE_PLAN, jurisdiction)


def reminder_roles(*, unit: Unit | None = None, jurisdiction: str | None = None) -> QuerySet:
    """Whom a supervision reminder goes to: the officers who report for ``unit``, else the
    office that manages ``jurisdiction`` (their plan roles, each with its user)."""
    return permissions.plan_role_holders(unit=unit, jurisdiction=jurisdiction)
