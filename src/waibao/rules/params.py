"""Dated, cited parameters (OpenFisca's idea, with exact money and mandatory citations).

A parameter is one legal quantity: a type, a citation (document, clause, verbatim source
phrase) and values keyed by the date from which they hold; ``null`` repeals or leaves a
quantity unconfigured ("给予一定补助": the bureau may configure one). Types:

- ``amount``: yuan as a decimal string, held as integer fen;
- ``amount_usd``: US dollars as a decimal string, held as integer cents;
- ``rate``: ``"50%"`` or ``"0.15"``, held as an exact ``Fraction``;
- ``level_tiers``: level (``national``/``provincial``/``municipal``) -> yuan (fen);
- ``threshold_tiers``: list of ``{at: USD, amount: yuan}``, the highest reached applies;
- ``count``: an integer; ``set``: a list of names.

In a frame, a parameter becomes a Polars expression that picks, per record, the value in
force on the record's reference date (``_as_of``: 31 December of its year unless overridden).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import polars as pl

from waibao.money import parse_fen, parse_rate

PARAM_TYPES = ("amount", "amount_usd", "rate", "level_tiers", "threshold_tiers", "count", "set")


class ParameterError(ValueError):
    """A parameter file or overlay that is malformed or uncited."""


@dataclass(frozen=True)
class Citation:
    """Where a value comes from: document (title, 文号, date), clause number, source phrase."""

    title: str
    number: str | None
    date: dt.date
    clause: str
    phrase: str
    date_inferred: bool = False  # only the year is known (see the document's date_note)
    # values set by another instrument the seed points to ("认真落实国家…政策"): from which
    # date, and that instrument with its article and how far the figure could be checked
    sources: tuple[tuple[dt.date, str], ...] = ()
    # the same in Chinese, by start date (the jurisdiction's titles.yaml ``parameter_sources``)
    sources_zh: tuple[tuple[dt.date, str], ...] = ()

    def source_on(self, day: dt.date, language: str = "en") -> str | None:
        """The external instrument behind the value in force on ``day``, if any; in Chinese
        for ``zh-hans`` where titles.yaml gives it."""
        current = None
        for start, text in self.sources:
            if start <= day:
                chinese = dict(self.sources_zh).get(start) if language.startswith("zh") else None
                current = chinese or text
        return current

    def text(self) -> str:
        number = f" {self.number}" if self.number else ""
        date = str(self.date.year) if self.date_inferred else self.date.isoformat()
        return f"{self.title}{number}（{date}）{self.clause}"


@dataclass
class Parameter:
    name: str
    type: str
    description: str
    citation: Citation
    # (date from which the value holds, parsed value or None), sorted by date
    values: list[tuple[dt.date, Any]] = field(default_factory=list)
    raw_values: list[tuple[dt.date, Any]] = field(default_factory=list)
    description_zh: str = ""  # the jurisdiction's titles.yaml (issue 21)

    def describe(self, language: str) -> str:
        """The description in ``language`` (Chinese where titles.yaml gives one)."""
        if language.lower().startswith("zh") and self.description_zh:
            return self.description_zh
        return self.description

    def value_on(self, day: dt.date) -> Any:
        current: Any = None
        for start, value in self.values:
            if start <= day:
                current = value
        return current

    def expr(
        self,
        build: Callable[[Any], pl.Expr],
        as_of: str = "_as_of",
        bounds: tuple[dt.date, dt.date] | None = None,
    ) -> pl.Expr:
        """The value in force on each row's ``as_of`` date, turned into an expression by
        ``build``; rows before the first value (or after a ``null``) get ``build(None)``.
        With ``bounds`` (the earliest and latest ``as_of`` of the frame) the versions that
        cannot apply are dropped, and one that covers every row becomes a plain literal."""
        versions = self.values
        if bounds is not None:
            low, high = bounds
            first = [(d, v) for d, v in versions if d <= low][-1:]
            middle = [(d, v) for d, v in versions if low < d <= high]
            if not middle:
                return build(first[0][1] if first else None)
            versions = first + middle
        chain: Any = None
        for start, value in reversed(versions):
            condition = pl.col(as_of) >= pl.lit(start)
            chain = (
                pl.when(condition).then(build(value))
                if chain is None
                else chain.when(condition).then(build(value))
            )
        if chain is None:
            return build(None)
        return chain.otherwise(build(None))  # type: ignore[no-any-return]


def parse_value(kind: str, raw: Any, where: str) -> Any:
    if raw is None:
        return None
    try:
        if kind == "amount" or kind == "amount_usd":
            return parse_fen(str(raw))
        if kind == "rate":
            if isinstance(raw, float):
                raise ParameterError(f"{where}: write rates as strings ('50%'), not floats")
            rate = parse_rate(raw)
            if not 0 <= rate <= 1:
                raise ParameterError(f"{where}: rate {raw} is outside 0-100%")
            return rate
        if kind == "level_tiers":
            if not isinstance(raw, Mapping):
                raise ParameterError(f"{where}: level_tiers must map level -> yuan")
            return {str(level): parse_fen(str(amount)) for level, amount in raw.items()}
        if kind == "threshold_tiers":
            tiers = [(parse_fen(str(t["at"])), parse_fen(str(t["amount"]))) for t in raw]
            return sorted(tiers)
        if kind == "count":
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise ParameterError(f"{where}: count must be an integer")
            return raw
        if kind == "set":
            return tuple(str(item) for item in raw)
    except (ValueError, KeyError, TypeError, ArithmeticError) as error:
        # ArithmeticError: decimal.InvalidOperation for a rate like "1/3"
        if isinstance(error, ParameterError):
            raise
        raise ParameterError(f"{where}: bad {kind} value {raw!r}: {error}") from error
    raise ParameterError(f"{where}: unknown parameter type {kind!r}")


def _date(raw: Any, where: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError as error:
        raise ParameterError(f"{where}: {raw!r} is not a date") from error


class ParameterSet:
    """Every parameter by name; ``overlay`` returns a copy with a reform's values applied."""

    def __init__(self, parameters: dict[str, Parameter]):
        self._parameters = parameters

    def __getitem__(self, name: str) -> Parameter:
        return self._parameters[name]

    def __contains__(self, name: object) -> bool:
        return name in self._parameters

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._parameters.values())

    def names(self) -> list[str]:
        return sorted(self._parameters)

    def overlay(self, reform: Mapping[str, Any]) -> ParameterSet:
        """A reform: ``{parameter name: {date: value, ...}}``; values from those dates replace
        the law's (a bureau's configuration or a what-if). Unknown names are errors."""
        parameters = copy.deepcopy(self._parameters)
        errors: list[str] = []
        for name, dated in reform.items():
            if name not in parameters:
                errors.append(f"reform: {name}: no such parameter")
                continue
            if not isinstance(dated, Mapping):
                errors.append(f"reform: {name}: expected a mapping of date -> value")
                continue
            parameter = parameters[name]
            for raw_date, raw in dated.items():
                try:
                    start = _date(raw_date, f"reform: {name}")
                    value = parse_value(parameter.type, raw, f"reform: {name} {raw_date}")
                except ParameterError as error:
                    errors.append(str(error))
                    continue
                kept = [(d, v) for d, v in parameter.values if d != start]
                parameter.values = sorted([*kept, (start, value)], key=lambda item: item[0])
                raw_kept = [(d, v) for d, v in parameter.raw_values if d != start]
                parameter.raw_values = sorted([*raw_kept, (start, raw)], key=lambda i: i[0])
        if errors:
            raise ParameterError("\n".join(errors))
        return ParameterSet(parameters)


