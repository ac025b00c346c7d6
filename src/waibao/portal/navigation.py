"""The role-aware menu: which pages a visitor is offered, decided by ``waibao.permissions``
(never by a role's name), so that the menu never shows a page that would then refuse."""

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


# What grants a menu item: None (everyone), an action of ``permissions.can``, or a (kind,
# action) pair of the permission table asked of ``permissions.allows`` (the apps' objects).
Grant = str | tuple[str, str] | None
_TABLE = permissions.table

# (key, label, url name, what grants it)
_ITEMS: tuple[tuple[str, Any, str, Grant], ...] = (
    ("home", _("首页"), "portal:home", None),
    ("policies", _("政策库"), "portal:policies", None),
    ("publications", _("公示"), "funds:publications", None),
    ("news", _("新闻公告"), "news:list", None),
    ("data", _("开放数据"), "data:list", None),
    ("ratings", _("评价公示"), "evaluation:publications", None),
    ("calculator", _("政策计算器"), "portal:calculator", permissions.VIEW_CONTRACT),
    ("try", _("政策试算"), "portal:public_calculator", None),
    ("report", _("数据填报"), "portal:report", permissions.SUBMIT_REPORT),
    ("report", _("企业报送查询"), "portal:report", permissions.VIEW_CONTRACT),
    ("funds", _("资金申请"), "funds:home", permissions.SUBMIT_REPORT),
    ("review", _("审核队列"), "funds:home", permissions.REVIEW_APPLICATION),
    ("recognition", _("认定申请"), "evaluation:applications", permissions.APPLY_RECOGNITION),
    ("recognition", _("认定审核"), "evaluation:applications", permissions.REVIEW_APPLICATION),
    ("dashboard", _("领导驾驶舱"), "portal:dashboard", permissions.VIEW_DASHBOARD),
    ("statistics", _("统计查询"), "portal:statistics", permissions.VIEW_STATISTICS),
    ("plans", _("任务督办"), "plans:tasks", permissions.VIEW_DASHBOARD),
    ("measures", _("政策落实台账"), "measures:records", permissions.VIEW_STATISTICS),
    # the trainees of the providers in scope (talent.permissions.trainee_providers)
    (
        "trainees",
        _("培训学员"),
        "talent:trainees",
        (_TABLE.TALENT_ORGANISATION, _TABLE.READ_TRAINING_FACTS),
    ),
    ("parameters", _("政策参数"), "portal:parameters", permissions.CONFIGURE_POLICY),
    ("admin", _("管理后台"), "admin:index", permissions.CONFIGURE_POLICY),
    ("users", _("用户管理"), "portal:users", permissions.MANAGE_USERS),
)


def menu_for(user: Any) -> list[MenuItem]:
    """The menu for ``user`` (anonymous included); one entry per distinct address."""
    items: list[MenuItem] = []
    seen: set[str] = set()
    for key, label, url_name, grant in _ITEMS:
        if not _granted(user, grant):
            continue
        url = reverse(url_name)
        if url in seen:
            continue
        seen.add(url)
        items.append(MenuItem(label=str(label), url=url, key=key))
    return items


def _granted(user: Any, grant: Grant) -> bool:
    if grant is None:
        return True
    if isinstance(grant, tuple):
        kind, action = grant
        return permissions.allows(user, kind, action)
    return permissions.can(user, grant)
