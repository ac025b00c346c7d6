"""``waibao evaluate``: the key-enterprise rating (重点企业评定) or the yearly top ten
(先进企业评选) of a region, with each enterprise's arithmetic; or a city's demonstration-city
scorecard.

    waibao evaluate key_enterprise --region 330100 --year 2024 [--json]
    waibao evaluate top_ten --region 330100 --year 2024 [--json]
    waibao evaluate scorecard --region 330300 --year 2024 [--json]
"""

from __future__ import annotations

import argparse
import json

from waibao.cli.errors import BadInput


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="key-enterprise rating, top ten or city scorecard of a region and year",
        description="Rate a region's enterprises for a year, or score a demonstration city.",
    )
    parser.add_argument("what", choices=["key_enterprise", "top_ten", "scorecard"])
    parser.add_argument("--region", required=True, help="GB/T 2260 code, e.g. 330100")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--data-dir", default=None)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir)
    from waibao.evaluation import selectors
    from waibao.evaluation.scoring import MethodError
    from waibao.registry.models import Region

    if not Region.objects.filter(code=args.region).exists():
        raise BadInput([f"--region: {args.region!r} is not a known GB/T 2260 code"])
    if args.what == "scorecard":
        card = selectors.scorecard_for(args.region, args.year).as_dict()
        if args.json:
            print(json.dumps(card, ensure_ascii=False, indent=2))
            return 0
        for line in card["lines"]:
            points = line["points"] or "—"
            print(f"{line['indicator']:<16}{line['weight']:>4}{points:>8}  {line['how']}")
        print(f"total {card['total']}, rank {card['rank']} of {card['of']}")
        return 0
    try:
        method, ranked = selectors.rating_for(args.what, args.region, args.year)
    except MethodError as error:
        raise BadInput([str(error)]) from None
    if args.json:
        print(
            json.dumps(
                {
                    "method": selectors.method_as_dict(method),
                    "entries": [
                        {"uscc": s.candidate.key, "name": s.candidate.name} | s.explanation(method)
                        for s in ranked
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    print(f"{method.code} {method.version} ({method.normalisation})")
    for s in ranked:
        print(f"{s.rank:>3} {s.score_display:>7} {s.candidate.key} {s.candidate.name}")
        print(f"      {s.explanation(method)['arithmetic']}")
    return 0
