"""Names instead of codes on pages: client countries, service-outsourcing categories and
groups, regions (GB/T 2260) and parks. Codes stay in exports and the API; pages show names.

- Countries: ISO 3166-1 names from pycountry (already a dependency) and its bundled
  ``iso3166-1`` gettext catalogue for Chinese (``zh_CN``), not a hand-written table; English
  pages get pycountry's English (common) name. An unknown code is shown as it is.
- Categories: ``categories.csv``, the shipped MOFCOM table (``name_zh`` / ``name_en``).
- Groups: ``Category.Group`` labels (信息技术外包 …), through the catalogue.
- Regions and parks: the registry's names, fetched once per page for the codes on it.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from functools import lru_cache

from django.utils.translation import get_language


def _english() -> bool:
    return (get_language() or "").startswith("en")


@lru_cache(maxsize=1)
def _country_catalogue() -> gettext.NullTranslations:
    import pycountry

    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True
    )


def country_name(code: str | None) -> str:
    """``CN`` → 中国 (English pages: China); an unknown code unchanged."""
    if not code:
        return ""
    import pycountry

    country = pycountry.countries.get(alpha_2=str(code).upper())
    if country is None:
        return str(code)
    if _english():
        return str(getattr(country, "common_name", None) or country.name)
    return _country_catalogue().gettext(country.name)


@lru_cache(maxsize=1)
def _categories() -> dict[str, tuple[str, str]]:
    from waibao.reporting.reference import CATEGORIES_CSV, _read

    return {row["code"]: (row["name_zh"], row["name_en"]) for row in _read(CATEGORIES_CSV)}


def category_name(code: str | None) -> str:
    """``ITO.02`` → 集成电路和电子电路设计服务 (English pages: its English name)."""
    if not code:
        return ""
    names = _categories().get(str(code))
    if names is None:
        return str(code)
    return names[1] if _english() else names[0]


def group_name(code: str | None) -> str:
    """``BPO`` → 业务流程外包."""
    from waibao.reporting.models import Category

    labels = {str(value): str(label) for value, label in Category.Group.choices}
    return labels.get(str(code), str(code or ""))


def region_names(codes: Iterable[str | None]) -> dict[str, str]:
    """Region code → name for the given codes (one query); codes not in the registry absent."""
    from waibao.registry.models import Region

    wanted = {str(code) for code in codes if code}
    if not wanted:
        return {}
    return dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))


def park_names(ids: Iterable[str | int | None]) -> dict[str, str]:
    """Park id → name for the given ids (one query)."""
    from waibao.registry.models import Park

    wanted = {str(i) for i in ids if i not in (None, "")}
    if not wanted:
        return {}
    return dict(Park.objects.filter(park_id__in=wanted).values_list("park_id", "name"))
