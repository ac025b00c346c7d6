"""Thin views over ``waibao.security.login``: password, second factor, enrolment, password
change, sign-out. The admin site's login and logout land here too (admin_site.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import REDIRECT_FIELD_NAME, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from waibao.security import totp
from waibao.security.events import Outcome, security_event_record
from waibao.security.forms import CodeForm, PasswordLoginForm
from waibao.security.login import login_complete, password_step, pending_user, second_factor_step
from waibao.security.models import TOTPDevice
from waibao.security.sessions import PASSWORD_EXPIRED_KEY

NEXT_KEY = "_waibao_next"


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


def _after_login(request: HttpRequest) -> HttpResponse:
    target = request.session.pop(NEXT_KEY, "/")
    if request.session.get(PASSWORD_EXPIRED_KEY):
        return HttpResponseRedirect(reverse("security:password_change"))
    return HttpResponseRedirect(target)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get(REDIRECT_FIELD_NAME))
    form = PasswordLoginForm(request.POST or None)
    message = ""
    if request.method == "POST" and form.is_valid():
        step = password_step(
            request=request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        request.session[NEXT_KEY] = next_url
        if step.next_step == "done":
            return _after_login(request)
        if step.next_step in ("verify", "enrol"):
            return HttpResponseRedirect(reverse(f"security:{step.next_step}"))
        message = step.message
    return render(
        request, "security/login.html", {"form": form, "message": message, "next": next_url}
    )


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def verify_view(request: HttpRequest) -> HttpResponse:
    user = pending_user(request)
    if user is None:
        return HttpResponseRedirect(reverse("security:login"))
    form = CodeForm(request.POST or None)
    message = ""
    if request.method == "POST" and form.is_valid():
        step = second_factor_step(request=request, user=user, code=form.cleaned_data["code"])
        if step.next_step == "done":
            return _after_login(request)
        if pending_user(request) is None:
            return HttpResponseRedirect(reverse("security:login"))
        message = step.message
    return render(request, "security/verify.html", {"form": form, "message": message})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def enrol_view(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP authenticator: required at the first sign-in of staff, optional for others."""
    pending = pending_user(request)
    user: Any = pending or (request.user if request.user.is_authenticated else None)
    if user is None:
        return HttpResponseRedirect(reverse("security:login"))
    if totp.confirmed_device(user) is not None:
        return HttpResponseRedirect(reverse("security:verify") if pending else "/")
    device = TOTPDevice.objects.filter(user=user).first() or totp.totp_device_start(user=user)
    form = CodeForm(request.POST or None)
    message = ""
    if request.method == "POST" and form.is_valid():
        try:
            codes = totp.totp_device_confirm(device=device, code=form.cleaned_data["code"])
        except ValueError:
            message = "动态口令不正确，请核对手机时间后重试。"
        else:
            security_event_record(kind="totp.enrolled", request=request, user=user)
            if pending is not None:
                login_complete(request=request, user=user, second_factor=True)
            continue_to = request.session.pop(NEXT_KEY, "/")
            if request.session.get(PASSWORD_EXPIRED_KEY):
                continue_to = reverse("security:password_change")
            return render(
                request,
                "security/recovery_codes.html",
                {"codes": codes, "continue_to": continue_to},
            )
    context = {
        "form": form,
        "message": message,
        "qr_svg": totp.provisioning_qr_svg(device),
        "uri": totp.provisioning_uri(device),
        "secret": device.secret,
    }
    return render(request, "security/enrol.html", context)


@sensitive_post_parameters()
@csrf_protect
@never_cache
@login_required
def password_change_view(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()  # the history validator records the change and its event
        update_session_auth_hash(request, user)
        request.session.pop(PASSWORD_EXPIRED_KEY, None)
        return HttpResponseRedirect(request.session.pop(NEXT_KEY, "/"))
    expired = bool(request.session.get(PASSWORD_EXPIRED_KEY))
    return render(request, "security/password_change.html", {"form": form, "expired": expired})


@csrf_protect
@never_cache
def logout_view(request: HttpRequest) -> HttpResponse:
    """Sign-out is a POST (a link or image could otherwise sign a user out); GET asks."""
    if request.method == "POST":
        if request.user.is_authenticated:
            security_event_record(kind="logout", outcome=Outcome.SUCCESS, request=request)
        logout(request)
        return HttpResponseRedirect("/")
    return render(request, "security/logout.html")
