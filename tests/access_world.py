"""A small world for access tests: four organisations around the enterprise's own,
one user per role (plus the public, a user without a role, a superuser, an inactive admin)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest


def _region(code, name, level, parent=None):
    from waibao.registry.models import Region

    return Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )[0]


@pytest.fixture
def world(db, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    from waibao.accounts.models import Profile
    from waibao.registry.models import Organisation
    from waibao.reporting.models import Category, Contract, Execution

    guangdong = _region("440000", "广东省", "province")
    guangzhou = _region("440100", "广州市", "city", guangdong)
    tianhe = _region("440106", "天河区", "district", guangzhou)
    yuexiu = _region("440104", "越秀区", "district", guangzhou)
    zhejiang = _region("330000", "浙江省", "province")
    hangzhou = _region("330100", "杭州市", "city", zhejiang)
    xihu = _region("330106", "西湖区", "district", hangzhou)
    category = Category.objects.get_or_create(
        code="ITO.01",
        defaults={
            "group": "ITO",
            "name_zh": "软件研发及外包服务",
            "name_en": "Software",
            "version": "test",
        },
    )[0]

    def organisation(uscc, region):
        org = Organisation.objects.create(uscc=uscc, name=f"机构{uscc[-4:]}", region=region)
        contract = Contract.objects.create(
            organisation=org,
            contract_id="C1",
            client_name="Contoso Inc.",
            client_country="US",
            category=category,
            signed_date=dt.date(2024, 3, 1),
            amount_minor=100_000_00,
            currency="USD",
        )
        Execution.objects.create(
            contract=contract,
            execution_id="E1",
            execution_date=dt.date(2024, 6, 1),
            amount_minor=70_000_00,
            currency="USD",
        )
        return org

    orgs = SimpleNamespace(
        own=organisation("91440106000000010A", tianhe),
        district=organisation("91440106000000020B", tianhe),
        city=organisation("91440104000000030C", yuexiu),
        elsewhere=organisation("91330106000000040D", xihu),
    )

    def user(username, role=None, *, organisation=None, region=None, **flags):
        account = django_user_model.objects.create_user(username=username, password="pw", **flags)
        if role:
            Profile.objects.create(
                user=account, role=role, organisation=organisation, region=region
            )
        return account

    users = {
        "anonymous": AnonymousUser(),
        "no_role": user("nobody"),
        "enterprise": user("qiye", "enterprise", organisation=orgs.own),
        "district_reviewer": user("quji", "district_reviewer", region=tianhe),
        "city_admin": user("shiji", "city_admin", region=guangzhou),
        "leader": user("lingdao", "leader"),
        "analyst": user("fenxi", "analyst", region=zhejiang),
        "system_admin": user("xitong", "system_admin"),
        "superuser": user("root", is_superuser=True, is_staff=True),
        "inactive_admin": user("gone", "system_admin", is_active=False),
    }
    return SimpleNamespace(orgs=orgs, users=users)
