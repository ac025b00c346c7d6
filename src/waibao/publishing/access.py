"""Who may write what the bureau publishes. Asks only ``waibao.permissions``.

Editing, reviewing and publishing announcements and open data is policy configuration of a
city: ``configure_policy`` (city administrators in their city, system administrators). The
second-person rule (an author never approves their own announcement) lives in ``services``.
Reading published items is public.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from waibao.permissions import CONFIGURE_POLICY, can, region_prefix, role_of


class Forbidden(Exception):
    pass


def may_edit(user: Any) -> bool:
    return can(user, CONFIGURE_POLICY)


def require_editor(user: Any) -> None:
    if not may_edit(user):
        raise Forbidden(_("只有市级管理员或系统管理员可以编辑发布内容"))


def city_of(user: Any) -> str:
    """The city code a staff user publishes for ("" for a system administrator)."""
    if role_of(user) == "system_admin":
        return ""
    profile = user.waibao_profile
    prefix = region_prefix(profile.region_id)
    return (prefix + "0000")[:4] + "00" if len(prefix) >= 4 else ""


def may_handle(user: Any, city_code: str) -> bool:
    """A city administrator handles its own city's items; a system administrator all."""
    if not may_edit(user):
        return False
    own = city_of(user)
    return own == "" or own == city_code
