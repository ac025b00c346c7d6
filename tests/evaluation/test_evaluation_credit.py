"""The credit grade rule: deductions by severity, restoration, window, grade boundaries."""

from __future__ import annotations

import datetime as dt

from waibao.evaluation.credit import Event, credit_grade

AS_OF = dt.date(2025, 6, 30)


def _minor(n, kind="late_reporting", day=dt.date(2025, 1, 10)):
    return [Event(kind, "minor", day + dt.timedelta(days=i)) for i in range(n)]


def test_no_events_is_100_points_grade_a():
    assert credit_grade([], AS_OF).grade == "A"
    assert credit_grade([], AS_OF).points == 100


def test_90_points_is_still_a_and_85_is_b():
    assert credit_grade(_minor(2), AS_OF).points == 90
    assert credit_grade(_minor(2), AS_OF).grade == "A"
    assert credit_grade(_minor(3), AS_OF).grade == "B"


def test_75_is_b_70_is_c_60_is_c_55_is_d():
    assert (credit_grade(_minor(5), AS_OF).points, credit_grade(_minor(5), AS_OF).grade) == (
        75,
        "B",
    )
    assert credit_grade(_minor(6), AS_OF).grade == "C"
    assert (credit_grade(_minor(8), AS_OF).points, credit_grade(_minor(8), AS_OF).grade) == (
        60,
        "C",
    )
    assert credit_grade(_minor(9), AS_OF).grade == "D"


def test_a_grave_false_statement_deducts_40():
    grade = credit_grade([Event("false_statement", "grave", dt.date(2025, 2, 1))], AS_OF)
    assert (grade.points, grade.grade) == (60, "C")


def test_a_restored_event_deducts_nothing_but_only_from_its_restoration_date():
    event = Event("false_statement", "serious", dt.date(2025, 2, 1), dt.date(2025, 6, 30))
    assert credit_grade([event], AS_OF).points == 100
    assert credit_grade([event], dt.date(2025, 6, 29)).points == 85


def test_an_unrestored_ip_infringement_is_d_whatever_the_points():
    grade = credit_grade([Event("ip_infringement", "minor", dt.date(2025, 2, 1))], AS_OF)
    assert (grade.points, grade.grade) == (95, "D")


def test_events_count_for_three_years_and_not_a_day_longer():
    old = Event("false_statement", "serious", dt.date(2022, 6, 30))
    inside = Event("false_statement", "serious", dt.date(2022, 7, 1))
    assert credit_grade([old], AS_OF).points == 100
    assert credit_grade([inside], AS_OF).points == 85


def test_an_event_after_the_evaluation_date_does_not_count():
    assert credit_grade(_minor(1, day=dt.date(2025, 7, 1)), AS_OF).points == 100


def test_commendations_add_5_but_never_above_100():
    events = [*_minor(1), Event("commendation", "minor", dt.date(2025, 3, 1))]
    assert credit_grade(events, AS_OF).points == 100
    events.append(Event("commendation", "minor", dt.date(2025, 3, 2)))
    assert credit_grade(events, AS_OF).points == 100
