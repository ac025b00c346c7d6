"""Size limits of every file received or imported, compressed and uncompressed, checked
before any parser sees the file (issue 17 item 5: a 304 KB XLSX with one 300 MB cell took the
server from 302 MB to 1.21 GB before it was refused, and ``waibao import`` to 1.0 GB).

- ``WAIBAO_UPLOAD_MAX_BYTES`` (default 50 MiB): the size of a file as received over the web
  (checked on the upload's declared size, and again while it is copied to disk).
- ``WAIBAO_IMPORT_MAX_UNCOMPRESSED_BYTES`` (default 256 MiB): what a parser may have to read:
  a CSV's size, and for an XLSX (a zip archive) the sum of its members' sizes, both as the
  archive declares them and as they actually inflate.
- ``WAIBAO_IMPORT_MAX_RATIO`` (default 200): the largest inflation of one zip member over
  1 MiB (a spreadsheet's XML compresses 5-20 times; a bomb thousands).
- ``WAIBAO_IMPORT_MAX_MEMBERS`` (default 1,000): members of one archive.

The zip check reads the central directory first (declared sizes, ratio, count), then inflates
every member in 1 MiB chunks, counting, and stops as soon as the count passes the limit or a
member's declared size: a forged header cannot get past it, and memory stays at one chunk.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

MIB = 1024 * 1024
CHUNK = MIB
RATIO_FLOOR = MIB  # members smaller than this are never refused for their ratio


class FileRefused(ValueError):
    """A file refused for its size; the message is the reason, without the file name."""


@dataclass(frozen=True)
class Limits:
    upload_bytes: int
    uncompressed_bytes: int
    ratio: int
    members: int


def limits() -> Limits:
    return Limits(
        upload_bytes=int(getattr(settings, "WAIBAO_UPLOAD_MAX_BYTES", 50 * MIB)),
        uncompressed_bytes=int(
            getattr(settings, "WAIBAO_IMPORT_MAX_UNCOMPRESSED_BYTES", 256 * MIB)
        ),
        ratio=int(getattr(settings, "WAIBAO_IMPORT_MAX_RATIO", 200)),
        members=int(getattr(settings, "WAIBAO_IMPORT_MAX_MEMBERS", 1000)),
    )


def _size(count: int) -> str:
    if count >= MIB:
        return f"{count / MIB:,.1f} MiB"
    return f"{count:,} bytes"


def upload_size_check(size: int | None) -> None:
    """Refuse an upload whose declared size is over ``WAIBAO_UPLOAD_MAX_BYTES``."""
    limit = limits().upload_bytes
    if size is not None and size > limit:
        raise FileRefused(f"the file is {_size(size)}, over the limit of {_size(limit)}")


def upload_save(chunks: Iterable[bytes], target: Path) -> int:
    """Copy an upload's chunks to ``target``, refusing (and removing it) past the limit."""
    limit = limits().upload_bytes
    written = 0
    with target.open("wb") as handle:
        for chunk in chunks:
            written += len(chunk)
            if written > limit:
                break
            handle.write(chunk)
    if written > limit:
        target.unlink()
        raise FileRefused(f"the file is over the limit of {_size(limit)}")
    return written


def import_file_check(path: Path) -> None:
    """Refuse a file to import (CSV or XLSX, web or CLI) whose content is over the limits.
    A file that is not a zip archive is measured as it is."""
    limit = limits()
    size = path.stat().st_size
    if zipfile.is_zipfile(path):
        _zip_check(path, limit)
    elif size > limit.uncompressed_bytes:
        raise FileRefused(
            f"the file is {_size(size)}, over the limit of {_size(limit.uncompressed_bytes)}"
        )


def _zip_check(path: Path, limit: Limits) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # not readable as a zip: the parser reports it
    with archive:
        members = archive.infolist()
        if len(members) > limit.members:
            raise FileRefused(
                f"the workbook has {len(members):,} parts, over the limit of {limit.members:,}"
            )
        declared = sum(member.file_size for member in members)
        if declared > limit.uncompressed_bytes:
            raise FileRefused(
                f"the workbook unpacks to {_size(declared)}, over the limit of "
                f"{_size(limit.uncompressed_bytes)}"
            )
        for member in members:
            if member.file_size > RATIO_FLOOR and (
                member.file_size > limit.ratio * max(member.compress_size, 1)
            ):
                raise FileRefused(
                    f"the workbook part {member.filename} unpacks {_size(member.file_size)} "
                    f"from {_size(member.compress_size)}, more than {limit.ratio} times: "
                    "refused as a decompression bomb"
                )
        _inflate_check(archive, members, limit)


def _inflate_check(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], limit: Limits) -> None:
    """Inflate every member in chunks and count; never hold more than one chunk."""
    total = 0
    for member in members:
        seen = 0
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(CHUNK):
                    seen += len(chunk)
                    total += len(chunk)
                    if seen > member.file_size or total > limit.uncompressed_bytes:
                        raise FileRefused(
                            f"the workbook unpacks to more than {_size(limit.uncompressed_bytes)}"
                            if total > limit.uncompressed_bytes
                            else f"the workbook part {member.filename} is larger than declared"
                        )
        except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError) as error:
            raise FileRefused(f"the workbook is damaged ({error})") from None


def upload_read(upload: Any) -> bytes:
    """An upload's bytes, refused before reading when its size is over the limit (for files
    kept as they are, such as attachments, which no parser inflates)."""
    upload_size_check(upload.size)
    return upload_save_bytes(upload.chunks())


def upload_save_bytes(chunks: Iterable[bytes]) -> bytes:
    limit = limits().upload_bytes
    parts, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise FileRefused(f"the file is over the limit of {_size(limit)}")
        parts.append(chunk)
    return b"".join(parts)
