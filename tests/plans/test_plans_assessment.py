"""The yearly assessment of units (Datong 保障措施(一)): on-time share of tasks, a lead weighing
2 and a responsible part 1, combined 60/40 with the district's statistics-target score."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from factories import task, unit

from waibao.plans.conf import PlanSettings
from waibao.plans.selectors import unit_assessment


@pytest.fixture
def year_2025(db):
    a, b, c, district = unit("a"), unit("b"), unit("c"), unit("district", kind="district")
    # T1: A leads, B responsible; B finishes before the deadline, so the task is done on time.
    t1 = task("t1", deadline=date(2025, 6, 30), lead=[a], responsible=[b])
    t1.assignments.filter(unit=b).update(done_on=date(2025, 6, 20))
    t1.done_on = date(2025, 6, 20)
    t1.save()
    # T2: A responsible, finishes five days late.
    t2 = task("t2", deadline=date(2025, 9, 30), lead=[c], responsible=[a])
    t2.assignments.filter(unit=a).update(done_on=date(2025, 10, 5))
    # T3: A and the district responsible, both finish exactly on the deadline (on time).
    t3 = task("t3", deadline=date(2025, 12, 31), lead=[c], responsible=[a, district])
    t3.assignments.update(done_on=date(2025, 12, 31))
    # T4: due in 2026, outside the assessed year.
    task("t4", deadline=date(2026, 3, 31), lead=[a], responsible=[b])
    return {"a": a, "b": b, "c": c, "district": district}


def _by_code(results):
    return {entry.unit.code: entry for entry in results}


def test_a_unit_on_time_for_3_of_4_weighted_parts_scores_75_on_tasks(year_2025):
    # A: lead T1 on time (2 of 2), responsible T2 late (0 of 1), responsible T3 on time (1 of 1).
    a = _by_code(unit_assessment(jurisdiction="datong", year=2025))["a"]
    assert (a.tasks_due, a.on_time) == (3, 2)
    assert a.task_score == Decimal("75.00")
    assert a.score == Decimal("75.00")  # no target score: tasks alone


def test_with_a_target_score_of_80_the_unit_scores_60_percent_of_75_plus_40_percent_of_80(
    year_2025,
):
    a = _by_code(unit_assessment(jurisdiction="datong", year=2025, target_scores={"a": 80}))["a"]
    assert a.score == Decimal("77.00")  # 0.6 × 75 + 0.4 × 80 = 45 + 32


def test_a_lead_whose_task_is_still_open_at_year_end_scores_zero_for_it(year_2025):
    # C leads T2 (never done as a task) and T3 (never marked done as a task): 0 of 4.
    c = _by_code(unit_assessment(jurisdiction="datong", year=2025))["c"]
    assert (c.task_score, c.score) == (Decimal("0.00"), Decimal("0.00"))


def test_a_district_with_all_tasks_on_time_and_a_target_score_of_55_5_scores_82_20(year_2025):
    results = unit_assessment(jurisdiction="datong", year=2025, target_scores={"district": "55.5"})
    district = _by_code(results)["district"]
    assert district.task_score == Decimal("100.00")
    assert district.score == Decimal("82.20")  # 60 + 0.4 × 55.5 = 60 + 22.2


def test_a_one_third_share_rounds_half_up_to_the_cent(db):
    lead, helper = unit("lead"), unit("helper")
    late = task("late", deadline=date(2025, 3, 31), lead=[lead], responsible=[helper])
    late.assignments.filter(unit=helper).update(done_on=date(2025, 3, 31))
    other = task("other", deadline=date(2025, 4, 30), lead=[unit("x")], responsible=[lead])
    other.assignments.filter(unit=lead).update(done_on=date(2025, 4, 30))
    # lead: T late as lead (0 of 2) + responsible on time (1 of 1) = 1/3
    entry = _by_code(unit_assessment(jurisdiction="datong", year=2025))["lead"]
    assert entry.task_score == Decimal("33.33")
    custom = PlanSettings(
        assessment_task_weight=Decimal("0.5"), assessment_target_weight=Decimal("0.5")
    )
    entry = _by_code(
        unit_assessment(
            jurisdiction="datong", year=2025, target_scores={"lead": 0}, settings=custom
        )
    )["lead"]
    assert entry.score == Decimal("16.67")  # 0.5 × 33.333… = 16.666… → 16.67


def test_a_unit_with_a_target_score_and_no_task_due_is_scored_on_the_target(year_2025):
    idle = unit("idle", kind="district")
    entry = _by_code(unit_assessment(jurisdiction="datong", year=2025, target_scores={"idle": 64}))
    assert entry["idle"].task_score is None
    assert entry["idle"].score == Decimal("64.00")
    assert idle.code == "idle"


def test_a_target_score_outside_0_to_100_or_for_an_unknown_unit_is_refused(year_2025):
    with translation.override("en"), pytest.raises(ValueError, match="between 0 and 100, not 101"):
        unit_assessment(jurisdiction="datong", year=2025, target_scores={"a": 101})
    with pytest.raises(ValueError, match="nowhere"):
        unit_assessment(jurisdiction="datong", year=2025, target_scores={"nowhere": 50})


def test_tasks_due_in_another_year_do_not_count(year_2025):
    b = _by_code(unit_assessment(jurisdiction="datong", year=2026))["b"]
    assert (b.tasks_due, b.on_time, b.task_score) == (1, 0, Decimal("0.00"))


def fake_stats_source(*, jurisdiction, year):
    """Stands in for the stats app: scores keyed by region code."""
    return {"140213": Decimal("90")} if (jurisdiction, year) == ("datong", 2025) else {}


def test_target_scores_may_be_keyed_by_region_code_and_come_from_the_configured_source(year_2025):
    district = year_2025["district"]
    district.region_code = "140213"
    district.save()
    by_region = _by_code(
        unit_assessment(jurisdiction="datong", year=2025, target_scores={"140213": 90})
    )
    assert by_region["district"].score == Decimal("96.00")  # 60 + 0.4 × 90
    configured = PlanSettings(target_source="test_plans_assessment.fake_stats_source")
    from_source = _by_code(unit_assessment(jurisdiction="datong", year=2025, settings=configured))
    assert from_source["district"].score == Decimal("96.00")
