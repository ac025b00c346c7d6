"""``waibao security``: export the security events, rotate the field-encryption keys, purge old
lockout records."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from waibao.cli.errors import BadInput


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "security",
        help="security operations: export events, rotate field keys, purge old lockouts",
        description="Security operations (deploy/README.md).",
    )
    actions = parser.add_subparsers(dest="security_command", metavar="ACTION", required=True)

    export = actions.add_parser(
        "export-events",
        help="write the security events of the audit log as CSV",
        description=(
            "Write the security events (audit records security.*) as CSV (UTF-8 with BOM), "
            "oldest first, with each record's chain hash. The export is itself recorded."
        ),
    )
    export.add_argument("--since", type=_date, default=None, help="YYYY-MM-DD (inclusive)")
    export.add_argument("--until", type=_date, default=None, help="YYYY-MM-DD (exclusive)")
    export.add_argument("--output", default="-", help="a file; standard output by default")
    export.add_argument("--data-dir", default=None)
    export.set_defaults(handler=handle_export)

    rotate = actions.add_parser(
        "rotate-field-keys",
        help="re-encrypt every encrypted field with the newest WAIBAO_FIELD_KEY",
        description=(
            "Put a new Fernet key first in WAIBAO_FIELD_KEY (or WAIBAO_FIELD_KEY_FILE), keep "
            "the old ones after it, run this, then remove the old keys."
        ),
    )
    rotate.add_argument("--data-dir", default=None)
    rotate.set_defaults(handler=handle_rotate)

    purge = actions.add_parser(
        "purge",
        help="delete login-failure counters and expired locks older than a date",
        description=(
            "Delete login-failure counters and expired locks older than --before. Refuses a "
            "date less than 180 days ago (网络安全法 第二十一条). The audit log is append-only "
            "and is never purged."
        ),
    )
    purge.add_argument("--before", type=_date, required=True, help="YYYY-MM-DD")
    purge.add_argument("--data-dir", default=None)
    purge.set_defaults(handler=handle_purge)


def _date(text: str) -> datetime:
    from datetime import UTC

    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r}: not a date YYYY-MM-DD") from error


def handle_export(args: argparse.Namespace) -> int:
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir)
    from waibao.security.events import security_event_record, security_events
    from waibao.security.exports import security_events_write_csv

    records = security_events(since=args.since, until=args.until)
    if args.output == "-":
        rows = security_events_write_csv(records.iterator(), sys.stdout)
    else:
        with Path(args.output).open("w", encoding="utf-8", newline="") as out:
            rows = security_events_write_csv(records.iterator(), out)
    security_event_record(
        kind="data.exported", target=("export", "security events"), detail={"rows": rows}
    )
    print(f"{rows} security events exported", file=sys.stderr)
    return 0


def handle_rotate(args: argparse.Namespace) -> int:
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir)
    from django.core.exceptions import ImproperlyConfigured

    from waibao.crypto import field_keys_rotate
    from waibao.security.events import security_event_record

    try:
        rows = field_keys_rotate()
    except ImproperlyConfigured as error:
        raise BadInput(str(error)) from error
    security_event_record(
        kind="keys.rotated", target=("security.keys", "field"), detail={"rows": rows}
    )
    print(f"{rows} rows re-encrypted with the newest field key")
    return 0


def handle_purge(args: argparse.Namespace) -> int:
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir)
    from waibao.security.maintenance import security_records_purge

    try:
        deleted = security_records_purge(before=args.before)
    except ValueError as error:
        raise BadInput(str(error)) from error
    print(
        f"deleted {deleted['login_failures']} login-failure counters and "
        f"{deleted['lockouts']} expired locks older than {args.before:%Y-%m-%d}"
    )
    return 0
