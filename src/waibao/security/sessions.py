"""Session rules: the session keys the sign-in flow writes, the idle timeout, and one active
session per staff user when the bureau switches WAIBAO_ONE_SESSION_PER_STAFF on."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from waibao.security.models import ActiveSession

PENDING_KEY = "_waibao_pending_login"  # the user who gave a password, awaiting the second factor
SECOND_FACTOR_KEY = "_waibao_second_factor"  # set once the second factor was given
LAST_SEEN_KEY = "_waibao_last_seen"  # epoch seconds of the last request
# The name of a session key, not a password.
PASSWORD_EXPIRED_KEY = "_waibao_password_expired"  # noqa: S105  # nosec B105


def one_session_applies(user: Any) -> bool:
    from waibao.security.totp import second_factor_required

    return bool(settings.WAIBAO_ONE_SESSION_PER_STAFF) and second_factor_required(user)


def active_session_register(*, request: HttpRequest, user: Any) -> str | None:
    """Make this session the user's only one; the key of the session it ended, if any."""
    if not one_session_applies(user):
        return None
    new_key = request.session.session_key
    if new_key is None:
        request.session.save()
        new_key = request.session.session_key
    previous = ActiveSession.objects.filter(user=user).first()
    ended = None
    if previous is not None and previous.session_key != new_key:
        ended = previous.session_key
        store = import_module(settings.SESSION_ENGINE).SessionStore
        store(session_key=ended).delete()
    ActiveSession.objects.update_or_create(user=user, defaults={"session_key": new_key})
    return ended


def session_is_current(*, request: HttpRequest, user: Any) -> bool:
    """False when a newer sign-in of this staff user superseded this session."""
    if not one_session_applies(user):
        return True
    active = ActiveSession.objects.filter(user=user).values_list("session_key", flat=True).first()
    return active is None or active == request.session.session_key
