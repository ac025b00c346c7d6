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

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waibao.funds.errors import FundsError

NUMBER_DIGITS = (8, 30)
TEXT_LENGTH = (2, 100)
FORMULA_PREFIXES = ("=", "+", "-", "@")


class InvalidPayee(FundsError):
    """Account details that cannot be right."""


HOLDER, NUMBER, BANK = gettext_lazy("开户名"), gettext_lazy("账号"), gettext_lazy("开户行")


def _missing(label: Any, field: str) -> InvalidPayee:
    return InvalidPayee(_("缺少收款信息：%(label)s") % {"label": label}, field=field)


def _text(label: Any, field: str, value: str) -> str:
    """``field``: the keyword the value came in as (``account_name``), for the page."""
    text = value.strip()
    if not text:
        raise _missing(label, field)
    low, high = TEXT_LENGTH
    if not low <= len(text) <= high:
        raise InvalidPayee(
            _("%(label)s应为 %(low)s 至 %(high)s 个字，现为 %(count)s 个")
            % {"label": label, "low": low, "high": high, "count": len(text)},
            field=field,
        )
    if text.startswith(FORMULA_PREFIXES):
        raise InvalidPayee(_("%(label)s不能以 = + - 或 @ 开头") % {"label": label}, field=field)
    if any(unicodedata.category(c).startswith("C") for c in text):
        raise InvalidPayee(_("%(label)s含有控制字符") % {"label": label}, field=field)
    return text


def clean_payee(account_name: str, account_number: str, bank_name: str) -> tuple[str, str, str]:
    """The details as stored: trimmed, the number as bare digits; ``InvalidPayee`` else."""
    if not account_number.strip():
        raise _missing(NUMBER, "account_number")
    number = re.sub(r"[ \-]", "", account_number.strip())
    if not number.isascii() or not number.isdigit():
        raise InvalidPayee(
            _("账号只能由数字组成（数字之间可以有空格或连字符）"), field="account_number"
        )
    low, high = NUMBER_DIGITS
    if not low <= len(number) <= high:
        raise InvalidPayee(
            _("账号应为 %(low)s 至 %(high)s 位数字，现为 %(count)s 位")
            % {"low": low, "high": high, "count": len(number)},
            field="account_number",
        )
    return _text(HOLDER, "account_name", account_name), number, _text(BANK, "bank_name", bank_name)


ACCOUNT_FIELDS = ("bank_account_name", "bank_account_number", "bank_name")


def account_of(holder: Any) -> dict[str, str]:
    """Where to pay, as an application holds it (and a payment copies it when it is made)."""
    return {name: getattr(holder, name) for name in ACCOUNT_FIELDS}


def masked(account_number: str) -> str:
    """Enough of an account number to tell two apart, not enough to use."""
    return "*" * max(len(account_number) - 4, 0) + account_number[-4:]
