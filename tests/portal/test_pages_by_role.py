"""Every portal page, for every role and the public: allowed (200) or denied exactly (302 to
the login page, 403 without the right, 404 outside the scope or not there)."""

from __future__ import annotations

import re

import pytest

OWN = "91440106000000010A"  # the enterprise's own, Tianhe (Guangzhou)
XIHU = "91330106000000040D"  # Xihu (Hangzhou), outside Guangzhou
LOGIN = "login"

USERS = (
    "anonymous",
    "no_role",
    "enterprise",
    "district_reviewer",
    "city_admin",
    "leader",
    "analyst",
    "system_admin",
    "superuser",
    "inactive_admin",
)


def _row(*codes):
    return dict(zip(USERS, codes, strict=True))


#                 anon   none  ent  distr city  lead anal  sys  super inactive
EVERYONE = _row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)
NOWHERE = _row(404, 404, 404, 404, 404, 404, 404, 404, 404, 404)
CALCULATOR = _row(LOGIN, 403, 200, 200, 200, 403, 200, 200, 200, LOGIN)
CALCULATOR_OWN = _row(LOGIN, 403, 200, 200, 200, 403, 404, 200, 200, LOGIN)
CALCULATOR_XIHU = _row(LOGIN, 403, 404, 404, 404, 403, 200, 200, 200, LOGIN)
DASHBOARD = _row(LOGIN, 403, 403, 200, 200, 200, 200, 200, 200, LOGIN)

PAGES = {
    "/": EVERYONE,
    "/policies/": EVERYONE,
    "/policies/hangzhou.12.software_export/": EVERYONE,
    "/policies/hangzhou.99.nothing/": NOWHERE,
    "/calculator/": CALCULATOR,
    "/calculator/?year=2024": CALCULATOR,
    f"/calculator/?year=2024&uscc={OWN}": CALCULATOR_OWN,
    f"/calculator/?year=2024&uscc={XIHU}": CALCULATOR_XIHU,
    "/dashboard/": DASHBOARD,
    "/dashboard/targets/": DASHBOARD,
}

CASES = [(url, who, expected[who]) for url, expected in PAGES.items() for who in USERS]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "who", "expected"), CASES)
def test_each_page_answers_each_role_exactly(client, world, url, who, expected):
    user = world.users[who]
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/security/login/?next=")
    else:
        assert response.status_code == expected


@pytest.mark.django_db
def test_a_year_that_is_not_a_year_is_refused_with_a_reason(client, world):
    client.force_login(world.users["enterprise"])
    response = client.get("/calculator/?year=20x9")
    assert response.status_code == 400
    assert "20x9" in response.content.decode()


MENU_LINKS = {
    "/calculator/": {"enterprise", "district_reviewer", "city_admin", "analyst", "system_admin"},
    "/dashboard/": {"district_reviewer", "city_admin", "leader", "analyst", "system_admin"},
    "/admin/": {"city_admin", "system_admin"},
    "/admin/accounts/profile/": {"system_admin"},
    "/funds/": {"enterprise", "district_reviewer", "city_admin", "system_admin"},
    "/evaluation/applications/": {"enterprise", "district_reviewer", "city_admin", "system_admin"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", USERS)
def test_the_menu_offers_exactly_the_pages_the_role_may_open(client, world, who):
    user = world.users[who]
    if user.is_authenticated:
        client.force_login(user)
    html = client.get("/policies/").content.decode()
    menu = html[
        html.index('<nav class="menu"') : html.index("</nav>", html.index('<nav class="menu"'))
    ]
    for public in (
        "/policies/",
        "/funds/publications/",
        "/news/",
        "/data/",
        "/evaluation/publications/",
    ):
        assert f'href="{public}"' in menu, public
    for url, roles in MENU_LINKS.items():
        assert (f'href="{url}"' in menu) == (who in roles or who == "superuser"), url
    signed_in = user.is_authenticated and user.is_active
    assert ('href="/security/login/' in menu) == (not signed_in)
    assert ('action="/security/logout/"' in menu) == signed_in


@pytest.mark.django_db
def test_the_language_switch_returns_to_the_same_page_in_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/policies/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/policies/"
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="en">' in html
    assert 'name="language"' in html and '<option value="en" selected>' in html


@pytest.mark.django_db
def test_the_language_switch_on_an_english_page_returns_to_the_same_page_in_chinese(client):
    """Regression (found by tests/e2e): the switch back stayed on /en/, because the English
    page posted to the unprefixed /i18n/setlang/, where Chinese is active and the English
    path resolves to nothing."""
    client.post("/i18n/setlang/", {"language": "en", "next": "/policies/"})
    english = client.get("/en/policies/").content.decode()
    action = re.search(r'<form action="([^"]+)" method="post" class="language">', english)
    assert action is not None and action.group(1) == "/en/i18n/setlang/"
    response = client.post(action.group(1), {"language": "zh-hans", "next": "/en/policies/?x=1"})
    assert response.status_code == 302
    assert response["Location"] == "/policies/?x=1"
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="zh-hans">' in html and "政策库" in html
