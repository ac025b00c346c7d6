"""One demo login per role, with its ``accounts.Profile`` scope. Demo-only passwords: they are
printed by ``waibao demo`` and must never be used on a real deployment."""

from __future__ import annotations

from dataclasses import dataclass

from waibao.demo.scenarios import DEMO_ENTERPRISE_INDEX, scenario_uscc


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    role_label: str
    scope: str
    totp_secret: str | None = None  # staff sign in with a second factor (waibao.security)


# (username, role, organisation uscc or None, region code or None, scope shown to the user)
_LOGINS = (
    ("qiye", "enterprise", "enterprise", None, "广州天河云联信息技术有限公司 (本企业)"),
    ("quji", "district_reviewer", None, "440106", "广州市天河区"),
    ("shiji", "city_admin", None, "440100", "广州市"),
    ("lingdao", "leader", None, None, "全部辖区 (只读)"),
    ("fenxi", "analyst", None, None, "全部辖区 (统计与导出)"),
    ("xitong", "system_admin", None, None, "全部"),
    # separation of duties (waibao.funds.duties): whoever approves does not make the payment
    # batch, whoever makes it does not send it; two more Guangzhou officers to pay with
    ("jingban", "city_admin", None, "440100", "广州市 (拨付经办: 生成批次、确认到账)"),
    ("chuna", "city_admin", None, "440100", "广州市 (报送国库)"),
)

DEMO_USERNAMES = frozenset(username for username, *_ in _LOGINS)
# Enterprise logins sign in with a password only, by design (waibao.security.login: the second
# factor is for staff); ``waibao demo-code`` says so instead of "no second factor yet".
DEMO_ENTERPRISE_USERNAMES = frozenset(u for u, role, *_ in _LOGINS if role == "enterprise")

_STAFF_VIEW_MODELS = ("registry", "reporting")


def demo_logins_ensure() -> list[DemoLogin]:
    """Create the demo users (or reset their passwords and scopes) and return them."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from waibao.accounts.models import Profile, Role
    from waibao.registry.models import Organisation, Region

    user_model = get_user_model()
    logins = []
    view_permissions = list(
        Permission.objects.filter(
            content_type__app_label__in=_STAFF_VIEW_MODELS, codename__startswith="view_"
        )
    )
    for username, role, organisation_key, region_code, scope in _LOGINS:
        password = f"{username}-demo-2025"
        user, _ = user_model.objects.get_or_create(username=username)
        user.set_password(password)
        user.is_superuser = role == Role.SYSTEM_ADMIN
        user.is_staff = role in (Role.SYSTEM_ADMIN, Role.CITY_ADMIN, Role.DISTRICT_REVIEWER)
        user.save()
        if role in (Role.CITY_ADMIN, Role.DISTRICT_REVIEWER):
            user.user_permissions.add(*view_permissions)
        organisation = (
            Organisation.objects.get(uscc=scenario_uscc(DEMO_ENTERPRISE_INDEX))
            if organisation_key
            else None
        )
        region = Region.objects.get(code=region_code) if region_code else None
        Profile.objects.update_or_create(
            user=user, defaults={"role": role, "organisation": organisation, "region": region}
        )
        secret = _demo_second_factor(user)
        logins.append(DemoLogin(username, password, role, str(Role(role).label), scope, secret))
    return logins


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
