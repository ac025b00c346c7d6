"""Reference data the reporting imports check against, shipped in ``waibao/data``:
service-outsourcing categories (``categories.csv``, copied from the shared spec) and yearly
exchange rates (``exchange_rates.csv``, see ``exchange_rates.source.md``).

The loaders take the model class so that data migrations can pass their historical model.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from typing import Any

from waibao.paths import DATA_FILES

CATEGORIES_CSV = DATA_FILES / "categories.csv"
CATEGORIES_VERSION = "shared-spec-2026"
EXCHANGE_RATES_CSV = DATA_FILES / "exchange_rates.csv"


def _read(path: Any) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def categories_load(category_model: Any = None, *, version: str = CATEGORIES_VERSION) -> int:
    """Insert or update every category of the shipped file under ``version``; returns how
    many rows were written. Codes are never deleted: contracts point at them."""
    if category_model is None:
        from waibao.reporting.models import Category as category_model
    written = 0
    for row in _read(CATEGORIES_CSV):
        category_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "group": row["group"],
                "name_zh": row["name_zh"],
                "name_en": row["name_en"],
                "version": version,
            },
        )
        written += 1
    return written


def exchange_rates_load(rate_model: Any = None) -> tuple[int, int]:
    """Insert the shipped rates that are missing and update shipped rows whose value changed.

    A row an administrator entered or corrected (its ``source`` differs from the shipped
    file's) is left alone. Returns ``(added, updated)``.
    """
    if rate_model is None:
        from waibao.reporting.models import ExchangeRate as rate_model
    existing = {(r.currency, r.year): r for r in rate_model.objects.all()}
    new, changed = [], []
    for row in _read(EXCHANGE_RATES_CSV):
        key = (row["currency"], int(row["year"]))
        value = Decimal(row["cny_per_unit"])
        current = existing.get(key)
        if current is None:
            new.append(
                rate_model(currency=key[0], year=key[1], cny_per_unit=value, source=row["source"])
            )
        elif current.source == row["source"] and current.cny_per_unit != value:
            current.cny_per_unit = value
            changed.append(current)
    rate_model.objects.bulk_create(new)
    if changed:
        rate_model.objects.bulk_update(changed, ["cny_per_unit"])
    return len(new), len(changed)
