"""docs/policy-reference.md is generated from the registry and kept current."""

from __future__ import annotations

from pathlib import Path

from waibao.rules import registry
from waibao.rules.reference import render

PAGE = Path(__file__).parents[2] / "docs" / "policy-reference.md"


def test_the_committed_policy_reference_is_what_the_registry_generates():
    assert PAGE.read_text(encoding="utf-8") == render(), (
        "run: PYTHONPATH=src python -m waibao.rules.reference"
    )


def test_every_clause_is_documented_in_the_policy_reference():
    page = render()
    assert all(f"### `{clause.id}`" in page for clause in registry())
