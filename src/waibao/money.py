"""Exact money: integer fen inside, two-decimal strings at the edges.

Every amount in Waibao is an ``int`` number of fen (0.01 yuan, or 0.01 of a foreign currency
unit) from the moment it is read until it is written out. Floats never touch money: a budget
of 1亿 yuan is 10,000,000,000 fen, which int64 holds exactly and float32 cannot.

The one rounding rule (FACTS.md): a money amount is rounded **once per clause amount, to the
fen, half up** (四舍五入, away from zero for the non-negative amounts policy pays). Rates are
kept as exact fractions (``Fraction`` or integer numerator/denominator pairs) until that single
rounding.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from waibao.bounds import MAX_AMOUNT_FEN, MAX_AMOUNT_TEXT, amount_problem

FEN_PER_YUAN = 100
WAN = 10_000 * FEN_PER_YUAN  # 1万元 in fen
YI = 100_000_000 * FEN_PER_YUAN  # 1亿元 in fen

# A decimal string as DATA-FORMATS.md allows it: digits, optionally a point and one or two
# decimals. No sign, no exponent, no thousands separator, no surrounding space.
_AMOUNT = re.compile(r"^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$")


class MoneyError(ValueError):
    """An amount that is not a non-negative decimal string with at most two decimals."""


class AmountOverBound(MoneyError):
    """An amount beyond :data:`waibao.bounds.MAX_AMOUNT_TEXT` (callers may word it their way)."""


def parse_fen(text: str, *, allow_negative: bool = False) -> int:
    """Parse ``"1234.50"`` into ``123450`` fen, refusing anything DATA-FORMATS.md forbids.

    Refused, each with its own reason: floats in exponent form, thousands separators, more
    than two decimals, negative amounts (unless ``allow_negative``), blanks and stray spaces.
    """
    if not isinstance(text, str):
        raise MoneyError(f"amount must be a decimal string, not {type(text).__name__}")
    raw = text
    negative = False
    if allow_negative and raw.startswith("-"):
        negative, raw = True, raw[1:]
    if raw == "":
        raise MoneyError("amount is empty")
    if not _AMOUNT.match(raw):
        raise MoneyError(_reason(text))
    whole, _, frac = raw.partition(".")
    if len(whole) > len(MAX_AMOUNT_TEXT) - 3:  # before int(): 5,000 digits is a ValueError
        raise AmountOverBound(f"amount {_shown(text)} is over the bound of {MAX_AMOUNT_TEXT}")
    fen = int(whole) * FEN_PER_YUAN + int((frac + "00")[:2])
    if amount_problem(fen):
        raise AmountOverBound(f"amount {_shown(text)} is over the bound of {MAX_AMOUNT_TEXT}")
    return -fen if negative else fen


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _reason(text: str) -> str:
    stripped = text.strip()
    if stripped != text:
        return f"amount {text!r} has surrounding spaces"
    if stripped.startswith("-"):
        return f"amount {text!r} is negative"
    if "," in stripped or "，" in stripped:
        return f"amount {text!r} has a thousands separator"
    if re.search(r"[eE]", stripped):
        return f"amount {text!r} is in exponent (float) form"
    if re.match(r"^[0-9]*\.[0-9]{3,}$", stripped):
        return f"amount {text!r} has more than two decimals"
    if re.match(r"^0[0-9]", stripped):
        return f"amount {text!r} has a leading zero"
    return f"amount {text!r} is not a decimal number"


def format_fen(fen: int | None) -> str | None:
    """``123450`` → ``"1234.50"``; ``None`` stays ``None`` (an amount the text leaves open)."""
    if fen is None:
        return None
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"fen must be an int, not {type(fen).__name__}")
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{whole}.{cents:02d}"


def fen_to_decimal(fen: int) -> Decimal:
    """Integer fen as an exact ``Decimal`` of yuan, for the edges that want one (the ORM)."""
    return Decimal(fen).scaleb(-2)


def decimal_to_fen(amount: Decimal) -> int:
    """An exact ``Decimal`` of yuan with at most two places as fen; more places is an error."""
    try:
        scaled = amount.scaleb(2)
        if scaled != scaled.to_integral_value():
            raise MoneyError(f"amount {amount} has more than two decimals")
        if abs(scaled) > MAX_AMOUNT_FEN:
            raise AmountOverBound(f"amount {amount} is over the bound of {MAX_AMOUNT_TEXT}")
        return int(scaled)
    except InvalidOperation as error:
        raise MoneyError(f"amount {amount} is not a finite number") from error


def round_half_up(value: Fraction | int) -> int:
    """Round an exact fraction of fen to whole fen, half up: the one rounding rule.

    Half up means away from zero at exactly one half, as 四舍五入 is taught; Waibao's
    policy amounts are never negative, so for them this is plain "0.5 goes up".
    """
    if isinstance(value, int):
        return value
    numerator, denominator = value.numerator, value.denominator  # denominator > 0
    quotient, remainder = divmod(abs(numerator), denominator)
    if remainder * 2 >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def apply_rate(fen: int, rate: Fraction) -> int:
    """``fen × rate``, rounded once, half up. ``apply_rate(33333333, Fraction(1, 2))`` is
    ``16666667``: 50% of 333,333.33 yuan is 166,666.67 yuan."""
    return round_half_up(Fraction(fen) * rate)


def parse_rate(text: str | int | float | Fraction) -> Fraction:
    """A rate as written in a parameter file (``"50%"``, ``"0.85"``, ``0.15``) as an exact
    fraction. Floats from YAML are read through their shortest decimal repr, so ``0.15`` is
    exactly 15/100, never 0.1499999…"""
    if isinstance(text, Fraction):
        return text
    if isinstance(text, bool):
        raise MoneyError("a rate cannot be a boolean")
    if isinstance(text, int):
        return Fraction(text)
    if isinstance(text, float):
        return Fraction(Decimal(repr(text)))
    stripped = text.strip()
    try:
        if stripped.endswith("%"):
            return Fraction(Decimal(stripped[:-1])) / 100
        return Fraction(Decimal(stripped))
    except (ArithmeticError, ValueError) as error:  # "1/3", "half", "NaN%", "Infinity"
        raise MoneyError(
            f"rate {text!r} is not a percentage or a decimal (write '50%' or '0.5')"
        ) from error


def yuan(amount: int | str | Decimal) -> int:
    """Yuan written in a parameter or a test (``500000`` or ``"333333.33"``) as fen."""
    if isinstance(amount, int):
        return amount * FEN_PER_YUAN
    if isinstance(amount, Decimal):
        return decimal_to_fen(amount)
    return parse_fen(amount)


def to_decimal_quantized(value: Decimal) -> Decimal:
    """A Decimal rounded half up to two places, for edges that hand Waibao a longer one."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
