"""The clause registry: every clause of clauses.yaml, with its citation, text and parameters.

Clauses and parameters are data (``policies/<name>/params.yaml``); the formulas that
compute entitlements are code (``policies/<name>/clauses.py``). ``registry()`` joins the
two; a test fails when an entitlement clause has no formula or anything lacks a citation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from waibao import jurisdictions, yaml_text
from waibao.rules.params import Parameter, ParameterError, ParameterSet, load_parameter

ENTITLEMENT_KINDS = ("reward", "subsidy", "tax_incentive")
IMPLEMENTED_KINDS = (*ENTITLEMENT_KINDS, "exclusion")
CLAUSE_KINDS = (
    *IMPLEMENTED_KINDS,
    "fund_budget",
    "target",
    "recognition",
    "evaluation",
    "statistics",
)
AMOUNT_TYPES = ("fixed", "tiers", "rate", "ceiling", "range", "none")


@dataclass(frozen=True)
class Document:
    jurisdiction: str
    title: str
    number: str | None
    date: dt.date
    date_note: str | None
    text: str  # the seed text, verbatim

    @property
    def date_label(self) -> str:
        """The date as known: the full date, or only the year where the day is inferred."""
        return str(self.date.year) if self.date_note else self.date.isoformat()


@dataclass(frozen=True)
class Clause:
    """One clause: what the portal's policy library shows and the engine evaluates."""

    id: str
    jurisdiction: str
    applies_to: tuple[str, ...]
    kind: str
    ref: str
    amount_type: str | None
    rule: str
    source_phrase: str
    text: str  # the sentence(s) of the seed that hold the source phrase
    document: Document
    params: tuple[str, ...]
    valid_from: dt.date
    valid_to: dt.date | None
    validity_note: str | None = None
    # the statistics clause of the same text that makes this clause wait for the year's
    # statistical reports (params.yaml ``requires_statistics: <clause id>``), or None
    statistics_clause: str | None = None
    # how a refusal cites this clause in a reason, when the full citation is too long
    # (params.yaml ``cited_as``); empty: the full citation
    cited_as: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # (Chinese, English) short title and the document's short name (titles.yaml, issue 21)
    short_title: tuple[str, str] = ("", "")
    document_short: tuple[str, str] = ("", "")
    # the rule and the validity note in Chinese (titles.yaml ``rules`` / ``validity_notes``);
    # ``rule`` and ``validity_note`` are the English of params.yaml
    rule_zh: str = ""
    validity_note_zh: str = ""

    def rule_in(self, language: str = "zh-hans") -> str:
        """The rule as a reader of ``language`` reads it (English where no Chinese is kept)."""
        chinese = language.lower().startswith("zh")
        return self.rule_zh if chinese and self.rule_zh else self.rule

    def validity_note_in(self, language: str = "zh-hans") -> str | None:
        """The note on how long the clause is in force, in ``language``."""
        chinese = language.lower().startswith("zh")
        return self.validity_note_zh if chinese and self.validity_note_zh else self.validity_note

    def title(self, language: str = "zh-hans") -> str:
        """What a reader sees first: 国际展会支持 · 粤府〔2012〕88号（十二） / International
        exhibition support · Yuefu [2012] No. 88 (十二); the id when no title is recorded."""
        chinese = language.lower().startswith("zh")
        short = self.short_title[0 if chinese else 1]
        if not short:
            return self.id
        document = self.document_short[0 if chinese else 1]
        if chinese:
            ref = self.ref.replace("(", "（").replace(")", "）")
            if re.fullmatch(r"\d+\.", ref):
                ref = f"第{ref[:-1]}条"
            joint = "" if ref.startswith("（") else " "
            return f"{short} · {document}{joint}{ref}"
        return f"{short} · {document} {self.ref}"

    @property
    def citation(self) -> str:
        doc = self.document
        number = f" {doc.number}" if doc.number else ""
        return f"{doc.title}{number}（{doc.date_label}）{self.ref}"

    @property
    def requires_statistics(self) -> bool:
        """Whether the clause applies only to firms that reported the year's statistics."""
        return self.statistics_clause is not None

    @property
    def is_entitlement(self) -> bool:
        return self.kind in ENTITLEMENT_KINDS

    @property
    def discretionary(self) -> bool:
        """Ceilings, ranges and texts without an amount leave the final figure to a reviewer."""
        return self.amount_type in ("ceiling", "range", "none")

    def in_force_during(self, year: int) -> bool:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return self.valid_from <= end and (self.valid_to is None or self.valid_to >= start)


