"""The language the engine writes its explanations and reasons in (issue 21).

Each phrase is written twice, Chinese and English, as templates with the same ``{}`` slots
filled by the same structured pieces (facts, amounts, labels): never English translated
afterwards. The language is chosen once per evaluation (:func:`speaking`) and read while the
formulas build their expressions, so formulas need no extra argument.

English is the engine's default: the CLI's machine output (docs/cli.md) stays as it was;
pages and the API ask for ``zh-hans`` (docs/decisions/0017-rules-texts-in-chinese.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

import polars as pl

from waibao.facts.labels import label
from waibao.language_tags import DEFAULT as DEFAULT  # re-exported: the engine's callers
from waibao.language_tags import LANGUAGES as LANGUAGES
from waibao.language_tags import normalise as normalise

Words = tuple[str, str]  # a phrase without slots: (Chinese, English)
_language: ContextVar[str] = ContextVar("waibao_rules_language", default=DEFAULT)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    token = _language.set(normalise(language))
    try:
        yield
    finally:
        _language.reset(token)


def current() -> str:
    return _language.get()


_SLOT = re.compile(r"\{(\d*)\}")


def _order(template: str) -> tuple[str, list[int]]:
    """The template with plain ``{}`` slots and which piece fills each: ``{1}`` takes the
    second piece (a language may name the pieces in another order than English)."""
    slots = _SLOT.findall(template)
    if all(slot == "" for slot in slots):
        return template, list(range(len(slots)))
    if any(slot == "" for slot in slots):
        raise ValueError(f"template mixes {{}} and {{n}}: {template!r}")
    return _SLOT.sub("{}", template), [int(slot) for slot in slots]


def pick(zh: str, en: str) -> str:
    if sorted(_order(zh)[1]) != sorted(_order(en)[1]):
        raise ValueError(f"templates differ in slots: {zh!r} / {en!r}")
    return zh if current() == "zh-hans" else en


def say(zh: str, en: str, *pieces: pl.Expr | str | int) -> pl.Expr:
    """``pl.format`` of the template in the current language: both templates take the same
    pieces; ``{n}`` slots place the n-th piece (Chinese often names the year first)."""
    template, order = _order(pick(zh, en))
    if len(order) != len(pieces):
        raise ValueError(f"{template!r} takes {len(order)} pieces, given {len(pieces)}")
    if not pieces:
        return pl.lit(template)
    if not any(isinstance(p, pl.Expr) for p in pieces):  # all known now: one literal
        return pl.lit(template.format(*(pieces[index] for index in order)))
    exprs = [p if isinstance(p, pl.Expr) else pl.lit(p) for p in pieces]
    return pl.format(template, *(exprs[index] for index in order))


def name(field: str) -> str:
    """A fact's or coded value's label in the current language."""
    return label(field, current())


def names(fields: Sequence[str]) -> str:
    """Labels joined: 、 in Chinese, + in English (the ids as before)."""
    return ("、" if current() == "zh-hans" else "+").join(name(f) for f in fields)


def name_expr(value: pl.Expr) -> pl.Expr:
    """A coded value column shown by its label (Chinese); unchanged in English."""
    if current() != "zh-hans":
        return value
    from waibao.facts.labels import ZH

    return value.replace(ZH)


def region(code: pl.Expr) -> pl.Expr:
    """A GB/T 2260 code column by the division's name in Chinese (440106 -> 天河区; a code
    the shipped table lacks: 区县 440199); the code itself in English, as the CLI printed."""
    if current() != "zh-hans":
        return code
    from waibao.facts.labels import region_names

    known = region_names()
    return (
        pl.when(code.is_in(list(known)))
        .then(code.replace(known))
        .otherwise(pl.format("区县 {}", code))
    )


def grouped(digits: pl.Expr) -> pl.Expr:
    """A string of digits with thousands separators (vectorised: reverse, group, reverse)."""
    return (
        digits.str.reverse().str.replace_all(r"(\d{3})", "$1,").str.strip_suffix(",").str.reverse()
    )


def money(fen: pl.Expr) -> pl.Expr:
    """Integer fen as a reader of the language writes it: ``1234.50`` in English (as the CLI
    always printed), ``1,234.50 元`` in Chinese; exact, never rounded to 万元."""
    cents = (fen.abs() % 100).cast(pl.String).str.zfill(2)
    whole = (fen.abs() // 100).cast(pl.String)
    sign = pl.when(fen < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    if current() != "zh-hans":
        return (
            pl.when(fen.is_null())
            .then(pl.lit("unknown"))
            .otherwise(
                pl.format(
                    "{}.{}", (fen // 100).cast(pl.String), (fen % 100).cast(pl.String).str.zfill(2)
                )
            )
        )
    return (
        pl.when(fen.is_null())
        .then(pl.lit("未知"))
        .otherwise(pl.format("{}{}.{} 元", sign, grouped(whole), cents))
    )


def number(value: pl.Expr) -> pl.Expr:
    """A whole number (people, square metres, USD fen shown as counts): grouped in Chinese."""
    text = value.cast(pl.String)
    if current() != "zh-hans":
        return text
    return pl.when(value < 0).then(text).otherwise(grouped(text))


def usd(cents: pl.Expr) -> pl.Expr:
    """A USD amount in cents: ``USD 1234.50`` in English (as before), ``1,234.50 美元``."""
    if current() != "zh-hans":
        return pl.format("USD {}", money(cents))
    text = money(cents)
    return pl.when(cents.is_null()).then(text).otherwise(text.str.strip_suffix(" 元") + " 美元")
