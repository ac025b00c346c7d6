"""The supporting document of a declared expense (a contract, an invoice): a PDF, JPEG or PNG
recognised by its first bytes, within the web upload limit (``waibao.uploads``), stored once
under its SHA-256 in ``data_dir()/evidence`` — the layout of the funds' evidence files
(``waibao.funds.evidence``, a floor above, which this cannot import), so one file attached to
a declaration and to a fund application is stored once."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from waibao import uploads
from waibao.paths import data_dir

SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


class EvidenceRefused(ValueError):
    """The file is not taken; the message says why, for the person at the form."""


def evidence_path(sha256: str) -> Path:
    return data_dir() / "evidence" / sha256[:2] / sha256


def evidence_read(upload: Any) -> tuple[bytes, str]:
    """The upload's bytes and content type, or ``EvidenceRefused``."""
    try:
        data = uploads.upload_read(upload)
    except uploads.FileRefused as error:
        raise EvidenceRefused(_("文件过大：%(reason)s") % {"reason": error}) from error
    if not data:
        raise EvidenceRefused(_("文件为空"))
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return data, content_type
    raise EvidenceRefused(_("凭证须为 PDF、JPEG 或 PNG 文件（按文件内容识别）"))


def evidence_store(data: bytes) -> str:
    """Write the bytes under their SHA-256 (atomically, once); the checksum."""
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
