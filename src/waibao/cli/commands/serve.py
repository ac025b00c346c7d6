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
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir)
    serve(args.port)
    return 0


def serve(port: int) -> None:
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Waibao 外包: http://127.0.0.1:{port}/", flush=True)
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, insecure_serving=True)
