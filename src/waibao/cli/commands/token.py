"""``waibao token USERNAME``: make an API token for a machine client; the secret is printed
once and only its SHA-256 is kept."""

from __future__ import annotations

import argparse

from waibao.cli.errors import BadInput


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "token",
        help="make an API token for a user (printed once)",
        description="Make an API token (Authorization: Bearer ...) acting as USERNAME, with "
        "that user's role and scope. The secret is printed once; revoke it in the admin.",
    )
    parser.add_argument("username")
    parser.add_argument("--name", default="api", help="what the token is for")
    parser.add_argument("--data-dir", default=None)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir, existing=True)
    from django.contrib.auth import get_user_model

    from waibao.apitokens.services import token_create

    user = get_user_model().objects.filter(username=args.username, is_active=True).first()
    if user is None:
        raise BadInput(f"username: no active user {args.username!r}")
    _, raw = token_create(user=user, name=args.name)
    print(raw)
    return 0
