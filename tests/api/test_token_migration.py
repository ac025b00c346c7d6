"""Tokens made before tokens expired: the migration gives them the default lifetime from
then, and revokes those of staff users, who made them without a second factor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("apitokens", "0001_initial")]
AFTER = [("apitokens", "0003_apitoken_expires_at_required")]


@pytest.mark.django_db(transaction=True)
def test_old_tokens_get_the_default_lifetime_and_staff_tokens_are_revoked(settings):
    settings.WAIBAO_API_TOKEN_DAYS = 90
    executor = MigrationExecutor(connection)
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "apitokens"]
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(others + BEFORE).apps
    User = apps.get_model("auth", "User")
    Profile = apps.get_model("accounts", "Profile")
    Region = apps.get_model("registry", "Region")
    ApiToken = apps.get_model("apitokens", "ApiToken")
    region = Region.objects.get_or_create(
        code="440100", defaults={"name": "广州市", "level": "city"}
    )[0]
    plain = User.objects.create(username="erp")
    officer = User.objects.create(username="shiji")
    Profile.objects.create(user=officer, role="city_admin", region=region)
    admin = User.objects.create(username="root", is_superuser=True, is_staff=True)
    for n, user in enumerate((plain, officer, admin)):
        ApiToken.objects.create(user=user, name="old", prefix=f"wb_{n}", key_hash=f"{n:064d}")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(others + AFTER).apps
    tokens = {t.user.username: t for t in apps.get_model("apitokens", "ApiToken").objects.all()}
    now = timezone.now()
    for token in tokens.values():
        assert now + dt.timedelta(days=89) < token.expires_at <= now + dt.timedelta(days=90)
    assert tokens["erp"].revoked_at is None
    assert tokens["shiji"].revoked_at is not None
    assert tokens["root"].revoked_at is not None
