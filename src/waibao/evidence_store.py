"""Evidence documents (contracts, invoices, certificates): recognised by their content and
stored once under their SHA-256, outside the database.

Only PDF, JPEG and PNG are taken, recognised by their first bytes (a ``.pdf`` name on a ZIP
file is refused). Files live in ``data_dir()/evidence/<first two hex digits>/<sha256>``, so a
file attached to a fund application and to an expense declaration is stored once. The funds
(``waibao.funds.evidence``) and the reports (``waibao.reporting.expense_evidence``) both keep
their files here; each says in its own words why it refuses one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from waibao.paths import data_dir

SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def sniff(head: bytes) -> str | None:
    """The content type of a PDF, PNG or JPEG file from its first bytes, else ``None``."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def evidence_root() -> Path:
    return data_dir() / "evidence"


def evidence_path(sha256: str) -> Path:
    return evidence_root() / sha256[:2] / sha256


def store(data: bytes) -> str:
    """Write the bytes under their SHA-256 (atomically, once) and return the checksum."""
    sha256 = hashlib.sha256(data).hexdigest()
    path = evidence_path(sha256)
    if path.exists():
        return sha256
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sha256
