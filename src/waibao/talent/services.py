"""Writes: people, courses, consent, the pool, erasure, export, reveal, the training aggregate
written into ``registry.Training``, retention purges. Every access to clear personal data goes
through ``access_log_record``."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from waibao import crypto
from waibao.money import format_fen
from waibao.refusals import TooMany, Unprocessable
from waibao.registry.models import Organisation, Region, Training
from waibao.talent.identity import clean_id_number, clean_name, clean_phone
from waibao.talent.models import (
    AccessLog,
    Consent,
    Course,
    Enrolment,
    ErasedIdentity,
    Person,
    PoolEntry,
    PoolSearchGrant,
)
from waibao.talent.people import person_identity
from waibao.talent.selectors import trainings_totals_fen

User = AbstractBaseUser | AnonymousUser | None

# The notice text a person agrees to; bump the version whenever templates/talent/notice.html
# changes, so each consent names the words it was given under.
NOTICE_VERSION = "2026-01"


class TalentError(Unprocessable, ValueError):
    """A request the talent services refuse, with the reason in words."""


def _actor(user: User, label: str = "") -> tuple[Any, str]:
    if user is not None and getattr(user, "is_authenticated", False):
        return user, label or user.get_username()
    return None, label or "anonymous"


def access_log_record(
    *,
    user: User,
    action: str,
    purpose: str,
    subject: Person | int | None = None,
    fields: str = "",
    actor_label: str = "",
) -> AccessLog:
    actor, label = _actor(user, actor_label)
    subject_id = subject.pk if isinstance(subject, Person) else subject
    return AccessLog.objects.create(
        actor=actor,
        actor_label=label[:150],
        subject=subject_id,
        action=action,
        fields=fields,
        purpose=purpose[:500],
    )


# ----------------------------------------------------------------- people


def person_find(id_number: str) -> Person | None:
    return Person.objects.filter(id_number_index=crypto.blind_index(id_number)).first()


def person_get_or_create(*, id_number: str, name: str, phone: str = "") -> tuple[Person, bool]:
    """The person with this ID number, created (encrypted) when new. Refuses an erased person
    and a name that differs from the one on record."""
    id_number, name = clean_id_number(id_number), clean_name(name)
    phone = clean_phone(phone) if phone else ""
    index = crypto.blind_index(id_number)
    if ErasedIdentity.objects.filter(id_number_index=index).exists():
        raise TalentError("this person's data was erased at their request; it may not be re-added")
    person = Person.objects.filter(id_number_index=index).first()
    if person is not None:
        identity = person_identity(person)
        if identity.name != name:
            raise TalentError("name differs from the one recorded for this ID number")
        if phone and identity.phone != phone:
            person.phone_encrypted = crypto.encrypt(phone)
            person.save(update_fields=["phone_encrypted"])
        return person, False
    person = Person.objects.create(
        id_number_encrypted=crypto.encrypt(id_number),
        id_number_index=index,
        name_encrypted=crypto.encrypt(name),
        phone_encrypted=crypto.encrypt(phone) if phone else "",
    )
    return person, True


def person_reveal(*, person: Person, user: User, purpose: str) -> dict[str, str]:
    """The clear ID number, name and phone, for authorised staff, logged with its purpose."""
    if not purpose.strip():
        raise TalentError("a purpose is required to see personal data unmasked")
    identity = person_identity(person)
    access_log_record(
        user=user,
        action=AccessLog.Action.REVEAL,
        purpose=purpose,
        subject=person,
        fields="id_number,name,phone",
    )
    return {"id_number": identity.id_number, "name": identity.name, "phone": identity.phone}


def person_export(*, person: Person, user: User, purpose: str) -> dict[str, Any]:
    """Everything Waibao holds on a person, in clear, as JSON-ready data (PIPL 第45条);
    logged twice: in the person's access log and as a ``security.data.exported`` event."""
    from waibao.security.events import personal_data_export_record

    identity = person_identity(person)
    personal_data_export_record(request=None, user=user, what=f"talent.person:{person.pk}", rows=1)
    enrolments = person.enrolments.select_related("course", "course__provider", "hired_by")
    entry = PoolEntry.objects.filter(person=person).first()
    data = {
        "person_id": person.pk,
        "id_number": identity.id_number,
        "name": identity.name,
        "phone": identity.phone,
        "created_at": person.created_at.isoformat(),
        "enrolments": [
            {
                "provider_uscc": e.course.provider.uscc,
                "course_code": e.course.code,
                "course_name": e.course.name,
                "enrolled_on": e.enrolled_on.isoformat(),
                "graduation_date": _iso(e.graduation_date),
                "employer_uscc": e.employer.uscc if e.employer_id else None,
                "employed_since": _iso(e.employed_since),
                "fee_paid_cny": format_fen(e.fee_paid_fen),
                "completed_on": _iso(e.completed_on),
                "final_exam": e.final_exam,
                "qualification_exam": e.qualification_exam,
                "certificate_no": e.certificate_no,
                "hired_by_uscc": e.hired_by.uscc if e.hired_by_id else None,
                "hired_on": _iso(e.hired_on),
            }
            for e in enrolments
        ],
        "pool_entry": None
        if entry is None
        else {
            "skills": entry.skills,
            "languages": entry.languages,
            "certifications": entry.certifications,
            "availability": entry.availability,
            "available_from": _iso(entry.available_from),
            "region_code": entry.region_id,
            "last_active_on": entry.last_active_on.isoformat(),
        },
        "consents": [
            {
                "purpose": c.purpose,
                "notice_version": c.notice_version,
                "channel": c.channel,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in person.consents.all()
        ],
    }
    access_log_record(
        user=user, action=AccessLog.Action.EXPORT, purpose=purpose, subject=person, fields="all"
    )
    return data


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@transaction.atomic
def person_erase(
    *,
    person: Person,
    user: User,
    reason: str,
    actor_label: str = "",
    block_reimport: bool = True,
) -> None:
    """Delete a person and everything about them. Their enrolments are first folded into
    anonymous counts (``TrainingTally``, ``EmploymentTally``), so ``trainings[]``,
    ``registry.Training``, exam results and talent totals do not move: the statistics keep
    only aggregates.

    ``block_reimport`` (erasure on request) keeps the blind index in ``ErasedIdentity`` so an
    old roster cannot bring the person back; a retention purge does not block anything."""
    person_id = person.pk
    if block_reimport:
        ErasedIdentity.objects.get_or_create(
            id_number_index=person.id_number_index,
            defaults={"erased_at": timezone.now(), "reason": reason[:32]},
        )
    enrolments = Enrolment.objects.filter(person=person).select_related(
        "course", "employer", "hired_by"
    )
    for enrolment in enrolments:
        _fold_into_tallies(enrolment)
        enrolment.delete()
    PoolEntry.objects.filter(person=person).delete()
    person.delete()
    access_log_record(
        user=user,
        action=AccessLog.Action.ERASE,
        purpose=reason,
        subject=person_id,
        fields="all",
        actor_label=actor_label,
    )


def _fold_into_tallies(enrolment: Enrolment) -> None:
    from django.db.models import F

    from waibao.talent.models import EmploymentTally, Exam, TrainingTally
    from waibao.talent.selectors import is_hired, trainee_category

    hired = is_hired(enrolment)
    completed = enrolment.completed_on
    tally, _ = TrainingTally.objects.get_or_create(
        course=enrolment.course,
        completed_year=completed.year if completed else None,
        category=trainee_category(enrolment),
        hired_by=enrolment.hired_by if hired else None,
    )
    TrainingTally.objects.filter(pk=tally.pk).update(
        people=F("people") + 1,
        fee_fen=F("fee_fen") + enrolment.fee_paid_fen,
        hired=F("hired") + int(hired),
        final_sat=F("final_sat") + int(bool(enrolment.final_exam)),
        final_passed=F("final_passed") + int(enrolment.final_exam == Exam.PASSED),
        qualification_sat=F("qualification_sat") + int(bool(enrolment.qualification_exam)),
        qualification_passed=F("qualification_passed")
        + int(enrolment.qualification_exam == Exam.PASSED),
    )
    hirer = enrolment.hired_by
    if hirer is not None and enrolment.hired_on is not None and hirer.kind == "enterprise":
        employment, _ = EmploymentTally.objects.get_or_create(
            hired_by=hirer, year=enrolment.hired_on.year
        )
        EmploymentTally.objects.filter(pk=employment.pk).update(
            employed=F("employed") + 1,
            graduates_employed=F("graduates_employed") + int(enrolment.graduation_date is not None),
        )


# ----------------------------------------------------------------- consent and the pool


@dataclass(frozen=True)
class PoolProfile:
    skills: list[str]
    languages: list[str]
    certifications: list[str]
    availability: str = PoolEntry.Availability.OPEN
    available_from: dt.date | None = None
    region_code: str | None = None


def _clean_list(values: list[str]) -> list[str]:
    return [v.strip() for v in values if v and v.strip()][:50]


@transaction.atomic
def consent_give(
    *,
    person: Person,
    profile: PoolProfile,
    channel: str,
    notice_version: str = NOTICE_VERSION,
    user: User = None,
    today: dt.date | None = None,
) -> PoolEntry:
    """Record consent to be listed, and list (or update) the person in the pool."""
    if channel not in Consent.Channel.values:
        raise TalentError(f"unknown consent channel {channel!r}")
    if not notice_version:
        raise TalentError("consent must name the version of the notice shown")
    if profile.availability not in PoolEntry.Availability.values:
        raise TalentError(f"unknown availability {profile.availability!r}")
    region = None
    if profile.region_code:
        region = Region.objects.filter(code=profile.region_code).first()
        if region is None:
            raise TalentError(f"unknown region {profile.region_code}")
    consent = Consent.objects.create(
        person=person,
        purpose=Consent.Purpose.TALENT_POOL,
        notice_version=notice_version,
        channel=channel,
        given_at=timezone.now(),
    )
    Consent.objects.filter(
        person=person, purpose=Consent.Purpose.TALENT_POOL, withdrawn_at__isnull=True
    ).exclude(pk=consent.pk).update(withdrawn_at=consent.given_at, withdrawal_channel=channel)
    entry, _ = PoolEntry.objects.update_or_create(
        person=person,
        defaults={
            "consent": consent,
            "region": region,
            "skills": _clean_list(profile.skills),
            "languages": _clean_list(profile.languages),
            "certifications": _clean_list(profile.certifications),
            "availability": profile.availability,
            "available_from": profile.available_from,
            "last_active_on": today or timezone.localdate(),
        },
    )
    access_log_record(
        user=user,
        action=AccessLog.Action.CONSENT,
        subject=person,
        fields="pool",
        purpose=f"consent {Consent.Purpose.TALENT_POOL} notice {notice_version} via {channel}",
    )
    return entry


@transaction.atomic
def consent_withdraw(*, person: Person, channel: str, user: User = None) -> None:
    """Withdraw consent: the pool entry goes at once (search can no longer see it) and the
    person is erased (PIPL 第47条); the consent records stay, anonymous, as evidence."""
    now = timezone.now()
    Consent.objects.filter(person=person, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawal_channel=channel
    )
    PoolEntry.objects.filter(person=person).delete()
    access_log_record(
        user=user,
        action=AccessLog.Action.WITHDRAW,
        subject=person,
        fields="pool",
        purpose=f"consent withdrawn via {channel}",
    )
    person_erase(person=person, user=user, reason="consent withdrawn")


def pool_grant(*, organisation: Organisation, user: User) -> PoolSearchGrant:
    existing = PoolSearchGrant.objects.filter(
        organisation=organisation, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    actor, _ = _actor(user)
    return PoolSearchGrant.objects.create(
        organisation=organisation, granted_by=actor, granted_at=timezone.now()
    )


def pool_revoke(*, organisation: Organisation) -> int:
    return PoolSearchGrant.objects.filter(
        organisation=organisation, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


# ----------------------------------------------------------------- courses and aggregates


def course_create(
    *,
    provider: Organisation,
    code: str,
    name: str,
    qianbaishi: bool = False,
    customised: bool = False,
    fee_fen: int | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Course:
    course = Course(
        provider=provider,
        code=code.strip(),
        name=name.strip(),
        qianbaishi=qianbaishi,
        customised=customised,
        fee_fen=fee_fen,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    course.full_clean()
    course.save()
    return course


@transaction.atomic
def training_sync(*, organisation: Organisation, year: int) -> list[Training]:
    """Write the roster aggregate of ``year`` into ``registry.Training`` (one row per trainee
    category), replacing what an earlier sync wrote: running it twice changes nothing."""
    totals = trainings_totals_fen(organisation, year)
    Training.objects.filter(organisation=organisation, year=year).exclude(
        trainee__in=list(totals)
    ).delete()
    rows = []
    for category, total in totals.items():
        row, _ = Training.objects.update_or_create(
            organisation=organisation,
            year=year,
            trainee=category,
            defaults={
                "people": total["people"],
                "cost_fen": total["cost_fen"],
                "hired": total["hired"],
            },
        )
        rows.append(row)
    return rows


def training_sync_year(*, year: int) -> int:
    """Sync every organisation that provides a course; returns the number of rows written."""
    providers = Organisation.objects.filter(courses__isnull=False).distinct()
    return sum(len(training_sync(organisation=p, year=year)) for p in providers)


# ----------------------------------------------------------------- retention


@dataclass(frozen=True)
class Retention:
    """How long personal data is kept (docs/talent.md "Retention"). Defaults: a pool entry
    inactive for 3 years, trainee data 5 years after completion (or enrolment when never
    completed)."""

    pool_inactive_years: int = 3
    trainee_years: int = 5

    @classmethod
    def from_environment(cls) -> Retention:
        return cls(
            pool_inactive_years=int(os.environ.get("WAIBAO_TALENT_POOL_INACTIVE_YEARS", "3")),
            trainee_years=int(os.environ.get("WAIBAO_TALENT_TRAINEE_YEARS", "5")),
        )


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass
class PurgeResult:
    pool_entries_removed: int = 0
    people_erased: int = 0


def talent_purge(*, today: dt.date, retention: Retention) -> PurgeResult:
    """Remove pool entries inactive for longer than the limit, then erase every person with
    nothing left to keep them for: no pool entry and no enrolment still inside its limit."""
    result = PurgeResult()
    pool_cutoff = _years_before(today, retention.pool_inactive_years)
    for entry in PoolEntry.objects.filter(last_active_on__lt=pool_cutoff).select_related("person"):
        with transaction.atomic():
            Consent.objects.filter(person=entry.person, withdrawn_at__isnull=True).update(
                withdrawn_at=timezone.now(), withdrawal_channel=""
            )
            entry.delete()
            access_log_record(
                user=None,
                action=AccessLog.Action.ERASE,
                subject=entry.person,
                fields="pool",
                purpose=f"retention: inactive since {entry.last_active_on}",
                actor_label="system:talent-purge",
            )
        result.pool_entries_removed += 1
    trainee_cutoff = _years_before(today, retention.trainee_years)
    for person in Person.objects.filter(pool_entry__isnull=True):
        enrolments = list(person.enrolments.all())
        if any((e.completed_on or e.enrolled_on) >= trainee_cutoff for e in enrolments):
            continue
        person_erase(
            person=person,
            user=None,
            reason="retention limit",
            actor_label="system:talent-purge",
            block_reimport=False,
        )
        result.people_erased += 1
    return result


# Refused self-registrations an account may make in a day before it is stopped (429).
REGISTER_REFUSALS_PER_DAY = 5
# One answer for every number that may not be registered, whether it belongs to a trainee,
# to someone erased at their request, or comes with another name: the caller learns nothing
# about whose number it is.
REGISTER_REFUSED = "无法以此身份证号登记。请持本人身份证件到主管部门核验后办理。"
REGISTER_REFUSED_LOG = "本人登记: 拒绝"


class RegistrationRefused(TalentError):
    """The uniform refusal of ``person_register_self`` (``REGISTER_REFUSED``)."""


class TooManyRegistrationAttempts(TalentError, TooMany):
    """``REGISTER_REFUSALS_PER_DAY`` refusals in the last 24 hours: no further look-ups."""


def _register_log(user: Any, purpose: str, subject: Person | int | None = None) -> None:
    access_log_record(
        user=user,
        action=AccessLog.Action.REGISTER,
        subject=subject,
        fields="id_number,name,phone",
        purpose=purpose,
    )


def register_refusals_recent(user: Any, *, now: dt.datetime | None = None) -> int:
    """The account's refused self-registrations in the last 24 hours (from the access log)."""
    since = (now or timezone.now()) - dt.timedelta(hours=24)
    return AccessLog.objects.filter(
        actor=user,
        action=AccessLog.Action.REGISTER,
        at__gte=since,
        purpose__startswith=REGISTER_REFUSED_LOG,
    ).count()


def person_register_self(*, user: Any, id_number: str, name: str, phone: str = "") -> Person:
    """Link a personal account (``permissions.may_register_self``) to a new person record
    (the consent page's first step).

    An ID number already on record (a trainee), one erased at its owner's request, or one
    given with another name is refused with one and the same answer (``REGISTER_REFUSED``):
    knowing a number and a name is no proof of being that person, and the answer must not
    tell a prober whose number it is. Every attempt is in the access log (refused ones with
    the record they hit, for the bureau to follow up); after ``REGISTER_REFUSALS_PER_DAY``
    refusals in 24 hours the account is stopped before any look-up."""
    from django.core.exceptions import PermissionDenied

    from waibao.talent.permissions import may_register_self

    if not may_register_self(user):
        raise PermissionDenied("本人登记仅限个人账户")
    if Person.objects.filter(user=user).exists():
        raise TalentError("this account already has a personal record")
    if register_refusals_recent(user) >= REGISTER_REFUSALS_PER_DAY:
        _register_log(user, f"{REGISTER_REFUSED_LOG} (24小时内拒绝次数已达上限, 未查询)")
        raise TooManyRegistrationAttempts("登记尝试次数过多，请24小时后再试，或到主管部门办理。")
    cleaned, clean = clean_id_number(id_number), clean_name(name)
    index = crypto.blind_index(cleaned)
    existing = Person.objects.filter(id_number_index=index).first()
    if existing is not None or ErasedIdentity.objects.filter(id_number_index=index).exists():
        _register_log(user, f"{REGISTER_REFUSED_LOG} (身份证号已有记录或已删除)", existing)
        raise RegistrationRefused(REGISTER_REFUSED)
    with transaction.atomic():
        person, _ = person_get_or_create(id_number=cleaned, name=clean, phone=phone)
        person.user = user
        person.save(update_fields=["user"])
        _register_log(user, "本人登记: 已登记", person)
    return person


@transaction.atomic
def person_keys_rotate() -> int:
    """Re-encrypt every person's fields under the newest ``WAIBAO_FIELD_KEY`` (the first);
    afterwards the older keys can be dropped. Returns the number of people re-encrypted."""
    count = 0
    for person in Person.objects.select_for_update().only(
        "pk", "id_number_encrypted", "name_encrypted", "phone_encrypted"
    ):
        person.id_number_encrypted = crypto.rotate(person.id_number_encrypted)
        person.name_encrypted = crypto.rotate(person.name_encrypted)
        if person.phone_encrypted:
            person.phone_encrypted = crypto.rotate(person.phone_encrypted)
        person.save(update_fields=["id_number_encrypted", "name_encrypted", "phone_encrypted"])
        count += 1
    return count


def person_phone_correct(*, person: Person, phone: str, user: User) -> None:
    """A person corrects their phone number (PIPL 第46条); logged, the number never in the log."""
    cleaned = clean_phone(phone)
    person.phone_encrypted = crypto.encrypt(cleaned)
    person.save(update_fields=["phone_encrypted"])
    access_log_record(
        user=user,
        action=AccessLog.Action.CORRECT,
        subject=person,
        fields="phone",
        purpose="本人更正 (PIPL 第46条)",
    )
