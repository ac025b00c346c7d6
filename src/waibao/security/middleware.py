"""Three middlewares: the security headers on every response, the refusal of NUL characters in
a request's text, and the session policy (idle timeout, second factor proven, one session per
staff user, expired password changed first)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    QueryDict,
)
from django.http.multipartparser import MultiPartParserError
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


class NullCharacterMiddleware:
    """A NUL character (0x00) in the path, the query, a form field or a JSON body is refused
    with 400 before any view runs. PostgreSQL cannot hold NUL in text, so such a value reached
    the database as a server error (found by schemathesis on ``POST /api/report/upload``,
    tests/api); Django's forms refuse it field by field, the JSON API had nothing. File
    contents are binary and pass."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            return HttpResponseBadRequest(
                "请求中含有 NUL 字符 / NUL characters are not allowed",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _carries_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path_info or _has_nul(request.GET):
        return True
    content_type = request.content_type or ""
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        try:
            return _has_nul(request.POST)
        except (MultiPartParserError, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            return False  # a malformed body: the view refuses it as before
    if content_type.endswith("json"):
        return b"\\u0000" in request.body or b"\x00" in request.body
    return False


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


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
