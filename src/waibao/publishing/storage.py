"""Attachment files: ``data_dir()/publishing/<first two hex digits>/<sha256>``, stored once.

Checksummed on the way in (SHA-256) so that a file served later can be proven unchanged.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from waibao.paths import data_dir

MAX_BYTES = 20 * 1024 * 1024
ALLOWED = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


def root() -> Path:
    return data_dir() / "publishing"


def path_of(sha256: str) -> Path:
    return root() / sha256[:2] / sha256


def store(stream: BinaryIO) -> tuple[str, int]:
    """Copy ``stream`` into the store; returns (sha256, size). Refuses files over MAX_BYTES."""
    digest = hashlib.sha256()
    size = 0
    root().mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=root())
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(65536):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise ValueError(_("附件超过 %(mb)d MB") % {"mb": MAX_BYTES // (1024 * 1024)})
                digest.update(chunk)
                out.write(chunk)
        sha = digest.hexdigest()
        target = path_of(sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, target)
        return sha, size
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(65536):
            digest.update(chunk)
    return digest.hexdigest()
