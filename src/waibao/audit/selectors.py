"""Reading the audit log: the trail of one object, and the chain check."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from waibao.audit import chain
from waibao.audit.models import AuditRecord

# Tables whose rows are links of the chain: the audit action of a row's link, and the class
# that compares rows with their links (``link(payload)``, ``unlinked()``; see
# ``waibao.funds.ledger_check.LedgerCheck``). By dotted path, so this app imports none of them.
LINKED_TABLES = {"ledger.entry": ("ledger entry", "waibao.funds.ledger_check.LedgerCheck")}


@dataclass(frozen=True)
class ChainReport:
    """``subject`` names the first changed thing ("record #12", "ledger entry #7"), empty
    when the chain is intact; ``broken_at`` is the audit sequence where that was found."""

    records: int
    head_hash: str
    broken_at: int | None = None
    reason: str = ""
    subject: str = ""

    @property
    def intact(self) -> bool:
        return not self.subject


def audit_chain_verify(
    *, expected_head: str | None = None, use_checkpoints: bool = True
) -> ChainReport:
    """Walk the chain in sequence order, recomputing every hash; report the first failure.

    A link fails when a sequence number is skipped (a row removed), when ``prev_hash`` is not
    the hash of the row before (a row removed or reordered), when the stored hash is not the
    hash of the row's content (a row edited), or when the hash differs from the one a signed
    checkpoint recorded (a row edited and every later hash recomputed: ``checkpoints``).
    A row of a linked table (the funds ledger) fails when it no longer matches the content
    its link recorded, when it was deleted, or when no link covers it. Removing rows from the
    end leaves a shorter valid chain: the last checkpoint catches that, and so does
    ``expected_head`` (a head hash recorded elsewhere).
    """
    from django.utils.module_loading import import_string

    from waibao.audit.checkpoints import CheckpointIndex, checkpoints_read

    index = CheckpointIndex(checkpoints_read() if use_checkpoints else [])
    if index.forged is not None:
        return ChainReport(
            0,
            chain.GENESIS_HASH,
            None,
            f"line {index.forged.get('line')} of the checkpoint file does not carry a valid "
            "signature (the file was edited, or the checkpoint key changed)",
            "the checkpoint file",
        )
    checks = {
        action: (label, import_string(path)()) for action, (label, path) in LINKED_TABLES.items()
    }
    previous_hash = chain.GENESIS_HASH
    expected_sequence = 1
    count = 0

    def broken(sequence: int, reason: str, subject: str = "") -> ChainReport:
        return ChainReport(count, previous_hash, sequence, reason, subject or f"record #{sequence}")

    for record in AuditRecord.objects.order_by("sequence").iterator(chunk_size=2000):
        if record.sequence != expected_sequence:
            return broken(
                record.sequence,
                f"sequence {expected_sequence} expected, found {record.sequence} "
                "(a record is missing)",
            )
        if record.prev_hash != previous_hash:
            return broken(record.sequence, "prev_hash does not match the hash of the record before")
        if record.computed_hash() != record.hash:
            return broken(
                record.sequence, "content does not match its hash (the record was altered)"
            )
        mismatch = index.mismatch(record.sequence, record.hash)
        if mismatch:
            return broken(record.sequence, mismatch)
        if record.action in checks:
            label, check = checks[record.action]
            problem = check.link(record.payload)
            if problem:
                return broken(
                    record.sequence,
                    f"{problem} (its link is audit record #{record.sequence})",
                    f"{label} #{record.object_id}",
                )
        previous_hash = record.hash
        expected_sequence += 1
        count += 1
    for label, check in checks.values():
        for pk in check.unlinked():
            return ChainReport(
                count,
                previous_hash,
                None,
                "has no audit record: it was written around the application",
                f"{label} #{pk}",
            )
    if index.last is not None and int(index.last["sequence"]) > count:
        return broken(
            count + 1,
            f"the signed checkpoint of {index.last['at']} holds {index.last['sequence']} records; "
            f"the chain ends at #{count} (records removed from its end)",
        )
    if expected_head is not None and expected_head != previous_hash:
        known = AuditRecord.objects.filter(hash=expected_head).values_list("sequence", flat=True)
        where = f"record #{known[0]}" if known else "no record"
        return broken(
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
