"""The staff lists in the browser (issue 22 item 3): at 390 px and at desktop width the
document is no wider than the window (the table scrolls inside its own box), and choosing a
filter and pressing 筛选 narrows the list and keeps the filter in the address, with HTMX
swapping only the list.

The session is the test client's (``force_login``), as in test_e2e_workbench."""

from __future__ import annotations

import re

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips the test, or fails it on CI, saying why
    expect = None

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}
PAGES = (
    ("district_reviewer", "/report/", "firms"),
    ("district_reviewer", "/report/contracts/", "contracts"),
    ("district_reviewer", "/funds/", "applications"),
    ("city_admin", "/report/", "firms"),
    ("city_admin", "/talent/trainees/", "trainees"),
    ("system_admin", "/users/", "users"),
    ("system_admin", "/plans/", "tasks"),
)


def _context(chromium, live_server, client, user, viewport):
    from django.conf import settings

    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = chromium.new_context(
        base_url=live_server.url, locale="zh-CN", viewport=viewport, device_scale_factor=1
    )
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    return context


@pytest.mark.slow
@pytest.mark.browser
def test_the_lists_fit_a_phone_and_filter_in_place(
    chromium, live_server, audit_flushable, funds_world, screenshots, client
):
    too_wide = []
    for role, path, list_id in PAGES:
        for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            context = _context(chromium, live_server, client, funds_world.users[role], viewport)
            page = context.new_page()
            page.goto(path)
            expect(page.locator(f"#{list_id}")).to_be_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                too_wide.append((role, path, name, width))
            slug = path.strip("/").replace("/", "-")
            page.screenshot(path=str(screenshots / f"23-list-{slug}-{role}-{name}.png"))
            context.close()
    assert not too_wide, too_wide

    # the reviewer filters its firms to those not reported, in place
    context = _context(chromium, live_server, client, funds_world.users["district_reviewer"], PHONE)
    page = context.new_page()
    page.goto("/report/")
    page.locator("#firms-status").select_option("unreported")
    page.locator("#firms").get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"status=unreported"))
    expect(page.locator("#firms-status")).to_have_value("unreported")
    context.close()
