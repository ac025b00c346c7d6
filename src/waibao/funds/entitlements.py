"""The funds' entitlement import of a year: the rows ``waibao.entitlements`` computes from the
database (the bureau's parameter settings applied, as in the calculator and the CLI), stored
as the funds' snapshots. The funds app itself works, and is tested, on rows given to it
directly (``waibao.funds.services.entitlement_import``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from waibao.entitlements import entitlements_for_year_in
from waibao.funds.services import ImportResult, entitlement_import

# The snapshot's explanation is shown on the application's pages: in the bureau's language,
# Chinese (the rules engine's default, English, is for the CLI's scripts), and the engine's
# English beside it for the /en/ pages (docs/decisions/0036).
SNAPSHOT_LANGUAGE = "zh-hans"
SECOND_LANGUAGE = "en"

Key = tuple[str, int, str]


def _key(row: Mapping[str, Any]) -> Key:
    return (str(row["uscc"]), int(row["year"]), str(row["clause"]))


def with_english(
    rows: Iterable[Mapping[str, Any]], english: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """``rows`` (the snapshot's language) each with ``explanation_en`` from the engine's
    English run of the same facts, matched by organisation, year and clause. The engine
    computes the same rows in either language; a row the English run lacks keeps none."""
    explained = {_key(row): str(row.get("explanation") or "") for row in english}
    return [{**row, "explanation_en": explained.get(_key(row), "")} for row in rows]


def entitlement_rows_for_year(year: int) -> list[dict[str, Any]]:
    """The year's entitlements explained in Chinese, with the English explanation beside (the
    facts read once, the engine run in each language: on the demo's 2024, 361 rows, the
    English run adds about 0.2 s to the snapshot; docs/decisions/0036)."""
    rows = entitlements_for_year_in((SNAPSHOT_LANGUAGE, SECOND_LANGUAGE), year)
    return with_english(rows[SNAPSHOT_LANGUAGE], rows[SECOND_LANGUAGE])


def entitlement_import_for_year(*, year: int, actor: Any = None) -> ImportResult:
    """Compute the year's entitlements of every organisation and store them as the funds'
    snapshots (rows that do not apply are not entitlements and are left out), explained in
    Chinese (``SNAPSHOT_LANGUAGE``) and in English (``SECOND_LANGUAGE``)."""
    return entitlement_import(rows=entitlement_rows_for_year(year), actor=actor)
