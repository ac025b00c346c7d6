"""Two middlewares: the security headers on every response, and the session policy (idle
timeout, second factor proven, one session per staff user, expired password changed first)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from waibao.security.events import Outcome, current_request, security_event_record
from waibao.security.sessions import (
    LAST_SEEN_KEY,
    PASSWORD_EXPIRED_KEY,
    SECOND_FACTOR_KEY,
    session_is_current,
)
from waibao.security.totp import second_factor_required

LAST_SEEN_RESOLUTION = 30  # seconds: write the session at most this often just to move the clock


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no inline script) and Permissions-Policy, and the headers of
    Django's security middlewares on the responses those never see. Placed right after
    SecurityMiddleware, so every response passes through it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", settings.WAIBAO_CONTENT_SECURITY_POLICY
        )
        response.headers.setdefault("Permissions-Policy", settings.WAIBAO_PERMISSIONS_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        # XFrameOptionsMiddleware sits inside; responses made before it (redirects of
        # CommonMiddleware or LocaleMiddleware) would go without.
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response


class SessionPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            return self._handle(request)
        finally:
            current_request.reset(token)

    def _handle(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ended = self._end_reason(request, user)
            if ended is not None:
                security_event_record(
                    kind=ended, outcome=Outcome.DENIED, request=request, user=user
                )
                logout(request)
            elif request.session.get(PASSWORD_EXPIRED_KEY) and not self._may_pass(request):
                return HttpResponseRedirect(reverse("security:password_change"))
            else:
                now = timezone.now().timestamp()
                if now - float(request.session.get(LAST_SEEN_KEY, 0)) > LAST_SEEN_RESOLUTION:
                    request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _end_reason(request: HttpRequest, user: object) -> str | None:
        last_seen = request.session.get(LAST_SEEN_KEY)
        idle_limit = settings.WAIBAO_SESSION_IDLE_MINUTES * 60
        if last_seen is not None and timezone.now().timestamp() - float(last_seen) > idle_limit:
            return "session.expired"
        if (
            settings.WAIBAO_ENFORCE_SECOND_FACTOR
            and not request.session.get(SECOND_FACTOR_KEY)
            and second_factor_required(user)
        ):
            return "session.second_factor_missing"
        if not session_is_current(request=request, user=user):
            return "session.superseded"
        return None

    @staticmethod
    def _may_pass(request: HttpRequest) -> bool:
        allowed = (reverse("security:password_change"), reverse("security:logout"))
        return request.path in allowed or request.path.startswith(f"/{settings.STATIC_URL}")
