"""The admin site signs in through the Waibao login flow (password, then second factor).

Django's own admin login form would accept a password alone; here ``admin.site.login`` sends
the browser to ``security:login`` instead, so there is one way in, with lockout, the second
factor and the security events.

Who may open it is ``waibao.permissions`` (the role), not Django's ``is_staff`` flag alone:
otherwise the menu offered 管理后台 and 用户管理 to a city or system administrator whose
account lacked the flag, and the site then sent them back to the login page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode


class SecureAdminSite(admin.AdminSite):
    site_header = "外包 · 管理后台"
    site_title = "外包"

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        target = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        return HttpResponseRedirect(
            f"{reverse('security:login')}?{urlencode({REDIRECT_FIELD_NAME: target})}"
        )

    def has_permission(self, request: HttpRequest) -> bool:
        from waibao import permissions

        user = request.user
        return bool(user.is_active) and (
            bool(user.is_staff) or permissions.may_use_admin_site(user)
        )

    def logout(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        from waibao.security.views import logout_view

        return logout_view(request)
