"""Reads: trainee categories, the FACTS.md ``trainings[]`` of an organisation, talent totals,
the talent pool search, rosters (masked).

Who counts as what (docs/decisions/0005-talent-readings.md, tests/talent/test_trainings_facts.py):

- **The year** of an enrolment is the year of its ``completed_on`` (结业). Trainees who have not
  completed count nowhere in ``trainings[]`` (the subsidies pay for training done).
- **custom**: a completed trainee of a course marked ``customised`` (人才定制培训), whatever
  their background.
- **graduate** (a text's "大学应届毕业生和尚未就业的大学毕业生"): a completed trainee of a
  course recognised under 千百十工程 (``qianbaishi``), not customised, who holds a university
  (大专 or higher) ``graduation_date`` and either graduates in the calendar year of enrolment
  (应届, before or after the course starts) or graduated earlier and had no employer when
  enrolling (尚未就业). Graduates in a course without 千百十 recognition are not ``graduate``:
  the 85% subsidy is only for recognised training.
- **new_staff** (新上岗员工): otherwise, a completed trainee whose employer at enrolment is an
  enterprise of the registry (kind ``enterprise``) that took them on no more than 365 days
  before enrolment (and not after it).
- anyone else is ``other``: counted in ``talent_totals`` but in no ``trainings[]`` entry.
- **hired** (FACTS.md "trainees then hired by a service-outsourcing enterprise"): a trainee
  counted in ``people`` whose ``hired_by`` is a registry organisation of kind ``enterprise``
  and whose ``hired_on`` is on or after enrolment and at most 365 days after completion. The
  hiring need not fall in the same calendar year, so the count for a year can grow until a
  year after its last completion; ``training_sync`` is idempotent and is simply run again.
  For **custom** trainees, hired also requires a passed final exam (培训合格并被录用).
- **people** and **cost_cny** (the total fee paid by or for those trainees) are summed per
  category; hired trainees of a new_staff entry include those hired by their own employer.

``trainings_facts`` belongs to the course **provider** (the organisation that ran the course and
files for the subsidy); the 15% graduate refund "由财政(通过企业)返还" is routed to hiring
enterprises by the funds module, from ``graduate_hires_by_enterprise``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from waibao.money import format_fen
from waibao.registry.models import Organisation
from waibao.talent.models import (
    EmploymentTally,
    Enrolment,
    Exam,
    PoolEntry,
    PoolSearchGrant,
    TrainingTally,
)
from waibao.talent.people import person_masked

GRADUATE = "graduate"
NEW_STAFF = "new_staff"
CUSTOM = "custom"
OTHER = "other"
TRAINEE_ORDER = (GRADUATE, NEW_STAFF, CUSTOM)
NEW_STAFF_WINDOW = dt.timedelta(days=365)
HIRE_WINDOW = dt.timedelta(days=365)


def is_university_graduate_for_subsidy(enrolment: Enrolment) -> bool:
    """应届 (graduating in the enrolment's calendar year) or 尚未就业 (graduated, no employer)."""
    graduated = enrolment.graduation_date
    if graduated is None:
        return False
    if graduated.year == enrolment.enrolled_on.year:
        return True
    return graduated <= enrolment.enrolled_on and enrolment.employer_id is None


def trainee_category(enrolment: Enrolment) -> str:
    course = enrolment.course
    if course.customised:
        return CUSTOM
    if course.qianbaishi and is_university_graduate_for_subsidy(enrolment):
        return GRADUATE
    employer = enrolment.employer
    since = enrolment.employed_since
    if (
        employer is not None
        and employer.kind == Organisation.Kind.ENTERPRISE
        and since is not None
        and dt.timedelta(0) <= enrolment.enrolled_on - since <= NEW_STAFF_WINDOW
    ):
        return NEW_STAFF
    return OTHER


def is_hired(enrolment: Enrolment) -> bool:
    hirer, hired_on = enrolment.hired_by, enrolment.hired_on
    if hirer is None or hired_on is None or enrolment.completed_on is None:
        return False
    if hirer.kind != Organisation.Kind.ENTERPRISE:
        return False
    if not enrolment.enrolled_on <= hired_on <= enrolment.completed_on + HIRE_WINDOW:
        return False
    if enrolment.course.customised:
        return enrolment.final_exam == Exam.PASSED
    return True


def _completed_in(year: int) -> Q:
    return Q(completed_on__gte=dt.date(year, 1, 1), completed_on__lte=dt.date(year, 12, 31))


def _enrolments(queryset: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return queryset.select_related("course", "employer", "hired_by", "course__provider")


def trainings_totals_fen(organisation: Organisation, year: int) -> dict[str, dict[str, int]]:
    """``{category: {"people", "cost_fen", "hired"}}`` for the trainees the organisation's
    courses completed in ``year`` (categories with nobody are left out)."""
    totals: dict[str, dict[str, int]] = {}
    rows = _enrolments(Enrolment.objects.filter(_completed_in(year), course__provider=organisation))
    for enrolment in rows:
        category = trainee_category(enrolment)
        if category == OTHER:
            continue
        entry = totals.setdefault(category, {"people": 0, "cost_fen": 0, "hired": 0})
        entry["people"] += 1
        entry["cost_fen"] += enrolment.fee_paid_fen
        entry["hired"] += int(is_hired(enrolment))
    tallies = TrainingTally.objects.filter(
        course__provider=organisation, completed_year=year
    ).exclude(category=OTHER)
    for tally in tallies:
        entry = totals.setdefault(tally.category, {"people": 0, "cost_fen": 0, "hired": 0})
        entry["people"] += tally.people
        entry["cost_fen"] += tally.fee_fen
        entry["hired"] += tally.hired
    return totals


def trainings_facts(organisation: Organisation, year: int) -> list[dict[str, Any]]:
    """FACTS.md ``trainings[]`` of ``organisation`` for ``year``, from the rosters:
    ``[{"trainee", "people", "cost_cny", "hired"}]`` in the order graduate, new_staff, custom,
    ``cost_cny`` a two-decimal string."""
    totals = trainings_totals_fen(organisation, year)
    return [
        {
            "trainee": category,
            "people": totals[category]["people"],
            "cost_cny": format_fen(totals[category]["cost_fen"]),
            "hired": totals[category]["hired"],
        }
        for category in TRAINEE_ORDER
        if category in totals
    ]


def graduate_hires_by_enterprise(organisation: Organisation, year: int) -> dict[str, int]:
    """For the 15% refund paid through the hiring enterprise: ``{uscc: fee_fen of its hires}``."""
    fees: dict[str, int] = defaultdict(int)
    rows = _enrolments(Enrolment.objects.filter(_completed_in(year), course__provider=organisation))
    for enrolment in rows:
        if trainee_category(enrolment) == GRADUATE and is_hired(enrolment):
            assert enrolment.hired_by is not None
            fees[enrolment.hired_by.uscc] += enrolment.fee_paid_fen
    tallies = TrainingTally.objects.filter(
        course__provider=organisation,
        completed_year=year,
        category=GRADUATE,
        hired_by__isnull=False,
    ).select_related("hired_by")
    for tally in tallies:
        assert tally.hired_by is not None
        fees[tally.hired_by.uscc] += tally.fee_fen
    return dict(fees)


def talent_totals(year: int, region_prefix: str | None = None) -> dict[str, Any]:
    """People trained, employed, and graduates employed in ``year``, by district.

    - ``trained``: trainees who completed a course in the year, in the district of the
      course provider;
    - ``employed``: trainees hired by a registry enterprise in the year (``hired_on``), in the
      district of the hiring enterprise;
    - ``graduates_employed``: of those, trainees with a university ``graduation_date``.

    ``region_prefix`` keeps districts whose code starts with it (``"4401"`` a city, ``"44"``
    its province). Returns ``{"year", "region_prefix", "trained", "employed",
    "graduates_employed", "by_region": {code: {...}}}``. Erased people still count,
    through the anonymous ``TrainingTally`` / ``EmploymentTally`` counts they left.
    """
    by_region: dict[str, dict[str, int]] = defaultdict(
        lambda: {"trained": 0, "employed": 0, "graduates_employed": 0}
    )
    trained = Enrolment.objects.filter(_completed_in(year)).values_list(
        "course__provider__region_id", flat=True
    )
    for code in trained:
        by_region[code]["trained"] += 1
    employed = Enrolment.objects.filter(
        hired_on__gte=dt.date(year, 1, 1),
        hired_on__lte=dt.date(year, 12, 31),
        hired_by__kind=Organisation.Kind.ENTERPRISE,
    ).values_list("hired_by__region_id", "graduation_date")
    for code, graduated in employed:
        by_region[code]["employed"] += 1
        if graduated is not None:
            by_region[code]["graduates_employed"] += 1
    # Erased trainees, as anonymous counts.
    trained_tallies = TrainingTally.objects.filter(completed_year=year).values_list(
        "course__provider__region_id", "people"
    )
    for code, people in trained_tallies:
        by_region[code]["trained"] += people
    employed_tallies = EmploymentTally.objects.filter(year=year).values_list(
        "hired_by__region_id", "employed", "graduates_employed"
    )
    for code, count, graduates in employed_tallies:
        by_region[code]["employed"] += count
        by_region[code]["graduates_employed"] += graduates
    kept = {
        code: counts
        for code, counts in sorted(by_region.items())
        if region_prefix is None or code.startswith(region_prefix)
    }
    return {
        "year": year,
        "region_prefix": region_prefix,
        "trained": sum(c["trained"] for c in kept.values()),
        "employed": sum(c["employed"] for c in kept.values()),
        "graduates_employed": sum(c["graduates_employed"] for c in kept.values()),
        "by_region": kept,
    }


def organisation_may_search_pool(organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return PoolSearchGrant.objects.filter(
        organisation=organisation, revoked_at__isnull=True
    ).exists()


def pool_search(
    *,
    skill: str = "",
    language: str = "",
    certification: str = "",
    region_prefix: str = "",
    availability: str = "",
) -> list[dict[str, Any]]:
    """Pool entries with a standing consent matching every filter given (case-insensitive,
    substring), masked. A withdrawn consent deletes the entry, so it can never match."""
    entries = PoolEntry.objects.select_related("person", "consent").filter(
        consent__withdrawn_at__isnull=True
    )
    if region_prefix:
        entries = entries.filter(region__code__startswith=region_prefix)
    if availability:
        entries = entries.filter(availability=availability)
    results = []
    for entry in entries:
        if not (
            _matches(entry.skills, skill)
            and _matches(entry.languages, language)
            and _matches(entry.certifications, certification)
        ):
            continue
        results.append(pool_entry_public(entry))
    return results


def _matches(values: Iterable[str], wanted: str) -> bool:
    if not wanted:
        return True
    needle = wanted.strip().casefold()
    return any(needle in value.casefold() for value in values)


def pool_entry_public(entry: PoolEntry) -> dict[str, Any]:
    masked = person_masked(entry.person)
    return {
        "entry_id": entry.pk,
        "name": masked["name"],
        "phone": masked["phone"],
        "region_code": entry.region_id,
        "skills": list(entry.skills),
        "languages": list(entry.languages),
        "certifications": list(entry.certifications),
        "availability": entry.availability,
        "available_from": entry.available_from.isoformat() if entry.available_from else None,
    }


def roster_masked(course_id: int) -> list[dict[str, Any]]:
    """A course's roster as pages and the API show it: personal data masked."""
    rows = _enrolments(Enrolment.objects.filter(course_id=course_id)).select_related("person")
    return [
        {
            "enrolment_id": e.pk,
            **person_masked(e.person),
            "category": trainee_category(e),
            "enrolled_on": e.enrolled_on.isoformat(),
            "completed_on": e.completed_on.isoformat() if e.completed_on else None,
            "fee_paid_cny": format_fen(e.fee_paid_fen),
            "final_exam": e.final_exam,
            "qualification_exam": e.qualification_exam,
            "hired_by": e.hired_by.uscc if e.hired_by else None,
            "hired_on": e.hired_on.isoformat() if e.hired_on else None,
        }
        for e in rows
    ]


def exam_results(organisation: Organisation, year: int) -> dict[str, dict[str, int]]:
    """Final exams (结业考试) and the service-outsourcing comprehensive qualification exam
    (服务外包综合资格考试) of the organisation's trainees completing in ``year``:
    ``{"final_exam": {"sat", "passed"}, "qualification_exam": {"sat", "passed"}}``."""
    results = {name: {"sat": 0, "passed": 0} for name in ("final_exam", "qualification_exam")}
    rows = Enrolment.objects.filter(_completed_in(year), course__provider=organisation)
    for final, qualification in rows.values_list("final_exam", "qualification_exam"):
        for name, outcome in (("final_exam", final), ("qualification_exam", qualification)):
            if outcome:
                results[name]["sat"] += 1
                results[name]["passed"] += int(outcome == Exam.PASSED)
    for tally in TrainingTally.objects.filter(course__provider=organisation, completed_year=year):
        results["final_exam"]["sat"] += tally.final_sat
        results["final_exam"]["passed"] += tally.final_passed
        results["qualification_exam"]["sat"] += tally.qualification_sat
        results["qualification_exam"]["passed"] += tally.qualification_passed
    return results


def institution_recognitions(organisation: Organisation) -> list[dict[str, Any]]:
    """The organisation's training-institution titles (示范培训机构, 经批准的培训机构), from
    the registry's ``Recognition`` rows."""
    return [
        {
            "level": r.level,
            "date": r.date.isoformat(),
            "valid_until": r.valid_until.isoformat() if r.valid_until else None,
            "revoked": r.revoked.isoformat() if r.revoked else None,
        }
        for r in organisation.recognitions.filter(kind="training_institution").order_by("date")
    ]
