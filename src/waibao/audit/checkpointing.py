"""Signing the chain's head: verify the whole chain (``waibao.audit.selectors``), then append
a signed checkpoint to the file (``waibao.audit.checkpoints``, whose reading the verification
itself uses; so the writing lives here, above both, and neither imports the other back)."""

from __future__ import annotations

import json
import os
from typing import Any

from django.utils import timezone

from waibao.audit.checkpoints import (
    PREFIX,
    CheckpointError,
    checkpoint_path,
    checkpoints_read,
    hashes_digest,
    sign,
    signature_valid,
)
from waibao.audit.models import AuditRecord
from waibao.audit.selectors import audit_chain_verify


def checkpoint_write() -> dict[str, Any]:
    """Verify the chain, then append a signed checkpoint of its head (the new line, returned
    without ``hashes`` and ``line``). Refuses to sign a broken chain."""
    report = audit_chain_verify()
    if not report.intact:
        raise CheckpointError(
            f"audit chain broken at {report.subject}: {report.reason}; no checkpoint signed"
        )
    previous = [c for c in checkpoints_read() if signature_valid(c)]
    start = int(previous[-1]["sequence"]) + 1 if previous else 1
    hashes = [
        h[:PREFIX]
        for h in AuditRecord.objects.filter(sequence__gte=start, sequence__lte=report.records)
        .order_by("sequence")
        .values_list("hash", flat=True)
    ]
    checkpoint: dict[str, Any] = {
        "sequence": report.records,
        "head": report.head_hash,
        "at": timezone.now().isoformat(),
        "from": start,
        "hashes": hashes,
    }
    checkpoint["signature"] = sign(checkpoint)
    path = checkpoint_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(checkpoint, ensure_ascii=False, separators=(",", ":")) + "\n")
    copy = {k: v for k, v in checkpoint.items() if k != "hashes"}
    return {**copy, "hashes_sha256": hashes_digest(hashes)}
