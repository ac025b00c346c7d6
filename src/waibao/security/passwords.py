"""Password policy (GB/T 22239-2019 8.1.4.1 a): length, three of four character classes,
no reuse of the last passwords, and expiry.

The history is written by a ``post_save`` receiver on the user model (signals.py) whenever
the stored hash differs from the newest history row, so it covers every way a password is
set: the admin, the password-change page, ``create_user`` and ``set_password`` in code.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from waibao.security.models import PasswordHistory

CHARACTER_CLASSES = (
    ("lowercase", str.islower),
    ("uppercase", str.isupper),
    ("digits", str.isdigit),
    ("symbols", lambda c: not c.isalnum()),
)


class CharacterClassValidator:
    """At least ``min_classes`` of: lower-case letters, upper-case letters, digits, symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        present = sum(1 for _name, test in CHARACTER_CLASSES if any(test(c) for c in password))
        if present < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中的至少%(n)d类。")
                % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字、符号中的至少%(n)d类。") % {
            "n": self.min_classes
        }


class UsernameContainmentValidator:
    """The password may not contain the account's username, forwards or backwards, in any
    case or width (issue 17 item 11: ``Zhang.San-2026`` was accepted for ``zhang.san``).
    Django's similarity validator compares the whole password, so a username inside a longer
    password passed it. Usernames shorter than three characters are not checked."""

    MINIMUM = 3

    def validate(self, password: str, user: Any = None) -> None:
        username = _folded(str(user.get_username())) if user is not None else ""
        if len(username) < self.MINIMUM:
            return
        folded = _folded(password)
        if username in folded or username[::-1] in folded:
            raise ValidationError(_("密码不得包含用户名。"), code="password_contains_username")

    def get_help_text(self) -> str:
        return _("密码不得包含用户名。")


def _folded(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", text).casefold()


class PasswordHistoryValidator:
    """Refuses any of the user's last ``WAIBAO_PASSWORD_HISTORY`` passwords (current included)."""

    def __init__(self, history: int | None = None) -> None:
        self._history = history

    @property
    def history(self) -> int:
        return self._history if self._history is not None else settings.WAIBAO_PASSWORD_HISTORY

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        for row in PasswordHistory.objects.filter(user=user)[: self.history]:
            if check_password(password, row.password_hash):
                raise ValidationError(
                    _("不得使用最近%(n)d次使用过的密码。") % {"n": self.history},
                    code="password_reused",
                )

    def get_help_text(self) -> str:
        return _("不得使用最近%(n)d次使用过的密码。") % {"n": self.history}


def password_changed_at(user: Any) -> datetime:
    """When the current password was set: the newest history row, else the account's creation."""
    latest = PasswordHistory.objects.filter(user=user).first()
    return latest.changed_at if latest is not None else user.date_joined


def password_expired(user: Any, *, now: datetime | None = None) -> bool:
    days = settings.WAIBAO_PASSWORD_MAX_AGE_DAYS
    if days <= 0 or not user.has_usable_password():
        return False
    return (now or timezone.now()) - password_changed_at(user) >= timedelta(days=days)


def password_history_record(user: Any) -> bool:
    """Remember the user's current hash if it is new; keep only the last few. True if new."""
    if user.pk is None or not user.password or not user.has_usable_password():
        return False
    latest = PasswordHistory.objects.filter(user=user).first()
    if latest is not None and latest.password_hash == user.password:
        return False
    PasswordHistory.objects.create(user=user, password_hash=user.password)
    keep = settings.WAIBAO_PASSWORD_HISTORY
    stale = list(PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[keep:])
    PasswordHistory.objects.filter(pk__in=stale).delete()
    if latest is not None:  # the first password of a new account is not a change
        from waibao.security.events import security_event_record

        security_event_record(
            kind="password.changed", username=user.get_username(), target=("auth.user", user.pk)
        )
    return True
