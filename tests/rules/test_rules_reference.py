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


def test_every_provision_of_the_five_texts_is_listed_with_a_status():
    """Each numbered provision of each text appears in provisions.yaml, once, with a status,
    and every clause of the registry is named by a provision (issue 19)."""
    import re

    from waibao.rules import registry
    from waibao.rules.reference import STATUSES, provisions

    catalogue = provisions()
    texts = {c.jurisdiction: c.document.text for c in registry()}
    numerals = "一二三四五六七八九十"
    for jurisdiction in ("guangzhou", "guangdong", "hangzhou"):
        found = re.findall(rf"^[（(]([{numerals}]+)[）)]", texts[jurisdiction], re.M)
        listed = {re.match(r"[（(]([^）)]+)", e["ref"]).group(1) for e in catalogue[jurisdiction]}
        assert set(found) == listed, jurisdiction
    wenzhou = re.findall(r"^\s*(\d+)\.", texts["wenzhou"], re.M)
    assert [e["ref"] for e in catalogue["wenzhou"]] == [f"{n}." for n in wenzhou]
    assert len(wenzhou) == 23
    datong_numbers = re.findall(r"^(\d+)\.", texts["datong"], re.M)
    datong_refs = [e["ref"] for e in catalogue["datong"]]
    assert [r for r in datong_refs if r[0].isdigit()] == [f"{n}." for n in datong_numbers]
    safeguards = re.findall(r"^[（(]([一二三四五])[）)]", texts["datong"], re.M)
    assert [r for r in datong_refs if r.startswith("保障措施")] == [
        f"保障措施({n})" for n in safeguards
    ]
    ids = {c.id for c in registry()}
    named = set()
    for jurisdiction, entries in catalogue.items():
        for entry in entries:
            assert entry["status"] in STATUSES, entry
            assert entry.get("clauses") or entry.get("where") or entry.get("reason"), entry
            if entry["status"] in ("not software", "open"):
                assert entry.get("reason"), entry
            for clause_id in entry.get("clauses", []):
                assert clause_id in ids, clause_id
                assert clause_id.startswith(jurisdiction), clause_id
                named.add(clause_id)
    assert ids == named
