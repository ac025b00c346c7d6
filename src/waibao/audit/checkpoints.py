"""Signed checkpoints of the audit chain, kept where the database cannot rewrite them.

The hash chain shows an edited record only while the later hashes are left alone. Someone
with the power to drop the triggers can edit a record and recompute every hash after it;
the chain is then consistent again. A checkpoint defeats that: it records, outside the
database, the head and the hash of every record since the previous checkpoint, signed with
HMAC-SHA256 under a key that is not in the database either.

- Key: ``WAIBAO_AUDIT_CHECKPOINT_KEY_FILE``, else ``<data dir>/keys/audit-checkpoint.key``
  (generated once, mode 0600, like the field keys; ``waibao backup`` copies ``keys/`` only
  where the operator chose to).
- File: ``<data dir>/audit/checkpoints.jsonl``, one JSON object a line, appended, mode 0600:
  ``{"sequence", "head", "at", "from", "hashes", "signature"}``; ``hashes`` are the first 16
  hex digits of each record's hash from ``from`` to ``sequence``.
- Written by ``waibao.audit.checkpointing.checkpoint_write``: ``waibao audit checkpoint`` (run
  it from cron, daily) and every ``waibao backup``, whose manifest carries the new checkpoint
  (``hashes`` replaced by their SHA-256, ``hashes_sha256``, which the signature covers).
- Read by ``audit_chain_verify``: a record whose hash differs from its checkpoint is the
  first changed record, however consistent the chain after it; a chain shorter than the last
  checkpoint lost records from its end; a line whose signature fails is reported as forged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

from waibao.audit.chain import canonical_json

KEY_FILE_ENV = "WAIBAO_AUDIT_CHECKPOINT_KEY_FILE"
PREFIX = 16


class CheckpointError(Exception):
    """The chain is broken (no checkpoint is signed over a broken chain) or a file is bad."""


def _data_dir() -> Path:
    from waibao.paths import data_dir

    return data_dir()


def key_path() -> Path:
    named = os.environ.get(KEY_FILE_ENV, "")
    return Path(named) if named else _data_dir() / "keys" / "audit-checkpoint.key"


def _key() -> bytes:
    path = key_path()
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(32) + "\n")
    return path.read_text(encoding="ascii").strip().encode("ascii")


def checkpoint_path() -> Path:
    return _data_dir() / "audit" / "checkpoints.jsonl"


def hashes_digest(hashes: list[str]) -> str:
    return hashlib.sha256("".join(hashes).encode("ascii")).hexdigest()


def _signed_part(checkpoint: dict[str, Any]) -> bytes:
    """What the signature covers: every field but ``hashes``, which it covers by their digest
    (so a copy without the list, as in a backup manifest, still verifies)."""
    unsigned = {
        k: v
        for k, v in checkpoint.items()
        if k not in ("signature", "hashes", "line", "hashes_sha256")
    }
    if "hashes" in checkpoint:
        digest = hashes_digest(list(checkpoint.get("hashes") or []))
    else:
        digest = str(checkpoint.get("hashes_sha256", ""))
    return canonical_json({**unsigned, "hashes_sha256": digest}).encode("utf-8")


def sign(checkpoint: dict[str, Any]) -> str:
    return hmac.new(_key(), _signed_part(checkpoint), hashlib.sha256).hexdigest()


def signature_valid(checkpoint: dict[str, Any]) -> bool:
    """For a manifest's copy (no ``hashes``) as for a file line."""
    signature = str(checkpoint.get("signature", ""))
    return hmac.compare_digest(signature, sign(checkpoint))


def checkpoints_read() -> list[dict[str, Any]]:
    path = checkpoint_path()
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    result = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            checkpoint = json.loads(line)
        except ValueError:
            checkpoint = {"line": number, "signature": ""}
        checkpoint["line"] = number
        result.append(checkpoint)
    return result


class CheckpointIndex:
    """What the signed checkpoints say each record's hash was."""

    def __init__(self, checkpoints: list[dict[str, Any]]):
        self.forged: dict[str, Any] | None = None
        self.prefixes: dict[int, tuple[str, str]] = {}
        self.last: dict[str, Any] | None = None
        for checkpoint in checkpoints:
            if not signature_valid(checkpoint):
                self.forged = self.forged or checkpoint
                continue
            start = int(checkpoint["from"])
            for offset, prefix in enumerate(checkpoint.get("hashes") or []):
                self.prefixes[start + offset] = (prefix, str(checkpoint["at"]))
            self.last = checkpoint

    def mismatch(self, sequence: int, hash_: str) -> str | None:
        known = self.prefixes.get(sequence)
        if known is None or hash_.startswith(known[0]):
            return None
        return (
            f"content differs from the signed checkpoint of {known[1]} (the record was altered "
            "and the hashes after it recomputed)"
        )
