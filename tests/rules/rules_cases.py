"""Helpers for the rules tests: build FACTS.md records and find the row of a clause."""

from __future__ import annotations

from typing import Any

from waibao.rules import entitlements

USCC = {
    "hangzhou": "91330100MA27AAAA0A",
    "wenzhou": "91330300MA27AAAA0B",
    "guangzhou": "91440100MA27AAAA0C",
    "guangdong": "91440600MA27AAAA0D",
    "datong": "91140200MA27AAAA0E",
}


def record(jurisdiction: str, year: int, **facts: Any) -> dict[str, Any]:
    """A FACTS.md record with only the facts given (everything else unknown)."""
    return {
        "uscc": facts.pop("uscc", USCC[jurisdiction]),
        "year": year,
        "jurisdiction": jurisdiction,
        "kind": facts.pop("kind", "enterprise"),
        **facts,
    }


def rows_of(records: list[dict[str, Any]] | dict[str, Any], **options: Any) -> list[dict[str, Any]]:
    if isinstance(records, dict):
        records = [records]
    return entitlements(records, **options)


def row(
    records: list[dict[str, Any]] | dict[str, Any], clause: str, **options: Any
) -> dict[str, Any] | None:
    """The row of ``clause`` (``include_all``: also when it does not apply), or None."""
    found = [r for r in rows_of(records, include_all=True, **options) if r["clause"] == clause]
    assert len(found) <= 1
    return found[0] if found else None


def amount(
    records: list[dict[str, Any]] | dict[str, Any], clause: str, **options: Any
) -> str | None:
    """The amount of an applying row; asserts the row applies."""
    found = row(records, clause, **options)
    assert found is not None, f"no row for {clause}"
    assert found["applies"], found["reason"]
    return found["amount_cny"]


def reason(records: list[dict[str, Any]] | dict[str, Any], clause: str, **options: Any) -> str:
    found = row(records, clause, **options)
    assert found is not None, f"no row for {clause}"
    assert not found["applies"], f"{clause} applies: {found['explanation']}"
    return str(found["reason"])
