"""The measures each policy text declares (its folder's ``measures.yaml``): what the bureau
records under each, read through the catalogue so that a new text's measures need no change
here. Pure Python (and PyYAML).

A measure is the register's programme: its id (``<slug>.<article>.<name>``), the provision of
``provisions.yaml`` it carries out, its title in both languages, the citation and the text's
own words, what one record of it holds, whether a record names an organisation and whether it
may carry an amount."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from waibao import policy_files

MEASURES_FILE_NAME = "measures.yaml"
ORGANISATION_RULES = ("required", "optional", "none")


class MeasureFileError(ValueError):
    """A folder's ``measures.yaml`` that does not say what a measure needs."""


@dataclass(frozen=True)
class Measure:
    id: str
    jurisdiction: str  # the folder's slug
    provision: str  # the ref of provisions.yaml
    title_zh: str
    title_en: str
    citation: str
    source_phrase: str
    holds_zh: str
    holds_en: str
    organisation: str  # required | optional | none
    amount: bool

    def title(self, language: str | None = "zh-hans") -> str:
        return self.title_en if (language or "").startswith("en") else self.title_zh

    def holds(self, language: str | None = "zh-hans") -> str:
        return self.holds_en if (language or "").startswith("en") else self.holds_zh


def _pair(value: Any, field: str) -> tuple[str, str]:
    if not isinstance(value, list) or len(value) != 2 or not all(value):
        raise MeasureFileError(f"{field} must be [zh, en]")
    return str(value[0]), str(value[1])


def _measure(slug: str, spec: dict[str, Any], where: str) -> Measure:
    try:
        title = _pair(spec["title"], "title")
        holds = _pair(spec["holds"], "holds")
        measure = Measure(
            id=str(spec["id"]),
            jurisdiction=slug,
            provision=str(spec["provision"]),
            title_zh=title[0],
            title_en=title[1],
            citation=str(spec["citation"]),
            source_phrase=str(spec["source_phrase"]),
            holds_zh=holds[0],
            holds_en=holds[1],
            organisation=str(spec.get("organisation", "optional")),
            amount=bool(spec.get("amount", False)),
        )
    except (KeyError, TypeError, MeasureFileError) as error:
        raise MeasureFileError(f"{where}: missing or bad field {error}") from error
    if not measure.id.startswith(f"{slug}."):
        raise MeasureFileError(f"{where}: id {measure.id} must start with {slug}.")
    if measure.organisation not in ORGANISATION_RULES:
        raise MeasureFileError(f"{where}: organisation must be one of {ORGANISATION_RULES}")
    return measure


def _read_measures() -> dict[str, Measure]:
    found: dict[str, Measure] = {}
    for owner, data in policy_files.read_all(MEASURES_FILE_NAME):
        for index, spec in enumerate(data.get("measures") or []):
            where = f"{owner.folder / MEASURES_FILE_NAME}: measures[{index}]"
            measure = _measure(owner.slug, spec, where)
            if measure.id in found:
                raise MeasureFileError(f"{where}: measure {measure.id} stated twice")
            found[measure.id] = measure
    return found


# Every measure of every policy folder by id, folder by folder in the catalogue's order;
# rebuilt when a folder is added (policy_files.LiveMapping).
MEASURES: Mapping[str, Measure] = policy_files.LiveMapping(_read_measures)


def measures_of(jurisdiction: str | None = None) -> list[Measure]:
    """The measures of one text (or of all), in the folders' order."""
    return [m for m in MEASURES.values() if jurisdiction in (None, m.jurisdiction)]
