"""The security event log: one function writes, every part of Waibao calls it.

Event kinds are dotted names: ``login.success``, ``login.failure``, ``login.locked``,
``login.second_factor_failure``, ``logout``, ``session.expired``, ``session.superseded``,
``lockout.started``, ``password.changed``, ``password.expired``, ``totp.enrolled``,
``totp.recovery_code_used``, ``role.changed``, ``permission.changed``, ``data.exported``,
``parameter.changed``, ``duties.refused``, ``audit.purged``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from waibao.security.models import SecurityEvent


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
    outcome: str = SecurityEvent.Outcome.INFO,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str = "",
    target: str = "",
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> SecurityEvent:
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if user is not None and not username:
        username = user.get_username()
    agent = request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""
    return SecurityEvent.objects.create(
        at=at or timezone.now(),
        kind=kind,
        outcome=outcome,
        actor_id=getattr(user, "pk", None),
        username=username[:150],
        ip_address=client_ip(request),
        user_agent=agent,
        target=target[:200],
        detail=detail or {},
    )


def personal_data_export_record(
    *, request: HttpRequest | None, user: Any, what: str, rows: int
) -> SecurityEvent:
    """Call from every view or command that exports personal data (names, ID numbers...)."""
    return security_event_record(
        kind="data.exported",
        request=request,
        user=user,
        target=what,
        detail={"rows": rows},
    )


def security_events_purge(*, before: datetime, now: datetime | None = None) -> int:
    """Delete events older than ``before``; refuses a date inside the retention period."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.WAIBAO_AUDIT_RETENTION_DAYS)
    if before > limit:
        raise ValueError(
            f"refused: events younger than {settings.WAIBAO_AUDIT_RETENTION_DAYS} days are kept "
            f"(网络安全法 第二十一条); the latest date allowed is {limit:%Y-%m-%d %H:%M}"
        )
    with transaction.atomic():
        # A queryset delete does not call AppendOnlyModel.delete: this is the one sanctioned
        # deletion, and the database triggers check the age again.
        count, _ = SecurityEvent.objects.filter(at__lt=before).delete()
        security_event_record(
            kind="audit.purged", detail={"before": before.isoformat(), "deleted": count}
        )
    return int(count)
