"""The role-aware menu: which pages a visitor is offered, decided by ``waibao.permissions``
(never by a role's name), so that the menu never shows a page that would then refuse.

The entries sit under a few headings (:data:`SECTIONS`: 政策, 公开, 办理, 数据, 系统), which
the layout shows as drop-downs (``<details>``: no script, the keyboard opens them), so that
the menu is one row on a desktop for every role: a system administrator is offered all 19
entries, which took three rows at 1440 px (issue 22). A heading with one entry for the user
is that entry itself; the order of the headings and of their entries is this module's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from waibao import permissions


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    key: str
    section: str = ""  # a key of SECTIONS; "" stands alone in the row (首页)


@dataclass(frozen=True)
class MenuSection:
    """A heading of the menu and its entries for one user (a drop-down when more than one)."""

    key: str
    label: str
    items: tuple[MenuItem, ...]


SECTIONS: dict[str, Any] = {
    "policy": _("政策"),
    "public": _("公开"),
    "work": _("办理"),
    "data": _("数据"),
    "system": _("系统"),
}


# What grants a menu item: None (everyone), an action of ``permissions.can``, or a (kind,
# action) pair of the permission table asked of ``permissions.allows`` (the apps' objects).
Grant = str | tuple[str, str] | None
_TABLE = permissions.table

# (key, label, url name, what grants it, section)
_ITEMS: tuple[tuple[str, Any, str, Grant, str], ...] = (
    ("home", _("首页"), "portal:home", None, ""),
    ("policies", _("政策库"), "portal:policies", None, "policy"),
    ("calculator", _("政策计算器"), "portal:calculator", permissions.VIEW_CONTRACT, "policy"),
    ("try", _("政策试算"), "portal:public_calculator", None, "policy"),
    ("parameters", _("政策参数"), "portal:parameters", permissions.CONFIGURE_POLICY, "policy"),
    ("publications", _("公示"), "funds:publications", None, "public"),
    ("news", _("新闻公告"), "news:list", None, "public"),
    ("data", _("开放数据"), "data:list", None, "public"),
    ("ratings", _("评价公示"), "evaluation:publications", None, "public"),
    ("report", _("数据填报"), "portal:report", permissions.SUBMIT_REPORT, "work"),
    ("report", _("企业报送查询"), "portal:report", permissions.VIEW_CONTRACT, "work"),
    ("funds", _("资金申请"), "funds:home", permissions.SUBMIT_REPORT, "work"),
    ("review", _("审核队列"), "funds:home", permissions.REVIEW_APPLICATION, "work"),
    (
        "recognition",
        _("认定申请"),
        "evaluation:applications",
        permissions.APPLY_RECOGNITION,
        "work",
    ),
    (
        "recognition",
        _("认定审核"),
        "evaluation:applications",
        permissions.REVIEW_APPLICATION,
        "work",
    ),
    # the trainees of the providers in scope (talent.permissions.trainee_providers)
    (
        "trainees",
        _("培训学员"),
        "talent:trainees",
        (_TABLE.TALENT_ORGANISATION, _TABLE.READ_TRAINING_FACTS),
        "work",
    ),
    ("dashboard", _("领导驾驶舱"), "portal:dashboard", permissions.VIEW_DASHBOARD, "data"),
    ("statistics", _("统计查询"), "portal:statistics", permissions.VIEW_STATISTICS, "data"),
    ("plans", _("任务督办"), "plans:tasks", permissions.VIEW_DASHBOARD, "data"),
    ("measures", _("政策落实台账"), "measures:records", permissions.VIEW_STATISTICS, "data"),
    ("users", _("用户管理"), "portal:users", permissions.MANAGE_USERS, "system"),
    ("admin", _("管理后台"), "admin:index", permissions.CONFIGURE_POLICY, "system"),
)
assert {item[4] for item in _ITEMS} == {"", *SECTIONS}


def menu_for(user: Any) -> list[MenuItem]:
    """The menu for ``user`` (anonymous included); one entry per distinct address."""
    items: list[MenuItem] = []
    seen: set[str] = set()
    for key, label, url_name, grant, section in _ITEMS:
        if not _granted(user, grant):
            continue
        url = reverse(url_name)
        if url in seen:
            continue
        seen.add(url)
        items.append(MenuItem(label=str(label), url=url, key=key, section=section))
    return items


def menu_sections(items: list[MenuItem]) -> list[MenuItem | MenuSection]:
    """The row of the menu: the entries without a heading, and a :class:`MenuSection` per
    heading with entries (in the order of :data:`SECTIONS`, where its first entry stands in
    ``_ITEMS``); a heading with a single entry is that entry."""
    row: list[MenuItem | MenuSection] = []
    placed: set[str] = set()
    for item in items:
        if not item.section:
            row.append(item)
        elif item.section not in placed:
            placed.add(item.section)
            members = tuple(i for i in items if i.section == item.section)
            label = str(SECTIONS[item.section])
            row.append(
                members[0] if len(members) == 1 else MenuSection(item.section, label, members)
            )
    return row


def _granted(user: Any, grant: Grant) -> bool:
    if grant is None:
        return True
    if isinstance(grant, tuple):
        kind, action = grant
        return permissions.allows(user, kind, action)
    return permissions.can(user, grant)
