"""Pages for unit officers, the office and leaders. Thin: permissions decide, selectors read,
services write. A task outside the user's scope is a 404; a supervision page outside it a 403."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from waibao.bounds import day_problem
from waibao.plans import permissions
from waibao.plans.export import supervision_report_xlsx
from waibao.plans.models import Jurisdiction, Task
from waibao.plans.selectors import (
    STATUS_LABELS,
    cadence_gaps_for,
    overdue_list,
    task_due,
    task_list,
    task_overdue_days,
    task_status,
    unit_assessment,
)
from waibao.plans.services import attachments_read, report_file
from waibao.plans.task_list import task_list_page


def _as_of(request: HttpRequest) -> date:
    """``?today=YYYY-MM-DD`` looks at the plan as of another day; default: today, also for a
    day outside ``waibao.bounds`` (9999-12-31 overflowed the date arithmetic)."""
    try:
        day = date.fromisoformat(request.GET["today"])
    except (KeyError, ValueError):
        return timezone.localdate()
    return timezone.localdate() if day_problem(day) else day


def _row(task: Task, today: date) -> dict[str, object]:
    written = [a for a in task.assignments.all() if a.via_id is None]
    status = task_status(task, today=today)
    return {
        "task": task,
        "status_key": status,
        "status": STATUS_LABELS[status],
        "due": task_due(task, today=today),
        "overdue_days": task_overdue_days(task, today=today),
        "lead": "、".join(a.unit.name for a in written if a.role == "lead"),
        "responsible": "、".join(a.unit.name for a in written if a.role == "responsible"),
    }


@login_required
def task_index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    visible = permissions.visible_tasks(request.user).values("pk")
    rows = [_row(task, today) for task in task_list().filter(pk__in=visible)]
    overseen = sorted(permissions.jurisdictions_overseen(request.user))
    return render(
        request,
        "plans/tasks.html",
        {"rows": rows, "list": task_list_page(request, rows), "today": today, "overseen": overseen},
    )


@login_required
def task_page(request: HttpRequest, key: str) -> HttpResponse:
    today = timezone.localdate()
    visible = permissions.visible_tasks(request.user).values("pk")
    task = task_list().filter(pk__in=visible, key=key).first()
    if task is None:
        raise Http404
    my_units = [
        a.unit
        for a in task.assignments.all()
        if a.unit.kind != "collective" and permissions.can_report(request.user, task, a.unit)
    ]
    error = ""
    if request.method == "POST":
        unit = next((u for u in my_units if u.code == request.POST.get("unit_code")), None)
        if unit is None:
            raise PermissionDenied
        try:
            report_file(
                user=request.user,
                task=task,
                unit=unit,
                reported_on=today,
                text=request.POST.get("text", ""),
                completes=request.POST.get("completes") == "on",
                files=attachments_read(request.FILES.getlist("files")),
            )
        except ValidationError as exc:
            error = _("；").join(exc.messages)
        else:
            return redirect("plans:task", key=task.key)
    return render(
        request,
        "plans/task.html",
        {
            "row": _row(task, today),
            "task": task,
            "assignments": task.assignments.all(),
            "milestones": task.milestones.all(),
            "reports": task.reports.select_related("unit").prefetch_related("attachments"),
            "my_units": sorted({u.pk: u for u in my_units}.values(), key=lambda u: u.code),
            "error": error,
        },
    )


@login_required
def supervision_page(request: HttpRequest, jurisdiction: str) -> HttpResponse:
    if jurisdiction not in Jurisdiction.values:
        raise Http404
    if not permissions.can_oversee(request.user, jurisdiction):
        raise PermissionDenied
    today = _as_of(request)
    return render(
        request,
        "plans/supervision.html",
        {
            "jurisdiction": Jurisdiction(jurisdiction).label,
            "code": jurisdiction,
            "today": today,
            "overdue": overdue_list(today=today, jurisdiction=jurisdiction),
            "gaps": cadence_gaps_for(
                jurisdiction=jurisdiction, start=date(today.year, 1, 1), end=today
            ),
            "assessment": unit_assessment(jurisdiction=jurisdiction, year=today.year),
        },
    )


@login_required
def supervision_xlsx(request: HttpRequest, jurisdiction: str) -> HttpResponse:
    if jurisdiction not in Jurisdiction.values:
        raise Http404
    if not permissions.can_oversee(request.user, jurisdiction):
        raise PermissionDenied
    today = _as_of(request)
    response = HttpResponse(
        supervision_report_xlsx(jurisdiction=jurisdiction, today=today),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="plans-{jurisdiction}-{today}.xlsx"'
    return response
