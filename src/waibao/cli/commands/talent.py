"""``waibao talent purge|sync-trainings|rotate-keys``: retention limits, the training
aggregates, field-key rotation."""

from __future__ import annotations

import argparse
import datetime as dt


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "talent",
        help="talent pool and trainee data: retention purge, training aggregates",
        description="Talent data maintenance (docs/talent.md).",
    )
    actions = parser.add_subparsers(dest="talent_command", metavar="ACTION", required=True)
    purge = actions.add_parser(
        "purge",
        help="erase personal data past its retention limit (run daily)",
        description=(
            "Remove pool entries inactive longer than WAIBAO_TALENT_POOL_INACTIVE_YEARS "
            "(default 3) and erase trainees WAIBAO_TALENT_TRAINEE_YEARS (default 5) after "
            "completion. Anonymous training counts stay."
        ),
    )
    purge.add_argument("--today", default=None, help="the date to purge as of (YYYY-MM-DD)")
    purge.add_argument("--pool-inactive-years", type=int, default=None)
    purge.add_argument("--trainee-years", type=int, default=None)
    purge.add_argument("--data-dir", default=None)
    purge.set_defaults(handler=handle_purge)
    sync = actions.add_parser(
        "sync-trainings",
        help="write the roster aggregates of a year into the registry's training rows",
        description="Idempotent: running it twice changes nothing.",
    )
    sync.add_argument("--year", type=int, required=True)
    sync.add_argument("--data-dir", default=None)
    sync.set_defaults(handler=handle_sync)
    rotate = actions.add_parser(
        "rotate-keys",
        help="re-encrypt personal data under the newest WAIBAO_FIELD_KEY",
        description=(
            "Put the new key first in WAIBAO_FIELD_KEY (or the key file), keep the old ones "
            "after it, run this, then drop the old keys."
        ),
    )
    rotate.add_argument("--data-dir", default=None)
    rotate.set_defaults(handler=handle_rotate)


def handle_purge(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from waibao.cli.django_setup import setup_django
    from waibao.cli.errors import BadInput

    try:
        today = dt.date.fromisoformat(args.today) if args.today else None
    except ValueError as error:
        raise BadInput(f"--today: {args.today!r} is not a date (YYYY-MM-DD)") from error
    setup_django(data_dir=args.data_dir)
    from django.utils import timezone

    from waibao.talent.services import Retention, talent_purge

    try:
        retention = Retention.from_environment()
    except ValueError as error:
        raise BadInput(f"retention settings: {error} (whole years expected)") from error
    if args.pool_inactive_years is not None:
        retention = replace(retention, pool_inactive_years=args.pool_inactive_years)
    if args.trainee_years is not None:
        retention = replace(retention, trainee_years=args.trainee_years)
    result = talent_purge(today=today or timezone.localdate(), retention=retention)
    print(
        f"{result.pool_entries_removed} pool entries removed, {result.people_erased} people erased"
    )
    return 0


def handle_sync(args: argparse.Namespace) -> int:
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir)
    from waibao.talent.services import training_sync_year

    rows = training_sync_year(year=args.year)
    print(f"{rows} training rows written for {args.year}")
    return 0


def handle_rotate(args: argparse.Namespace) -> int:
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir)
    from waibao.talent.services import person_keys_rotate

    print(f"{person_keys_rotate()} people re-encrypted under the newest key")
    return 0
