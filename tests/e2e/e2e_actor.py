"""One person at one browser, for the browser tests (a module name no other test folder
uses: the test folders are not packages)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from e2e_world import Login

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips the test, or fails it on CI, saying why
    expect = None
VIEWPORT = {"width": 1280, "height": 860}


class Actor:
    """One person at one browser (a context of its own: its own cookies and language)."""

    def __init__(self, chromium: Any, base_url: str, screenshots: Path) -> None:
        self.context = chromium.new_context(
            base_url=base_url,
            locale="zh-CN",
            viewport=VIEWPORT,
            device_scale_factor=1,
            reduced_motion="reduce",  # charts drawn at once: a screenshot shows them whole
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.screenshots = screenshots

    def open(self, path: str) -> Any:
        self.page.goto(path)
        return self.page

    def main(self) -> Any:
        return self.page.locator("main")

    def sees(self, *texts: str) -> None:
        for text in texts:
            expect(self.main()).to_contain_text(text)

    def shot(self, name: str) -> Path:
        path = self.screenshots / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def sign_in(self, login: Login, next_path: str) -> None:
        import pyotp

        self.open(next_path)
        expect(self.page).to_have_url(re.compile(r"/security/login/"))
        self.sees("登录")
        self.page.get_by_label("用户名").fill(login.username)
        self.page.get_by_label("密码").fill(login.password)
        self.page.get_by_role("button", name="下一步").click()
        if login.totp_secret is not None:
            self.sees("第二步：动态口令")
            self.page.get_by_label("动态口令或恢复码").fill(pyotp.TOTP(login.totp_secret).now())
            self.page.locator("main").get_by_role("button", name="登录").click()
        expect(self.page.locator("nav.menu .who")).to_contain_text(login.username)

    def switch_language(self, option: str, button: str) -> None:
        self.page.locator("#language-select").select_option(option)
        self.page.get_by_role("button", name=button).click()

    def close(self) -> None:
        self.context.close()
