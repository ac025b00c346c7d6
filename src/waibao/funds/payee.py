"""Where money goes: the payee's account details, checked before they are stored.

- Account number (账号): digits only once spaces and hyphens are removed, 8 to 30 of them.
  Chinese bank account numbers run from 8-digit legacy corporate accounts to 19-digit cards
  and up to about 25-30 digits for some corporate settlement accounts; anything else is a
  typing error or an attack (``=1+2``, a 5,000-character value).
- Holder (开户名) and bank (开户行): 2 to 100 characters, no control characters, and not
  beginning with ``=``, ``+``, ``-``, ``@`` (a spreadsheet would read a formula).

Account numbers are stored encrypted (``crypto.EncryptedTextField``) and shown masked
(``masked``) everywhere but the treasury export.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from waibao.funds.errors import FundsError

NUMBER_DIGITS = (8, 30)
TEXT_LENGTH = (2, 100)
FORMULA_PREFIXES = ("=", "+", "-", "@")


class InvalidPayee(FundsError):
    """Account details that cannot be right."""


def _text(label: str, value: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidPayee(f"payment details missing: {label}")
    low, high = TEXT_LENGTH
    if not low <= len(text) <= high:
        raise InvalidPayee(f"{label}: {low} to {high} characters, not {len(text)}")
    if text.startswith(FORMULA_PREFIXES):
        raise InvalidPayee(f"{label} may not begin with = + - or @")
    if any(unicodedata.category(c).startswith("C") for c in text):
        raise InvalidPayee(f"{label} contains a control character")
    return text


def clean_payee(account_name: str, account_number: str, bank_name: str) -> tuple[str, str, str]:
    """The details as stored: trimmed, the number as bare digits; ``InvalidPayee`` else."""
    if not account_number.strip():
        raise InvalidPayee("payment details missing: 账号")
    number = re.sub(r"[ \-]", "", account_number.strip())
    if not number.isascii() or not number.isdigit():
        raise InvalidPayee("账号 must be digits (spaces and hyphens are allowed between them)")
    low, high = NUMBER_DIGITS
    if not low <= len(number) <= high:
        raise InvalidPayee(f"账号 has {low} to {high} digits, not {len(number)}")
    return _text("开户名", account_name), number, _text("开户行", bank_name)


ACCOUNT_FIELDS = ("bank_account_name", "bank_account_number", "bank_name")


def account_of(holder: Any) -> dict[str, str]:
    """Where to pay, as an application holds it (and a payment copies it when it is made)."""
    return {name: getattr(holder, name) for name in ACCOUNT_FIELDS}


def masked(account_number: str) -> str:
    """Enough of an account number to tell two apart, not enough to use."""
    return "*" * max(len(account_number) - 4, 0) + account_number[-4:]
