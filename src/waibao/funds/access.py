"""Who may do what to a fund and its applications: asked of the permission table
(``waibao.permissions.table``, kinds ``fund`` and ``application``), worded here as the funds'
refusals. The rules, as the table states them:

1. An actor without a ``Profile`` (or anonymous) may do nothing but read public 公示 pages.
2. An enterprise user acts only for its own organisation (``profile.organisation``).
3. A district reviewer reviews only applications of organisations in its district
   (``profile.region`` is the organisation's region).
4. A city admin runs only the funds of its city (``profile.region`` is ``fund.city_code``)
   and reviews only applications of organisations in that city. A provincial fund (a
   province's text, ``city_code`` the province's 6-digit code) is run by the admin of the
   province's region, and covers the organisations of every city of the province.
5. Nobody decides on an application of their own organisation or one they submitted: not
   the reviews, nor the resolution of its objections, its final approval, its commitment
   or its release.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waibao import permissions
from waibao.funds import wording
from waibao.funds.errors import Forbidden
from waibao.permissions import table

NO_PROFILE = gettext_lazy("此操作需要登录并具有本系统角色的用户")
NOT_OWN = {
    "own_organisation": gettext_lazy("不得审核本单位的申请"),
    "own_submission": gettext_lazy("不得审核本人提交的申请"),
}


def profile_of(actor: Any) -> Any:
    """The actor's profile (role, region, organisation), or ``None``."""
    return permissions.profile_fresh(actor)


def _refuse(reason: str, message: str) -> None:
    raise Forbidden(str(NO_PROFILE if reason == "no_profile" else NOT_OWN.get(reason, message)))


def _only_city_admin(fund: Any) -> str:
    return _("只有%(city)s的市级管理员可以办理%(fund)s的此事项") % {
        "city": wording.region(fund.city_code),
        "fund": fund.name,
    }


def require_enterprise_of(actor: Any, organisation: Any) -> Any:
    reason = permissions.refusal(actor, table.APPLICATION, table.APPLY, organisation)
    if reason is not None:
        _refuse(
            reason,
            _("只有%(organisation)s的用户可以办理此事项") % {"organisation": organisation.name},
        )
    return profile_of(actor)


def require_city_admin_of(actor: Any, fund: Any) -> Any:
    reason = permissions.refusal(actor, table.FUND, table.RUN_FUND, fund)
    if reason is not None:
        _refuse(reason, _only_city_admin(fund))
    return profile_of(actor)


def require_may_continue(actor: Any, fund: Any) -> Any:
    """Continuing a fund past its text's last year (续设) is the bureau's decision: the
    permission table's ``CONTINUE_FUND``, held by the fund's own city administrator."""
    reason = permissions.refusal(actor, table.FUND, table.CONTINUE_FUND, fund)
    if reason is not None:
        _refuse(reason, f"only a city admin of {fund.city_code} may continue {fund.name}")
    return profile_of(actor)


def require_runs_fund(actor: Any, fund: Any) -> None:
    """The pages' check before a fund's year, allocation or batch page: the fund's own city
    administrator (the permission table's ``RUN_FUND``), said as the pages have said it."""
    if permissions.refusal(actor, table.FUND, table.RUN_FUND, fund) is not None:
        raise Forbidden(_("只有该专项资金所在市的市级管理员可以访问此页面"))


def funds_run_by(actor: Any) -> Any:
    """The funds ``actor`` runs (a city administrator: its city's), for the funds home page."""
    from waibao.funds.models import Fund

    in_scope = permissions.fund_filter(actor, table.RUN_FUND)
    return Fund.objects.none() if in_scope is None else Fund.objects.filter(in_scope)


def require_district_reviewer_of(actor: Any, application: Any) -> Any:
    reason = permissions.refusal(actor, table.APPLICATION, table.REVIEW_DISTRICT, application)
    if reason == "role":
        _refuse(reason, _("区县初审须由区县审核员办理"))
    if reason == "scope":
        profile = profile_of(actor)
        _refuse(
            reason,
            _("%(reviewer)s的审核员不能审核%(organisation)s的企业")
            % {
                "reviewer": wording.region(profile.region_id),
                "organisation": wording.region(application.organisation.region_id),
            },
        )
    if reason is not None:
        _refuse(reason, "")
    return profile_of(actor)


def require_city_reviewer_of(actor: Any, application: Any) -> Any:
    reason = permissions.refusal(actor, table.APPLICATION, table.REVIEW_CITY, application)
    fund = application.fund
    if reason in ("role", "fund_city"):
        _refuse(reason, _only_city_admin(fund))
    if reason == "covered":
        _refuse(reason, _("市级管理员只审核本市企业的申请"))
    if reason is not None:
        _refuse(reason, "")
    return profile_of(actor)
