"""Fixtures for plans: the jurisdictions loaded from their data files, and users per role."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from waibao.plans.loading import plan_load
from waibao.plans.models import PlanRole, Unit


@pytest.fixture
def datong(db):
    plan_load(jurisdiction="datong")
    return "datong"


@pytest.fixture
def all_loaded(db):
    for name in ("guangzhou", "guangdong", "hangzhou", "wenzhou", "datong"):
        plan_load(jurisdiction=name)


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch, settings):
    """Attachments go to a fresh data directory; emails to the locmem outbox."""
    monkeypatch.setenv("WAIBAO_DATA_DIR", str(tmp_path / "data"))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def make_user(
    username: str,
    *,
    role: str | None = None,
    jurisdiction: str = "datong",
    unit_code: str | None = None,
    email: str | None = None,
):
    user = get_user_model().objects.create_user(
        username=username, password="pw", email=email or f"{username}@example.cn"
    )
    if role is not None:
        unit = Unit.objects.get(jurisdiction=jurisdiction, code=unit_code) if unit_code else None
        PlanRole.objects.create(user=user, role=role, jurisdiction=jurisdiction, unit=unit)
    return user
