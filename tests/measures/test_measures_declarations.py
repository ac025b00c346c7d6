"""Each policy folder's measures.yaml: every measure quotes its text verbatim, carries out a
provision of its provisions.yaml marked "programme" (or a clause with the register named),
and the provisions issue 19 lists as "work the bureau records" are none of them left open."""

from __future__ import annotations

import pytest

from waibao import jurisdictions
from waibao.measures.programmes import MEASURES, MeasureFileError, _measure, measures_of
from waibao.rules.reference import provisions

# issue 19, "Missing — work the bureau records": (jurisdiction, provision ref)
LISTED = [
    ("hangzhou", "(五)"),
    ("hangzhou", "(六)"),
    ("hangzhou", "(十六)"),
    ("hangzhou", "(十八)"),
    ("hangzhou", "(十九)"),
    ("hangzhou", "(二十)"),
    ("hangzhou", "(二十二)"),
    ("hangzhou", "(二十六)"),
    ("wenzhou", "14."),
    ("wenzhou", "22."),
    ("wenzhou", "23."),
    ("guangdong", "(十五)"),
    ("guangzhou", "(十八)"),
]


def _provision(slug: str, ref: str) -> dict:
    found = [p for p in provisions()[slug] if p["ref"] == ref]
    assert len(found) == 1, (slug, ref)
    return found[0]


@pytest.mark.parametrize(("slug", "ref"), LISTED)
def test_no_listed_provision_is_left_open_and_each_names_its_measure(slug, ref):
    entry = _provision(slug, ref)
    assert entry["status"] in ("programme", "clause")
    assert "open" not in str(entry.get("reason", "")) + str(entry.get("where", ""))
    declared = [m.id for m in measures_of(slug) if m.provision == ref]
    assert declared, f"{slug} {ref} has no measure in measures.yaml"
    assert all(measure in entry["where"] for measure in declared)


def test_every_measure_quotes_its_text_and_carries_out_a_provision_of_it():
    assert len(MEASURES) >= 14
    for measure in MEASURES.values():
        text = jurisdictions.jurisdiction(measure.jurisdiction).file("text.txt").read_text()
        for part in measure.source_phrase.split("……"):
            assert part in text, f"{measure.id}: not verbatim: {part}"
        entry = _provision(measure.jurisdiction, measure.provision)
        assert measure.id in entry["where"]


def test_a_measure_without_what_it_needs_is_refused_naming_the_file():
    good = {
        "id": "x.1.a",
        "provision": "1.",
        "title": ["甲", "A"],
        "citation": "x 1.",
        "source_phrase": "甲",
        "holds": ["甲", "A"],
    }
    assert _measure("x", good, "here").organisation == "optional"
    with pytest.raises(MeasureFileError, match="here"):
        _measure("x", {**good, "title": ["甲"]}, "here")
    with pytest.raises(MeasureFileError, match=r"must start with x\."):
        _measure("x", {**good, "id": "y.1.a"}, "here")
    with pytest.raises(MeasureFileError, match="organisation"):
        _measure("x", {**good, "organisation": "maybe"}, "here")
