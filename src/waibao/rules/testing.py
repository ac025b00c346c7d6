"""Helpers for the clause tests each policy folder keeps beside its formulas (``policies/<slug>/
tests/``): build a facts record and find the row of a clause.

In the package rather than in ``tests/`` so that a policy folder's tests need nothing outside
the folder and the engine: a bureau that adds a text adds its tests in the same folder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from waibao.rules import entitlements

Records = list[dict[str, Any]] | dict[str, Any]


def record(jurisdiction: str, year: int, uscc: str, **facts: Any) -> dict[str, Any]:
    """A facts record (docs/contracts/FACTS.md) with only the facts given: everything else
    unknown."""
    return {
        "uscc": uscc,
        "year": year,
        "jurisdiction": jurisdiction,
        "kind": facts.pop("kind", "enterprise"),
        **facts,
    }


def record_maker(usccs: Mapping[str, str]) -> Callable[..., dict[str, Any]]:
    """``record(jurisdiction, year, **facts)`` with each jurisdiction's usual 统一社会信用代码
    (a test names another with ``uscc=``)."""

    def make(jurisdiction: str, year: int, **facts: Any) -> dict[str, Any]:
        return record(jurisdiction, year, facts.pop("uscc", usccs[jurisdiction]), **facts)

    return make


def rows_of(records: Records, **options: Any) -> list[dict[str, Any]]:
    """The engine's rows for one record or several."""
    if isinstance(records, dict):
        records = [records]
    return entitlements(records, **options)


def row(records: Records, clause: str, **options: Any) -> dict[str, Any] | None:
    """The row of ``clause`` (``include_all``: also when it does not apply), or None."""
    found = [r for r in rows_of(records, include_all=True, **options) if r["clause"] == clause]
    if len(found) > 1:
        raise AssertionError(f"{len(found)} rows for {clause}")
    return found[0] if found else None


def amount(records: Records, clause: str, **options: Any) -> str | None:
    """The amount of an applying row; fails when the row is missing or does not apply."""
    found = row(records, clause, **options)
    if found is None:
        raise AssertionError(f"no row for {clause}")
    if not found["applies"]:
        raise AssertionError(found["reason"])
    result: str | None = found["amount_cny"]
    return result


def reason(records: Records, clause: str, **options: Any) -> str:
    """Why a clause does not apply; fails when it does."""
    found = row(records, clause, **options)
    if found is None:
        raise AssertionError(f"no row for {clause}")
    if found["applies"]:
        raise AssertionError(f"{clause} applies: {found['explanation']}")
    return str(found["reason"])
