"""Suite-wide test set-up.

The suite runs twice (scripts/test): everything on SQLite, then with ``WAIBAO_PG_ONLY=1`` and
``DATABASE_URL`` pointing at PostgreSQL, only the tests that touch the database. A test touches
the database when it carries ``django_db`` or asks for a database fixture.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# Property tests check behaviour, not speed (speed is measured in bench/): on a busy CI
# machine, generation may be slow and one example may take long, which must not fail a test.
settings.register_profile("waibao", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("waibao")

# pytest-django's autouse fixtures pull in django_db_blocker for every test, so look for the
# fixtures that really open the database.
_DB_FIXTURES = {"_django_db_helper", "db", "transactional_db", "live_server", "admin_user"}


@pytest.fixture(autouse=True)
def _field_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh field key and blind-index key for every test, from the environment as in
    production (``waibao.crypto`` refuses to encrypt without one outside DEBUG, and tests run
    with DEBUG off). A test that needs no key, or other keys, changes them itself."""
    from cryptography.fernet import Fernet

    monkeypatch.setenv("WAIBAO_FIELD_KEY", Fernet.generate_key().decode())
    monkeypatch.setenv("WAIBAO_BLIND_INDEX_KEY", Fernet.generate_key().decode())
    monkeypatch.delenv("WAIBAO_FIELD_KEY_FILE", raising=False)
    monkeypatch.delenv("WAIBAO_BLIND_INDEX_KEY_FILE", raising=False)


@pytest.fixture(autouse=True)
def _site_language() -> None:
    """Every test starts in the site's language (zh-hans), as a request without a language
    would: a test that activates English and does not restore it must not decide what the
    next one reads (the cockpit's unit, 亿美元, was read in English after such a test)."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs the command line under an English locale, whatever the machine's: the
    CLI speaks the locale's language (docs/decisions/0035-cli-language.md), and a test that
    reads English output must not fail on a developer's ``zh_CN`` machine. A test of the
    Chinese output sets ``LANG`` or passes ``--lang zh-hans`` itself."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(autouse=True)
def _empty_figures_cache() -> None:
    """Every test starts with an empty figures cache. Cached figures are keyed by the data
    version, which only grows in production; between tests it repeats (a test's writes are
    rolled back or flushed), so an entry an earlier test computed could be served for another
    test's data (the workbench's cockpit once showed an earlier test's missing-rate message
    in the full run, never alone)."""
    from django.core.cache import caches

    caches["default"].clear()


def _uses_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    return bool(_DB_FIXTURES.intersection(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
    if os.environ.get("WAIBAO_PG_ONLY") == "1":
        kept = [item for item in items if _uses_database(item)]
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept
    if not on_postgres:
        skip = pytest.mark.skip(reason="needs PostgreSQL (runs in the PostgreSQL pass)")
        for item in items:
            if item.get_closest_marker("postgres") is not None:
                item.add_marker(skip)