def load_parameter(name: str, spec: Mapping[str, Any], document: Mapping[str, Any]) -> Parameter:
    where = f"parameter {name}"
    kind = spec.get("type")
    if kind not in PARAM_TYPES:
        raise ParameterError(f"{where}: type must be one of {PARAM_TYPES}")
    reference = spec.get("reference") or {}
    clause, phrase = reference.get("clause"), reference.get("phrase")
    if not clause or not phrase:
        raise ParameterError(f"{where}: reference.clause and reference.phrase are required")
    ref_doc = reference.get("document") or document
    citation = Citation(
        title=str(ref_doc["title"]),
        number=ref_doc.get("number"),
        date=_date(ref_doc["date"], where),
        clause=str(clause),
        phrase=str(phrase),
        date_inferred=bool(ref_doc.get("date_note")),
        sources=_sources(reference.get("sources"), where),
    )
    values = spec.get("values")
    if not isinstance(values, Mapping) or not values:
        raise ParameterError(f"{where}: values must map a date to a value")
    parsed = sorted(
        ((_date(d, where), parse_value(kind, v, f"{where} {d}")) for d, v in values.items()),
        key=lambda item: item[0],
    )
    raw = sorted(((_date(d, where), v) for d, v in values.items()), key=lambda item: item[0])
    return Parameter(
        name=name,
        type=kind,
        description=str(spec.get("description", "")),
        citation=citation,
        values=parsed,
        raw_values=raw,
    )


def _sources(raw: Any, where: str) -> tuple[tuple[dt.date, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        raise ParameterError(f"{where}: reference.sources must map a date to a text")
    found = []
    for day, text in raw.items():
        if not isinstance(text, str) or not text.strip():
            raise ParameterError(f"{where}: reference.sources {day}: give the instrument")
        found.append((_date(day, where), text))
    return tuple(sorted(found))


def rate_parts(rate: Fraction | None) -> tuple[int, int] | None:
    """A rate as (numerator, denominator) integers, for exact integer arithmetic in frames."""
    if rate is None:
        return None
    return rate.numerator, rate.denominator
