"""``waibao demo``: build (or reuse) the demo database, print the logins, serve it."""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

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
    stages = Stages(total=3)

    with stages.stage("准备数据库 database (create, migrate)"):
        from waibao.cli.django_setup import setup_django

        setup_django(data_dir=args.data_dir)

    from django.db import connection

    from waibao.demo.loader import demo_load
    from waibao.demo.logins import demo_logins_ensure

    total = demo.organisation_count(enterprises)
    with stages.stage(f"载入演示数据 demo data ({total} organisations)"):
        progress = _progress_bar(total) if _terminal(sys.stderr) else None
        bundles = demo.generate(seed=seed, enterprises=enterprises)
        result = demo_load(
            bundles, expected=demo.usccs(seed=seed, enterprises=enterprises), progress=progress
        )
        if progress:
            print("\r\x1b[K", end="", file=sys.stderr)
    with stages.stage("演示账号 demo logins"):
        logins = demo_logins_ensure()

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
    print(f"就绪 ready in {stages.elapsed():.1f} s", file=sys.stderr, flush=True)
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

        # The leaders' figures are computed while the server already answers, not before:
        # nobody waits for them (a visitor who comes first computes them, in under a second
        # on the demo data; docs/decisions/0009).
        _warm_in_background([login.username for login in logins])
        serve(args.port, debug=args.debug)
    return 0


def _warm_in_background(usernames: list[str]) -> threading.Thread:
    def warm() -> None:
        from django.contrib.auth import get_user_model
        from django.db import connection

        from waibao.portal.selectors import figures_warm

        try:
            figures_warm(list(get_user_model().objects.filter(username__in=usernames)))
        except Exception as error:  # a cache warm-up must never stop the server
            print(f"预热未完成 figures not warmed: {error}", file=sys.stderr)
        finally:
            connection.close()

    thread = threading.Thread(target=warm, name="waibao-demo-warm", daemon=True)
    thread.start()
    return thread


class Stages:
    """One line per stage on standard error: its number, its name and how long it took
    (``[2/3] 载入演示数据 demo data (339 organisations) … 3.1 s``), so a newcomer sees what
    the command is doing and where the time goes."""

    def __init__(self, *, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.started = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        stream = self.stream or sys.stderr
        self.done += 1
        prefix = f"[{self.done}/{self.total}] {name} …"
        if _terminal(stream):
            print(prefix, end="\r", file=stream, flush=True)
        start = time.perf_counter()
        yield
        print(f"{prefix} {time.perf_counter() - start:.1f} s", file=stream, flush=True)


def _terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


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
