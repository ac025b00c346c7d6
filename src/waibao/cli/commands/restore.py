"""``waibao restore SRC``: verify a backup's checksums, then restore it into an empty database
and an empty data directory."""

from __future__ import annotations

import argparse
from pathlib import Path

from waibao.cli.errors import BadInput


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "restore",
        help="restore a backup into an empty database and data directory",
        description=(
            "Check the SHA-256 of every member of a backup made by 'waibao backup' and refuse a "
            "damaged one; then restore the database (DATABASE_URL, or SQLite in the data "
            "directory) and the stored files. The target database and the files/ and evidence/ "
            "directories must be empty: a restore never merges into live data. With --verify-only "
            "only the checksums are checked."
        ),
    )
    parser.add_argument("source", metavar="SRC")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--verify-only", action="store_true")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from waibao.security.backup import BackupError, backup_restore, backup_verify

    source = Path(args.source).resolve()
    try:
        if args.verify_only:
            manifest = backup_verify(source=source)
            print(f"backup intact: {len(manifest['members'])} members match their SHA-256")
            return 0
        from waibao.cli.django_setup import setup_django

        setup_django(data_dir=args.data_dir, migrate=False)
        from django.conf import settings

        from waibao.paths import data_dir

        summary = backup_restore(
            source=source, data_dir=data_dir(), database=settings.DATABASES["default"]
        )
    except BackupError as error:
        raise BadInput(error.lines) from error
    from waibao.security.events import security_event_record

    security_event_record(
        kind="backup.restored",
        target=("backup", source.name[:64]),
        detail={"method": summary.database_method, "files": summary.files},
    )
    print(
        f"restored {source} ({summary.database_method}, {summary.files} stored files); "
        "run 'waibao audit verify' to check the audit chain"
    )
    return 0
