"""The talent targets of the texts (``data/talent_targets.yaml``) and progress towards them
from the rosters, for the statistics targets (``waibao stats targets``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from waibao.paths import PACKAGE_DIR

TARGETS_FILE = PACKAGE_DIR / "talent" / "data" / "talent_targets.yaml"


@lru_cache(maxsize=1)
def talent_targets() -> tuple[dict[str, Any], ...]:
    with TARGETS_FILE.open(encoding="utf-8") as handle:
        return tuple(yaml.safe_load(handle)["targets"])


def talent_target_progress(target_id: str, *, up_to_year: int | None = None) -> dict[str, Any]:
    """``{"id", "value", "achieved", "years": {year: count}}``: the metric summed over the
    target's period (up to ``up_to_year`` when given)."""
    from waibao.talent.selectors import talent_totals

    target = next(t for t in talent_targets() if t["id"] == target_id)
    last = target["period"]["to"] if up_to_year is None else min(up_to_year, target["period"]["to"])
    years = {
        year: talent_totals(year, target["region_prefix"])[target["metric"]]
        for year in range(target["period"]["from"], last + 1)
    }
    return {
        "id": target_id,
        "value": target["value"],
        "achieved": sum(years.values()) if target["cumulative"] else years.get(last, 0),
        "years": years,
    }
