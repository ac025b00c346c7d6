"""Reading the audit log: the trail of one object, and the chain check."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from waibao.audit import chain
from waibao.audit.models import AuditRecord


@dataclass(frozen=True)
class ChainReport:
    """``broken_at`` is the sequence of the first record whose link fails, else ``None``."""

    records: int
    head_hash: str
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def audit_chain_verify(*, expected_head: str | None = None) -> ChainReport:
    """Walk the chain in sequence order, recomputing every hash.

    A link fails when a sequence number is skipped (a row removed), when ``prev_hash`` is not
    the hash of the row before (a row removed or reordered), or when the stored hash is not
    the hash of the row's content (a row edited). Removing rows from the end leaves a shorter
    valid chain; ``expected_head`` (a head hash recorded elsewhere) catches that too.
    """
    previous_hash = chain.GENESIS_HASH
    expected_sequence = 1
    count = 0
    for record in AuditRecord.objects.order_by("sequence").iterator(chunk_size=2000):
        if record.sequence != expected_sequence:
            return ChainReport(
                count,
                previous_hash,
                record.sequence,
                f"sequence {expected_sequence} expected, found {record.sequence} "
                "(a record is missing)",
            )
        if record.prev_hash != previous_hash:
            return ChainReport(
                count,
                previous_hash,
                record.sequence,
                "prev_hash does not match the hash of the record before",
            )
        if record.computed_hash() != record.hash:
            return ChainReport(
                count,
                previous_hash,
                record.sequence,
                "content does not match its hash (the record was altered)",
            )
        previous_hash = record.hash
        expected_sequence += 1
        count += 1
    if expected_head is not None and expected_head != previous_hash:
        known = AuditRecord.objects.filter(hash=expected_head).values_list("sequence", flat=True)
        where = f"record #{known[0]}" if known else "no record"
        return ChainReport(
            count,
            previous_hash,
            expected_sequence,
            f"the expected head hash is {where}; the chain ends at #{count} "
            "(records removed from its end or the expected head is wrong)",
        )
    return ChainReport(count, previous_hash)


def audit_trail(*, obj: models.Model) -> models.QuerySet[AuditRecord]:
    """Every record about one object, oldest first."""
    return AuditRecord.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).order_by("sequence")
