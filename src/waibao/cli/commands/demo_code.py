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

    setup_django(data_dir=args.data_dir, existing=True)
    import pyotp

    from waibao.demo.logins import DEMO_ENTERPRISE_USERNAMES, DEMO_USERNAMES
    from waibao.security.models import TOTPDevice

    if args.username not in DEMO_USERNAMES:
        raise BadInput(f"{args.username}: not a demo login; real users use their own device")
    if args.username in DEMO_ENTERPRISE_USERNAMES:
        raise BadInput(
            f"{args.username}: an enterprise login signs in with its password only; enterprise "
            "logins have no second factor by design (企业账户仅用密码登录，无动态口令)"
        )
    device = TOTPDevice.objects.filter(user__username=args.username).first()
    if device is None:
        raise BadInput(
            f"{args.username}: has no second factor in this database yet "
            "(run `./waibao demo --no-serve` to create the demo logins)"
        )
    print(pyotp.TOTP(str(device.secret)).now())
    return 0
