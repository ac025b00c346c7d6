"""The funds migrations after 0001 and 0002 were folded into one (decision 0034): a database
migrated with the two old files has nothing left to do, and the field makers of
``waibao.funds.models`` still describe exactly the columns the migrations make."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

SQUASHED = ("funds", "0001_squashed_0002_objection_from_the_public")
OLD = [("funds", "0001_initial"), ("funds", "0002_objection_from_the_public")]


def recorded(app: str) -> set[tuple[str, str]]:
    return {key for key in MigrationRecorder(connection).applied_migrations() if key[0] == app}


@pytest.mark.django_db
def test_a_fresh_database_records_the_old_names_as_well():
    # so that the squash can be dropped one day without any database noticing
    assert {SQUASHED, *OLD} <= recorded("funds")


@pytest.mark.django_db
def test_a_database_migrated_with_the_old_files_has_nothing_left_to_do():
    MigrationRecorder(connection).migration_qs.filter(app=SQUASHED[0], name=SQUASHED[1]).delete()
    assert SQUASHED not in recorded("funds")
    assert set(OLD) <= recorded("funds")

    executor = MigrationExecutor(connection)
    assert SQUASHED in executor.loader.applied_migrations
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    later = executor.loader.graph.forwards_plan(
        ("funds", "0004_payee_review_and_encrypted_accounts")
    )
    assert SQUASHED in later and not set(OLD) & set(later)


@pytest.mark.django_db
def test_the_models_ask_for_no_new_migration():
    # a field maker that drifted from the columns would show here as a pending change
    call_command("makemigrations", "funds", "--check", "--dry-run", verbosity=0)
