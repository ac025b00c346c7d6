"""Pages: the published lists (public), the ratings with their explanations and the city
scorecard (staff in scope). Thin: ``waibao.permissions`` decides, selectors read. A region
outside the user's scope is a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from waibao import permissions
from waibao.evaluation import selectors
from waibao.evaluation.models import Publication, RecognitionApplication, ScorecardIndicator
from waibao.registry.models import Organisation, Region


def publication_index(request: HttpRequest) -> HttpResponse:
    if not permissions.can(request.user, "view_publications"):
        raise Http404
    return render(
        request,
        "evaluation/publications.html",
        {"publications": Publication.objects.select_related("region")},
    )


def publication_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can(request.user, "view_publications"):
        raise Http404
    publication = get_object_or_404(Publication.objects.select_related("region"), pk=pk)
    return render(request, "evaluation/publication.html", {"publication": publication})


def _region(request: HttpRequest, code: str) -> Region:
    region = get_object_or_404(Region, code=code)
    if not permissions.can_in_region(request.user, permissions.VIEW_STATISTICS, region.code):
        raise Http404
    return region


@login_required
def rating_page(request: HttpRequest, code: str, region: str, year: int) -> HttpResponse:
    if code not in selectors.DEFAULT_METHODS:
        raise Http404
    place = _region(request, region)
    method, ranked = selectors.rating_for(code, place.code, year)
    rows = [{"scored": s, "explanation": s.explanation(method)} for s in ranked]
    return render(
        request,
        "evaluation/rating.html",
        {"code": code, "region": place, "year": year, "method": method, "rows": rows},
    )


@login_required
def scorecard_page(request: HttpRequest, city: str, year: int) -> HttpResponse:
    place = _region(request, city)
    card = selectors.scorecard_for(place.code, year)
    labels = dict(ScorecardIndicator.choices)
    lines = [{"line": line, "label": labels[line.indicator]} for line in card.lines]
    return render(
        request,
        "evaluation/scorecard.html",
        {"region": place, "year": year, "card": card, "lines": lines},
    )


@login_required
def applications_page(request: HttpRequest) -> HttpResponse:
    """Recognition applications in scope: a reviewer's region, or the enterprise's own."""
    user = request.user
    if permissions.can(user, permissions.REVIEW_APPLICATION):
        action = permissions.REVIEW_APPLICATION
    elif permissions.can(user, permissions.APPLY_RECOGNITION):
        action = permissions.APPLY_RECOGNITION
    else:
        raise Http404
    visible = permissions.scope_organisations(user, Organisation.objects.all(), action)
    applications = list(
        RecognitionApplication.objects.filter(organisation__in=visible.values("pk")).select_related(
            "organisation"
        )
    )
    if permissions.can(user, permissions.CONFIGURE_POLICY):  # cities' own titles (广东 五)
        applications += [
            a
            for a in RecognitionApplication.objects.filter(city__isnull=False).select_related(
                "city"
            )
            if permissions.can_in_region(user, permissions.CONFIGURE_POLICY, a.city_id)
        ]
    return render(request, "evaluation/applications.html", {"applications": applications})


@login_required
def credit_page(request: HttpRequest, uscc: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, uscc=uscc)
    if not permissions.can(request.user, permissions.VIEW_ORGANISATION, organisation):
        raise Http404
    as_of = timezone.localdate()
    return render(
        request,
        "evaluation/credit.html",
        {
            "organisation": organisation,
            "grade": selectors.credit_grade_for(organisation, as_of),
            "events": organisation.credit_events.all(),
            "as_of": as_of,
        },
    )
