"""The talent targets of the texts (each policy folder's ``talent_targets.yaml``) and
progress towards them from the rosters, for the statistics targets (``waibao stats
targets``). The folders are found through the catalogue, so a new text's talent targets need
no change here."""

from __future__ import annotations

from typing import Any

from waibao import policy_files

TARGETS_FILE_NAME = "talent_targets.yaml"


def talent_targets() -> tuple[dict[str, Any], ...]:
    """Every talent target, folder by folder in the catalogue's order; ``region_prefix``
    defaults to the folder's region."""
    return tuple(
        {"region_prefix": jurisdiction.region, **target}
        for jurisdiction, data in policy_files.read_all(TARGETS_FILE_NAME)
        for target in data.get("targets") or []
    )


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
