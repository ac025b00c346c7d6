"""Checking and masking personal identifiers. Pure functions: no database, no keys.

Masks (shown everywhere a person appears, in pages, API responses, exports to third parties):

- 居民身份证号: first 4 and last 4 characters, 10 stars (``1101**********1234``);
- mobile phone: first 3 and last 4 digits (``138****5678``);
- name: the first character, then one star per remaining character (``张*``, ``欧阳**``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric

from waibao.refusals import Unprocessable

_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")


class IdentityError(Unprocessable, ValueError):
    """A value that is not a valid identifier, with the reason in words."""


def clean_id_number(value: str) -> str:
    """A valid 18-character 居民身份证号, upper-cased, or ``IdentityError`` saying why."""
    text = value.strip().upper()
    if not text:
        raise IdentityError("ID number is empty")
    if not re.fullmatch(r"[0-9]{17}[0-9X]", text):
        raise IdentityError(
            f"ID number must be 17 digits and a digit or X ({len(text)} characters)"
        )
    # stdnum.cn.ric.validate, with the birth-place lookup cached per region and birth year
    # (the only inputs it reads): a roster of thousands validates in milliseconds, not seconds.
    if text[-1] != ric.calc_check_digit(text):
        raise IdentityError("ID number check digit is wrong")
    try:
        born = ric.get_birth_date(text)
    except stdnum_exceptions.ValidationError as error:
        raise IdentityError("ID number holds an impossible birth date or region") from error
    if not _birth_place_valid(text[:6], born.year):
        raise IdentityError("ID number holds an impossible birth date or region")
    return text


@lru_cache(maxsize=65536)
def _birth_place_valid(region: str, year: int) -> bool:
    probe = f"{region}{year:04d}0101000"
    try:
        ric.get_birth_place(probe + ric.calc_check_digit(probe + "0"))
    except stdnum_exceptions.ValidationError:
        return False
    return True


def clean_phone(value: str) -> str:
    """A mainland mobile number of 11 digits (spaces and dashes dropped, +86 allowed)."""
    text = re.sub(r"[\s-]", "", value)
    if text.startswith("+86"):
        text = text[3:]
    if not _MOBILE.match(text):
        raise IdentityError("phone must be an 11-digit mainland mobile number")
    return text


def clean_name(value: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise IdentityError("name is empty")
    if len(text) > 64:
        raise IdentityError("name is longer than 64 characters")
    return text


def mask_id_number(value: str) -> str:
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """First character and a star per other character; a one-character name is all star."""
    if len(value) <= 1:
        return "*" * len(value)
    return value[0] + "*" * (len(value) - 1)
