"""The audit log: one row per state change, append-only, each row chained to the one before.

Three layers keep a record from being rewritten: ``save()`` refuses updates and
``delete()`` refuses deletion (and the queryset refuses bulk ``update``/``delete``); the admin
is read-only; and database triggers (migration 0002) refuse UPDATE and DELETE for anyone
going around the application. Someone with the power to drop a trigger can still edit a row,
which is why every row carries a hash over its content and its predecessor's hash:
``waibao audit verify`` finds the first link that no longer holds.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _

from waibao.audit import chain


class AppendOnlyError(Exception):
    """An attempt to change or remove an audit record."""


class AuditRecordQuerySet(models.QuerySet["AuditRecord"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit records cannot be updated")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("audit records cannot be deleted")


class AuditRecord(models.Model):
    sequence = models.PositiveBigIntegerField(_("序号"), unique=True)
    occurred_at = models.DateTimeField(_("时间"))
    actor_id = models.BigIntegerField(_("操作人编号"), null=True, blank=True)
    actor_username = models.CharField(_("操作人"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=64)
    object_type = models.CharField(_("对象类型"), max_length=100)
    object_id = models.CharField(_("对象编号"), max_length=64)
    from_state = models.CharField(_("原状态"), max_length=32, blank=True)
    to_state = models.CharField(_("新状态"), max_length=32, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    payload = models.JSONField(_("内容"), default=dict, blank=True)
    # A unique predecessor means two records can never follow the same one: no fork.
    prev_hash = models.CharField(_("前一记录哈希"), max_length=64, unique=True)
    hash = models.CharField(_("哈希"), max_length=64, unique=True)

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"audit record #{self.sequence} cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError(f"audit record #{self.sequence} cannot be deleted")

    def hashed_fields(self) -> dict[str, Any]:
        """Everything the hash covers except ``prev_hash``, which is appended after it."""
        return {
            "sequence": self.sequence,
            "occurred_at": chain.timestamp(self.occurred_at),
            "actor_id": self.actor_id,
            "actor_username": self.actor_username,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "from_state": self.from_state,
            "to_state": self.to_state,
            "reason": self.reason,
            "payload": self.payload,
        }

    def computed_hash(self) -> str:
        return chain.record_hash(self.hashed_fields(), self.prev_hash)
