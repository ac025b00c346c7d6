"""``waibao funds preload --year YEAR``: create the seed texts' special funds and budget lines."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "funds",
        help="special funds (专项资金)",
        description="Special funds: budgets, applications, allocation and payments.",
    )
    actions = parser.add_subparsers(dest="funds_command", metavar="ACTION", required=True)
    preload = actions.add_parser(
        "preload",
        help="create the funds of the policy texts and their budget lines for the years given",
        description=(
            "Create the special funds the seed texts set up (each text's special-fund clause) "
            "and, for each year a fund covers, its "
            "budget lines with an appropriation for every amount the text states. A fund whose "
            "text names no amount gets none unless --amount gives the bureau's. Idempotent."
        ),
    )
    preload.add_argument(
        "--year",
        type=int,
        action="append",
        default=[],
        metavar="YEAR",
        help="a budget year (repeat for several)",
    )
    preload.add_argument(
        "--amount",
        action="append",
        default=[],
        metavar="FUND=YUAN",
        help=(
            "the bureau's yearly amount for a fund whose text names none, e.g. "
            "CODE=50000000 with the fund's code (repeat for several)"
        ),
    )
    preload.add_argument("--data-dir", default=None)
    preload.set_defaults(handler=handle_preload)


def handle_preload(args: argparse.Namespace) -> int:
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir)
    from waibao.cli.errors import BadInput
    from waibao.funds.budgets import FUNDS
    from waibao.funds.models import BudgetLine
    from waibao.funds.selectors import budget_line_balance
    from waibao.funds.services import funds_preload
    from waibao.money import MoneyError, parse_fen

    amounts: dict[str, int] = {}
    problems = []
    codes = {spec.code for spec in FUNDS}
    for given in args.amount:
        code, _, text = given.partition("=")
        code = code.strip()
        try:
            fen = parse_fen(text.strip())
        except MoneyError as error:
            problems.append(f"--amount {given}: {error}")
            continue
        if code not in codes:
            problems.append(f"--amount {given}: no fund {code!r} ({', '.join(sorted(codes))})")
        elif fen <= 0:
            problems.append(f"--amount {given}: the amount must be positive")
        else:
            amounts[code] = fen
    if problems:
        raise BadInput(problems)
    funds = funds_preload(years=args.year, amounts=amounts)
    for fund in funds:
        print(f"{fund.code}\t{fund.name}\t{fund.citation}")
        for line in BudgetLine.objects.filter(fund=fund, year__in=args.year):
            balance = budget_line_balance(line=line).as_strings()
            print(f"  {line.year}\t{line.source}\t{line.source_name}\t{balance['appropriated']}")
    return 0
