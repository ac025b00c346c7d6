"""The funds' entitlement import of a year: the rows ``waibao.entitlements`` computes from the
database (the bureau's parameter settings applied, as in the calculator and the CLI), stored
as the funds' snapshots. The funds app itself works, and is tested, on rows given to it
directly (``waibao.funds.services.entitlement_import``)."""

from __future__ import annotations

from typing import Any

from waibao.entitlements import entitlements_for_year
from waibao.funds.services import ImportResult, entitlement_import

# The snapshot's explanation is shown on the application's pages: in the bureau's language,
# Chinese (the rules engine's default, English, is for the CLI's scripts).
SNAPSHOT_LANGUAGE = "zh-hans"


def entitlement_import_for_year(*, year: int, actor: Any = None) -> ImportResult:
    """Compute the year's entitlements of every organisation and store them as the funds'
    snapshots (rows that do not apply are not entitlements and are left out), explained in
    Chinese (``SNAPSHOT_LANGUAGE``)."""
    rows = entitlements_for_year(year, language=SNAPSHOT_LANGUAGE)
    return entitlement_import(rows=rows, actor=actor)
