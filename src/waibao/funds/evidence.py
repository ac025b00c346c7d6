"""Evidence files: checked by content, stored outside the database by their SHA-256.

Only PDF, JPEG and PNG are accepted, recognised by their first bytes (a ``.pdf`` name on a
ZIP file is refused). Files live in ``data_dir()/evidence/<first two hex digits>/<sha256>``;
identical files are stored once. The size limit is ``settings.WAIBAO_EVIDENCE_MAX_BYTES``
(10 MB by default).
"""

from __future__ import annotations

from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

from waibao.evidence_store import SIGNATURES, evidence_path, evidence_root, sniff, store
from waibao.funds.errors import InvalidEvidence

__all__ = ["SIGNATURES", "evidence_path", "evidence_root", "max_bytes", "read_checked", "store"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "WAIBAO_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def read_checked(content: bytes | BinaryIO, name: str) -> tuple[bytes, str]:
    """The file's bytes and content type, or ``InvalidEvidence`` saying why not."""
    limit = max_bytes()
    data = content if isinstance(content, bytes) else content.read(limit + 1)
    if len(data) > limit:
        raise InvalidEvidence(
            _("%(name)s：文件超过 %(limit)s 字节的上限") % {"name": name, "limit": f"{limit:,}"},
            field="content",
        )
    if not data:
        raise InvalidEvidence(_("%(name)s：文件是空的") % {"name": name}, field="content")
    content_type = sniff(data[:16])
    if content_type is None:
        raise InvalidEvidence(
            _("%(name)s：不是 PDF、JPEG 或 PNG 文件（按文件内容判断）") % {"name": name},
            field="content",
        )
    return data, content_type
