"""Numbers as Chinese readers write them, for pages only (exports keep machine values).

- thousands separators: ``104458531.93`` → ``104,458,531.93``;
- amounts of 1万 or more in 万, of 1亿 or more in 亿, two decimals, half up (English pages:
  million and billion):
  ``104458531.93`` → ``1.04亿``; ``9999.99`` stays ``9,999.99``; the exact grouped value
  goes in a ``title`` attribute so that it shows on hover (:func:`amount_html`);
- shares and growth as percentages with two decimals: ``0.2468`` → ``24.68%``, growth signed:
  ``4.0703`` → ``+407.03%``.

Values arrive as ``Decimal``, ``int`` or decimal strings (the two-decimal strings of
``waibao.money.format_fen`` and ``waibao.stats.output``) and leave as strings. Everything is
``Decimal`` arithmetic: a float never touches an amount (``float`` input is refused).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, gettext_noop

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
_CENT = Decimal("0.01")

MILLION = Decimal(1_000_000)
BILLION = Decimal(1_000_000_000)

Number = Decimal | int | str

# The units templates pass to ``money`` (translated here, so makemessages must see them).
UNITS = (gettext_noop("元"), gettext_noop("美元"), gettext_noop("个"))


def to_decimal(value: Number) -> Decimal:
    """The exact Decimal of ``value``; ``ValueError`` for a float or a non-number."""
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError(f"{value!r}: floats are never formatted as amounts")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as error:
        raise ValueError(f"{value!r}: not a number") from error
    if not number.is_finite():
        raise ValueError(f"{value!r}: not a finite number")
    return number


def grouped(value: Number, places: int | None = None) -> str:
    """``value`` with thousands separators; its decimals as given, or rounded half up to
    ``places``. ``-1234567.5`` → ``-1,234,567.5``."""
    number = to_decimal(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{number:,}"


def amount_short(value: Number) -> str:
    """The short form: under 1万 grouped as given; from 1万 in 万, from 1亿 in 亿 (two decimals,
    half up; a 万 figure that rounds up to 10,000.00万 is shown as 1.00亿). On English pages
    the English scale: from a million in million, from a billion in billion."""
    number = to_decimal(value)
    if (get_language() or "").startswith("en"):
        steps = ((BILLION, " billion"), (MILLION, " million"))
    else:
        steps = ((YI, "亿"), (WAN, "万"))
    (big, big_word), (small, small_word) = steps
    size = abs(number)
    rounds_up = size >= small and (size / small).quantize(_CENT, ROUND_HALF_UP) >= big / small
    if size >= big or rounds_up:
        return grouped(number / big, 2) + big_word
    if size >= small:
        return grouped(number / small, 2) + small_word
    return grouped(number)


def amount_html(value: Number | None, unit: str = "") -> SafeString | str:
    """``<span class="number" title="exact">short</span>`` with ``unit`` after both (e.g. 元,
    美元): 1.04亿元 on the page, 104,458,531.93 元 on hover. ``—`` for ``None`` or blank."""
    if value is None or value == "":
        return "—"
    unit = gettext(unit) if unit else ""
    if unit and (get_language() or "").startswith("en"):
        unit = " " + unit
    short, exact = amount_short(value), grouped(value)
    if short == exact:
        return format_html('<span class="number">{}{}</span>', short, unit)
    return format_html('<span class="number" title="{}{}">{}{}</span>', exact, unit, short, unit)


def percent(ratio: Number | None, *, signed: bool = False, places: int = 2) -> str:
    """A ratio as a percentage, half up: ``0.2468`` → ``24.68%``; ``signed`` puts ``+`` before
    growth (``4.0703`` → ``+407.03%``). ``—`` for ``None`` (no base to compare with)."""
    if ratio is None or ratio == "":
        return "—"
    number = (to_decimal(ratio) * 100).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    sign = "+" if signed and number > 0 else ""
    return f"{sign}{number:,}%"
