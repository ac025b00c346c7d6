"""``waibao demo``: build (or reuse) the demo database, print the logins, serve it."""

from __future__ import annotations

import argparse
import sys

from waibao.cli.errors import BadInput


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="create or reuse the demo database, print the demo logins and serve it",
        description=(
            "Create or reuse an SQLite database in the data directory (DATABASE_URL, when set, "
            "names the database instead), migrate it, load the demo data set (five "
            "jurisdictions, 2019-2025; a second run reuses it), create one login per role, "
            "print the URL and the logins, and serve on 127.0.0.1 until stopped."
        ),
    )
    parser.add_argument("--no-serve", action="store_true", help="stop after loading")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--data-dir",
        default=None,
        help="data directory (default $WAIBAO_DATA_DIR, else the checkout's .waibao)",
    )
    parser.add_argument(
        "--enterprises",
        type=int,
        default=None,
        metavar="N",
        help="ordinary enterprises to generate besides the hand-made ones "
        "(default 300; 100000 for benchmarks)",
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed (default 2025)")
    from waibao.cli.commands.serve import add_debug_argument

    add_debug_argument(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from waibao import demo

    enterprises = demo.DEFAULT_ENTERPRISES if args.enterprises is None else args.enterprises
    if enterprises < 0:
        raise BadInput("--enterprises: must be 0 or more")
    seed = demo.DEFAULT_SEED if args.seed is None else args.seed

    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir)

    from django.db import connection

    from waibao.demo.loader import demo_load
    from waibao.demo.logins import demo_logins_ensure

    total = demo.organisation_count(enterprises)
    progress = _progress_bar(total) if sys.stdout.isatty() else None
    bundles = demo.generate(seed=seed, enterprises=enterprises)
    result = demo_load(
        bundles, expected=demo.usccs(seed=seed, enterprises=enterprises), progress=progress
    )
    if progress:
        print(file=sys.stderr)
    logins = demo_logins_ensure()
    from django.contrib.auth import get_user_model

    from waibao.portal.selectors import figures_warm

    # The leaders' figures computed now, not by their first visit (cached by data version).
    figures_warm(
        list(get_user_model().objects.filter(username__in=[login.username for login in logins]))
    )

    where = connection.settings_dict["NAME"]
    if result.organisations_added:
        print(
            f"演示数据已载入 demo data loaded into {where}: {result.organisations_added} "
            f"organisations, {result.contracts_added} contracts, "
            f"{result.executions_added} executions in {result.seconds:.1f} s"
        )
    else:
        print(
            f"演示数据已存在 demo data reused from {where}: "
            f"{result.organisations_existing} organisations"
        )
    url = f"http://127.0.0.1:{args.port}/"
    print(f"网址 URL: {url}   管理后台 admin: {url}admin/   接口 API: {url}api/docs")
    print("演示账号 demo logins (demo only, never for real use):")
    for login in logins:
        print(
            f"  {login.role:<18} username {login.username:<8} password {login.password:<18} "
            f"{login.role_label} · {login.scope}"
        )
        if login.totp_secret:
            print(f"  {'':<18} 动态口令 TOTP secret {login.totp_secret}")
    print(
        "工作人员登录需动态口令：把密钥加入身份验证器，或运行 `./waibao demo-code 用户名`。\n"
        "Staff sign in with a TOTP code: add the secret to an authenticator app, or run "
        "`./waibao demo-code USERNAME`."
    )
    sys.stdout.flush()
    if not args.no_serve:
        from waibao.cli.commands.serve import serve

        serve(args.port, debug=args.debug)
    return 0


def _progress_bar(total: int):  # type: ignore[no-untyped-def]
    def show(done: int) -> None:
        width = 40
        filled = int(width * done / max(total, 1))
        print(
            f"\r载入 loading [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
            end="",
            file=sys.stderr,
            flush=True,
        )

    return show
