"""The evaluation API (/api/evaluation/): ratings with explanations, the top ten and its
publications, recognition applications and decisions, credit records and grades, the city
scorecard. A session or an API token (``waibao.web.auth``; publications are public); every
check goes through ``waibao.permissions``; refusals become HTTP in ``waibao.web.errors``. An
object outside the user's scope answers 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from waibao import bounds, permissions
from waibao.evaluation import selectors, services
from waibao.evaluation.models import CreditEvent, Publication, RecognitionApplication
from waibao.registry.models import Organisation, Region
from waibao.web.params import Day, Year

router = Router(tags=["evaluation"])


def _region_or_404(request: HttpRequest, action: str, code: str) -> Region:
    region = get_object_or_404(Region, code=code)
    if not permissions.can_in_region(request.user, action, region.code):
        raise HttpError(404, "not found")
    return region


def _organisation(request: HttpRequest, action: str, uscc: str) -> Organisation:
    organisation = get_object_or_404(Organisation, uscc=uscc)
    if not permissions.can(request.user, action, organisation):
        raise HttpError(404, "not found")
    return organisation


def _rating(code: str, region: str, year: int) -> dict[str, Any]:
    method, ranked = selectors.rating_for(code, region, year)
    return {
        "region": region,
        "year": year,
        "method": selectors.method_as_dict(method),
        "entries": [
            {
                "rank": s.rank,
                "uscc": s.candidate.key,
                "name": s.candidate.name,
                "score": s.score_display,
                "explanation": s.explanation(method),
            }
            for s in ranked
        ],
    }


@router.get(
    "/key-enterprises/{region}/{year}",
    summary="重点企业评定 / key-enterprise rating with explanations",
)
def key_enterprises(request: HttpRequest, region: str, year: Year) -> dict[str, Any]:
    _region_or_404(request, permissions.VIEW_STATISTICS, region)
    return _rating("key_enterprise", region, year)


@router.get(
    "/top-ten/{region}/{year}",
    summary="先进企业评选 / the year's top ten, computed",
)
def top_ten(request: HttpRequest, region: str, year: Year) -> dict[str, Any]:
    _region_or_404(request, permissions.VIEW_STATISTICS, region)
    return _rating("top_ten", region, year)


@router.post(
    "/top-ten/{region}/{year}/publish",
    summary="公布先进企业名单 / publish the top ten",
)
def top_ten_publish(request: HttpRequest, region: str, year: Year) -> dict[str, Any]:
    place = _region_or_404(request, permissions.CONFIGURE_POLICY, region)
    publication = services.publication_publish(place, year, timezone.localdate())
    return {"id": publication.pk, "title": publication.title, "entries": len(publication.entries)}


class DesignateIn(Schema):
    count: bounds.Count
    level: str = "provincial"


@router.post(
    "/key-enterprises/{region}/{year}/designate",
    summary="重点企业评定 / designate and publish the key enterprises",
)
def key_enterprises_designate(
    request: HttpRequest, region: str, year: Year, payload: DesignateIn
) -> dict[str, Any]:
    place = _region_or_404(request, permissions.CONFIGURE_POLICY, region)
    publication = services.key_enterprises_designate(
        place, year, payload.count, payload.level, timezone.localdate()
    )
    return {"id": publication.pk, "title": publication.title, "entries": len(publication.entries)}


@router.get("/publications", auth=None, summary="公布名单 / published lists (public)")
def publications(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": p.pk,
            "kind": p.kind,
            "region": p.region_id,
            "year": p.year,
            "title": p.title,
            "published_on": p.published_on,
            "method": p.method,
            "entries": [
                {"rank": e["rank"], "uscc": e["uscc"], "name": e["name"]} for e in p.entries
            ],
        }
        for p in Publication.objects.all()
    ]


class ApplicationIn(Schema):
    uscc: str | None = None  # an organisation applies ...
    city: str | None = None  # ... or a city, for a city title (示范城市)
    programme: str
    level: str
    evidence: dict[str, Any] = {}


class DecisionIn(Schema):
    approve: bool
    on: bounds.Day | None = None
    note: str = ""


class RevokeIn(Schema):
    on: bounds.Day | None = None
    note: str = ""


def _application_out(application: RecognitionApplication) -> dict[str, Any]:
    return {
        "id": application.pk,
        "uscc": application.organisation.uscc if application.organisation else None,
        "city": application.city_id,
        "programme": application.programme,
        "level": application.level,
        "status": application.status,
        "criteria": application.criteria,
        "valid_from": application.valid_from,
        "valid_until": application.valid_until,
        "revoked_on": application.revoked_on,
    }


@router.post("/applications", summary="申请认定 / apply for a recognition")
def application_create(request: HttpRequest, payload: ApplicationIn) -> dict[str, Any]:
    if (payload.uscc is None) == (payload.city is None):
        raise HttpError(400, "give either uscc (an organisation) or city (a city), not both")
    if payload.city is not None:
        # A city applies through its own administrator (configure_policy for the city).
        city = _region_or_404(request, permissions.CONFIGURE_POLICY, payload.city)
        application = services.city_recognition_apply(
            city, payload.programme, payload.level, payload.evidence, timezone.localdate()
        )
    else:
        organisation = _organisation(request, permissions.APPLY_RECOGNITION, payload.uscc or "")
        application = services.recognition_apply(
            organisation,
            payload.programme,
            payload.level,
            payload.evidence,
            timezone.localdate(),
        )
    return _application_out(application)


def _province_of(city_code: str) -> str:
    return city_code[:2] + "0000"


def _application(request: HttpRequest, pk: int, action: str) -> RecognitionApplication:
    """An application the user may decide: an organisation's in the user's scope; a city's
    title (a provincial one) only by an administrator whose scope covers the province, so a
    city never approves its own title."""
    application = get_object_or_404(
        RecognitionApplication.objects.select_related("organisation"), pk=pk
    )
    if application.city_id is not None:
        allowed = permissions.can_in_region(request.user, action, _province_of(application.city_id))
    else:
        allowed = permissions.can(request.user, action, application)
    if not allowed:
        raise HttpError(404, "not found")
    return application


@router.get("/applications/{pk}", summary="认定申请及条件审查 / an application and its check")
def application_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    application = get_object_or_404(
        RecognitionApplication.objects.select_related("organisation"), pk=pk
    )
    if application.city_id is not None:
        allowed = permissions.can_in_region(
            request.user, permissions.CONFIGURE_POLICY, application.city_id
        )
    else:
        allowed = permissions.can(
            request.user, permissions.REVIEW_APPLICATION, application
        ) or permissions.can(request.user, permissions.APPLY_RECOGNITION, application)
    if not allowed:
        raise HttpError(404, "not found")
    return _application_out(application)


@router.post("/applications/{pk}/decision", summary="认定决定 / approve or reject")
def application_decide(request: HttpRequest, pk: int, payload: DecisionIn) -> dict[str, Any]:
    application = _application(request, pk, permissions.CONFIGURE_POLICY)
    services.recognition_decide(
        application,
        approve=payload.approve,
        on=payload.on or timezone.localdate(),
        note=payload.note,
    )
    return _application_out(application)


@router.post("/applications/{pk}/revocation", summary="撤销认定 / revoke a recognition")
def application_revoke(request: HttpRequest, pk: int, payload: RevokeIn) -> dict[str, Any]:
    application = _application(request, pk, permissions.CONFIGURE_POLICY)
    services.recognition_revoke(application, payload.on or timezone.localdate(), payload.note)
    return _application_out(application)


class CreditEventIn(Schema):
    kind: str
    severity: str = "minor"
    date: bounds.Day
    note: str = ""


class RestoreIn(Schema):
    on: bounds.Day


def _credit_out(organisation: Organisation, as_of: dt.date) -> dict[str, Any]:
    grade = selectors.credit_grade_for(organisation, as_of)
    return {
        "uscc": organisation.uscc,
        "as_of": as_of,
        "grade": grade.grade,
        "points": grade.points,
        "rule": grade.rule,
        "lines": list(grade.lines),
        "events": [
            {
                "id": e.pk,
                "kind": e.kind,
                "severity": e.severity,
                "date": e.date,
                "restored": e.restored,
            }
            for e in organisation.credit_events.all()
        ],
    }


@router.get("/credit/{uscc}", summary="信用等级 / credit grade and events")
def credit_detail(request: HttpRequest, uscc: str, as_of: Day | None = None) -> dict[str, Any]:
    organisation = _organisation(request, permissions.VIEW_ORGANISATION, uscc)
    return _credit_out(organisation, as_of or timezone.localdate())


@router.post("/credit/{uscc}/events", summary="记录信用事件 / record a credit event")
def credit_event_create(request: HttpRequest, uscc: str, payload: CreditEventIn) -> dict[str, Any]:
    organisation = _organisation(request, permissions.REVIEW_APPLICATION, uscc)
    services.credit_event_record(
        organisation, payload.kind, payload.severity, payload.date, payload.note
    )
    return _credit_out(organisation, timezone.localdate())


@router.post("/credit/events/{pk}/restoration", summary="恢复资格 / restore eligibility")
def credit_event_restore(request: HttpRequest, pk: int, payload: RestoreIn) -> dict[str, Any]:
    event = get_object_or_404(CreditEvent.objects.select_related("organisation"), pk=pk)
    if not permissions.can(request.user, permissions.REVIEW_APPLICATION, event):
        raise HttpError(404, "not found")
    services.credit_event_restore(event, payload.on)
    return _credit_out(event.organisation, timezone.localdate())


def _city_or_404(request: HttpRequest, code: str) -> Region:
    city = _region_or_404(request, permissions.CONFIGURE_POLICY, code)
    if selectors.city_of(city.code) != city.code:
        raise HttpError(404, "not found")
    return city


@router.get(
    "/methods/{city}",
    summary="评价方法 / the city's rating methods in force, with history",
)
def methods(request: HttpRequest, city: str, on: bounds.Day | None = None) -> dict[str, Any]:
    place = _city_or_404(request, city)
    return {
        "city": place.code,
        "methods": selectors.methods_for_city(place.code, on or timezone.localdate()),
    }


class MethodIn(Schema):
    code: str
    weights: dict[str, bounds.Weight]
    valid_from: bounds.Day
    reason: str
    normalisation: str = "min_max"
    size: bounds.Count | None = None


@router.post(
    "/methods/{city}",
    summary="修改评价方法 / change a rating method: a new dated version, the ranking recomputed",
)
def method_change(request: HttpRequest, city: str, payload: MethodIn) -> dict[str, Any]:
    place = _city_or_404(request, city)
    row = services.rating_method_change(
        request.user,
        place,
        payload.code,
        weights=payload.weights,
        valid_from=payload.valid_from,
        reason=payload.reason,
        normalisation=payload.normalisation,
        size=payload.size,
    )
    return selectors.method_row_as_dict(row)


@router.get(
    "/demonstration-cities",
    summary="省级服务外包示范城市 / cities holding the title on a date",
)
def demonstration_cities(
    request: HttpRequest, on: bounds.Day | None = None
) -> list[dict[str, Any]]:
    if not permissions.can(request.user, permissions.VIEW_STATISTICS):
        raise HttpError(404, "not found")
    return selectors.demonstration_cities(on or timezone.localdate())


@router.get("/scorecard/{city}/{year}", summary="示范城市综合评价 / demonstration-city scorecard")
def scorecard(request: HttpRequest, city: str, year: Year) -> dict[str, Any]:
    _region_or_404(request, permissions.VIEW_STATISTICS, city)
    return selectors.scorecard_for(city, year).as_dict()
