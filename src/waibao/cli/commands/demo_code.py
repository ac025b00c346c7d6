"""``waibao demo-code USERNAME``: the current TOTP code of a demo staff login.

Only for the demo logins that ``waibao demo`` creates and prints (their secrets are printed
anyway); it refuses any other user, so it is no way around a real user's second factor.
"""

from __future__ import annotations

import argparse

from waibao.cli.errors import BadInput


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo-code",
        help="print the current second-factor code of a demo staff login",
        description="Print the current TOTP code of a demo staff login (demo logins only).",
    )
    parser.add_argument("username")
    parser.add_argument("--data-dir", default=None)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir)
    import pyotp

    from waibao.demo.logins import DEMO_USERNAMES
    from waibao.security.models import TOTPDevice

    if args.username not in DEMO_USERNAMES:
        raise BadInput(f"{args.username}: not a demo login; real users use their own device")
    device = TOTPDevice.objects.filter(user__username=args.username).first()
    if device is None:
        raise BadInput(f"{args.username}: has no second factor (run `waibao demo` first)")
    print(pyotp.TOTP(str(device.secret)).now())
    return 0
