"""The guided tour (演示导览): for every demo login, grouped by jurisdiction, what to try and
the page to try it on. Read from the logins (``waibao.demo.logins.LOGIN_SPECS``) and the
fund plans (``waibao.demo.money_path.PLANS``: which city officer makes, approves, sends), so
the tour lists exactly the logins the demo creates."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from waibao.demo.logins import JURISDICTION_HEADINGS, LOGIN_SPECS, PASSWORD_SUFFIX, LoginSpec
from waibao.demo.money_path import PLANS

# What each part of the cast tries: (what to do, the page's URL name).
STEPS = {
    "enterprise": (
        (_("申请本企业可享的资金（或确认免申即享），查看拨付"), "funds:home"),
        (_("认定申请与结果"), "evaluation:applications"),
        (_("管理本企业的培训课程和花名册"), "talent:institution"),
        (_("检索已同意入库的人才"), "talent:pool"),
        (_("用政策计算器测算可享政策"), "portal:calculator"),
    ),
    "district_reviewer": (
        (_("初审辖区内企业的资金申请"), "funds:home"),
        (_("查看辖区企业的报送数据"), "portal:report"),
    ),
    "set_up": (
        (_("开启免申即享、设置政策参数"), "portal:parameters"),
        (_("专项资金年度：预算、台账、公示、拨付批次；续设到期的资金"), "funds:home"),
        (_("起草、提交和发布公告"), "news:staff"),
        (_("任务督办：逾期任务、会议与交办"), "plans:tasks"),
        (_("月度简报 (PDF)"), "data:brief"),
    ),
    "approver": (
        (_("市级审核、批准、安排资金；处理公示异议"), "funds:home"),
        (_("审核同事提交的公告（四眼原则）"), "news:staff"),
        (_("认定申请审核"), "evaluation:applications"),
        (_("任务督办：逾期任务、会议与交办"), "plans:tasks"),
    ),
    "sender": (
        (_("把拨付批次报送国库"), "funds:home"),
        (_("以牵头单位联络员身份报送任务进展"), "plans:tasks"),
    ),
    "leader": (
        (_("领导驾驶舱"), "portal:dashboard"),
        (_("目标考核"), "portal:targets"),
        (_("任务督办：逾期任务、会议与交办"), "plans:tasks"),
        (_("重点企业与先进企业名单"), "evaluation:publications"),
    ),
    "analyst": (
        (_("统计查询与导出"), "portal:statistics"),
        (_("开放数据"), "data:list"),
        (_("重点企业与先进企业名单"), "evaluation:publications"),
    ),
    "system_admin": (
        (_("管理后台：用户、审计"), "admin:index"),
        (_("全部城市的公告"), "news:staff"),
        (_("重点企业与先进企业名单"), "evaluation:publications"),
    ),
}


@dataclass(frozen=True)
class Step:
    text: str
    url: str


@dataclass(frozen=True)
class TourLogin:
    username: str
    password: str
    role: str
    scope: str
    duty: str
    second_factor: bool  # staff sign in with a TOTP code (`waibao demo-code USERNAME`)
    steps: tuple[Step, ...]


def part_of(spec: LoginSpec) -> str:
    """Which part of the cast a login plays: its role, or for a city officer its duty."""
    if spec.role != "city_admin":
        return spec.role
    for plan in PLANS:
        for part in ("set_up", "approver", "sender"):
            if getattr(plan, part) == spec.username:
                return part
    return "set_up"


def tour() -> list[tuple[str, list[TourLogin]]]:
    """(jurisdiction heading, its logins) in the order ``waibao demo`` prints them."""
    from waibao.accounts.models import Role

    groups: dict[str, list[TourLogin]] = {}
    for spec in LOGIN_SPECS:
        steps = tuple(Step(str(text), reverse(name)) for text, name in STEPS[part_of(spec)])
        groups.setdefault(spec.jurisdiction, []).append(
            TourLogin(
                username=spec.username,
                password=f"{spec.username}{PASSWORD_SUFFIX}",
                role=str(Role(spec.role).label),
                scope=spec.scope,
                duty=spec.duty,
                second_factor=spec.role != "enterprise",
                steps=steps,
            )
        )
    return [(JURISDICTION_HEADINGS[j], logins) for j, logins in groups.items()]
