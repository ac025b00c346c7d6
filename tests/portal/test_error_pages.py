"""403, 404 and 500 are the site's own pages: in Chinese at unprefixed paths and in English
under /en/, inside the layout (menu, language picker, a way home), for a visitor signed in or
not; never Django's bare English pages."""

from __future__ import annotations

import pytest

OWN = "91440106000000010A"
BAD_USCC = "91440106000000099X"  # no such firm

ZH = {
    403: "403 · 无权访问此页面",
    404: "404 · 页面不存在",
    500: "500 · 服务器内部错误",
}
EN = {
    403: "403 · You may not see this page",
    404: "404 · Page not found",
    500: "500 · Internal server error",
}
PATHS = {403: "/boom/403/", 404: "/no-such-page/", 500: "/boom/500/"}


@pytest.fixture
def error_site(settings):
    settings.ROOT_URLCONF = "error_urls"


def _visitor(client, world, who):
    if who != "anonymous":
        client.force_login(world.users[who])
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("status", [403, 404, 500])
@pytest.mark.parametrize("who", ["anonymous", "enterprise", "city_admin"])
def test_error_page_in_chinese_with_navigation(client, world, error_site, status, who):
    response = _visitor(client, world, who).get(PATHS[status])
    assert response.status_code == status
    page = response.content.decode()
    assert ZH[status] in page
    assert '<html lang="zh-hans">' in page
    assert 'class="menu"' in page  # the layout's menu
    assert "返回首页" in page and 'href="/"' in page
    assert ("退出" in page) == (who != "anonymous")  # the signed-in visitor stays signed in
    assert "Page not found" not in page and "Server Error" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("status", [403, 404, 500])
@pytest.mark.parametrize("who", ["anonymous", "enterprise"])
def test_error_page_in_english_under_en(client, world, error_site, status, who):
    response = _visitor(client, world, who).get("/en" + PATHS[status])
    assert response.status_code == status
    page = response.content.decode()
    assert EN[status] in page
    assert '<html lang="en">' in page
    assert "Back to the home page" in page and 'href="/en/"' in page
    assert ZH[status] not in page


@pytest.mark.django_db
def test_the_403_page_says_why_to_each_visitor(client, world, error_site):
    anonymous = client.get("/boom/403/").content.decode()
    assert "请先登录" in anonymous
    client.force_login(world.users["enterprise"])
    signed_in = client.get("/boom/403/").content.decode()
    assert "没有查看此页面的权限" in signed_in


@pytest.mark.django_db
def test_a_denied_page_of_the_site_shows_the_chinese_403(client, world):
    client.force_login(world.users["enterprise"])
    response = client.get("/dashboard/")
    assert response.status_code == 403
    assert ZH[403] in response.content.decode()


@pytest.mark.django_db
def test_a_bad_uscc_in_the_calculator_shows_the_chinese_404(client, world):
    client.force_login(world.users["city_admin"])
    response = client.get(f"/calculator/?year=2024&uscc={BAD_USCC}")
    assert response.status_code == 404
    page = response.content.decode()
    assert ZH[404] in page and "统一社会信用代码" in page
    english = client.get(f"/en/calculator/?year=2024&uscc={BAD_USCC}")
    assert english.status_code == 404
    assert EN[404] in english.content.decode()


@pytest.mark.django_db
def test_the_500_page_falls_back_to_plain_text_when_the_layout_fails(rf, monkeypatch):
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    from waibao.portal import errors

    def broken(name):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(errors.loader, "get_template", broken)
    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override("zh-hans"):
        response = errors.server_error(request)
    assert response.status_code == 500
    assert "500 · 服务器内部错误" in response.content.decode()
