"""Who may write what the bureau publishes: asked of the permission table
(``waibao.permissions.table``, kind ``published_item``).

Editing, reviewing and publishing announcements and open data is policy configuration of a
city: ``configure_policy`` (city administrators in their city, system administrators). The
second-person rule (an author never approves their own announcement) lives in ``services``.
Reading published items is public.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from waibao.permissions import CONFIGURE_POLICY, allows, can, publishing_city, table
from waibao.refusals import NotPermitted


class Forbidden(NotPermitted):
    pass


def may_edit(user: Any) -> bool:
    return can(user, CONFIGURE_POLICY)


def require_editor(user: Any) -> None:
    if not may_edit(user):
        raise Forbidden(_("只有市级管理员或系统管理员可以编辑发布内容"))


def city_of(user: Any) -> str:
    """The city code a staff user publishes for ("" for a system administrator)."""
    return publishing_city(user)


def may_handle(user: Any, city_code: str) -> bool:
    """A city administrator handles its own city's items; a system administrator all."""
    return may_edit(user) and allows(user, table.PUBLISHED_ITEM, table.HANDLE_ITEM, city_code)
