"""Pages: the published lists (public), the ratings with their explanations and the city
scorecard (staff in scope). Thin: ``waibao.permissions`` decides, selectors read. A region
outside the user's scope is a 404."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from waibao import jurisdictions, permissions
from waibao.evaluation import selectors, services
from waibao.evaluation.method_terms import INDICATORS, indicator_label
from waibao.evaluation.models import (
    Publication,
    RatingMethod,
    RecognitionApplication,
    ScorecardIndicator,
)
from waibao.evaluation.scoring import NORMALISATIONS, MethodError
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
    return render(
        request,
        "evaluation/publication.html",
        {"publication": publication, "basis": _basis(publication.kind)},
    )


def _basis(kind: str) -> str:
    """What the policy texts say a list of ``kind`` rests on (``rating_basis`` in a folder's
    policy.yaml), in the active language; empty when no text says."""
    language = get_language() or settings.LANGUAGE_CODE
    found = (j.basis_of(kind, language) for j in jurisdictions.jurisdictions())
    return "；".join(words for words in found if words)


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
    city = selectors.city_of(place.code)
    editable = city is not None and permissions.can_in_region(
        request.user, permissions.CONFIGURE_POLICY, city
    )
    return render(
        request,
        "evaluation/rating.html",
        {
            "code": code,
            "region": place,
            "year": year,
            "method": method,
            "rows": rows,
            "methods_city": city if editable else None,
        },
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
    if permissions.can(user, permissions.CONFIGURE_POLICY):  # cities' own titles (示范城市)
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


def _method_form(request: HttpRequest) -> dict[str, object]:
    """The posted form as the service's arguments; a malformed number or date is a
    ``ValidationError`` naming the field."""
    code = request.POST.get("code", "")
    weights: dict[str, int] = {}
    for name in sorted(INDICATORS):
        if f"weight_{name}" not in request.POST:
            continue
        raw = request.POST.get(f"weight_{name}", "").strip() or "0"
        if not raw.isdigit():
            raise ValidationError(
                _("%(indicator)s的权重须为不小于 0 的整数，不能是“%(value)s”")
                % {"indicator": indicator_label(name), "value": raw}
            )
        weights[name] = int(raw)
    size_raw = request.POST.get("size", "").strip()
    if size_raw and not size_raw.isdigit():
        raise ValidationError(_("名额须为整数，不能是“%(value)s”") % {"value": size_raw})
    try:
        valid_from = dt.date.fromisoformat(request.POST.get("valid_from", ""))
    except ValueError:
        raise ValidationError(_("启用日期须为日期，例如 2025-01-01")) from None
    return {
        "code": code,
        "weights": weights,
        "valid_from": valid_from,
        "reason": request.POST.get("reason", ""),
        "normalisation": request.POST.get("normalisation", "min_max"),
        "size": int(size_raw) if size_raw else None,
    }


@login_required
def methods_page(request: HttpRequest, city: str) -> HttpResponse:
    """The city administrator's page for the rating methods (key enterprises, the top ten):
    the methods in force, a form for a new dated version, the history and
    what the last change did to the ranking."""
    place = get_object_or_404(Region, code=city)
    if selectors.city_of(place.code) != place.code or not permissions.can_in_region(
        request.user, permissions.CONFIGURE_POLICY, place.code
    ):
        raise Http404
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        try:
            form = _method_form(request)
            code = str(form.pop("code"))
            row = services.rating_method_change(request.user, place, code, **form)  # type: ignore[arg-type]
        except ValidationError as error:
            errors, status = list(error.messages), 400
        except MethodError as error:
            errors, status = [str(error)], 400
        else:
            return redirect(f"{request.path}?changed={row.pk}")
    changed = None
    changed_pk = request.GET.get("changed", "")
    if changed_pk.isdigit():
        changed = RatingMethod.objects.filter(pk=int(changed_pk), city=place).first()
    return render(
        request,
        "evaluation/methods.html",
        {
            "region": place,
            "methods": selectors.methods_for_city(place.code, timezone.localdate()),
            "normalisations": NORMALISATIONS,
            "changed": changed,
            "errors": errors,
            "today": timezone.localdate(),
        },
        status=status,
    )
