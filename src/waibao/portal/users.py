"""用户管理: every account as one list (docs/decisions/0031-staff-lists.md) with what a
system administrator checks: name, role, scope (the region or the organisation), active,
second factor enrolled, last sign-in, locked. The admin site still edits an account; this
page is where one is found. Only ``manage_users`` opens it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from waibao import permissions
from waibao.accounts.models import Role
from waibao.portal.views import requires
from waibao.security.models import Lockout, TOTPDevice
from waibao.web import lists

NO_ROLE = "none"
SUPERUSER = "superuser"
YES, NO = "yes", "no"


@dataclass(frozen=True)
class UserListRow:
    pk: int
    profile_id: int | None
    username: str
    name: str
    role: str
    scope: str
    active: bool
    two_factor: bool
    last_login: datetime | None
    locked: bool


def _search(rows: QuerySet, value: str) -> QuerySet:
    return rows.filter(
        Q(username__icontains=value)
        | Q(first_name__icontains=value)
        | Q(last_name__icontains=value)
        | Q(waibao_profile__organisation__name__icontains=value)
        | Q(waibao_profile__region__name__icontains=value)
    )


def _role(rows: QuerySet, value: str) -> QuerySet:
    if value == SUPERUSER:
        return rows.filter(is_superuser=True)
    if value == NO_ROLE:
        return rows.filter(is_superuser=False, waibao_profile__isnull=True)
    return rows.filter(waibao_profile__role=value)


def _yes_no(field: str) -> lists.Apply:
    return lambda rows, value: rows.filter(**{field: value == YES})


def _row(account: Any) -> UserListRow:
    profile = getattr(account, "waibao_profile", None)
    if account.is_superuser:
        role = str(_("超级用户"))
    else:
        role = profile.get_role_display() if profile is not None else str(_("无角色"))
    scope = ""
    if profile is not None:
        if profile.organisation is not None:
            scope = profile.organisation.name
        elif profile.region is not None:
            scope = profile.region.name
    # no role: no scope at all; a role without a region or organisation: everywhere
    everywhere = str(_("全部")) if profile is not None or account.is_superuser else "—"
    last, first = account.last_name, account.first_name
    return UserListRow(
        pk=account.pk,
        profile_id=profile.pk if profile is not None else None,
        username=account.username,
        name=f"{last}{first}" if last and first else (last or first),
        role=role,
        scope=scope or everywhere,
        active=account.is_active,
        two_factor=account.two_factor,
        last_login=account.last_login,
        locked=account.locked,
    )


def user_list(request: HttpRequest) -> lists.ListPage:
    now = timezone.now()
    accounts = (
        get_user_model()
        .objects.select_related(
            "waibao_profile", "waibao_profile__organisation", "waibao_profile__region"
        )
        .annotate(
            two_factor=Exists(
                TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed_at__isnull=False)
            ),
            locked=Exists(
                Lockout.objects.filter(
                    kind=Lockout.Kind.USERNAME,
                    key=Lower(OuterRef("username")),
                    locked_until__gt=now,
                )
            ),
        )
    )
    yes_no = ((YES, _("是")), (NO, _("否")))
    return lists.list_page(
        request,
        accounts,
        list_id="users",
        filters=(
            lists.text_filter("q", _("用户名、姓名或范围"), _search),
            lists.choice_filter(
                "role",
                _("角色"),
                (*Role.choices, (SUPERUSER, _("超级用户")), (NO_ROLE, _("无角色"))),
                _role,
                all_label=_("全部"),
            ),
            lists.choice_filter(
                "active", _("启用"), yes_no, _yes_no("is_active"), all_label=_("全部")
            ),
            lists.choice_filter(
                "two_factor", _("双因素认证"), yes_no, _yes_no("two_factor"), all_label=_("全部")
            ),
            lists.choice_filter(
                "locked", _("锁定"), yes_no, _yes_no("locked"), all_label=_("全部")
            ),
        ),
        orderings=(
            lists.Ordering("username", _("按用户名"), ("username",)),
            lists.Ordering("last_login", _("最近登录在前"), ("-last_login", "username")),
        ),
        columns=(
            lists.Column(_("用户名")),
            lists.Column(_("姓名")),
            lists.Column(_("角色")),
            lists.Column(_("范围")),
            lists.Column(_("启用")),
            lists.Column(_("双因素认证")),
            lists.Column(_("最近登录")),
            lists.Column(_("锁定")),
        ),
        row_template="portal/_user_row.html",
        row=_row,
        empty=_("没有符合条件的用户。"),
    )


@require_GET
@requires(permissions.MANAGE_USERS)
def users(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/users.html", {"list": user_list(request)})
