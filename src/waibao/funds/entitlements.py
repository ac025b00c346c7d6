"""The thin adapter to the rules engine: entitlements of a year, computed from the database.

``waibao.rules`` and ``waibao.facts`` belong to another package (and are merged later), so
they are imported only when called: the funds app works, and is tested, on entitlement rows
given to it directly.
"""

from __future__ import annotations

import importlib
from typing import Any

from waibao.funds.services import ImportResult, entitlement_import


def entitlements_for_year(year: int) -> list[dict[str, Any]]:
    """Entitlement rows (FACTS.md shape) the rules engine finds for every organisation's
    facts of ``year`` in the database, with the bureau's parameter settings applied
    (``waibao.policy``)."""
    from waibao.policy.selectors import entitlement_reform

    facts = importlib.import_module("waibao.facts.from_db").facts_for_year(year)
    rows: list[dict[str, Any]] = importlib.import_module("waibao.rules").entitlements(
        facts, reform=entitlement_reform()
    )
    return [row for row in rows if row.get("applies", True) is not False]


def entitlement_import_for_year(*, year: int, actor: Any = None) -> ImportResult:
    """Compute the year's entitlements and store them as the funds' snapshots."""
    return entitlement_import(rows=entitlements_for_year(year), actor=actor)
