"""The two-step sign-in: password (with lockout), then the second factor when the user has or
needs one. Views call these services; the admin site signs in through the same views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth import login as auth_login
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from waibao.security import lockout
from waibao.security.events import Outcome, client_ip, security_event_record
from waibao.security.passwords import password_expired
from waibao.security.sessions import (
    LAST_SEEN_KEY,
    PASSWORD_EXPIRED_KEY,
    PENDING_KEY,
    SECOND_FACTOR_KEY,
    active_session_register,
)
from waibao.security.totp import (
    confirmed_device,
    recovery_code_use,
    second_factor_required,
    totp_check,
)


@dataclass(frozen=True)
class PasswordStep:
    """What follows the password: ``done``, ``verify`` (TOTP), ``enrol`` (staff without a
    device) or ``refused`` with a message."""

    next_step: str
    message: str = ""


def password_step(*, request: HttpRequest, username: str, password: str) -> PasswordStep:
    ip_address = client_ip(request)
    lock = lockout.lockout_active(username=username, ip_address=ip_address)
    if lock is not None:
        security_event_record(
            kind="login.locked",
            outcome=Outcome.DENIED,
            request=request,
            username=username,
            detail={"lock": lock.kind, "until": lock.locked_until.isoformat()},
        )
        until = timezone.localtime(lock.locked_until)
        return PasswordStep(
            "refused",
            _("登录失败次数过多，已锁定至 %(until)s，请稍后再试。") % {"until": f"{until:%H:%M}"},
        )
    user = authenticate(request, username=username, password=password)
    if user is None:
        _failure(request=request, username=username, kind="login.failure")
        return PasswordStep("refused", _("用户名或密码错误。"))
    lockout.login_failures_clear(username=username)
    if second_factor_required(user) or confirmed_device(user) is not None:
        request.session.cycle_key()
        request.session[PENDING_KEY] = {
            "user_id": user.pk,
            "backend": user.backend,
            "at": timezone.now().timestamp(),
        }
        security_event_record(
            kind="login.password_accepted", outcome=Outcome.INFO, request=request, user=user
        )
        return PasswordStep("verify" if confirmed_device(user) is not None else "enrol")
    login_complete(request=request, user=user, second_factor=False)
    return PasswordStep("done")


def _failure(*, request: HttpRequest, username: str, kind: str) -> None:
    ip_address = client_ip(request)
    locks = lockout.login_failure_record(username=username, ip_address=ip_address)
    security_event_record(kind=kind, outcome=Outcome.FAILURE, request=request, username=username)
    for lock in locks:
        security_event_record(
            kind="lockout.started",
            outcome=Outcome.DENIED,
            request=request,
            username=username,
            target=("security.lockout", f"{lock.kind}:{lock.key}"),
            detail={"until": lock.locked_until.isoformat()},
        )


def pending_user(request: HttpRequest) -> Any | None:
    """The user who gave the right password in this session, if still within the time allowed."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None
    if timezone.now().timestamp() - float(pending["at"]) > settings.WAIBAO_PENDING_LOGIN_SECONDS:
        del request.session[PENDING_KEY]
        return None
    user = get_user_model()._default_manager.filter(pk=pending["user_id"], is_active=True).first()
    if user is not None:
        user.backend = pending["backend"]
    return user


def second_factor_step(*, request: HttpRequest, user: Any, code: str) -> PasswordStep:
    """Check a TOTP code or a recovery code for the pending user."""
    username = user.get_username()
    lock = lockout.lockout_active(username=username, ip_address=client_ip(request))
    if lock is not None:
        request.session.pop(PENDING_KEY, None)
        security_event_record(
            kind="login.locked", outcome=Outcome.DENIED, request=request, username=username
        )
        return PasswordStep("refused", _("登录失败次数过多，账户已临时锁定。"))
    device = confirmed_device(user)
    outcome = totp_check(device=device, code=code) if device is not None else "wrong"
    if outcome == "accepted":
        login_complete(request=request, user=user, second_factor=True)
        return PasswordStep("done")
    if recovery_code_use(user=user, code=code):
        security_event_record(kind="totp.recovery_code_used", request=request, user=user)
        login_complete(request=request, user=user, second_factor=True)
        return PasswordStep("done")
    if outcome == "reused":
        # A replayed code still counts towards the lockout; only the message differs.
        _failure(request=request, username=username, kind="login.second_factor_reused")
        return PasswordStep("refused", _("该动态口令已使用过，请等待下一个。"))
    _failure(request=request, username=username, kind="login.second_factor_failure")
    return PasswordStep("refused", _("动态口令或恢复码不正确。"))


def login_complete(*, request: HttpRequest, user: Any, second_factor: bool) -> None:
    request.session.pop(PENDING_KEY, None)
    auth_login(request, user, backend=getattr(user, "backend", None))
    request.session[SECOND_FACTOR_KEY] = second_factor
    request.session[LAST_SEEN_KEY] = timezone.now().timestamp()
    ended = active_session_register(request=request, user=user)
    security_event_record(
        kind="login.success",
        outcome=Outcome.SUCCESS,
        request=request,
        user=user,
        detail={"second_factor": second_factor, "ended_session": bool(ended)},
    )
    if password_expired(user):
        request.session[PASSWORD_EXPIRED_KEY] = True
        security_event_record(kind="password.expired", request=request, user=user)
