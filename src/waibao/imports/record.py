"""The audit record of a command-line import (issue 17 item 2: CLI imports left no trace).

Web uploads record ``contracts.upload`` / ``executions.upload`` with the signed-in user
(``waibao.reporting.reports``); a command has no signed-in user, so the record names the
operating-system account that ran it, the file (name, size, SHA-256, so the very file can be
identified later) and how many rows it added or found unchanged. Written in the import's own
transaction: an import is never stored without its record.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path
from typing import Any

from waibao.audit.models import AuditRecord
from waibao.audit.services import audit_record


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for the uid (containers)
        return ""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def cli_import_record(*, kind: str, path: Path, counts: dict[str, Any]) -> AuditRecord:
    """Append ``import.<kind>`` for ``path``; ``counts`` are the rows added, unchanged...."""
    return audit_record(
        actor=None,
        action=f"import.{kind}",
        obj=("import", path.name[:64]),
        to_state="imported",
        payload={
            "via": "cli",
            "os_user": _os_user(),
            "file": str(path),
            "bytes": path.stat().st_size,
            "sha256": _sha256(path),
            **counts,
        },
    )
