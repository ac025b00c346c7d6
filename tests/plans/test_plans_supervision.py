"""Overdue status, reminders and escalation timing, and idempotent daily runs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import translation
from factories import office, task, unit
from plans_support import make_user

from waibao.plans.conf import PlanSettings
from waibao.plans.models import Reminder
from waibao.plans.selectors import overdue_list, task_status
from waibao.plans.services import supervise

SETTINGS = PlanSettings(escalate_to_lead_after_days=7, escalate_to_office_after_days=21)
DUE = date(2025, 3, 31)


def day(n: int) -> date:
    """Overdue day ``n``: the due date plus n days."""
    return DUE + timedelta(days=n)


@pytest.fixture
def work(db):
    lead = unit("lead")
    first, second = unit("first"), unit("second")
    return {
        "office": office(),
        "lead": lead,
        "first": first,
        "second": second,
        "task": task("t1", deadline=DUE, lead=[lead], responsible=[first, second]),
    }


def _levels(when=None):
    rows = Reminder.objects.all() if when is None else Reminder.objects.filter(sent_on=when)
    return sorted((r.level, r.recipient_name) for r in rows)


def test_a_task_is_not_overdue_on_its_due_date_and_overdue_the_day_after(work):
    assert task_status(work["task"], today=DUE) == "not_started"
    assert task_status(work["task"], today=day(1)) == "overdue"
    assert [i.days for i in overdue_list(today=day(1))] == [1]


def test_on_the_due_date_nobody_is_reminded(work):
    assert supervise(today=DUE, settings=SETTINGS).created == []


def test_on_overdue_day_1_each_responsible_unit_is_reminded(work):
    run = supervise(today=day(1), settings=SETTINGS)
    assert _levels() == [("responsible", "first单位"), ("responsible", "second单位")]
    assert run.overdue_tasks == 1


def test_the_lead_unit_is_not_escalated_to_on_day_n_minus_1(work):
    supervise(today=day(6), settings=SETTINGS)
    assert [level for level, _ in _levels()] == ["responsible", "responsible"]


def test_the_lead_unit_is_escalated_to_on_day_n(work):
    supervise(today=day(6), settings=SETTINGS)
    supervise(today=day(7), settings=SETTINGS)
    assert _levels(day(7)) == [("lead", "lead单位")]


def test_the_office_is_escalated_to_on_day_m_not_m_minus_1(work):
    supervise(today=day(20), settings=SETTINGS)
    assert "office" not in [level for level, _ in _levels()]
    supervise(today=day(21), settings=SETTINGS)
    assert _levels(day(21)) == [("office", "领导小组办公室")]


def test_running_twice_a_day_and_every_day_for_a_month_sends_each_notice_once(work):
    for n in range(0, 40):
        supervise(today=day(n), settings=SETTINGS)
        again = supervise(today=day(n), settings=SETTINGS)
        assert again.created == []
    assert [(r.level, r.sent_on) for r in Reminder.objects.order_by("sent_on", "level")] == [
        ("responsible", day(1)),
        ("responsible", day(1)),
        ("lead", day(7)),
        ("office", day(21)),
    ]


def test_a_run_after_missed_days_catches_up_on_every_level_reached(work):
    supervise(today=day(25), settings=SETTINGS)
    assert sorted(level for level, _ in _levels(day(25))) == [
        "lead",
        "office",
        "responsible",
        "responsible",
    ]
    assert {r.overdue_days for r in Reminder.objects.all()} == {25}


def test_a_unit_that_finished_its_part_is_not_reminded(work):
    work["task"].assignments.filter(unit=work["first"]).update(done_on=DUE)
    supervise(today=day(1), settings=SETTINGS)
    assert _levels() == [("responsible", "second单位")]


def test_a_task_done_late_stops_the_escalation(work):
    supervise(today=day(3), settings=SETTINGS)
    work["task"].done_on = day(4)
    work["task"].save()
    supervise(today=day(30), settings=SETTINGS)
    assert [level for level, _ in _levels()] == ["responsible", "responsible"]


def test_a_blocked_task_is_listed_as_blocked_and_not_reminded(work):
    work["task"].blocked = True
    work["task"].save()
    assert task_status(work["task"], today=day(5)) == "blocked"
    assert supervise(today=day(30), settings=SETTINGS).created == []


def test_a_task_without_a_deadline_is_never_overdue(db):
    office()
    task("open", deadline=None, lead=[unit("a")])
    assert supervise(today=date(2030, 1, 1), settings=SETTINGS).created == []


def test_a_task_naming_only_leads_reminds_the_leads_then_the_office_at_day_n(db):
    office()
    task("lead-only", deadline=DUE, lead=[unit("solo")])
    supervise(today=day(1), settings=SETTINGS)
    supervise(today=day(7), settings=SETTINGS)
    assert _levels() == [("lead", "领导小组办公室"), ("responsible", "solo单位")]


def test_an_undone_milestone_makes_the_task_due_before_its_deadline(work):
    work["task"].milestones.create(title="节点", due=date(2025, 1, 31))
    assert task_status(work["task"], today=date(2025, 2, 1)) == "overdue"
    assert overdue_list(today=date(2025, 2, 1))[0].due == date(2025, 1, 31)
    work["task"].milestones.update(done_on=date(2025, 1, 30))
    assert task_status(work["task"], today=date(2025, 2, 1)) != "overdue"


def test_reminders_email_the_officers_of_the_unit_reminded(work):
    make_user("first_officer", role="unit_officer", unit_code="first", email="f@dt.gov.cn")
    make_user("the_office", role="office", email="office@dt.gov.cn")
    supervise(today=day(21), settings=SETTINGS)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["f@dt.gov.cn", "office@dt.gov.cn"]
    assert "逾期21天" in mail.outbox[0].subject


def test_the_settings_refuse_an_office_escalation_before_the_lead_escalation():
    from waibao.plans.conf import plan_settings

    with translation.override("en"), pytest.raises(ValueError, match=r"\(30\).*\(30\)"):
        plan_settings(escalate_to_lead_after_days=30, escalate_to_office_after_days=30)
