"""``waibao serve``: serve the configured database on 127.0.0.1."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the configured database (DATABASE_URL; SQLite in the data directory)",
        description="Serve Waibao on 127.0.0.1 until stopped.",
    )
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--data-dir", default=None)
    add_debug_argument(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir)
    serve(args.port, debug=args.debug)
    return 0


def add_debug_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--debug",
        action="store_true",
        help="serve with Django's DEBUG on (tracebacks and debug pages in the browser; "
        "off by default, so visitors see the Chinese 403/404/500 pages)",
    )


def serve(port: int, *, debug: bool = False) -> None:
    """Serve until stopped, DEBUG off unless ``debug``: the development settings keep DEBUG
    on for the command line, but a browser should meet the site's own error pages, not
    Django's debug pages (docs/decisions/0018-chinese-pages-and-numbers.md). The development
    key fallback of ``waibao.crypto`` stays on (``WAIBAO_DEVELOPMENT_KEYS``): the demo data
    directory's generated keys must keep working with DEBUG off."""
    from django.conf import settings
    from django.core.management import call_command

    if settings.DEBUG and not debug:
        settings.WAIBAO_DEVELOPMENT_KEYS = True
        settings.DEBUG = False
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Waibao 外包: http://127.0.0.1:{port}/", flush=True)
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, insecure_serving=True)
