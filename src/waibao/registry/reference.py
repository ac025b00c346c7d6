"""Reference data the registry checks against: the GB/T 2260 division table shipped in
``waibao/data/regions.csv`` (see ``regions.source.md`` for its source and date).

The loader takes the model class so that data migrations can pass their historical model
(``apps.get_model``); it is idempotent and never deletes a code, because organisations
registered under an abolished code keep pointing at it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from waibao.paths import DATA_FILES

REGIONS_CSV = DATA_FILES / "regions.csv"


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: str
    parent_code: str


@lru_cache(maxsize=1)
def region_rows() -> tuple[RegionRow, ...]:
    """Every row of the shipped table, in file order (provinces before their children)."""
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(
            RegionRow(row["code"], row["name"], row["level"], row["parent_code"])
            for row in csv.DictReader(handle)
        )


_LEVEL_ORDER = {"province": 0, "city": 1, "district": 2}


def regions_load(region_model: Any = None) -> tuple[int, int]:
    """Insert the shipped regions that are missing, update those that changed.

    Returns ``(added, updated)``. Parents are written before children, so the foreign keys
    hold at every step on either database.
    """
    if region_model is None:
        from waibao.registry.models import Region as region_model
    existing = {r.code: r for r in region_model.objects.all()}
    added = updated = 0
    rows = sorted(region_rows(), key=lambda row: (_LEVEL_ORDER[row.level], row.code))
    for level in ("province", "city", "district"):
        new = []
        changed = []
        for row in rows:
            if row.level != level:
                continue
            parent_id = row.parent_code or None
            current = existing.get(row.code)
            if current is None:
                new.append(
                    region_model(code=row.code, name=row.name, level=row.level, parent_id=parent_id)
                )
            elif (current.name, current.level, current.parent_id) != (
                row.name,
                row.level,
                parent_id,
            ):
                current.name, current.level, current.parent_id = row.name, row.level, parent_id
                changed.append(current)
        region_model.objects.bulk_create(new, batch_size=1000)
        if changed:
            region_model.objects.bulk_update(changed, ["name", "level", "parent"], batch_size=500)
        added += len(new)
        updated += len(changed)
    return added, updated
