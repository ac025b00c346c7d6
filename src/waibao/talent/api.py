"""The talent API (``/api/talent/``). Views validate, check permissions and shape output;
the services and selectors do the work. No response carries clear personal data except
``POST /people/{id}/reveal`` and the exports, which are logged with their purpose."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from waibao import bounds, uploads
from waibao.money import MoneyError, format_fen, parse_fen
from waibao.registry.models import Organisation
from waibao.talent import permissions, selectors, services
from waibao.talent.models import AccessLog, Course, Person
from waibao.talent.people import person_masked
from waibao.talent.roster import RosterError, roster_import
from waibao.web.params import Year

router = Router(tags=["talent"])


class CourseIn(Schema):
    provider_uscc: str
    code: str
    name: str
    qianbaishi: bool = False
    customised: bool = False
    fee_cny: str | None = None
    starts_on: bounds.Day | None = None
    ends_on: bounds.Day | None = None


class PurposeIn(Schema):
    purpose: str


class ConsentIn(Schema):
    skills: list[str] = []
    languages: list[str] = []
    certifications: list[str] = []
    availability: str = "open"
    available_from: bounds.Day | None = None
    region_code: str | None = None
    notice_version: str


class RegisterIn(Schema):
    id_number: str
    name: str
    phone: str = ""


def _course_out(course: Course) -> dict[str, Any]:
    return {
        "id": course.pk,
        "provider_uscc": course.provider.uscc,
        "code": course.code,
        "name": course.name,
        "qianbaishi": course.qianbaishi,
        "customised": course.customised,
        "fee_cny": format_fen(course.fee_fen),
        "starts_on": course.starts_on.isoformat() if course.starts_on else None,
        "ends_on": course.ends_on.isoformat() if course.ends_on else None,
    }


def _organisation(uscc: str) -> Organisation:
    return get_object_or_404(Organisation, uscc=uscc.strip().upper())


# ----------------------------------------------------------------- institutions


@router.get("/courses", summary="本机构的培训课程 / the courses an organisation runs")
def course_list(request: HttpRequest, provider_uscc: str | None = None) -> list[dict[str, Any]]:
    if provider_uscc:
        provider = _organisation(provider_uscc)
    else:
        provider = permissions.acting_organisation(request.user)
        if provider is None:
            raise HttpError(400, "provider_uscc is required")
    if not permissions.can_manage_provider(request.user, provider):
        raise HttpError(403, "not your organisation")
    return [_course_out(c) for c in Course.objects.filter(provider=provider)]


@router.post("/courses", summary="新增培训课程 / add a course")
def course_add(request: HttpRequest, payload: CourseIn) -> dict[str, Any]:
    provider = _organisation(payload.provider_uscc)
    if not permissions.can_manage_provider(request.user, provider):
        raise HttpError(403, "not your organisation")
    try:
        fee = parse_fen(payload.fee_cny) if payload.fee_cny else None
    except MoneyError as error:
        raise HttpError(422, f"fee_cny: {error}") from error
    course = services.course_create(
        provider=provider,
        code=payload.code,
        name=payload.name,
        qianbaishi=payload.qianbaishi,
        customised=payload.customised,
        fee_fen=fee,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return _course_out(course)


@router.get("/courses/{course_id}/roster", summary="学员名册(脱敏) / a course's roster, masked")
def course_roster(request: HttpRequest, course_id: int) -> list[dict[str, Any]]:
    course = get_object_or_404(Course.objects.select_related("provider"), pk=course_id)
    if not permissions.can_manage_provider(request.user, course.provider):
        raise HttpError(403, "not your organisation")
    return selectors.roster_masked(course.pk)


@router.post("/rosters", summary="导入学员名册 / import a roster (CSV or XLSX)")
def roster_upload(request: HttpRequest, file: UploadedFile = File(...)) -> dict[str, Any]:  # noqa: B008
    return roster_upload_handle(request.user, file)


def roster_upload_handle(user: Any, file: Any) -> dict[str, Any]:
    """Shared by the API and the institution page: every provider named in the file must be
    one the user manages, then the import runs all-or-nothing."""
    suffix = Path(file.name or "roster.csv").suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        try:
            uploads.upload_size_check(file.size)
            uploads.upload_save(file.chunks(), path)
        except uploads.FileRefused as refused:
            raise HttpError(422, f"{file.name}:0:-: {refused}") from None
        try:
            _check_roster_providers(user, path)
            result = roster_import(path, display_name=file.name, user=user)
        except RosterError as error:
            raise HttpError(422, "\n".join(error.lines)) from error
    return {
        "added": result.added,
        "filled": result.filled,
        "unchanged": result.unchanged,
        "people_added": result.people_added,
    }


def _check_roster_providers(user: Any, path: Path) -> None:
    from waibao.talent.roster import roster_providers

    for uscc in roster_providers(path):
        organisation = Organisation.objects.filter(uscc=uscc).first()
        if organisation is not None and not permissions.can_manage_provider(user, organisation):
            raise HttpError(403, f"the roster names a provider you do not manage ({uscc})")


@router.get("/trainings/{uscc}", summary="培训事实(FACTS.md trainings[]) / training facts")
def training_facts(request: HttpRequest, uscc: str, year: Year) -> list[dict[str, Any]]:
    organisation = _organisation(uscc)
    if not permissions.can_read_training_facts(request.user, organisation):
        raise HttpError(403, "not allowed")
    return selectors.trainings_facts(organisation, year)


@router.get("/trainings/{uscc}/exams", summary="结业与综合资格考试结果 / exam results")
def training_exams(request: HttpRequest, uscc: str, year: Year) -> dict[str, Any]:
    organisation = _organisation(uscc)
    if not permissions.can_read_training_facts(request.user, organisation):
        raise HttpError(403, "not allowed")
    return {
        "exams": selectors.exam_results(organisation, year),
        "recognitions": selectors.institution_recognitions(organisation),
    }


@router.get("/totals", summary="人才培养与就业统计 / people trained and employed")
def totals(request: HttpRequest, year: Year, region_prefix: str | None = None) -> dict[str, Any]:
    if not permissions.can_read_totals(request.user):
        raise HttpError(403, "not allowed")
    return selectors.talent_totals(year, region_prefix)


# ----------------------------------------------------------------- the pool


@router.get("/pool", summary="检索人才库(脱敏) / search the talent pool, masked")
def pool_search(
    request: HttpRequest,
    skill: str = "",
    language: str = "",
    certification: str = "",
    region_prefix: str = "",
    availability: str = "",
) -> list[dict[str, Any]]:
    if not permissions.can_search_pool(request.user):
        raise HttpError(403, "the bureau has not granted your organisation pool search")
    results = selectors.pool_search(
        skill=skill,
        language=language,
        certification=certification,
        region_prefix=region_prefix,
        availability=availability,
    )
    services.access_log_record(
        user=request.user,
        action=AccessLog.Action.SEARCH,
        fields="masked",
        purpose=f"pool search skill={skill!r} language={language!r}: {len(results)} results",
    )
    return results


@router.post("/pool/grants/{uscc}", summary="授予人才库检索权 / grant pool search")
def pool_grant(request: HttpRequest, uscc: str) -> dict[str, Any]:
    organisation = _organisation(uscc)
    if not permissions.can_grant_pool_search(request.user, organisation):
        raise HttpError(403, "not allowed")
    grant = services.pool_grant(organisation=organisation, user=request.user)
    return {"uscc": organisation.uscc, "granted_at": grant.granted_at.isoformat()}


@router.delete("/pool/grants/{uscc}", summary="撤销人才库检索权 / revoke pool search")
def pool_revoke(request: HttpRequest, uscc: str) -> dict[str, Any]:
    organisation = _organisation(uscc)
    if not permissions.can_grant_pool_search(request.user, organisation):
        raise HttpError(403, "not allowed")
    return {"uscc": organisation.uscc, "revoked": services.pool_revoke(organisation=organisation)}


# ----------------------------------------------------------------- a person's own data


def _me(request: HttpRequest) -> Person:
    person = permissions.own_person(request.user)
    if person is None:
        raise HttpError(404, "no personal record linked to this account")
    return person


def _consent_state(person: Person) -> dict[str, Any]:
    entry = getattr(person, "pool_entry", None)
    consent = person.consents.filter(withdrawn_at__isnull=True).first()
    return {
        **person_masked(person),
        "listed": entry is not None,
        "consent": None
        if consent is None
        else {
            "notice_version": consent.notice_version,
            "channel": consent.channel,
            "given_at": consent.given_at.isoformat(),
        },
        "pool_entry": None if entry is None else selectors.pool_entry_public(entry),
    }


@router.get("/me", summary="本人信息(脱敏)与同意状态 / my record, masked, and my consent")
def me(request: HttpRequest) -> dict[str, Any]:
    return _consent_state(_me(request))


@router.post("/me/register", summary="登记本人信息 / create my personal record")
def me_register(request: HttpRequest, payload: RegisterIn) -> dict[str, Any]:
    person = services.person_register_self(
        user=request.user,
        id_number=payload.id_number,
        name=payload.name,
        phone=payload.phone,
    )
    return _consent_state(person)


@router.post("/me/consent", summary="同意进入人才库 / consent to be listed")
def me_consent(request: HttpRequest, payload: ConsentIn) -> dict[str, Any]:
    person = _me(request)
    if payload.notice_version != services.NOTICE_VERSION:
        raise HttpError(422, f"the current notice is version {services.NOTICE_VERSION}")
    profile = services.PoolProfile(
        skills=payload.skills,
        languages=payload.languages,
        certifications=payload.certifications,
        availability=payload.availability,
        available_from=payload.available_from,
        region_code=payload.region_code,
    )
    services.consent_give(
        person=person,
        profile=profile,
        channel="api",
        notice_version=payload.notice_version,
        user=request.user,
    )
    person.refresh_from_db()
    return _consent_state(person)


class PhoneIn(Schema):
    phone: str


@router.post("/me/phone", summary="更正本人手机号 / correct my phone number")
def me_phone(request: HttpRequest, payload: PhoneIn) -> dict[str, Any]:
    person = _me(request)
    services.person_phone_correct(person=person, phone=payload.phone, user=request.user)
    return _consent_state(person)


@router.post("/me/withdraw", summary="撤回同意并删除本人信息 / withdraw consent; erases me")
def me_withdraw(request: HttpRequest) -> dict[str, Any]:
    services.consent_withdraw(person=_me(request), channel="api", user=request.user)
    return {"withdrawn": True, "erased": True}


@router.get("/me/export", summary="导出本人全部信息 / export all my data (JSON)")
def me_export(request: HttpRequest) -> dict[str, Any]:
    return services.person_export(
        person=_me(request), user=request.user, purpose="本人查阅复制 (PIPL 第45条)"
    )


# ----------------------------------------------------------------- bureau staff


def _person_for_staff(request: HttpRequest, person_id: int) -> Person:
    person = get_object_or_404(Person, pk=person_id)
    if not permissions.can_handle_person(request.user, person):
        raise HttpError(403, "not allowed")
    return person


@router.post("/people/{person_id}/reveal", summary="查看明文(记录日志) / reveal, logged")
def person_reveal(request: HttpRequest, person_id: int, payload: PurposeIn) -> dict[str, str]:
    person = _person_for_staff(request, person_id)
    return services.person_reveal(person=person, user=request.user, purpose=payload.purpose)


@router.post("/people/{person_id}/export", summary="依申请导出个人信息 / export on request")
def person_export(request: HttpRequest, person_id: int, payload: PurposeIn) -> dict[str, Any]:
    person = _person_for_staff(request, person_id)
    if not payload.purpose.strip():
        raise HttpError(422, "a purpose is required")
    return services.person_export(person=person, user=request.user, purpose=payload.purpose)


@router.post("/people/{person_id}/erase", summary="依申请删除个人信息 / erase on request")
def person_erase(request: HttpRequest, person_id: int, payload: PurposeIn) -> dict[str, Any]:
    person = _person_for_staff(request, person_id)
    if not payload.purpose.strip():
        raise HttpError(422, "a reason is required")
    services.person_erase(person=person, user=request.user, reason=payload.purpose)
    return {"erased": True}
