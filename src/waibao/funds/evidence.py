"""Evidence files: checked by content, stored outside the database by their SHA-256.

Only PDF, JPEG and PNG are accepted, recognised by their first bytes (a ``.pdf`` name on a
ZIP file is refused). Files live in ``data_dir()/evidence/<first two hex digits>/<sha256>``;
identical files are stored once. The size limit is ``settings.WAIBAO_EVIDENCE_MAX_BYTES``
(10 MB by default).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from waibao.funds.errors import InvalidEvidence
from waibao.paths import data_dir

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def max_bytes() -> int:
    return int(getattr(settings, "WAIBAO_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> str | None:
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def evidence_root() -> Path:
    return data_dir() / "evidence"


def evidence_path(sha256: str) -> Path:
    return evidence_root() / sha256[:2] / sha256


def read_checked(content: bytes | BinaryIO, name: str) -> tuple[bytes, str]:
    """The file's bytes and content type, or ``InvalidEvidence`` saying why not."""
    limit = max_bytes()
    data = content if isinstance(content, bytes) else content.read(limit + 1)
    if len(data) > limit:
        raise InvalidEvidence(f"{name}: larger than the {limit} byte limit")
    if not data:
        raise InvalidEvidence(f"{name}: the file is empty")
    content_type = sniff(data[:16])
    if content_type is None:
        raise InvalidEvidence(f"{name}: not a PDF, JPEG or PNG file (checked by its content)")
    return data, content_type


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
