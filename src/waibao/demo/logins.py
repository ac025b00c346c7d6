"""The demo logins: every role in every jurisdiction, with its ``accounts.Profile`` scope.
Demo-only passwords (``USERNAME-demo-2025``): ``waibao demo`` prints them, and they must never
be used on a real deployment.

Per jurisdiction (广州市, 广东省, 杭州市, 温州市, 大同市) there are three city (provincial)
officers, so that every step of the money path can be tried by the right pair of hands
(separation of duties, ``waibao.security.duties`` and docs/security.md): the first sets the
fund and the policy parameters up, makes the payment batches and confirms them paid; the
second reviews and approves (a fund's configurer may not approve); the third sends the batch
to the treasury (not the approver, not the maker, not the configurer). The second officer is
also the second pair of eyes of the four-eyes steps (news, announcements). Each district where
the demo's hand-made organisations sit has its reviewer, and each jurisdiction an enterprise
login. Guangzhou keeps the first usernames (``shiji``, ``quji``, ``qiye``…): tests and docs use
them.
"""

from __future__ import annotations

from dataclasses import dataclass

from waibao.demo.scenarios import SCENARIOS, scenario_uscc

PASSWORD_SUFFIX = "-demo-2025"  # noqa: S105  # nosec B105  # printed demo passwords
# Demo passwords are printed on the terminal, so a slow hash protects nothing; hashing ~40 of
# them at Django's default (1,000,000 PBKDF2 rounds, about 0.5 s each) would make the demo
# slow to start. They are hashed with few rounds; Django re-hashes a password at the default
# cost the first time it is used to sign in (docs/decisions/0020).
DEMO_PASSWORD_ROUNDS = 1_000

