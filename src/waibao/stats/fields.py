"""The grouping fields of STATS.md (``--by``) and the market each client country belongs to."""

from __future__ import annotations

GROUPING_FIELDS: tuple[str, ...] = (
    "month",
    "quarter",
    "group",
    "category",
    "client_country",
    "market",
    "offshore",
    "region_code",
    "city",
    "park_id",
    "ownership",
)

# STATS.md markets. EU means the member states on the statistics' date of writing (27, without
# the United Kingdom, which left on 2020-01-31): MOFCOM's tables list the EU as one market.
EU_MEMBERS: frozenset[str] = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
SINGLE_MARKETS: frozenset[str] = frozenset({"US", "JP", "HK", "MO", "TW", "KR", "SG", "CN"})
MARKETS: tuple[str, ...] = ("US", "EU", "JP", "HK", "MO", "TW", "KR", "SG", "OTHER", "CN")


def market_of(client_country: str) -> str:
    """The STATS.md market of an ISO 3166-1 alpha-2 client country."""
    if client_country in SINGLE_MARKETS:
        return client_country
    if client_country in EU_MEMBERS:
        return "EU"
    return "OTHER"


class UnknownField(ValueError):
    """A ``--by`` field STATS.md does not define."""


def parse_fields(text: str | None, *, option: str = "--by") -> list[str]:
    """``"group,offshore"`` → ``["group", "offshore"]``, refusing unknown and repeated names;
    ``option`` names the parameter in the message (``by`` on the web)."""
    if not text:
        return []
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in GROUPING_FIELDS]
    if unknown:
        raise UnknownField(
            f"{option}: unknown field {', '.join(map(repr, unknown))}; "
            f"choose from {', '.join(GROUPING_FIELDS)}"
        )
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise UnknownField(f"{option}: field {', '.join(map(repr, repeated))} given twice")
    return names
