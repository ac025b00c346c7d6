"""How API callers prove who they are, the same on every router (``NinjaAPI(auth=SIGNED_IN)``
in ``waibao.api.urls``; an endpoint open to everyone says ``auth=None``):

- ``Authorization: Bearer wb_...``: an API token (``waibao.apitokens``), unexpired and not
  revoked, of an active user. No CSRF check: a browser never sends the header by itself.
  A request that presents a token is judged by the token alone: a wrong or expired token is
  401 even with a session cookie beside it.
- otherwise the browser's session, with Django's CSRF check on unsafe methods (the cookie is
  sent by the browser on its own, so a write must prove it came from our page).

Either way the caller is a Django user whose role and scope ``waibao.permissions`` then apply.
docs/security.md, "API authentication"; docs/decisions/0013-*.md.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from waibao import permissions

AUTHORIZATION = "HTTP_AUTHORIZATION"


class ApiTokenAuth(HttpBearer):
    openapi_description = (
        "API token: Authorization: Bearer wb_... (expires; a staff token needs the second factor)"
    )

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        from waibao.apitokens.selectors import token_user

        user = token_user(token)
        if user is not None:
            request.user = user
            request.via_token = True  # type: ignore[attr-defined]
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; CSRF-checked on unsafe methods once the session is
    known to be signed in (so an anonymous write is 401, not a CSRF 403)."""

    openapi_description = "Browser session (CSRF token required on POST, PUT, PATCH, DELETE)"
    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        if AUTHORIZATION in request.META:  # a token caller is judged by its token alone
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header")
        return user


SIGNED_IN = [ApiTokenAuth(), SessionAuth()]


def require(request: HttpRequest, action: str) -> Any:
    """The caller, if it may do ``action`` to something in its scope; else 403."""
    user = request.auth  # type: ignore[attr-defined]
    if not permissions.can(user, action):
        raise HttpError(403, "无权访问 / not allowed for this role")
    return user