JURISDICTION_HEADINGS = {
    "guangzhou": "广州市 Guangzhou",
    "guangdong": "广东省 Guangdong (省级专项资金)",
    "hangzhou": "杭州市 Hangzhou",
    "wenzhou": "温州市 Wenzhou",
    "datong": "大同市 Datong",
    "": "全部辖区 All jurisdictions",
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    role_label: str
    scope: str
    totp_secret: str | None = None  # staff sign in with a second factor (waibao.security)
    jurisdiction: str = ""  # "" for the logins of every jurisdiction
    duty: str = ""  # what this login is for in the demo


@dataclass(frozen=True)
class LoginSpec:
    username: str
    role: str
    jurisdiction: str
    region_code: str | None  # staff scope
    scope: str
    duty: str
    organisation: str | None = None  # an enterprise login's organisation (scenario name)


_SET_UP = "设置资金与政策参数、生成拨付批次、确认到账 (configures, makes batches, confirms paid)"
_APPROVE = "审核、批准、安排资金；四眼复核 (reviews, approves, commits; second pair of eyes)"
_SEND = "报送国库 (sends payment batches to the treasury)"
_REVIEW = "区县初审 (district review)"
_APPLY = "申请、查看拨付 (applies, sees its payments)"


def _officers(prefix: str, jurisdiction: str, region: str, name: str) -> tuple[LoginSpec, ...]:
    return (
        LoginSpec(f"{prefix}-city", "city_admin", jurisdiction, region, name, _SET_UP),
        LoginSpec(f"{prefix}-city2", "city_admin", jurisdiction, region, name, _APPROVE),
        LoginSpec(f"{prefix}-city3", "city_admin", jurisdiction, region, name, _SEND),
    )


def _reviewer(username: str, jurisdiction: str, region: str, name: str) -> LoginSpec:
    return LoginSpec(username, "district_reviewer", jurisdiction, region, name, _REVIEW)


def _enterprise(username: str, jurisdiction: str, organisation: str) -> LoginSpec:
    return LoginSpec(
        username, "enterprise", jurisdiction, None, f"{organisation} (本企业)", _APPLY, organisation
    )


LOGIN_SPECS: tuple[LoginSpec, ...] = (
    # ---- 广州市: the first demo logins keep their names ----
    _enterprise("qiye", "guangzhou", "广州天河云联信息技术有限公司"),
    _reviewer("quji", "guangzhou", "440106", "广州市天河区"),
    LoginSpec("shiji", "city_admin", "guangzhou", "440100", "广州市", _APPROVE),
    LoginSpec("jingban", "city_admin", "guangzhou", "440100", "广州市", _SET_UP),
    LoginSpec("chuna", "city_admin", "guangzhou", "440100", "广州市", _SEND),
    _reviewer("gz-huangpu", "guangzhou", "440112", "广州市黄埔区"),
    _reviewer("gz-nansha", "guangzhou", "440115", "广州市南沙区"),
    _reviewer("gz-yuexiu", "guangzhou", "440104", "广州市越秀区"),
    _reviewer("gz-haizhu", "guangzhou", "440105", "广州市海珠区"),
    _reviewer("gz-baiyun", "guangzhou", "440111", "广州市白云区"),
    # ---- 广东省: the provincial fund, run from the province's region ----
    *_officers("gd", "guangdong", "440000", "广东省"),
    _reviewer("gd-nanshan", "guangdong", "440305", "深圳市南山区"),
    _reviewer("gd-futian", "guangdong", "440304", "深圳市福田区"),
    _reviewer("gd-nanhai", "guangdong", "440605", "佛山市南海区"),
    _enterprise("gd-qiye", "guangdong", "深圳南山智汇软件服务有限公司"),
    # ---- 杭州市 ----
    *_officers("hz", "hangzhou", "330100", "杭州市"),
    _reviewer("hz-binjiang", "hangzhou", "330108", "杭州市滨江区"),
    _reviewer("hz-xihu", "hangzhou", "330106", "杭州市西湖区"),
    _reviewer("hz-xiaoshan", "hangzhou", "330109", "杭州市萧山区"),
    _reviewer("hz-yuhang", "hangzhou", "330110", "杭州市余杭区"),
    _reviewer("hz-gongshu", "hangzhou", "330105", "杭州市拱墅区"),
    _reviewer("hz-shangcheng", "hangzhou", "330102", "杭州市上城区"),
    _enterprise("hz-qiye", "hangzhou", "杭州滨江天创研发中心有限公司"),
    # ---- 温州市 ----
    *_officers("wz", "wenzhou", "330300", "温州市"),
    _reviewer("wz-lucheng", "wenzhou", "330302", "温州市鹿城区"),
    _reviewer("wz-longwan", "wenzhou", "330303", "温州市龙湾区"),
    _reviewer("wz-ouhai", "wenzhou", "330304", "温州市瓯海区"),
    _reviewer("wz-ruian", "wenzhou", "330381", "瑞安市"),
    _reviewer("wz-yueqing", "wenzhou", "330382", "乐清市"),
    _enterprise("wz-qiye", "wenzhou", "温州鹿城诚易信息技术有限公司"),
    # ---- 大同市 ----
    *_officers("dt", "datong", "140200", "大同市"),
    _reviewer("dt-pingcheng", "datong", "140213", "大同市平城区"),
    _reviewer("dt-yungang", "datong", "140214", "大同市云冈区"),
    _reviewer("dt-yunzhou", "datong", "140215", "大同市云州区"),
    _reviewer("dt-xinrong", "datong", "140212", "大同市新荣区"),
    _enterprise("dt-qiye", "datong", "大同云州汇智服务外包有限公司"),
    # ---- every jurisdiction ----
    LoginSpec("lingdao", "leader", "", None, "全部辖区 (只读)", "看板与目标 (dashboards, targets)"),
    LoginSpec(
        "fenxi", "analyst", "", None, "全部辖区 (统计与导出)", "统计与导出 (statistics, exports)"
    ),
    LoginSpec("xitong", "system_admin", "", None, "全部", "系统管理 (administration)"),
)

DEMO_USERNAMES = frozenset(spec.username for spec in LOGIN_SPECS)
# Enterprise logins sign in with a password only, by design (waibao.security.login: the second
# factor is for staff); ``waibao demo-code`` says so instead of "no second factor yet".
DEMO_ENTERPRISE_USERNAMES = frozenset(s.username for s in LOGIN_SPECS if s.role == "enterprise")

_STAFF_VIEW_MODELS = ("registry", "reporting")


def demo_password(username: str) -> str:
    return f"{username}{PASSWORD_SUFFIX}"


def login_spec(username: str) -> LoginSpec:
    return next(spec for spec in LOGIN_SPECS if spec.username == username)


def _scenario_uscc(name: str) -> str:
    index = next(i for i, scenario in enumerate(SCENARIOS) if scenario.name == name)
    return scenario_uscc(index)


def _password_hash(password: str) -> str:
    """Few PBKDF2 rounds for a printed demo password (see ``DEMO_PASSWORD_ROUNDS``); any other
    configured hasher (the tests' MD5) as it is."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password

    hasher = get_hasher()
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=DEMO_PASSWORD_ROUNDS)
    return make_password(password)


def demo_logins_ensure() -> list[DemoLogin]:
    """Create the demo users (or reset their passwords and scopes) and return them."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db import transaction

    from waibao.accounts.models import Profile, Role
    from waibao.registry.models import Organisation, Region

    user_model = get_user_model()
    logins = []
    view_permissions = list(
        Permission.objects.filter(
            content_type__app_label__in=_STAFF_VIEW_MODELS, codename__startswith="view_"
        )
    )
    with transaction.atomic():
        for spec in LOGIN_SPECS:
            password = demo_password(spec.username)
            user, _ = user_model.objects.get_or_create(username=spec.username)
            user.password = _password_hash(password)
            user.is_superuser = spec.role == Role.SYSTEM_ADMIN
            user.is_staff = spec.role in (
                Role.SYSTEM_ADMIN,
                Role.CITY_ADMIN,
                Role.DISTRICT_REVIEWER,
            )
            user.save()
            if spec.role in (Role.CITY_ADMIN, Role.DISTRICT_REVIEWER):
                user.user_permissions.add(*view_permissions)
            organisation = (
                Organisation.objects.get(uscc=_scenario_uscc(spec.organisation))
                if spec.organisation
                else None
            )
            region = Region.objects.get(code=spec.region_code) if spec.region_code else None
            Profile.objects.update_or_create(
                user=user,
                defaults={"role": spec.role, "organisation": organisation, "region": region},
            )
            logins.append(_login(spec, _demo_second_factor(user)))
    return logins


def demo_logins_read() -> list[DemoLogin]:
    """The demo logins as they are in the database, changing nothing (``waibao demo
    --logins``): the ones not created yet are left out."""
    from django.contrib.auth import get_user_model

    from waibao.security.models import TOTPDevice

    present = set(
        get_user_model()
        .objects.filter(username__in=DEMO_USERNAMES)
        .values_list("username", flat=True)
    )
    secrets = dict(
        TOTPDevice.objects.filter(
            user__username__in=present, confirmed_at__isnull=False
        ).values_list("user__username", "secret")
    )
    return [
        _login(spec, secrets.get(spec.username)) for spec in LOGIN_SPECS if spec.username in present
    ]


def _login(spec: LoginSpec, secret: str | None) -> DemoLogin:
    from django.utils import translation

    from waibao.accounts.models import Role

    # the table is bilingual by its layout (企业用户 enterprise): the role's Chinese name
    # beside its id, whatever language the command line speaks
    with translation.override("zh-hans"):
        label = str(Role(spec.role).label)
    return DemoLogin(
        spec.username,
        demo_password(spec.username),
        spec.role,
        label,
        spec.scope,
        str(secret) if secret else None,
        spec.jurisdiction,
        spec.duty,
    )


def logins_table(logins: list[DemoLogin]) -> str:
    """The logins grouped by jurisdiction, one line each (with its TOTP secret for staff)."""
    lines = ["演示账号 demo logins (demo only, never for real use):"]
    for jurisdiction, heading in JURISDICTION_HEADINGS.items():
        group = [login for login in logins if login.jurisdiction == jurisdiction]
        if not group:
            continue
        lines.append(f"== {heading} ==")
        lines.append(
            f"  {'角色 role':<20} {'用户名 username':<16} {'密码 password':<26} "
            "范围 · 用途 scope · duty"
        )
        for login in group:
            lines.append(
                f"  {login.role_label + ' ' + login.role:<20} {login.username:<16} "
                f"{login.password:<26} {login.scope} · {login.duty}"
            )
            if login.totp_secret:
                lines.append(f"  {'':<20} 动态口令 TOTP secret {login.totp_secret}")
    lines.append(
        "工作人员登录需动态口令：把密钥加入身份验证器，或运行 `./waibao demo-code 用户名`。\n"
        "Staff sign in with a TOTP code: add the secret to an authenticator app, or run "
        "`./waibao demo-code USERNAME`."
    )
    return "\n".join(lines)


def _demo_second_factor(user) -> str | None:  # type: ignore[no-untyped-def]
    """Staff must sign in with a TOTP code (等保 2.0). A demo staff user gets a confirmed
    authenticator whose secret ``waibao demo`` prints, kept across runs so an authenticator
    app set up once keeps working; ``waibao demo-code USERNAME`` prints the current code."""
    from waibao.security.models import TOTPDevice
    from waibao.security.totp import second_factor_required, totp_device_provision

    if not second_factor_required(user):
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        device, _recovery_codes = totp_device_provision(user=user)
    return str(device.secret)
