"""Thin talent pages (zh-hans): an institution's courses and rosters, the pool search for
enterprises with the bureau's grant, and a person's consent page. Personal data is masked on
every page; a person's own export is the only clear output, and it is logged."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from waibao.money import MoneyError, parse_fen
from waibao.talent import permissions, selectors, services
from waibao.talent.forms import ConsentForm, CourseForm, PoolSearchForm, RegisterForm, RosterForm
from waibao.talent.identity import IdentityError
from waibao.talent.models import AccessLog, Course
from waibao.talent.people import person_masked
from waibao.talent.trainee_list import trainee_list_page


@login_required
def institution(request: HttpRequest) -> HttpResponse:
    provider = permissions.acting_organisation(request.user)
    if provider is None or not permissions.can_manage_provider(request.user, provider):
        return HttpResponseForbidden(_("仅培训机构或企业用户可管理课程"))
    course_form, roster_form, messages = CourseForm(), RosterForm(), []
    if request.method == "POST" and request.POST.get("action") == "course":
        course_form = CourseForm(request.POST)
        if course_form.is_valid():
            data = course_form.cleaned_data
            try:
                services.course_create(
                    provider=provider,
                    code=data["code"],
                    name=data["name"],
                    qianbaishi=data["qianbaishi"],
                    customised=data["customised"],
                    fee_fen=parse_fen(data["fee_cny"]) if data["fee_cny"] else None,
                )
                return redirect("talent:institution")
            except (MoneyError, ValidationError) as error:
                messages.append(str(error))
    elif request.method == "POST" and request.POST.get("action") == "roster":
        roster_form = RosterForm(request.POST, request.FILES)
        if roster_form.is_valid():
            from waibao.talent.api import roster_upload_handle

            try:
                result = roster_upload_handle(request.user, request.FILES["file"])
                messages.append(
                    _("新增 %(added)s 条，补充 %(filled)s 条，未变 %(unchanged)s 条") % result
                )
            except HttpError as error:
                messages.extend(str(error).splitlines())
    courses = Course.objects.filter(provider=provider)
    selected = courses.filter(pk=request.GET.get("course") or 0).first()
    return render(
        request,
        "talent/institution.html",
        {
            "provider": provider,
            "recognitions": selectors.institution_recognitions(provider),
            "courses": courses,
            "selected": selected,
            "roster": selectors.roster_masked(selected.pk) if selected else [],
            "course_form": course_form,
            "roster_form": roster_form,
            "messages_list": messages,
        },
    )


@login_required
def trainees(request: HttpRequest) -> HttpResponse:
    """Every trainee of the providers in the user's scope, masked, as a list."""
    providers = permissions.trainee_providers(request.user)
    if providers is None:
        return HttpResponseForbidden(_("您无权查看培训学员"))
    return render(request, "talent/trainees.html", {"list": trainee_list_page(request, providers)})


@login_required
def pool(request: HttpRequest) -> HttpResponse:
    if not permissions.can_search_pool(request.user):
        return HttpResponseForbidden(_("贵单位尚未获得主管部门授予的人才库检索权"))
    form = PoolSearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = selectors.pool_search(**form.cleaned_data)
        services.access_log_record(
            user=request.user,
            action=AccessLog.Action.SEARCH,
            fields="masked",
            purpose=f"pool search page: {len(results)} results",
        )
    return render(request, "talent/pool.html", {"form": form, "results": results})


@login_required
def consent(request: HttpRequest) -> HttpResponse:
    person = permissions.own_person(request.user)
    errors: list[str] = []
    if person is None:
        form = RegisterForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.person_register_self(user=request.user, **form.cleaned_data)
                return redirect("talent:consent")
            except (services.TalentError, IdentityError) as error:
                errors.append(str(error))
        return render(request, "talent/register.html", {"form": form, "errors": errors})
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "withdraw":
        services.consent_withdraw(person=person, channel="web", user=request.user)
        return render(request, "talent/withdrawn.html")
    form = ConsentForm(request.POST if action == "consent" else None)
    if action == "consent" and form.is_valid():
        profile = services.PoolProfile(
            **form.lists(),
            availability=form.cleaned_data["availability"],
            region_code=form.cleaned_data["region_code"] or None,
        )
        try:
            services.consent_give(person=person, profile=profile, channel="web", user=request.user)
            return redirect("talent:consent")
        except services.TalentError as error:
            errors.append(str(error))
    entry = getattr(person, "pool_entry", None)
    return render(
        request,
        "talent/consent.html",
        {
            "me": person_masked(person),
            "entry": selectors.pool_entry_public(entry) if entry else None,
            "form": form,
            "errors": errors,
            "notice_version": services.NOTICE_VERSION,
        },
    )


@login_required
def consent_export(request: HttpRequest) -> HttpResponse:
    person = permissions.own_person(request.user)
    if person is None:
        return redirect("talent:consent")
    data = services.person_export(
        person=person, user=request.user, purpose="本人查阅复制 (PIPL 第45条)"
    )
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    response["Cache-Control"] = "no-store"
    return response
