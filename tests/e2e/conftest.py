"""Fixtures of the browser tests: Debian's Chromium driven headless by Playwright.

The browser is never downloaded (no ``playwright install``): the PyPI wheel brings only its
driver, and ``scripts/browser`` installs Debian's ``chromium`` and ``fonts-noto-cjk``. Where
they are missing the tests skip and say why, except on CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tooling import require

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    configured = os.environ.get("WAIBAO_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


BROWSER_INSTALLER = "bash scripts/browser, as root"


@pytest.fixture
def chromium(monkeypatch) -> Iterator[Any]:
    """A headless Chromium for the test. Playwright's sync API keeps an asyncio loop running
    in the test's thread, where Django's guard would then refuse the test's own database
    calls: it is lifted for the test (the live server answers in its own thread). Per test,
    not per session, so that the loop is gone before the next test starts."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright package", BROWSER_INSTALLER)
    executable = chromium_path()
    if executable is None:
        require(False, "Debian's chromium", BROWSER_INSTALLER)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def screenshots(tmp_path) -> Path:
    """Where the screenshots go: ``WAIBAO_SCREENSHOTS`` or the test's temporary directory."""
    where = Path(os.environ.get("WAIBAO_SCREENSHOTS") or tmp_path / "screenshots")
    where.mkdir(parents=True, exist_ok=True)
    return where


@pytest.fixture
def e2e_data_dir(tmp_path, monkeypatch) -> Path:
    """Evidence files go to a fresh data directory (the live server runs in this process)."""
    monkeypatch.setenv("WAIBAO_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def audit_flushable(live_server) -> Iterator[None]:
    """The live server's database is flushed after the test. On SQLite the flush deletes
    rows, which the append-only triggers of the audit table and the funds ledger refuse; so
    empty those tables first with their triggers lifted for the moment, then put them back
    (PostgreSQL truncates, which the triggers let through)."""
    yield
    from django.db import connection

    from waibao.audit import triggers

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in triggers.SQLITE_REMOVE:
            cursor.execute(statement)
        cursor.execute(f"DELETE FROM {triggers.TABLE}")
        for statement in triggers.SQLITE_INSTALL:
            cursor.execute(statement)
        from waibao.talent import triggers as access_log_triggers

        access_log_triggers.sqlite_empty(cursor)
        # the funds ledger is append-only the same way (waibao.funds.ledger_chain)
        ledger = "funds_ledgerentry"
        for statement in triggers.table_statements(ledger, "sqlite", install=False):
            cursor.execute(statement)
        cursor.execute(f"DELETE FROM {ledger}")
        for statement in triggers.table_statements(ledger, "sqlite", install=True):
            cursor.execute(statement)


from access_world import world  # noqa: E402, F401  (the shared fixture)
from workbench_world import funds_world  # noqa: E402, F401  (the shared fixture)
