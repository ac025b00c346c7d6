"""The supporting document of a declared expense (a contract, an invoice): a PDF, JPEG or PNG
recognised by its first bytes, within the web upload limit (``waibao.uploads``), stored once
under its SHA-256 by ``waibao.evidence_store``, where the funds keep their evidence too, so one
file attached to a declaration and to a fund application is stored once."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from waibao import uploads
from waibao.evidence_store import sniff


class EvidenceRefused(ValueError):
    """The file is not taken; the message says why, for the person at the form."""


def evidence_read(upload: Any) -> tuple[bytes, str]:
    """The upload's bytes and content type, or ``EvidenceRefused``."""
    try:
        data = uploads.upload_read(upload)
    except uploads.FileRefused as error:
        raise EvidenceRefused(_("文件过大：%(reason)s") % {"reason": error}) from error
    if not data:
        raise EvidenceRefused(_("文件为空"))
    content_type = sniff(data[:16])
    if content_type is not None:
        return data, content_type
    raise EvidenceRefused(_("凭证须为 PDF、JPEG 或 PNG 文件（按文件内容识别）"))
