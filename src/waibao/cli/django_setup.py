"""Start Django for a command: choose settings, set the data directory, migrate when needed.

CLI.md: every command that uses the database creates and migrates it when it is missing.
"""

from __future__ import annotations

import os
from pathlib import Path


def setup_django(*, data_dir: str | Path | None = None, migrate: bool = True) -> None:
    if data_dir is not None:
        os.environ["WAIBAO_DATA_DIR"] = str(Path(data_dir).resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waibao.config.django.base")
    import django

    django.setup()
    if migrate:
        migrate_if_needed()


def migrate_if_needed() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        call_command("migrate", interactive=False, verbosity=0)
