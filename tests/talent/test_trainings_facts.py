"""Rosters drive the Hangzhou (十七) facts: roster file → import → trainings_facts → FACTS.md
``trainings[]`` with exact fees, and the registry's Training rows for existing facts code."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import id_number, roster_row, write_roster
from waibao.cli import main
from waibao.registry.models import Training
from waibao.talent.models import Enrolment
from waibao.talent.selectors import (
    graduate_hires_by_enterprise,
    is_hired,
    trainee_category,
    trainings_facts,
)
from waibao.talent.services import person_get_or_create, training_sync

pytestmark = pytest.mark.django_db


def _hangzhou_2009_roster(institution, enterprise, other_institution_uscc=None):
    rows = []
    serial = 0
    for n in range(30):  # fresh graduates in a 千百十 course at 6,000 each; 20 hired
        serial += 1
        hired = {"hired_by_uscc": enterprise.uscc, "hired_on": "2009-09-15"} if n < 20 else {}
        rows.append(
            roster_row(
                institution,
                "QBS-01",
                serial,
                graduation_date="2009-06-30",
                completed_on="2009-08-31",
                final_exam="pass",
                **hired,
            )
        )
    for _ in range(40):  # new staff of the enterprise, 5,000 each
        serial += 1
        rows.append(
            roster_row(
                institution,
                "GEN-01",
                serial,
                employer_uscc=enterprise.uscc,
                employed_since="2009-01-10",
                fee_paid_cny="5000",
                completed_on="2009-05-01",
            )
        )
    for n in range(15):  # customised: 12 pass and are hired, 3 fail but are hired anyway
        serial += 1
        rows.append(
            roster_row(
                institution,
                "CUS-01",
                serial,
                fee_paid_cny="3000.50",
                completed_on="2009-07-01",
                final_exam="pass" if n < 12 else "fail",
                hired_by_uscc=enterprise.uscc,
                hired_on="2009-07-10",
            )
        )
    serial += 1  # a graduate in a course without 千百十 recognition: not a "graduate" entry
    rows.append(
        roster_row(
            institution, "GEN-01", serial, graduation_date="2009-06-30", completed_on="2009-08-01"
        )
    )
    serial += 1  # completes in 2010: not a 2009 trainee
    rows.append(
        roster_row(
            institution, "QBS-01", serial, graduation_date="2009-06-30", completed_on="2010-01-05"
        )
    )
    serial += 1  # still in training: counts nowhere
    rows.append(roster_row(institution, "QBS-01", serial, graduation_date="2009-06-30"))
    return rows


def test_a_hangzhou_roster_gives_the_facts_md_trainings_entries_with_exact_fees(
    tmp_path, institution, enterprise, courses, capsys
):
    path = write_roster(tmp_path / "roster.csv", _hangzhou_2009_roster(institution, enterprise))

    assert main(["import-roster", str(path)]) == 0
    assert "88 added" in capsys.readouterr().out

    assert trainings_facts(institution, 2009) == [
        {"trainee": "graduate", "people": 30, "cost_cny": "180000.00", "hired": 20},
        {"trainee": "new_staff", "people": 40, "cost_cny": "200000.00", "hired": 0},
        {"trainee": "custom", "people": 15, "cost_cny": "45007.50", "hired": 12},
    ]
    assert trainings_facts(institution, 2010) == [
        {"trainee": "graduate", "people": 1, "cost_cny": "6000.00", "hired": 0}
    ]
    assert trainings_facts(enterprise, 2009) == []
    # The import keeps registry.Training, which the facts builder reads, current.
    assert sorted(
        Training.objects.filter(organisation=institution).values_list(
            "year", "trainee", "people", "cost_fen", "hired"
        )
    ) == [
        (2009, "custom", 15, 4500750, 12),
        (2009, "graduate", 30, 18000000, 20),
        (2009, "new_staff", 40, 20000000, 0),
        (2010, "graduate", 1, 600000, 0),
    ]
    assert graduate_hires_by_enterprise(institution, 2009) == {enterprise.uscc: 20 * 600000}


def test_syncing_a_year_writes_registry_training_rows_and_running_it_twice_changes_nothing(
    tmp_path, institution, enterprise, courses
):
    path = write_roster(tmp_path / "roster.csv", _hangzhou_2009_roster(institution, enterprise))
    assert main(["import-roster", str(path)]) == 0

    def snapshot():
        return sorted(
            Training.objects.filter(organisation=institution, year=2009).values_list(
                "trainee", "people", "cost_fen", "hired"
            )
        )

    assert main(["talent", "sync-trainings", "--year", "2009"]) == 0
    first = snapshot()
    assert main(["talent", "sync-trainings", "--year", "2009"]) == 0
    assert (
        snapshot()
        == first
        == [
            ("custom", 15, 4500750, 12),
            ("graduate", 30, 18000000, 20),
            ("new_staff", 40, 20000000, 0),
        ]
    )
    assert Training.objects.filter(organisation=institution, year=2009).count() == 3


def test_a_category_that_empties_is_removed_from_the_registry_on_the_next_sync(
    institution, enterprise, courses
):
    Training.objects.create(
        organisation=institution, year=2009, trainee="custom", people=9, cost_fen=1, hired=0
    )
    training_sync(organisation=institution, year=2009)
    assert not Training.objects.filter(organisation=institution, year=2009).exists()


def _enrolment(course, **fields):
    person, _ = person_get_or_create(
        id_number=id_number(serial=fields.pop("serial", 1)), name="李四"
    )
    defaults = {"enrolled_on": dt.date(2009, 3, 1), "fee_paid_fen": 100}
    defaults.update(fields)
    return Enrolment.objects.create(
        course=course, person=person, person_key=person.id_number_index, **defaults
    )


def test_a_graduate_of_the_enrolment_year_is_a_graduate_even_when_already_employed(
    courses, enterprise
):
    enrolment = _enrolment(
        courses["qbs"],
        graduation_date=dt.date(2009, 12, 31),
        employer=enterprise,
        employed_since=dt.date(2009, 2, 1),
    )
    assert trainee_category(enrolment) == "graduate"


def test_an_earlier_graduate_without_an_employer_is_a_graduate_and_with_one_is_not(
    courses, enterprise
):
    unemployed = _enrolment(courses["qbs"], serial=1, graduation_date=dt.date(2007, 6, 30))
    employed = _enrolment(
        courses["qbs"],
        serial=2,
        graduation_date=dt.date(2007, 6, 30),
        employer=enterprise,
        employed_since=dt.date(2007, 8, 1),
    )
    assert trainee_category(unemployed) == "graduate"
    assert trainee_category(employed) == "other"


def test_a_student_graduating_the_year_after_enrolment_is_not_yet_a_graduate(courses):
    enrolment = _enrolment(courses["qbs"], graduation_date=dt.date(2010, 1, 1))
    assert trainee_category(enrolment) == "other"


def test_new_staff_means_taken_on_by_an_enterprise_at_most_365_days_before_enrolment(
    courses, enterprise, institution
):
    edge = _enrolment(
        courses["plain"],
        serial=1,
        employer=enterprise,
        employed_since=dt.date(2009, 3, 1) - dt.timedelta(days=365),
    )
    late = _enrolment(
        courses["plain"],
        serial=2,
        employer=enterprise,
        employed_since=dt.date(2009, 3, 1) - dt.timedelta(days=366),
    )
    not_enterprise = _enrolment(
        courses["plain"], serial=3, employer=institution, employed_since=dt.date(2009, 1, 1)
    )
    assert trainee_category(edge) == "new_staff"
    assert trainee_category(late) == "other"
    assert trainee_category(not_enterprise) == "other"


def test_hired_means_by_an_enterprise_from_enrolment_to_365_days_after_completion(
    courses, enterprise, institution
):
    completed = dt.date(2009, 8, 31)
    common = {"graduation_date": dt.date(2009, 6, 30), "completed_on": completed}
    on_edge = _enrolment(
        courses["qbs"],
        serial=1,
        hired_by=enterprise,
        hired_on=completed + dt.timedelta(days=365),
        **common,
    )
    too_late = _enrolment(
        courses["qbs"],
        serial=2,
        hired_by=enterprise,
        hired_on=completed + dt.timedelta(days=366),
        **common,
    )
    by_institution = _enrolment(
        courses["qbs"], serial=3, hired_by=institution, hired_on=completed, **common
    )
    assert is_hired(on_edge)
    assert not is_hired(too_late)
    assert not is_hired(by_institution)


def test_a_customised_trainee_counts_as_hired_only_after_passing_the_final_exam(
    courses, enterprise
):
    common = {
        "completed_on": dt.date(2009, 7, 1),
        "hired_by": enterprise,
        "hired_on": dt.date(2009, 7, 2),
    }
    passed = _enrolment(courses["custom"], serial=1, final_exam="pass", **common)
    failed = _enrolment(courses["custom"], serial=2, final_exam="fail", **common)
    assert is_hired(passed)
    assert not is_hired(failed)


def test_exam_results_count_final_and_qualification_exams_of_the_year(
    tmp_path, institution, courses, client
):
    from waibao.registry.models import Recognition
    from waibao.talent.selectors import exam_results

    rows = [
        roster_row(
            institution,
            "QBS-01",
            1,
            completed_on="2013-06-30",
            final_exam="pass",
            qualification_exam="pass",
        ),
        roster_row(
            institution,
            "QBS-01",
            2,
            completed_on="2013-06-30",
            final_exam="fail",
            qualification_exam="不合格",
        ),
        roster_row(institution, "QBS-01", 3, completed_on="2013-06-30", final_exam="合格"),
        roster_row(institution, "QBS-01", 4, completed_on="2014-01-02", qualification_exam="pass"),
    ]
    from waibao.talent.roster import roster_import

    roster_import(write_roster(tmp_path / "r.csv", rows))
    Recognition.objects.create(
        organisation=institution,
        kind="training_institution",
        level="municipal",
        date=dt.date(2012, 9, 1),
    )

    assert exam_results(institution, 2013) == {
        "final_exam": {"sat": 3, "passed": 2},
        "qualification_exam": {"sat": 2, "passed": 1},
    }
    client.force_login(_superuser())
    body = client.get(f"/api/talent/trainings/{institution.uscc}/exams?year=2013").json()
    assert body["recognitions"] == [
        {"level": "municipal", "date": "2012-09-01", "valid_until": None, "revoked": None}
    ]


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", "root@example.invalid", "pw")


def test_a_roster_drives_the_hangzhou_17_entitlements_through_the_rules_engine_to_the_fen(
    tmp_path, institution, enterprise, courses
):
    """Worked example 1 (POLICY-READING §7): 30 graduates at 6,000 each, 20 hired; new-staff
    training of 200,000. Roster → database facts → rules engine, with no hand-made facts."""
    from waibao.facts.from_db import facts_for_year
    from waibao.rules import entitlements

    path = write_roster(tmp_path / "roster.csv", _hangzhou_2009_roster(institution, enterprise))
    assert main(["import-roster", str(path)]) == 0

    records = [r for r in facts_for_year(2009) if r["uscc"] == institution.uscc]
    rows = {row["clause"]: row for row in entitlements(records)}

    assert rows["hangzhou.17.graduate_training"]["amount_cny"] == "153000.00"  # 85% ceiling
    assert rows["hangzhou.17.graduate_training"]["discretionary"] is True
    assert rows["hangzhou.17.graduate_hired_refund"]["amount_cny"] == "18000.00"  # 15% × 20
    assert rows["hangzhou.17.new_staff_training"]["amount_cny"] == "100000.00"  # 50% ceiling
