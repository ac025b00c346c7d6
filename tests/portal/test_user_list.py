"""用户管理 as a list (issue 22 item 3): every account with its name, role, scope, active,
second factor, last sign-in and lock; filters by each; only the system administrator opens it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone


def _rows(html):
    return {part.split('"', 1)[0] for part in html.split('<tr data-user="')[1:]}


@pytest.fixture
def admin(client, world):
    client.force_login(world.users["system_admin"])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("no_role", 403),
        ("enterprise", 403),
        ("district_reviewer", 403),
        ("city_admin", 403),
        ("leader", 403),
        ("analyst", 403),
        ("system_admin", 200),
        ("superuser", 200),
        ("inactive_admin", 302),
    ],
)
def test_only_who_manages_users_opens_the_list(client, world, role, status):
    user = world.users[role]
    if user.is_authenticated:
        client.force_login(user)
    assert client.get("/users/").status_code == status


@pytest.mark.django_db
def test_each_account_shows_role_scope_active_second_factor_last_sign_in_and_lock(admin, world):
    from waibao.security.models import Lockout, TOTPDevice

    reviewer = world.users["district_reviewer"]
    reviewer.first_name, reviewer.last_name = "三", "张"
    reviewer.last_login = timezone.make_aware(dt.datetime(2026, 3, 4, 9, 30))
    reviewer.save()
    TOTPDevice.objects.create(user=reviewer, secret="x", confirmed_at=timezone.now())
    TOTPDevice.objects.create(user=world.users["leader"], secret="y")  # not confirmed
    Lockout.objects.create(
        kind=Lockout.Kind.USERNAME, key="qiye", locked_until=timezone.now() + dt.timedelta(hours=1)
    )
    Lockout.objects.create(
        kind=Lockout.Kind.USERNAME, key="shiji", locked_until=timezone.now() - dt.timedelta(hours=1)
    )
    html = admin.get("/users/").content.decode()
    row = html[html.index('<tr data-user="quji"') :]
    row = row[: row.index("</tr>")]
    for cell in ("张三", "区县审核员", "天河区", "已启用", "2026-03-04 09:30"):
        assert cell in row
    qiye = html[html.index('<tr data-user="qiye"') :]
    assert "已锁定" in qiye[: qiye.index("</tr>")] and "机构010A" in qiye[: qiye.index("</tr>")]
    assert _rows(admin.get("/users/?locked=yes").content.decode()) == {"qiye"}
    assert _rows(admin.get("/users/?two_factor=yes").content.decode()) == {"quji"}
    assert _rows(admin.get("/users/?active=no").content.decode()) == {"gone"}
    assert _rows(admin.get("/users/?role=district_reviewer").content.decode()) == {"quji"}
    assert _rows(admin.get("/users/?role=superuser").content.decode()) == {"root"}
    assert _rows(admin.get("/users/?role=none").content.decode()) == {"nobody"}
    assert _rows(admin.get("/users/?q=天河").content.decode()) == {"quji"}
    assert "从未登录" in html and "未启用" in html
    nobody = html[html.index('<tr data-user="nobody"') :]
    cells = "".join(line.strip() for line in nobody[: nobody.index("</tr>")].splitlines())
    assert "<td>无角色</td><td>—</td>" in cells  # no role, so no scope (not 全部)


@pytest.mark.django_db
def test_the_menu_leads_to_the_list_and_the_list_to_the_admin_site(admin, world):
    html = admin.get("/users/").content.decode()
    assert 'href="/users/"' in html and "用户管理" in html
    profile = world.users["district_reviewer"].waibao_profile
    assert f'href="/admin/accounts/profile/{profile.pk}/change/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(("extra", "pages"), [(15, 1), (16, 2)])
def test_the_users_page_at_exactly_its_size_and_one_more(admin, django_user_model, extra, pages):
    # the world has 9 accounts: with 16 more, 25 (one page); with 17 more, 26 (two)
    django_user_model.objects.bulk_create(
        django_user_model(username=f"user{n:03d}") for n in range(extra + 1)
    )
    html = admin.get("/users/").content.decode()
    assert html.count("<tr data-user=") == 25
    assert ("第 1 页，共 2 页" in html) == (pages == 2)


@pytest.mark.django_db
def test_the_users_page_reads_a_bounded_number_of_queries(
    admin, django_user_model, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        admin.get("/users/")
    django_user_model.objects.bulk_create(
        django_user_model(username=f"user{n:03d}") for n in range(40)
    )
    with django_assert_max_num_queries(len(few)):
        admin.get("/users/")
