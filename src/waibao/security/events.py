"""Security events, written to the audit log (``waibao.audit``): one append-only, hash-chained
trail for funds and security alike, kept for at least 180 days (网络安全法 第二十一条) — in
fact never deleted by the application, since the chain refuses deletion.

A security record has ``action`` ``security.<kind>``; ``to_state`` is the outcome
(``success``, ``failure``, ``denied``, ``info``); the object is the account
(``security.account``, the username typed) or the thing changed; the payload carries the
client address, the user agent and the details. Kinds: ``login.success``, ``login.failure``,
``login.password_accepted``, ``login.locked``, ``login.second_factor_failure``,
``login.second_factor_reused`` (a right code already used), ``logout``,
``session.expired``, ``session.superseded``, ``session.second_factor_missing``,
``lockout.started``, ``lockout.lifted``, ``password.changed``, ``password.expired``,
``totp.enrolled``, ``totp.recovery_code_used``, ``role.changed``, ``permission.changed``,
``data.exported``, ``configuration.changed``, ``duties.refused``, ``audit.archived``.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from waibao.audit.models import AuditRecord
from waibao.audit.services import audit_record

ACTION_PREFIX = "security."

# The request being served, set by SessionPolicyMiddleware, so that events recorded by signal
# receivers (a role changed in the admin) name the administrator and the address.
current_request: ContextVar[HttpRequest | None] = ContextVar("waibao_request", default=None)


class Outcome:
    SUCCESS = "success"
    FAILURE = "failure"
    DENIED = "denied"
    INFO = "info"


def client_ip(request: HttpRequest | None) -> str:
    """The client's address. Behind the reverse proxy of deploy/, nginx overwrites
    X-Real-IP with the peer address, so the header cannot be forged by the client."""
    if request is None:
        return ""
    if getattr(settings, "WAIBAO_TRUST_X_REAL_IP", False):
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded:
            return forwarded[:45]
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def security_event_record(
    *,
    kind: str,
    outcome: str = Outcome.INFO,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str = "",
    target: tuple[str, object] | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditRecord:
    """Append one security event. ``user`` is who acted (default: the user of the request
    being served); ``username`` the account concerned (default: the actor's)."""
    if request is None:
        request = current_request.get()
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if user is not None and not username:
        username = user.get_username()
    payload: dict[str, Any] = {"username": username[:150], "ip_address": client_ip(request)}
    if request is not None:
        payload["user_agent"] = request.META.get("HTTP_USER_AGENT", "")[:300]
    payload.update(detail or {})
    return audit_record(
        actor=user,
        action=f"{ACTION_PREFIX}{kind}",
        obj=target if target is not None else ("security.account", username[:64]),
        to_state=outcome,
        payload=payload,
    )


def personal_data_export_record(
    *, request: HttpRequest | None, user: Any, what: str, rows: int
) -> AuditRecord:
    """Call from every view or command that exports personal data (names, ID numbers...)."""
    return security_event_record(
        kind="data.exported",
        request=request,
        user=user,
        target=("export", what),
        detail={"rows": rows},
    )


def security_events(
    *, since: datetime | None = None, until: datetime | None = None
) -> QuerySet[AuditRecord]:
    records = AuditRecord.objects.filter(action__startswith=ACTION_PREFIX)
    if since is not None:
        records = records.filter(occurred_at__gte=since)
    if until is not None:
        records = records.filter(occurred_at__lt=until)
    return records.order_by("sequence")


def retention_floor(*, now: datetime | None = None) -> datetime:
    """The oldest moment whose records may leave the live system (archived elsewhere)."""
    return (now or timezone.now()) - timedelta(days=settings.WAIBAO_AUDIT_RETENTION_DAYS)


def retention_check(*, before: datetime, now: datetime | None = None) -> None:
    """Refuse any cut-off inside the retention period (网络安全法 第二十一条: six months)."""
    floor = retention_floor(now=now)
    if before > floor:
        raise ValueError(
            f"refused: security events younger than {settings.WAIBAO_AUDIT_RETENTION_DAYS} days "
            f"are kept (网络安全法 第二十一条); the latest cut-off allowed is "
            f"{floor:%Y-%m-%d %H:%M}"
        )
