"""Users and clock helpers for the security tests."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from security_helpers import PASSWORD

from waibao.accounts.models import Profile, Role
from waibao.registry.models import Region


@pytest.fixture
def enforce_second_factor(settings):
    settings.WAIBAO_ENFORCE_SECOND_FACTOR = True
    return settings


@pytest.fixture
def make_user(db):
    def make(username: str, *, staff: bool = False, role: str | None = None, **extra):
        user = get_user_model().objects.create_user(
            username=username, password=PASSWORD, is_staff=staff, **extra
        )
        if role is not None:
            region = None
            if role in (Role.DISTRICT_REVIEWER, Role.CITY_ADMIN):
                region, _ = Region.objects.get_or_create(
                    code="330100", defaults={"name": "杭州市", "level": "city"}
                )
            Profile.objects.create(user=user, role=role, region=region)
        return user

    return make
