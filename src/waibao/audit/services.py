"""Writing to the audit log: ``audit_record`` is the only way in."""

from __future__ import annotations

import zlib
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from waibao.audit import chain
from waibao.audit.models import AuditRecord

# One PostgreSQL advisory-lock key for the whole chain (a fixed number from the table name).
CHAIN_LOCK_KEY = zlib.crc32(b"waibao.audit.chain")


def _lock_chain() -> None:
    """Serialise appenders until the caller's transaction ends, so the chain never forks.

    PostgreSQL: a transaction-scoped advisory lock. Locking "the last row FOR UPDATE" is not
    enough there: it cannot lock an empty table, and under READ COMMITTED a waiter re-reads
    the row it was waiting for (still there, no longer last) and would chain onto it.
    SQLite has a single writer; the unique ``prev_hash`` and ``sequence`` columns refuse a
    fork on any database.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def _actor_fields(actor: Any) -> tuple[int | None, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, ""
    return int(actor.pk), str(actor.get_username())


def _object_fields(obj: models.Model | tuple[str, object] | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):
        object_type, object_id = obj
        return str(object_type), str(object_id)
    return obj._meta.label_lower, str(obj.pk)


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | tuple[str, object] | None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    payload: dict[str, Any] | None = None,
) -> AuditRecord:
    """Append one record inside the caller's transaction (or a new one when there is none).

    ``actor`` is a user (or ``None`` for the system); ``obj`` a model instance or a
    ``(type, id)`` pair. Payload money must be strings: floats are refused.
    """
    payload = dict(payload or {})
    chain.check_payload(payload)
    actor_id, actor_username = _actor_fields(actor)
    object_type, object_id = _object_fields(obj)
    with transaction.atomic():
        _lock_chain()
        last = AuditRecord.objects.order_by("-sequence").only("sequence", "hash").first()
        record = AuditRecord(
            sequence=(last.sequence + 1) if last else 1,
            occurred_at=timezone.now(),
            actor_id=actor_id,
            actor_username=actor_username,
            action=action,
            object_type=object_type,
            object_id=object_id,
            from_state=from_state,
            to_state=to_state,
            reason=reason,
            payload=payload,
            prev_hash=last.hash if last else chain.GENESIS_HASH,
        )
        record.hash = record.computed_hash()
        record.full_clean(validate_unique=False)  # the unique indexes decide, race-free
        record.save(force_insert=True)
    return record
