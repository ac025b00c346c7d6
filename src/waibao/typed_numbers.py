"""Numbers as people type them into forms: ``1,234,567.89``, full-width ``１２３４５``,
``30%`` / ``30％``, stray spaces. One normaliser, used by the money, count and percentage
fields of the forms, in front of the strict parsers of the data files (``waibao.money``):
files keep DATA-FORMATS.md's strict grammar; forms accept what a person writes, and say in
plain Chinese what is wrong when they refuse.

Thousands separators are accepted only where they group by three (``1,234.5``, not ``1,23``,
which could be a decimal comma), so a typo is refused rather than read as another number.
"""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction

from django.utils.translation import gettext as _

from waibao.money import MoneyError, parse_fen

_GROUPED = re.compile(r"^-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")


class TypedNumberError(ValueError):
    """A typed value that is not a number of the kind asked for; the message is for the
    person at the form (Chinese, English under /en/)."""


def normalised(text: str) -> str:
    """Full-width characters to ASCII (NFKC), the ideographic comma and full stop of an IME
    to ``,`` and ``.``, spaces removed, thousands separators dropped where they group by
    three. ``"１２，３４５．６"`` → ``"12345.6"``."""
    plain = unicodedata.normalize("NFKC", str(text)).replace("、", ",").replace("。", ".")
    plain = re.sub(r"\s+", "", plain)
    if "," in plain and _GROUPED.match(plain.rstrip("%")):
        plain = plain.replace(",", "")
    return plain


def typed_fen(text: str) -> int:
    """An amount in yuan as typed (``1,234.50``, ``１２３４``, ``12.5万`` or ``12.5万元``) →
    integer fen. 万 multiplies by 10,000 exactly: ``0.000001万`` is one fen, and a 万 figure
    finer than the fen is refused rather than rounded."""
    plain = normalised(text).removesuffix("元")
    if plain.endswith("万"):
        return _typed_wan_fen(normalised(plain.removesuffix("万")))
    try:
        return parse_fen(plain)
    except MoneyError as error:
        if "," in plain:
            reason = _("千分位逗号应每三位一组，例如 1,234,567.89")
        elif plain.startswith("-"):
            reason = _("金额不能为负数")
        elif re.match(r"^[0-9]+\.[0-9]{3,}$", plain):
            reason = _("金额最多保留两位小数（到分）")
        else:
            reason = _("请填写金额（元），例如 1234.50 或 1,234.50")
        raise TypedNumberError(reason) from error


def _typed_wan_fen(plain: str) -> int:
    """``12.5`` (in 万元) → fen, exactly."""
    if not re.match(r"^[0-9]+(\.[0-9]+)?$", plain):
        raise TypedNumberError(_("请填写金额（万元），例如 12.5万"))
    whole, _dot, decimals = plain.partition(".")
    if len(decimals.rstrip("0")) > 6:
        raise TypedNumberError(_("以万元填写时最多保留六位小数（到分）"))
    decimals = decimals.rstrip("0").ljust(6, "0")
    return int(whole) * 1_000_000 + int(decimals)


def typed_count(text: str, *, most: int = 999_999_999) -> int:
    """A whole number as typed (``1,200``, ``１２００``) → int, 0 to ``most``."""
    plain = normalised(text)
    if not plain.isdigit() or not plain.isascii():
        raise TypedNumberError(_("请填写整数，例如 120"))
    number = int(plain)
    if number > most:
        raise TypedNumberError(_("数值过大"))
    return number


def typed_rate(text: str) -> Fraction:
    """A percentage (``30%``, ``30％``, ``12.5%``) or a share (``0.3``) → the exact ratio
    from 0 to 1."""
    plain = normalised(text)
    try:
        if plain.endswith("%"):
            ratio = Fraction(plain[:-1]) / 100
        else:
            ratio = Fraction(plain)
    except (ValueError, ZeroDivisionError) as error:
        raise TypedNumberError(_("请填写百分比，例如 30% 或 0.3")) from error
    if not 0 <= ratio <= 1:
        raise TypedNumberError(_("比例应在 0 至 100% 之间"))
    return ratio