class RegistryError(ValueError):
    """A jurisdiction file that breaks the registry's rules."""


def sentence_with(text: str, phrase: str) -> str:
    """The sentence of ``text`` holding ``phrase`` (split at 。；; and line ends), verbatim."""
    position = text.find(phrase)
    if position < 0:
        raise RegistryError(f"source phrase {phrase!r} is not in the text")
    stops = "。\n"
    start = max(text.rfind(stop, 0, position) for stop in stops) + 1
    ends = [text.find(stop, position + len(phrase)) for stop in stops]
    end = min([e for e in ends if e >= 0], default=len(text))
    return text[start : end + 1].strip()


def _date(raw: Any) -> dt.date:
    return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))


def _load_jurisdiction(directory: Path) -> tuple[list[Clause], dict[str, Parameter]]:
    data = yaml_text.safe_load((directory / "params.yaml").read_text(encoding="utf-8"))
    text = (directory / "text.txt").read_text(encoding="utf-8")
    doc_data = data["document"]
    document = Document(
        jurisdiction=data["jurisdiction"],
        title=doc_data["title"],
        number=doc_data.get("number"),
        date=_date(doc_data["date"]),
        date_note=doc_data.get("date_note"),
        text=text,
    )
    parameters: dict[str, Parameter] = {}
    for name, spec in (data.get("parameters") or {}).items():
        parameter = load_parameter(name, spec, doc_data)
        if parameter.citation.phrase not in text:
            raise ParameterError(
                f"parameter {name}: phrase {parameter.citation.phrase!r} not in text"
            )
        parameters[name] = parameter
    titles_file = directory / "titles.yaml"
    titles = {}
    if titles_file.exists():
        titles = yaml_text.safe_load(titles_file.read_text(encoding="utf-8"))
    doc_short = titles.get("document") or {}
    short_titles = titles.get("clauses") or {}
    rules_zh = titles.get("rules") or {}
    notes_zh = titles.get("validity_notes") or {}
    for name, chinese in (titles.get("parameters") or {}).items():
        if name not in parameters:
            raise RegistryError(f"titles.yaml: unknown parameter {name}")
        parameters[name].description_zh = str(chinese)
    for name, by_day in (titles.get("parameter_sources") or {}).items():
        if name not in parameters:
            raise RegistryError(f"titles.yaml: unknown parameter {name}")
        citation = parameters[name].citation
        starts = {start for start, _text in citation.sources}
        chinese_sources = tuple((_date(day), str(text)) for day, text in by_day.items())
        if not {day for day, _text in chinese_sources} <= starts:
            raise RegistryError(f"titles.yaml parameter_sources: {name}: a date with no source")
        parameters[name].citation = dataclasses.replace(citation, sources_zh=chinese_sources)
    clauses: list[Clause] = []
    for spec in data["clauses"]:
        clause_id = spec["id"]
        phrase = spec.get("source_phrase")
        if not phrase or phrase not in text:
            raise RegistryError(f"clause {clause_id}: source_phrase missing or not in the text")
        if spec["kind"] not in CLAUSE_KINDS:
            raise RegistryError(f"clause {clause_id}: unknown kind {spec['kind']!r}")
        amount_type = spec.get("amount")
        if amount_type is not None and amount_type not in AMOUNT_TYPES:
            raise RegistryError(f"clause {clause_id}: unknown amount type {amount_type!r}")
        for name in spec.get("parameters", []):
            if name not in parameters:
                raise RegistryError(f"clause {clause_id}: unknown parameter {name}")
        clauses.append(
            Clause(
                id=clause_id,
                jurisdiction=document.jurisdiction,
                applies_to=tuple(data["applies_to"]),
                kind=spec["kind"],
                ref=str(spec["ref"]),
                amount_type=amount_type,
                rule=spec["rule"],
                source_phrase=phrase,
                text=sentence_with(text, phrase),
                document=document,
                params=tuple(spec.get("parameters", [])),
                valid_from=_date(spec.get("valid_from", document.date)),
                valid_to=_date(spec["valid_to"]) if spec.get("valid_to") else None,
                validity_note=spec.get("validity_note"),
                statistics_clause=_statistics_clause(clause_id, spec),
                cited_as=str(spec.get("cited_as") or ""),
                short_title=tuple(short_titles.get(clause_id) or ("", "")),
                document_short=(doc_short.get("zh", ""), doc_short.get("en", "")),
                rule_zh=str(rules_zh.get(clause_id) or ""),
                validity_note_zh=str(notes_zh.get(clause_id) or ""),
            )
        )
    known = {found.id for found in clauses}
    for section, named in (("rules", rules_zh), ("validity_notes", notes_zh)):
        unknown = sorted(set(named) - known)
        if unknown:
            raise RegistryError(f"titles.yaml {section}: unknown clause {', '.join(unknown)}")
    kinds = {found.id: found.kind for found in clauses}
    for found in clauses:
        if found.statistics_clause and kinds.get(found.statistics_clause) != "statistics":
            raise RegistryError(
                f"clause {found.id}: requires_statistics names {found.statistics_clause!r}, "
                "not a statistics clause of the same text"
            )
    return clauses, parameters


