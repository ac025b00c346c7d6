"""A simulated 2024 in Datong: the office fixes deadlines, units report, the leading group meets,
supervision runs every day, and the year ends with the overdue list, the escalations and the
unit assessment worked out by hand below."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from plans_support import make_user

from waibao.plans.conf import PlanSettings
from waibao.plans.loading import plan_load
from waibao.plans.models import Body, Milestone, Reminder, Task, Unit
from waibao.plans.selectors import cadence_gaps, overdue_list, task_status, unit_assessment
from waibao.plans.services import (
    decision_to_task,
    meeting_record,
    milestone_mark_done,
    report_file,
    supervise,
    task_set_deadline,
)

SETTINGS = PlanSettings(escalate_to_lead_after_days=10, escalate_to_office_after_days=30)
COUNTIES = [
    "pingcheng", "yungang", "xinrong", "yunzhou", "yanggao", "tianzhen",
    "guangling", "lingqiu", "hunyuan", "zuoyun", "economic_zone",
]  # fmt: skip


@pytest.fixture
def year(db):
    plan_load(jurisdiction="datong")
    officers = {}

    def officer(code):
        if code not in officers:
            officers[code] = make_user(f"officer_{code}", role="unit_officer", unit_code=code)
        return officers[code]

    def complete(key, code, on, text="本单位任务完成"):
        task = Task.objects.get(key=key)
        unit = Unit.objects.get(jurisdiction="datong", code=code)
        report_file(
            user=officer(code), task=task, unit=unit, reported_on=on, text=text, completes=True
        )

    the_office = make_user("office", role="office")
    group = Body.objects.get(jurisdiction="datong", kind="leading_group")

    # Stage 1, before the year: task 3 done by all; task 1 by all members but 市促投局;
    # the application (保障(五), first milestone) launched.
    task3 = Task.objects.get(key="datong.3")
    for assignment in task3.assignments.filter(role="responsible", via__isnull=True).exclude(
        unit__kind="collective"
    ):
        complete("datong.3", assignment.unit.code, date(2023, 12, 20))
    for code in COUNTIES:
        complete("datong.3", code, date(2023, 12, 20))
    for unit in group.members.exclude(code="investment_promotion"):
        complete("datong.1", unit.code, date(2023, 12, 28))
    milestone_mark_done(
        user=the_office,
        milestone=Milestone.objects.get(task__key="datong.safeguard.5", position=0),
        done_on=date(2023, 12, 15),
    )
    # The office fixes 2024 deadlines for three tasks.
    for key, deadline in (
        ("datong.4", date(2024, 6, 30)),
        ("datong.13", date(2024, 9, 30)),
        ("datong.safeguard.3", date(2024, 3, 31)),
    ):
        task_set_deadline(user=the_office, task=Task.objects.get(key=key), deadline=deadline)

    # The year, day by day.
    plan = {
        date(2024, 1, 5): [("datong.1", "investment_promotion")],
        date(2024, 6, 28): [("datong.4", c) for c in COUNTIES if c != "lingqiu"],
        date(2024, 7, 20): [("datong.4", "lingqiu")],
        date(2024, 9, 15): [("datong.13", c) for c in COUNTIES]
        + [
            ("datong.13", "finance"),
            ("datong.13", "commerce"),
            ("datong.13", "digital_government_center"),
        ],
    }
    member_meetings = {date(2024, 3, 15), date(2024, 6, 20), date(2024, 12, 10)}
    day = date(2024, 1, 1)
    while day <= date(2024, 12, 31):
        for key, code in plan.get(day, []):
            complete(key, code, day)
        if day == date(2024, 3, 20):
            report_file(
                user=officer("pingcheng"),
                task=Task.objects.get(key="datong.safeguard.3"),
                unit=Unit.objects.get(jurisdiction="datong", code="pingcheng"),
                reported_on=day,
                text="统计人员已到位,企业摸排进行中",
            )
        if day in member_meetings:
            meeting = meeting_record(
                body=group,
                kind="member",
                held_on=day,
                user=the_office,
                decisions=["9月底前完成服务外包统计人员培训"] if day.month == 6 else [],
            )
            if day.month == 6:
                decision_to_task(
                    decision=meeting.decisions.get(),
                    title="服务外包统计人员培训",
                    lead=[Unit.objects.get(jurisdiction="datong", code="commerce")],
                    responsible=[Unit.objects.get(jurisdiction="datong", code="pingcheng")],
                    deadline=date(2024, 9, 30),
                    user=the_office,
                )
        if day.day == 15 and day.month != 8:
            meeting_record(body=group, kind="thematic", held_on=day, user=the_office)
        if day == date(2024, 9, 25):
            decision_task = Task.objects.get(origin="decision")
            complete(decision_task.key, "pingcheng", day)
        supervise(today=day, jurisdiction="datong", settings=SETTINGS)
        day += timedelta(days=1)
    return {"group": group}


def _reminders():
    return sorted(
        (r.sent_on.isoformat(), r.task.key, r.level, r.recipient_name)
        for r in Reminder.objects.select_related("task", "unit", "body")
    )


@pytest.mark.slow
def test_a_simulated_datong_2024_gives_the_overdue_list_escalations_cadence_and_scores(year):
    # --- the year ends with only the statistics task overdue for 275 days
    (item,) = overdue_list(today=date(2024, 12, 31), jurisdiction="datong")
    assert (item.task.key, item.due, item.days) == ("datong.safeguard.3", date(2024, 3, 31), 275)
    assert sorted(u.code for u in item.pending_units) == sorted(COUNTIES)
    assert task_status(Task.objects.get(key="datong.4"), today=date(2024, 12, 31)) == "done"

    # --- the year sends each reminder and escalation once on its day
    county_names = sorted(
        Unit.objects.filter(code__in=COUNTIES, jurisdiction="datong").values_list("name", flat=True)
    )
    expected = sorted(
        [
            ("2024-01-01", "datong.1", "responsible", "市促投局"),
            ("2024-07-01", "datong.4", "responsible", "灵丘县人民政府"),
            ("2024-07-10", "datong.4", "lead", "市财政局"),
            ("2024-07-10", "datong.4", "lead", "市商务局"),
            ("2024-04-10", "datong.safeguard.3", "lead", "市商务局"),
            (
                "2024-04-30",
                "datong.safeguard.3",
                "office",
                "大同市创建中国服务外包示范城市工作领导小组办公室",
            ),
        ]
        + [("2024-04-01", "datong.safeguard.3", "responsible", name) for name in county_names]
    )
    assert _reminders() == expected
    assert (
        supervise(today=date(2024, 12, 31), jurisdiction="datong", settings=SETTINGS).created == []
    )

    # --- the year misses the third quarter member meeting and the august thematic one
    gaps = cadence_gaps(body=year["group"], start=date(2024, 1, 1), end=date(2024, 12, 31))
    assert sorted((g.cadence.meeting_kind, g.period.label) for g in gaps) == [
        ("member", "2024Q3"),
        ("thematic", "2024-08"),
    ]

    # --- the year assessment of units matches the hand computation
    results = {
        e.unit.code: e
        for e in unit_assessment(
            jurisdiction="datong",
            year=2024,
            target_scores={"pingcheng": 80, "lingqiu": 90},
            settings=SETTINGS,
        )
    }
    # 市商务局: leads 4. (late, 0/2), 保障(三) (open, 0/2), the meeting's follow-up (on time, 2/2);
    # responsible for 13. (on time, 1/1): 3/7 = 42.857… → 42.86.
    assert (results["commerce"].tasks_due, results["commerce"].score) == (4, Decimal("42.86"))
    # 市财政局: leads 4. (0/2), responsible for 13. (1/1): 1/3.
    assert results["finance"].score == Decimal("33.33")
    # 灵丘县: 4. late, 13. on time, 保障(三) open: 1/3; with target 90: 0.6 × 33.33… + 36 = 56.
    assert (results["lingqiu"].task_score, results["lingqiu"].score) == (
        Decimal("33.33"),
        Decimal("56.00"),
    )
    # 平城区: 4., 13., follow-up on time, 保障(三) open: 3/4 = 75; with target 80: 45 + 32 = 77.
    assert results["pingcheng"].score == Decimal("77.00")
    # 云冈区: 4. and 13. on time, 保障(三) open: 2/3 → 66.67 (no target score given).
    assert results["yungang"].score == Decimal("66.67")
    assert results["party_publicity"].score == Decimal("100.00")  # led 13., done on time
    assert "investment_promotion" not in results  # task 1. was due in 2023
