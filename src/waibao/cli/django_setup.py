"""Start Django for a command: choose settings, set the data directory, migrate when needed.

CLI.md: a command that writes data creates and migrates the database when it is missing; a
command that only reads or acts on data already there (``existing=True``) refuses instead of
leaving an empty database behind, saying where it looked and what to run
(docs/decisions/0016-first-hour.md). Django's translation is activated to the run's language
(``waibao.cli.language``: ``--lang`` or the locale).
"""

from __future__ import annotations

import os
from pathlib import Path


def setup_django(
    *, data_dir: str | Path | None = None, migrate: bool = True, existing: bool = False
) -> None:
    if data_dir is not None:
        os.environ["WAIBAO_DATA_DIR"] = str(Path(data_dir).resolve())
    if existing:
        database_must_exist()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waibao.config.django.base")
    import django

    django.setup()
    from waibao.cli.language import activate_django

    activate_django()
    if migrate:
        migrate_if_needed()


def database_must_exist() -> None:
    """``BadInput`` when the SQLite database of the data directory is missing (a
    ``DATABASE_URL`` names a server, which is never created here)."""
    from django.conf import settings

    from waibao.cli.errors import BadInput
    from waibao.paths import DATABASE_FILE, data_dir_path

    # Django already set up (a test, or a command calling another) has its database open.
    if os.environ.get("DATABASE_URL") or settings.configured:
        return
    database = data_dir_path() / DATABASE_FILE
    if not database.is_file():
        raise BadInput(
            [
                f"{database}: no database here (the data directory is $WAIBAO_DATA_DIR, "
                "--data-dir, or the checkout's .waibao).",
                "Create the demo database with `./waibao demo --no-serve` (or `bash "
                "scripts/demo`), or name the data directory that holds one.",
            ]
        )


def migrate_if_needed() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        call_command("migrate", interactive=False, verbosity=0)
