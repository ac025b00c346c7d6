"""统计查询 as the page shows it: the indicator items (``waibao.readmodel.statistics``, the
same as the API's) with names instead of codes and amounts in 万/亿."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

# The two STATS.md markets that are not a country; the others are named as countries.
MARKET_NAMES: dict[str, Any] = {"EU": _("欧盟"), "OTHER": _("其他国家和地区")}


def display_table(items: list[dict[str, Any]], columns: list[str]) -> list[list[Any]]:
    """The items as the page shows them (the files keep the machine values): names instead of
    codes for the grouping fields, amounts in 万/亿 with the exact value on hover, counts with
    thousands separators, the growth as a signed percentage."""
    from waibao import numbers_display
    from waibao.portal import names
    from waibao.registry.models import Organisation
    from waibao.stats.indicators import AMOUNTS, COUNTS, PREVIOUS_EXECUTED

    regions = names.region_names(
        str(item.get(name)) for item in items for name in ("region_code", "city")
    )
    parks = names.park_names(item.get("park_id") for item in items)
    ownership = {str(value): str(label) for value, label in Organisation.Ownership.choices}

    def cell(name: str, value: Any) -> Any:
        if value is None or isinstance(value, bool):
            return value
        if name in AMOUNTS:
            return numbers_display.amount_html(value)
        if name == PREVIOUS_EXECUTED:
            return numbers_display.percent(value, signed=True)
        if name in COUNTS:
            return numbers_display.grouped(value)
        if name == "client_country":
            return names.country_name(value)
        if name == "market":
            return MARKET_NAMES[value] if value in MARKET_NAMES else names.country_name(value)
        if name == "category":
            return names.category_name(value)
        if name == "group":
            return names.group_name(value)
        if name in ("region_code", "city"):
            return regions.get(str(value), value)
        if name == "park_id":
            return parks.get(str(value), value)
        if name == "ownership":
            return ownership.get(str(value), value)
        return value

    return [[cell(name, item[name]) for name in columns] for item in items]
