"""Public pages (news, open data, map) and the staff pages. Thin: access and services decide."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language

from waibao.publishing import mapdata, opendata, services, storage
from waibao.publishing.access import Forbidden, city_of, may_edit
from waibao.publishing.feed import announcement_feed
from waibao.publishing.models import Announcement, Attachment, DataRelease, DataReleaseVersion
from waibao.publishing.period import parse_period
from waibao.publishing.selectors import (
    announcement_public_get,
    announcement_public_list,
    release_public_list,
)


def _language() -> str:
    return get_language() or "zh-hans"


def news_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or None
    language = _language()
    items = [
        {"item": a, "title": a.title_for(language)} for a in announcement_public_list(kind)[:200]
    ]
    return render(
        request,
        "publishing/news_list.html",
        {"items": items, "kinds": Announcement.Kind.choices, "kind": kind},
    )


def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = announcement_public_get(pk)
    if item is None:
        raise Http404
    language = _language()
    return render(
        request,
        "publishing/news_detail.html",
        {"item": item, "title": item.title_for(language), "body": item.body_for(language)},
    )


def news_feed(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        announcement_feed(request, _language()), content_type="application/atom+xml; charset=utf-8"
    )


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment, pk=pk)
    visible = attachment.announcement.state in (
        Announcement.State.PUBLISHED,
        Announcement.State.WITHDRAWN,
    )
    if not visible and not may_edit(request.user):
        raise Http404
    path = storage.path_of(attachment.sha256)
    if not path.exists():
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    if not may_edit(request.user):
        raise PermissionDenied
    items = Announcement.objects.exclude(state=Announcement.State.WITHDRAWN)
    own_city = city_of(request.user)
    if own_city:  # a city administrator sees its own city's items; a system administrator all
        items = items.filter(city_code=own_city)
    items = items.order_by("-pk")[:200]
    return render(request, "publishing/staff_list.html", {"items": items})


@login_required
def staff_new(request: HttpRequest) -> HttpResponse:
    if not may_edit(request.user):
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        try:
            item = services.announcement_create(
                user=request.user,
                kind=request.POST.get("kind", ""),
                title_zh=request.POST.get("title_zh", ""),
                body_zh=request.POST.get("body_zh", ""),
                title_en=request.POST.get("title_en", ""),
                body_en=request.POST.get("body_en", ""),
                link=request.POST.get("link", ""),
            )
            upload = request.FILES.get("attachment")
            if upload is not None:
                services.attachment_add(
                    user=request.user, announcement=item, name=upload.name or "", stream=upload
                )
            return redirect("news:staff")
        except (ValueError, Forbidden, services.InvalidTransition) as exc:
            error = str(exc)
    return render(
        request,
        "publishing/staff_new.html",
        {"kinds": Announcement.Kind.choices, "error": error},
    )


ACTIONS = {
    "submit": services.announcement_submit,
    "approve": services.announcement_approve,
    "publish": services.announcement_publish,
}


@login_required
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if request.method != "POST":
        return redirect("news:staff")
    item = get_object_or_404(Announcement, pk=pk)
    try:
        if action in ACTIONS:
            ACTIONS[action](user=request.user, announcement=item)
        elif action == "withdraw":
            services.announcement_withdraw(
                user=request.user, announcement=item, reason=request.POST.get("reason", "")
            )
        elif action == "return":
            services.announcement_return(
                user=request.user, announcement=item, reason=request.POST.get("reason", "")
            )
        else:
            raise Http404
    except Forbidden as exc:
        raise PermissionDenied(str(exc)) from exc
    except (ValueError, services.InvalidTransition) as exc:
        return HttpResponse(str(exc), status=409)
    return redirect("news:staff")


def data_list(request: HttpRequest) -> HttpResponse:
    releases = [
        {"release": r, "versions": sorted(r.versions.all(), key=lambda v: -v.number)}
        for r in release_public_list()
    ]
    return render(
        request,
        "publishing/data_list.html",
        {
            "releases": releases,
            "formats": opendata.FILE_NAMES,
            "may_edit": may_edit(request.user),
            "drafts": DataRelease.objects.filter(versions__isnull=True)
            if may_edit(request.user)
            else [],
        },
    )


def data_file(request: HttpRequest, slug: str, number: int, filename: str) -> FileResponse:
    version = get_object_or_404(DataReleaseVersion, release__slug=slug, number=number)
    if filename not in version.files:
        raise Http404
    path = opendata.version_dir(slug, number) / filename
    if not path.exists() or storage.sha256_of(path) != version.files[filename]:
        raise Http404("file missing or changed since publication")
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=f"{slug}-v{number}-{filename}"
    )


@login_required
def data_publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish the next version of a release (POST only; a city administrator)."""
    if request.method != "POST":
        return redirect("data:list")
    release = get_object_or_404(DataRelease, slug=slug)
    try:
        opendata.release_publish(user=request.user, release=release)
    except Forbidden as exc:
        raise PermissionDenied(str(exc)) from exc
    except opendata.ReleaseError as exc:
        return HttpResponse(str(exc), status=400)
    return redirect("data:list")


@login_required
def brief_pdf(request: HttpRequest) -> HttpResponse:
    """The staff button: today's brief for a period (``?period=YYYY-MM``) and city."""
    from waibao.publishing import brief

    if not may_edit(request.user):
        raise PermissionDenied
    period = request.GET.get("period") or timezone.localdate().strftime("%Y-%m")
    try:
        year, month = parse_period(period)
    except ValueError as exc:
        return HttpResponse(str(exc), status=400)
    pdf = brief.brief_pdf(year, month, city_code=city_of(request.user) or None)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="brief-{period}.pdf"'
    return response


def map_index(request: HttpRequest) -> HttpResponse:
    return render(request, "publishing/map_index.html", {"cities": mapdata.cities()})


def map_city(request: HttpRequest, city_code: str) -> HttpResponse:
    data = mapdata.city_map(city_code)
    if data is None:
        raise Http404
    return render(request, "publishing/map_city.html", {"map": data})
