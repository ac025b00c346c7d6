"""The demo's 督办 (plan tasks), through ``waibao.plans``: each jurisdiction's work plan
loaded from its policy folder (``plan_load_all``), the plan roles granted (the first officer
is the leading group's office, the second and ``lingdao`` its leaders, the third the liaison
of the unit that leads the first open task led by one unit), then a year of supervision: a
progress report filed by the liaison, a task marked done and a deadline fixed by the office,
a meeting of the leading group with two decisions, one of them a follow-up task whose
deadline has passed.
The texts' own deadlines are mostly past, so most tasks show as overdue, as they would.

Plan roles have no service (the bureau grants them in the admin); the demo writes the grant
rows the admin would, and everything after through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from waibao.demo.year_cast import Cast

MEETING_ON = dt.date(2026, 9, 15)
REPORTED_ON = dt.date(2026, 10, 10)


def plans_load() -> int:
    from waibao.plans.loading import plan_load_all

    return sum(result.tasks for result in plan_load_all())


def plans_make(cast: Cast, leader: Any) -> dict[str, int]:
    from waibao.plans import selectors, services
    from waibao.plans.models import PlanRole

    j = cast.jurisdiction
    for user, role in ((cast.maker, "office"), (cast.checker, "leader"), (leader, "leader")):
        PlanRole.objects.get_or_create(user=user, role=role, jurisdiction=j, unit=None)
    tasks = list(selectors.task_list(jurisdiction=j).filter(done_on__isnull=True).order_by("key"))
    if not tasks:
        return {}
    # the first open task led by a single unit (not a collective such as 各县(区)人民政府)
    first, lead = tasks[0], None
    for task in tasks:
        lead = next((u for u in selectors.lead_units(task) if u.kind != "collective"), None)
        if lead is not None:
            first = task
            break
    others = [task for task in tasks if task.pk != first.pk]
    reports = 0
    if lead is not None:
        PlanRole.objects.get_or_create(
            user=cast.third, role="unit_officer", jurisdiction=j, unit=lead
        )
        services.report_file(
            user=cast.third,
            task=first,
            unit=lead,
            reported_on=REPORTED_ON,
            text="已完成调研和方案起草，正在征求相关部门意见。（演示进展）",
        )
        reports = 1
    if others:
        services.task_mark_done(user=cast.maker, task=others[0], done_on=dt.date(2026, 6, 30))
    if len(others) > 1:
        services.task_set_deadline(user=cast.maker, task=others[1], deadline=dt.date(2027, 6, 30))
    office = selectors.office_of(j)
    meetings = 0
    if office is not None:
        meeting = services.meeting_record(
            body=office,
            kind="thematic",
            held_on=MEETING_ON,
            title="服务外包工作推进专题会(演示)",
            minutes="听取各单位工作进展汇报，研究部署下阶段重点工作。（演示纪要）",
            decisions=["请牵头单位于10月底前报送专项资金申报情况", "加快推进人才培训基地建设"],
            user=cast.maker,
        )
        meetings = 1
        if lead is not None:
            services.decision_to_task(
                decision=meeting.decisions.order_by("position").first(),
                title="报送专项资金申报情况（会议交办，演示）",
                lead=[lead],
                deadline=dt.date(2026, 10, 31),
                user=cast.maker,
            )
    return {"reports": reports, "meetings": meetings}
