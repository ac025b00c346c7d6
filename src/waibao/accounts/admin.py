"""The accounts in the admin site: profiles, and Django's users and groups with their
permissions named in the reader's language (issue 21).

Django stores each permission's name in English when it creates it (``Can add user``), and its
zh_Hans catalogue has no entry for those stored names, so the user and group forms listed
every permission in English. Here a permission is named from what is translated: its model's
verbose name and its action (添加/修改/删除/查看 接包合同); a permission a model declares
itself keeps its own name."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waibao.accounts.models import Profile

admin.site.register(Profile)

ACTIONS = {
    "add": gettext_lazy("添加%(model)s"),
    "change": gettext_lazy("修改%(model)s"),
    "delete": gettext_lazy("删除%(model)s"),
    "view": gettext_lazy("查看%(model)s"),
}


def permission_label(permission: Permission) -> str:
    """``接包合同 | 添加接包合同`` (app | action), in the active language."""
    content_type = permission.content_type
    model = content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    name = permission.name
    if model is not None and action in ACTIONS and model_name == model._meta.model_name:
        name = str(ACTIONS[action]) % {"model": model._meta.verbose_name}
    app = model._meta.app_config.verbose_name if model is not None else content_type.app_label
    return _("%(app)s | %(permission)s") % {"app": app, "permission": name}


class PermissionLabels:
    """The permissions field of a user or group form, each permission labelled as above."""

    def formfield_for_manytomany(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None and db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


class WaibaoUserAdmin(PermissionLabels, UserAdmin):  # type: ignore[type-arg]
    pass


class WaibaoGroupAdmin(PermissionLabels, GroupAdmin):
    pass


User = get_user_model()
for model, model_admin in ((User, WaibaoUserAdmin), (Group, WaibaoGroupAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
