"""Data of the browser test, made with the project's own code: the demo data set's scenario
organisations (among them 温州鹿城诚易信息技术有限公司, whose reported 2022 platform-usage
fees of 80,000.00 yuan earn it up to 40,000.00 under 温政办〔2012〕117号 6.), the Wenzhou
fund preloaded and appropriated by one city officer, the rules engine's 2022 entitlements
imported into the funds, and the people who act in the browser.

A module name no other test folder uses (the test folders are not packages).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

YEAR = 2022
FIRM_NAME = "温州鹿城诚易信息技术有限公司"
CLAUSE = "wenzhou.6.platform_usage"
CLAUSE_TEXT = "对于服务外包企业使用公共服务平台产生的费用给予不超过50%的补贴。"
FUND_CODE = "wenzhou-so-fund"
PASSWORD = "Waibao-e2e-2026"


@dataclass
class Login:
    username: str
    password: str
    totp_secret: str | None = None  # staff sign in with a second factor


@dataclass
class E2EWorld:
    firm: Any
    enterprise: Login
    district_reviewer: Login
    city_admin: Login
    clerk: Login  # makes the payment batch and confirms it paid
    treasurer: Login  # sends the batch to the treasury


def _person(username: str, role: str, **scope: Any) -> Login:
    """A user with a role (and a second factor, for staff), signing in with ``PASSWORD``."""
    from django.contrib.auth import get_user_model

    from waibao.accounts.models import Profile, Role
    from waibao.security.totp import totp_device_provision

    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    Profile.objects.create(user=user, role=role, **scope)
    secret = None
    if role != Role.ENTERPRISE:
        device, _codes = totp_device_provision(user=user)
        secret = str(device.secret)
    return Login(username, PASSWORD, secret)


@dataclass
class StaffWorld:
    leader: Login
    analyst: Login
    system_admin: Login


def build_staff() -> StaffWorld:
    """The demo data set and Wenzhou's leader and analyst, and a system administrator."""
    from waibao import demo
    from waibao.accounts.models import Role
    from waibao.demo.loader import demo_load
    from waibao.registry.models import Region
    from waibao.reporting.reference import categories_load, exchange_rates_load

    # the live server's database is flushed between tests, migrations' reference rows too
    categories_load()
    exchange_rates_load()
    demo_load(demo.generate(enterprises=0))
    wenzhou = Region.objects.get(code="330300")
    return StaffWorld(
        leader=_person("lingdao", Role.LEADER, region=wenzhou),
        analyst=_person("fenxi", Role.ANALYST, region=wenzhou),
        system_admin=_person("xitong", Role.SYSTEM_ADMIN),
    )


def build() -> E2EWorld:
    from django.contrib.auth import get_user_model

    from waibao import demo
    from waibao.accounts.models import Role
    from waibao.demo.loader import demo_load
    from waibao.demo.scenarios import SCENARIOS, scenario_uscc
    from waibao.funds.entitlements import entitlement_import_for_year
    from waibao.funds.models import BudgetLine
    from waibao.funds.services import budget_line_appropriate, funds_preload
    from waibao.money import yuan
    from waibao.registry.models import Organisation, Region

    demo_load(demo.generate(enterprises=0))
    index = next(i for i, scenario in enumerate(SCENARIOS) if scenario.name == FIRM_NAME)
    firm = Organisation.objects.get(uscc=scenario_uscc(index))

    wenzhou = Region.objects.get(code="330300")
    lucheng = Region.objects.get(code=firm.region_id)
    enterprise = _person("chengyi", Role.ENTERPRISE, organisation=firm)
    reviewer = _person("lucheng", Role.DISTRICT_REVIEWER, region=lucheng)
    admin = _person("wzadmin", Role.CITY_ADMIN, region=wenzhou)
    # separation of duties: another officer sets the fund up; wzadmin approves and pays
    _person("wzconfig", Role.CITY_ADMIN, region=wenzhou)
    # ...and the approver, the maker of the payment batch and its sender are three people
    clerk = _person("wzclerk", Role.CITY_ADMIN, region=wenzhou)
    treasurer = _person("wztreasurer", Role.CITY_ADMIN, region=wenzhou)
    configurer = get_user_model().objects.get(username="wzconfig")
    funds_preload(years=[YEAR], actor=configurer)
    line = BudgetLine.objects.get(fund__code=FUND_CODE, year=YEAR, source="city")
    budget_line_appropriate(
        line=line, amount_fen=yuan(1_000_000), actor=configurer, note="2022年度预算"
    )
    entitlement_import_for_year(year=YEAR, actor=configurer)
    return E2EWorld(
        firm=firm,
        enterprise=enterprise,
        district_reviewer=reviewer,
        city_admin=admin,
        clerk=clerk,
        treasurer=treasurer,
    )