def _statistics_clause(clause_id: str, spec: dict[str, Any]) -> str | None:
    """The id a clause's ``requires_statistics`` names: the text's own clause that ties
    support to statistical reporting, cited in the reason when a firm did not report."""
    named = spec.get("requires_statistics")
    if named in (None, False):
        return None
    if not isinstance(named, str):
        raise RegistryError(
            f"clause {clause_id}: requires_statistics names the statistics clause it cites"
        )
    return named


def _load_all() -> tuple[tuple[Clause, ...], ParameterSet]:
    return _load_folders(jurisdictions.generation())


@functools.cache
def _load_folders(_generation: tuple[Path, ...]) -> tuple[tuple[Clause, ...], ParameterSet]:
    """The clauses and parameters of every policy folder, read once per set of folders."""
    clauses: list[Clause] = []
    parameters: dict[str, Parameter] = {}
    for found in jurisdictions.jurisdictions():
        if (found.folder / "params.yaml").exists():
            clauses_found, params = _load_jurisdiction(found.folder)
            clauses.extend(clauses_found)
            parameters.update(params)
    return tuple(clauses), ParameterSet(parameters)


def registry() -> list[Clause]:
    """Every clause, folder by folder in the catalogue's order (``waibao.jurisdictions``)."""
    return list(_load_all()[0])


def clause(clause_id: str) -> Clause:
    for found in _load_all()[0]:
        if found.id == clause_id:
            return found
    raise KeyError(clause_id)


def parameters() -> ParameterSet:
    """The law's parameters, as the texts give them (reforms overlay a copy)."""
    return _load_all()[1]


def parameter_citation(name: str) -> str:
    parameter = parameters()[name]
    return parameter.citation.text()


_CLAUSE_ID = re.compile(r"^[a-z]+\.[0-9a-z_.]+$")


def valid_clause_id(text: str) -> bool:
    return bool(_CLAUSE_ID.match(text))
