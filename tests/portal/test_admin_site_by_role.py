"""The admin site (管理后台, 用户管理) opens for whom the menu offers it: the role decides
(``permissions.may_use_admin_site``), not Django's ``is_staff`` flag, and a system
administrator by role holds every model permission there. None of the access world's users
has ``is_staff``: before, a system administrator's menu link to 用户管理 led back to the login
page."""

from __future__ import annotations

import pytest
from test_pages_by_role import USERS, _row

REFUSED = 302  # to the admin's login, which sends the browser to the Waibao sign-in
#                        anon  none  ent  distr city  lead anal  sys  super inactive
ADMIN_INDEX = _row(REFUSED, 302, 302, 302, 200, 302, 302, 200, 200, REFUSED)
USER_LIST = _row(REFUSED, 302, 302, 302, 403, 302, 302, 200, 200, REFUSED)
PAGES = {"/admin/": ADMIN_INDEX, "/admin/accounts/profile/": USER_LIST}
CASES = [(url, who, expected[who]) for url, expected in PAGES.items() for who in USERS]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "who", "expected"), CASES)
def test_the_admin_site_answers_each_role_exactly(client, world, url, who, expected):
    user = world.users[who]
    assert not user.is_staff or who == "superuser"
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_a_system_administrator_by_role_may_change_users_but_an_analyst_may_not(world):
    system_admin, analyst = world.users["system_admin"], world.users["analyst"]
    assert system_admin.has_perm("accounts.change_profile")
    assert system_admin.has_module_perms("accounts")
    assert not analyst.has_perm("accounts.change_profile")
    assert not world.users["inactive_admin"].has_perm("accounts.change_profile")
