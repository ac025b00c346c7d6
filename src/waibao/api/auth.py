"""How API callers prove who they are: the browser's session (with Django's CSRF protection on
unsafe methods), or ``Authorization: Bearer wb_...`` for machine clients. Either way the
caller is a Django user whose role and scope ``waibao.permissions`` then apply."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from waibao import permissions


class ApiTokenAuth(HttpBearer):
    openapi_description = "API token: Authorization: Bearer wb_..."

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        from waibao.apitokens.selectors import token_user

        user = token_user(token)
        if user is not None:
            request.user = user
        return user


SIGNED_IN = [ApiTokenAuth(), django_auth]


def require(request: HttpRequest, action: str) -> Any:
    """The caller, if it may do ``action`` to something in its scope; else 403."""
    user = request.auth  # type: ignore[attr-defined]
    if not permissions.can(user, action):
        raise HttpError(403, "无权访问 / not allowed for this role")
    return user
