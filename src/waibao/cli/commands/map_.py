"""``waibao map import FILE --city CODE --approval 审图号``: load the bureau's licensed
district boundaries for one city; ``waibao map remove --city CODE``: remove them again, so
that the city's map is the schematic (docs/decisions/0029-map-boundaries.md).

All-or-nothing: every problem is printed to standard error as
``file: feature N: field: reason`` and the exit status is 1; nothing is written. Without an
import the investment map stays the schematic. Removing a city that has no import is bad
input too (exit status 1), so that a mistyped code does not pass for a removal.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "map",
        help="investment map: import or remove a licensed district boundary file",
        description="The investment map's district boundaries (docs/publishing.md).",
    )
    actions = parser.add_subparsers(dest="map_command", metavar="ACTION", required=True)
    load = actions.add_parser(
        "import",
        help="import a city's district boundaries (GeoJSON with its 审图号), all-or-nothing",
        description=(
            "Read a GeoJSON FeatureCollection: one feature per district, its GB/T 2260 code in "
            "the property adcode or code (or --code-field), every code a district of --city, "
            "geometry Polygon or MultiPolygon in longitude/latitude. The map approval number "
            "(审图号) is required and shown on the map. Replaces an earlier import of the city."
        ),
    )
    load.add_argument("file", type=Path, help="the GeoJSON file")
    load.add_argument("--city", required=True, help="the city's GB/T 2260 code (e.g. 440100)")
    load.add_argument("--approval", required=True, help="the map approval number (审图号)")
    load.add_argument("--source", default="", help="where the boundary file comes from")
    load.add_argument("--code-field", default=None, help="the property holding the district code")
    load.add_argument("--data-dir", default=None, help="data directory")
    load.set_defaults(handler=handle_import)
    remove = actions.add_parser(
        "remove",
        help="remove a city's imported district boundaries: its map is the schematic again",
        description=(
            "Delete the boundary file imported for --city (and its 审图号); the city's "
            "investment map is then the schematic, as before any import. Recorded in the "
            "audit trail. Exit status 1 when the city has no import."
        ),
    )
    remove.add_argument("--city", required=True, help="the city's GB/T 2260 code (e.g. 440100)")
    remove.add_argument("--data-dir", default=None, help="data directory")
    remove.set_defaults(handler=handle_remove)


def handle_import(args: argparse.Namespace) -> int:
    from waibao.cli.django_setup import setup_django
    from waibao.cli.errors import BadInput

    if not args.file.is_file():
        raise BadInput(f"{args.file}: no such file")
    setup_django(data_dir=args.data_dir)
    from waibao.publishing.boundaries import BoundaryFileError, boundary_import

    try:
        result = boundary_import(
            args.file,
            city_code=args.city,
            approval_number=args.approval,
            source=args.source,
            code_field=args.code_field,
        )
    except BoundaryFileError as error:
        raise BadInput(error.problems) from error
    print(
        f"{args.file}: {result.feature_count} districts imported for {result.city_code} "
        f"(审图号 {result.approval_number})"
    )
    return 0


def handle_remove(args: argparse.Namespace) -> int:
    from waibao.cli.django_setup import setup_django
    from waibao.cli.errors import BadInput

    setup_django(data_dir=args.data_dir)
    from waibao.publishing.boundaries import NoBoundaryImport, boundary_remove

    try:
        approval_number = boundary_remove(args.city)
    except NoBoundaryImport as error:
        raise BadInput(str(error)) from error
    removed = f" (审图号 {approval_number})" if approval_number else ""
    print(f"{args.city}: district boundaries removed{removed}; the map is the schematic again")
    return 0
