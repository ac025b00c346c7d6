"""``waibao demo``: build (or reuse) the demo database, print the logins, serve it."""

from __future__ import annotations

import argparse
import os
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
            "jurisdictions, 2019-2025; a second run reuses it), create the demo logins of every "
            "role in every jurisdiction, make a 2024 year of each special fund (applications in "
            "every state, 免申即享, a batch paid), print the URL and the logins, and serve on "
            "127.0.0.1 until stopped. --logins prints the logins of an existing demo database "
            "again."
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
    parser.add_argument(
        "--logins",
        action="store_true",
        help="print the demo logins of an existing demo database again, changing nothing",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from waibao import demo

    if args.logins:
        return _print_logins(args.data_dir)
    enterprises = demo.DEFAULT_ENTERPRISES if args.enterprises is None else args.enterprises
    if enterprises < 0:
        raise BadInput("--enterprises: must be 0 or more")
    seed = demo.DEFAULT_SEED if args.seed is None else args.seed
    stages = Stages(total=5)

    with stages.stage("准备数据库 database (create, migrate)"):
        from waibao.cli.django_setup import setup_django

        if not args.no_serve:
            # the served pages show the demo's guided tour (演示导览) from this flag (the
            # setting WAIBAO_DEMO, not an import of waibao.demo: the portal stands below it)
            os.environ["WAIBAO_DEMO"] = "1"

        setup_django(data_dir=args.data_dir)

    from django.db import connection

    from waibao.demo.loader import demo_load
    from waibao.demo.logins import demo_logins_ensure, logins_table
    from waibao.demo.money_path import YEAR, demo_money_path_ensure
    from waibao.demo.year_of_work import demo_year_of_work_ensure

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
    with stages.stage(f"专项资金年度 funds year {YEAR} (applications, 公示, payments)"):
        money = demo_money_path_ensure()
    with stages.stage("一年工作 year of work (认定, 信用, 培训, 人才库, 公告, 督办)"):
        work = demo_year_of_work_ensure(seed=seed)

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
    if not money.existing:
        print(
            f"专项资金 funds {YEAR}: {money.applications} applications in every state, "
            f"{money.automatic} 免申即享 applications awaiting confirmation"
            + "".join(f"; {note}" for note in money.skipped)
        )
    if not work.existing:
        print(
            "一年工作 year of work: "
            + ", ".join(f"{name} {count}" for name, count in work.counts.items())
        )
    print(f"就绪 ready in {stages.elapsed():.1f} s", file=sys.stderr, flush=True)
    url = f"http://127.0.0.1:{args.port}/"
    print(f"网址 URL: {url}   管理后台 admin: {url}admin/   接口 API: {url}api/docs")
    print(logins_table(logins))
    sys.stdout.flush()
    if args.no_serve:  # nobody is waiting for a page: the lists are made now
        _lists()
    else:
        from waibao.cli.commands.serve import serve

        # The leaders' figures are computed while the server already answers, not before:
        # nobody waits for them (a visitor who comes first computes them, in under a second
        # on the demo data; docs/decisions/0009).
        _warm_in_background([login.username for login in logins])
        serve(args.port, debug=args.debug)
    return 0


def _print_logins(data_dir: str | None) -> int:
    """``--logins``: the table again, read from the existing database (no migration, no load,
    no password reset)."""
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=data_dir, existing=True)
    from waibao.demo.logins import demo_logins_read, logins_table

    logins = demo_logins_read()
    if not logins:
        raise BadInput("no demo logins in this database: run `./waibao demo --no-serve` first")
    print(logins_table(logins))
    return 0


def _lists() -> None:
    """The published lists (key enterprises, top ten) and the open-data release: slower than
    the rest, needed by no first page (waibao.demo.year_of_work)."""
    from waibao.demo.year_of_work import demo_lists_ensure

    started = time.perf_counter()
    lists = demo_lists_ensure()
    if not lists.existing:
        print(
            f"名单与开放数据 lists and open data: {lists.counts.get('lists', 0)} lists, "
            f"{lists.counts.get('data_releases', 0)} release "
            f"({time.perf_counter() - started:.1f} s)",
            file=sys.stderr,
            flush=True,
        )


def _warm_in_background(usernames: list[str]) -> threading.Thread:
    def warm() -> None:
        from django.contrib.auth import get_user_model
        from django.db import connection

        from waibao.portal.selectors import figures_warm

        try:
            _lists()
        except Exception as error:  # the demo's lists must never stop the server
            print(f"名单未完成 lists not published: {error}", file=sys.stderr)
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
