"""The home page per role (工作台) in the browser, for each of the six roles: the to-do figures
shown equal the database's, every link on it opens for that user, and a screenshot at desktop
width and at 390 px, where the document is no wider than the window (``WAIBAO_SCREENSHOTS``;
``docs/screenshots/21-home-*.png``).

The session is the test client's (``force_login``), handed to the browser as its cookie: the
sign-in form with its second factor is covered by the other browser tests."""

from __future__ import annotations

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips the test, or fails it on CI, saying why
    expect = None

ROLES = ("enterprise", "district_reviewer", "city_admin", "leader", "analyst", "system_admin")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}


def _expected_figures(world, role):
    """What each role's workbench must show, read from the database here."""
    from django.contrib.auth import get_user_model

    from waibao.funds.models import Application, FundEntitlement
    from waibao.registry.models import Organisation

    if role == "enterprise":
        n = FundEntitlement.objects.filter(organisation=world.orgs.own).count()
        return {"table.workbench-entitlements tbody tr": n}
    if role == "district_reviewer":
        queue = Application.objects.filter(
            status=Application.Status.SUBMITTED, organisation__region_id="440106"
        ).count()
        firms = Organisation.objects.filter(region_id="440106").count()
        return {"table.workbench-queue tbody tr": queue, "table.workbench-firms tbody tr": firms}
    if role == "city_admin":
        queue = Application.objects.filter(
            status=Application.Status.DISTRICT_APPROVED, fund__city_code="440100"
        ).count()
        return {"table.workbench-queue tbody tr": queue, "ul.workbench-overdue li": 1}
    if role == "system_admin":
        return {"table.workbench-users tbody tr": get_user_model().objects.count()}
    return {"dl.workbench-figures dd": 3}  # leader, analyst: organisations, contracts, executions


@pytest.mark.slow
@pytest.mark.browser
def test_each_role_sees_its_workbench_in_the_browser(
    chromium, live_server, audit_flushable, funds_world, screenshots, client
):
    from django.conf import settings

    widths = {}
    for role in ROLES:
        client.force_login(funds_world.users[role])
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context = chromium.new_context(
            base_url=live_server.url, locale="zh-CN", viewport=DESKTOP, device_scale_factor=1
        )
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        page = context.new_page()
        page.goto("/")
        main = page.locator("main")
        expect(main).to_contain_text("工作台")
        for selector, count in _expected_figures(funds_world, role).items():
            expect(main.locator(selector)).to_have_count(count)
        page.screenshot(path=str(screenshots / f"21-home-{role}.png"), full_page=True)
        hrefs = main.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        for href in sorted(set(hrefs)):
            # Opens for the user: neither refused (403), sent to sign in (302) nor hidden
            # (404). The statistics page may answer 409 when its source is unavailable.
            response = page.request.get(href, max_redirects=0)
            assert response.status in (200, 409), (role, href, response.status)
            if response.status == 409:
                assert href.startswith("/statistics/"), (role, href)
        page.set_viewport_size(PHONE)
        page.goto("/")
        widths[role] = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(screenshots / f"21-home-{role}-390.png"), full_page=True)
        context.close()
        client.logout()
    # On a phone the home page does not scroll sideways: wide tables scroll in their own box.
    assert widths == dict.fromkeys(ROLES, PHONE["width"]), widths
