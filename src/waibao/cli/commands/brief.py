"""``waibao brief``: the industry brief (产业简报) of a month as a PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "brief",
        help="the industry brief (产业简报) of a month as a PDF",
        description="Year to date through --period against the same months of last year.",
    )
    parser.add_argument("--period", required=True, help="YYYY-MM, e.g. 2025-06")
    parser.add_argument("--city", default=None, help="city code (e.g. 140200); default: all")
    parser.add_argument("--output", default=None, help="PDF file (default: brief-PERIOD.pdf)")
    parser.add_argument("--data-dir", default=None)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from waibao.cli.errors import BadInput
    from waibao.publishing.period import parse_period

    try:
        year, month = parse_period(args.period)
    except ValueError as error:
        raise BadInput([f"--period: {error}"]) from error
    city = args.city
    if city is not None and not (len(city) == 6 and city.isdigit() and city.endswith("00")):
        raise BadInput([f"--city: {city!r} is not a 6-digit city code ending in 00"])
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir)
    from waibao.publishing.brief import brief_pdf
    from waibao.publishing.fonts import NoCJKFont

    try:
        pdf = brief_pdf(year, month, city_code=city)
    except NoCJKFont as error:
        raise BadInput([str(error)]) from error
    output = Path(args.output or f"brief-{args.period}.pdf")
    output.write_bytes(pdf)
    sys.stdout.write(f"{output} ({len(pdf)} bytes)\n")
    return 0
