"""Small hand-built jurisdictions for the timing and scoring tests (the Datong load is slower)."""

from __future__ import annotations

from datetime import date

from waibao.plans.models import Assignment, Body, Task, Unit


def unit(code: str, *, jurisdiction: str = "datong", kind: str = "department") -> Unit:
    return Unit.objects.get_or_create(
        jurisdiction=jurisdiction, code=code, defaults={"name": f"{code}单位", "kind": kind}
    )[0]


def office(jurisdiction: str = "datong") -> Body:
    host = unit("office_host", jurisdiction=jurisdiction)
    group = Body.objects.get_or_create(
        jurisdiction=jurisdiction,
        code="group",
        defaults={
            "name": "领导小组",
            "kind": "leading_group",
            "clause_ref": "x",
            "source_phrase": "x",
        },
    )[0]
    return Body.objects.get_or_create(
        jurisdiction=jurisdiction,
        code="office",
        defaults={
            "name": "领导小组办公室",
            "kind": "office",
            "parent": group,
            "host_unit": host,
            "clause_ref": "x",
            "source_phrase": "x",
        },
    )[0]


def task(
    key: str,
    *,
    deadline: date | None,
    lead: list[Unit] = (),  # type: ignore[assignment]
    responsible: list[Unit] = (),  # type: ignore[assignment]
    jurisdiction: str = "datong",
) -> Task:
    created = Task.objects.create(
        jurisdiction=jurisdiction, key=key, clause_ref=key, title=key, deadline=deadline
    )
    for role, units in (("lead", lead), ("responsible", responsible)):
        for position, member in enumerate(units):
            Assignment.objects.create(task=created, unit=member, role=role, position=position)
    return created
