"""Entitlements computed with the bureau's parameter settings: the one place that joins the
facts (``waibao.facts``), the rules engine (``waibao.rules``) and the bureau's parameter
overlay (``waibao.policy``), for the calculator (page and API), the funds' entitlement
import, ``waibao entitlements --from-db`` and the public calculator.

Before, each of them built the rows itself and two spellings of the overlay were in use;
one place means the same organisation-year gets the same amounts everywhere
(docs/decisions/0024-one-entitlements-service.md). It sits above facts, rules, registry and
policy and below funds, portal, api and cli, and imports none of the latter.

The rules engine and the facts builder are imported when called, as elsewhere in the web
apps: Polars loads on the first computation, not when Django starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "bureau_overlay",
    "entitlements_for_facts",
    "entitlements_for_year",
    "entitlements_for_year_in",
    "facts_frame_for_year",
]

Overlay = dict[str, dict[str, str | None]]


def bureau_overlay() -> Overlay | None:
    """The bureau's parameter settings as the rules engine's ``reform`` takes them:
    ``{parameter: {effective date (ISO): value}}``, for each (parameter, date) the latest
    decision; ``None`` when the bureau has configured nothing (the law alone)."""
    from waibao.policy.selectors import overlay

    return overlay() or None


def entitlements_for_facts(
    records: Iterable[Mapping[str, Any]] | pl.DataFrame,
    *,
    include_all: bool = False,
    explain: bool = False,
    language: str = "en",
) -> list[dict[str, Any]]:
    """FACTS.md entitlement rows of ``records`` (raw FACTS.md records or a facts frame) with
    the bureau's parameter settings applied. ``include_all`` adds the rows that do not apply,
    with reasons; ``explain`` the facts, parameters and clause text behind each row;
    ``language`` (``zh-hans`` or ``en``) is the language of explanations and reasons."""
    from waibao.rules import entitlements

    rows: list[dict[str, Any]] = entitlements(
        records,
        include_all=include_all,
        explain=explain,
        reform=bureau_overlay(),
        language=language,
    )
    if include_all:
        return rows
    return [row for row in rows if row.get("applies", True) is not False]


def entitlements_for_year(
    year: int,
    *,
    uscc: str | None = None,
    include_all: bool = False,
    explain: bool = False,
    language: str = "en",
) -> list[dict[str, Any]]:
    """The entitlement rows of ``year`` from the facts in the database
    (``waibao.facts.from_db``), the bureau's parameter settings applied: of every
    organisation, or of the one whose USCC is ``uscc`` (its rows are exactly its share of
    the whole year's). Options as ``entitlements_for_facts``."""
    from waibao.facts.from_db import facts_for_year

    facts = facts_for_year(year, uscc=uscc)
    if not facts:
        return []
    return entitlements_for_facts(
        facts, include_all=include_all, explain=explain, language=language
    )


def entitlements_for_year_in(
    languages: Iterable[str], year: int
) -> dict[str, list[dict[str, Any]]]:
    """The entitlement rows of ``year`` (as ``entitlements_for_year``) once per language, for
    a caller that keeps the explanations in more than one (the funds' snapshot): the facts are
    read and validated once, and only the engine runs again (docs/decisions/0036)."""
    from waibao.facts import to_frame, validate_records
    from waibao.facts.from_db import facts_for_year

    languages = list(languages)
    facts = facts_for_year(year)
    if not facts:
        return {language: [] for language in languages}
    frame = to_frame(validate_records(facts))
    return {language: entitlements_for_facts(frame, language=language) for language in languages}


def facts_frame_for_year(year: int, *, uscc: str | None = None) -> pl.DataFrame:
    """The facts of ``year`` from the database as a validated facts frame, for a caller that
    evaluates columns itself (``waibao entitlements --from-db``) with ``bureau_overlay()``.
    ``waibao.facts.FactsError`` lists every problem of the records."""
    from waibao.facts import to_frame, validate_records
    from waibao.facts.from_db import facts_for_year

    return to_frame(validate_records(facts_for_year(year, uscc=uscc)))
