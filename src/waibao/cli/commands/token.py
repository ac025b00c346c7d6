"""``waibao token USERNAME``: make an API token for a machine client; the secret is printed
once (stdout) with when it expires (stderr), and only its SHA-256 is kept. A staff user's
token needs that user's second factor now: ``--code`` (authenticator or recovery code)."""

from __future__ import annotations

import argparse
import sys

from waibao.cli.errors import BadInput


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "token",
        help="make an API token for a user (printed once)",
        description="Make an API token (Authorization: Bearer ...) acting as USERNAME, with "
        "that user's role and scope. The secret is printed once, with its expiry; revoke it "
        "in the admin. A staff user's token needs a code of that user's second factor.",
    )
    parser.add_argument("username")
    parser.add_argument("--name", default="api", help="what the token is for")
    parser.add_argument(
        "--days", type=int, default=None, help="lifetime in days (default WAIBAO_API_TOKEN_DAYS)"
    )
    parser.add_argument(
        "--code", default=None, help="the user's current authenticator code or a recovery code"
    )
    parser.add_argument("--data-dir", default=None)
    parser.set_defaults(handler=handle)


def _second_factor_given(user: object, code: str | None) -> bool:
    from waibao.security.totp import confirmed_device, recovery_code_use, totp_verify

    if not code:
        return False
    device = confirmed_device(user)
    if device is not None and totp_verify(device=device, code=code):
        return True
    return recovery_code_use(user=user, code=code)


def handle(args: argparse.Namespace) -> int:
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir, existing=True)
    from django.contrib.auth import get_user_model

    from waibao.apitokens.services import TokenRefused, token_create

    user = get_user_model().objects.filter(username=args.username, is_active=True).first()
    if user is None:
        raise BadInput(f"username: no active user {args.username!r}")
    if args.code and not _second_factor_given(user, args.code):
        raise BadInput("code: not a current authenticator or unused recovery code of this user")
    try:
        token, raw = token_create(
            user=user, name=args.name, second_factor_given=bool(args.code), days=args.days
        )
    except TokenRefused as refused:
        raise BadInput(str(refused)) from refused
    print(raw)
    print(f"expires {token.expires_at.isoformat(timespec='minutes')}", file=sys.stderr)
    return 0
