"""Weighted indicator scores, exact: the arithmetic behind the key-enterprise rating and the
yearly top ten the policy texts provide. Pure Python, no Django.

Each candidate has integer indicator values (fen, cents, people, counts). Each indicator is
normalised to a ``Fraction`` in [0, 1] within the candidates (one jurisdiction-year):

- ``min_max``: (x - min) / (max - min); when every candidate has the same value, 1 for all
  if that value is positive, 0 if it is 0 or less (nobody earns points for having none).
- ``percentile``: the share of the *other* candidates with a strictly smaller value,
  below / (n - 1); a single candidate gets 1 (0 if its value is 0 or less). Equal values get
  equal ranks.

A missing value (unknown fact) counts as the lowest possible: normalised 0, and the
explanation says so. The score is 100 x sum(weight x normalised) / sum(weights), a
``Fraction``; it is rounded once, half up, to two decimals, only for display.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from waibao.money import round_half_up
from waibao.refusals import Refused

NORMALISATIONS = ("min_max", "percentile")


class MethodError(Refused, ValueError):
    """A method that cannot be applied (unknown normalisation, no positive weight...)."""


@dataclass(frozen=True)
class Method:
    """A scoring method: which indicators, with what integer weights, normalised how."""

    code: str
    version: str
    weights: Mapping[str, int]
    normalisation: str = "min_max"
    size: int | None = None
    tie_break: tuple[str, ...] = ()

    def check(self) -> None:
        if self.normalisation not in NORMALISATIONS:
            raise MethodError(f"unknown normalisation {self.normalisation!r}")
        if any(int(w) < 0 for w in self.weights.values()) or sum(self.weights.values()) <= 0:
            raise MethodError("weights must be non-negative integers with a positive sum")


@dataclass
class Candidate:
    key: str
    name: str
    values: dict[str, int | None]
    # Tie-break facts (e.g. tax_paid, founded) that are not indicators.
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Scored:
    candidate: Candidate
    score: Fraction
    normalised: dict[str, Fraction]
    rank: int = 0
    tie_note: str = ""
    # the same tie as structured pieces, for a page to say in its own language (issue 21):
    # the candidates with the same score, and the fields that broke the tie
    tied_with: tuple[str, ...] = ()
    tie_break: tuple[str, ...] = ()

    @property
    def score_display(self) -> str:
        return display(self.score)

    def explanation(self, method: Method) -> dict[str, Any]:
        """Inputs, normalised values, weights and the arithmetic, for one candidate."""
        total = sum(method.weights.values())
        terms = []
        lines = []
        for name, weight in method.weights.items():
            value = self.candidate.values.get(name)
            norm = self.normalised[name]
            terms.append(
                {
                    "indicator": name,
                    "value": value,
                    "normalised": fraction_text(norm),
                    "normalised_display": display(norm, places=4),
                    "weight": weight,
                    "points": display(Fraction(100 * weight, total) * norm),
                    "missing": value is None,
                }
            )
            lines.append(f"{weight}×{fraction_text(norm)}")
        arithmetic = (
            f"100 × ({' + '.join(lines)}) / {total} = {fraction_text(self.score)}"
            f" ≈ {self.score_display}"
        )
        return {
            "method": method.code,
            "version": method.version,
            "normalisation": method.normalisation,
            "terms": terms,
            "arithmetic": arithmetic,
            "score": self.score_display,
            "rank": self.rank,
            "tie_note": self.tie_note,
        }


def fraction_text(value: Fraction) -> str:
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def display(value: Fraction, places: int = 2) -> str:
    """``value`` rounded once, half up, to ``places`` decimals (for display only)."""
    scale = 10**places
    scaled = round_half_up(value * scale)
    sign = "-" if scaled < 0 else ""
    whole, part = divmod(abs(scaled), scale)
    return f"{sign}{whole}.{part:0{places}d}" if places else f"{sign}{whole}"


def normalise(values: Sequence[int | None], how: str) -> list[Fraction]:
    """Each value normalised within ``values`` (missing → 0), see the module docstring."""
    known = [v for v in values if v is not None]
    if how == "min_max":
        if not known:
            return [Fraction(0)] * len(values)
        low, high = min(known), max(known)
        return [
            Fraction(0)
            if v is None
            else (Fraction(int(v > 0)) if high == low else Fraction(v - low, high - low))
            for v in values
        ]
    if how == "percentile":
        n = len(values)
        if n == 1:
            return [Fraction(0) if values[0] is None else Fraction(int(values[0] > 0))]
        out = []
        for v in values:
            if v is None:
                out.append(Fraction(0))
            else:
                below = sum(1 for other in values if other is not None and other < v)
                out.append(Fraction(below, n - 1))
        return out
    raise MethodError(f"unknown normalisation {how!r}")


def score(candidates: Sequence[Candidate], method: Method) -> list[Scored]:
    """Every candidate scored (in the order given)."""
    method.check()
    total = sum(method.weights.values())
    columns = {
        name: normalise([c.values.get(name) for c in candidates], method.normalisation)
        for name in method.weights
    }
    scored = []
    for i, candidate in enumerate(candidates):
        normalised = {name: columns[name][i] for name in method.weights}
        points = sum(
            (Fraction(w) * normalised[name] for name, w in method.weights.items()), Fraction(0)
        )
        scored.append(Scored(candidate, Fraction(100) * points / total, normalised))
    return scored


def _tie_key(scored: Scored, tie_break: Sequence[str]) -> tuple[Any, ...]:
    """Sort key: score descending, then each tie-break field. ``-name`` sorts descending
    (bigger first), ``name`` ascending; a missing value always sorts last."""
    key: list[Any] = [-scored.score]
    for spec in tie_break:
        descending = spec.startswith("-")
        name = spec.lstrip("-")
        value = scored.candidate.extra.get(name, scored.candidate.values.get(name))
        if name == "key":
            value = scored.candidate.key
        if value is None:
            key.append((1, 0))
        elif descending:
            key.append((0, -value))
        else:
            key.append((0, value))
    key.append(scored.candidate.key)
    return tuple(key)


def rank(scored: Sequence[Scored], tie_break: Sequence[str]) -> list[Scored]:
    """Sorted best first, ``rank`` 1..n (no shared ranks: the tie-break decides), and a
    ``tie_note`` on each candidate whose score equals its neighbour's."""
    ordered = sorted(scored, key=lambda s: _tie_key(s, tie_break))
    for position, item in enumerate(ordered, start=1):
        item.rank = position
        same = [o for o in ordered if o is not item and o.score == item.score]
        item.tied_with = tuple(o.candidate.key for o in same)
        item.tie_break = tuple(tie_break) or ("key",)
        item.tie_note = (
            f"same score as {', '.join(o.candidate.key for o in same)}; "
            f"tie-break: {', '.join(tie_break) or 'key'}"
            if same
            else ""
        )
    return ordered


def top(scored: Sequence[Scored], method: Method) -> list[Scored]:
    """The ranked list cut at ``method.size`` (all when no size)."""
    ordered = rank(scored, method.tie_break)
    return ordered if method.size is None else ordered[: method.size]
