"""Meeting cadence (Datong 2.): a calendar quarter without a member meeting, a calendar month
without a thematic meeting, judged for any date range."""

from __future__ import annotations

from datetime import date

import pytest
from factories import office

from waibao.plans.models import MeetingCadence
from waibao.plans.selectors import cadence_gaps, calendar_periods
from waibao.plans.services import meeting_record


@pytest.fixture
def group(db):
    body = office().parent
    MeetingCadence.objects.create(
        body=body, meeting_kind="member", period="quarter", starts=date(2024, 1, 1)
    )
    MeetingCadence.objects.create(
        body=body, meeting_kind="thematic", period="month", starts=date(2024, 1, 1)
    )
    return body


def _labels(gaps, kind):
    return [g.period.label for g in gaps if g.cadence.meeting_kind == kind]


def test_calendar_quarters_end_on_the_last_day_of_march_june_september_december():
    quarters = calendar_periods(date(2025, 1, 1), date(2025, 12, 31), "quarter")
    assert [(q.starts, q.ends) for q in quarters] == [
        (date(2025, 1, 1), date(2025, 3, 31)),
        (date(2025, 4, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 9, 30)),
        (date(2025, 10, 1), date(2025, 12, 31)),
    ]


def test_february_of_a_leap_year_ends_on_the_29th():
    (february,) = calendar_periods(date(2024, 2, 1), date(2024, 2, 29), "month")
    assert february.ends == date(2024, 2, 29)
    assert calendar_periods(date(2024, 2, 1), date(2024, 2, 28), "month") == []


def test_member_meetings_on_31_march_and_1_july_leave_the_second_quarter_missed(group):
    meeting_record(body=group, kind="member", held_on=date(2025, 3, 31))
    meeting_record(body=group, kind="member", held_on=date(2025, 7, 1))
    gaps = cadence_gaps(body=group, start=date(2025, 1, 1), end=date(2025, 9, 30))
    assert _labels(gaps, "member") == ["2025Q2"]


def test_a_meeting_on_the_first_day_of_a_quarter_counts_for_that_quarter_only(group):
    meeting_record(body=group, kind="member", held_on=date(2025, 4, 1))
    gaps = cadence_gaps(body=group, start=date(2025, 1, 1), end=date(2025, 6, 30))
    assert _labels(gaps, "member") == ["2025Q1"]


def test_a_quarter_still_running_at_the_end_of_the_range_is_not_judged_yet(group):
    meeting_record(body=group, kind="member", held_on=date(2025, 2, 10))
    assert (
        _labels(cadence_gaps(body=group, start=date(2025, 1, 1), end=date(2025, 6, 29)), "member")
        == []
    )
    assert _labels(
        cadence_gaps(body=group, start=date(2025, 1, 1), end=date(2025, 6, 30)), "member"
    ) == ["2025Q2"]


def test_a_quarter_begun_before_the_range_is_judged_on_all_its_days(group):
    meeting_record(body=group, kind="member", held_on=date(2025, 1, 5))
    gaps = cadence_gaps(body=group, start=date(2025, 3, 1), end=date(2025, 3, 31))
    assert _labels(gaps, "member") == []


def test_thematic_meetings_on_31_january_and_1_march_leave_february_missed(group):
    meeting_record(body=group, kind="thematic", held_on=date(2025, 1, 31))
    meeting_record(body=group, kind="thematic", held_on=date(2025, 3, 1))
    gaps = cadence_gaps(body=group, start=date(2025, 1, 1), end=date(2025, 3, 31))
    assert _labels(gaps, "thematic") == ["2025-02"]


def test_a_thematic_meeting_does_not_count_as_a_member_meeting(group):
    for month in range(1, 4):
        meeting_record(body=group, kind="thematic", held_on=date(2025, month, 15))
    gaps = cadence_gaps(body=group, start=date(2025, 1, 1), end=date(2025, 3, 31))
    assert _labels(gaps, "member") == ["2025Q1"]
    assert _labels(gaps, "thematic") == []


def test_periods_before_the_cadence_starts_are_not_judged(group):
    gaps = cadence_gaps(body=group, start=date(2023, 10, 1), end=date(2024, 3, 31))
    assert _labels(gaps, "member") == ["2024Q1"]
    assert _labels(gaps, "thematic") == ["2024-01", "2024-02", "2024-03"]


def test_a_year_with_three_member_meetings_misses_exactly_one_quarter(group):
    for day in (date(2025, 2, 1), date(2025, 5, 1), date(2025, 11, 1)):
        meeting_record(body=group, kind="member", held_on=day)
    gaps = cadence_gaps(body=group, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert _labels(gaps, "member") == ["2025Q3"]


def test_a_body_whose_text_says_only_regularly_has_no_cadence_and_no_gaps(db):
    body = office("hangzhou").parent
    assert cadence_gaps(body=body, start=date(2007, 1, 1), end=date(2010, 12, 31)) == []
