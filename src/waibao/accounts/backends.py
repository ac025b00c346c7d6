"""Django model permissions from Waibao's roles (``waibao.permissions``).

The admin site asks Django's ``has_perm`` for each model; Django's ``ModelBackend`` answers
from permissions stored per user or group, and knows nothing of roles. This backend adds the
one rule the roles imply there: a system administrator may do everything a superuser may
(``permissions.holds_every_model_permission``). It never authenticates anyone.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend


class RolePermissionBackend(BaseBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        from waibao import permissions

        return permissions.holds_every_model_permission(user_obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        from waibao import permissions

        return permissions.holds_every_model_permission(user_obj)
