"""The funds' entitlement import of a year: the rows ``waibao.entitlements`` computes from the
database (the bureau's parameter settings applied, as in the calculator and the CLI), stored
as the funds' snapshots. The funds app itself works, and is tested, on rows given to it
directly (``waibao.funds.services.entitlement_import``)."""

from __future__ import annotations

from typing import Any

from waibao.entitlements import entitlements_for_year
from waibao.funds.services import ImportResult, entitlement_import


def entitlement_import_for_year(*, year: int, actor: Any = None) -> ImportResult:
    """Compute the year's entitlements of every organisation and store them as the funds'
    snapshots (rows that do not apply are not entitlements and are left out)."""
    return entitlement_import(rows=entitlements_for_year(year), actor=actor)
