"""``waibao backup DEST``: the database and the stored files in one checksummed archive."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from waibao.cli.errors import BadInput


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "backup",
        help="back up the database and the stored files into one archive",
        description=(
            "Write one tar archive holding the database (PostgreSQL: pg_dump custom format; "
            "SQLite: the online backup API; Django dumpdata when pg_dump is missing), the "
            "files/ and evidence/ directories of the data directory, and a manifest with the "
            "SHA-256 of every member. DEST is a new file or an existing directory."
        ),
    )
    parser.add_argument("destination", metavar="DEST")
    parser.add_argument("--data-dir", default=None)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir, migrate=False, existing=True)
    from django.conf import settings

    from waibao.paths import data_dir
    from waibao.security.backup import BackupError, backup_create
    from waibao.security.events import security_event_record

    try:
        summary = backup_create(
            destination=Path(args.destination).resolve(),
            data_dir=data_dir(),
            database=settings.DATABASES["default"],
        )
    except BackupError as error:
        raise BadInput(error.lines) from error
    security_event_record(
        kind="backup.created",
        target=("backup", summary.archive.name[:64]),
        detail={"method": summary.database_method, "files": summary.files},
    )
    print(
        f"backup written: {summary.archive} ({summary.database_method}, "
        f"{summary.files} stored files, {summary.members} members checksummed)"
    )
    print(
        "encryption keys are NOT in the backup: keep the data directory's keys/ (or the "
        "WAIBAO_FIELD_KEY / WAIBAO_BLIND_INDEX_KEY files) safe separately; a restore without "
        "them is refused",
        file=sys.stderr,
    )
    return 0
