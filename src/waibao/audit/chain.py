"""The hash chain, apart from Django: how one record is written canonically and hashed.

A record's hash is SHA-256 over the UTF-8 bytes of its canonical JSON (keys sorted, no
spaces, non-ASCII kept) followed by the previous record's hash. The canonical form has
no floats: money travels as two-decimal strings, so a hash never depends on how a database
or a JSON library prints a binary fraction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64


class NotCanonical(TypeError):
    """A payload value the chain cannot hash the same way twice (a float, an object)."""


def check_payload(value: Any, path: str = "payload") -> None:
    """Refuse floats and non-JSON values anywhere in a payload, naming where."""
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return
    if isinstance(value, float):
        raise NotCanonical(f"{path} is a float ({value!r}); write money as a string of fen/yuan")
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_payload(item, f"{path}[{index}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise NotCanonical(f"{path} has a non-string key {key!r}")
            check_payload(item, f"{path}.{key}")
        return
    raise NotCanonical(f"{path} is a {type(value).__name__}, not a JSON value")


def timestamp(moment: dt.datetime) -> str:
    """UTC, microseconds, ``Z``: the same text whichever database gave the datetime back."""
    if moment.tzinfo is None:
        raise ValueError("audit timestamps must be timezone-aware")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(fields: dict[str, Any]) -> str:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def record_hash(fields: dict[str, Any], prev_hash: str) -> str:
    digest = hashlib.sha256()
    digest.update(canonical_json(fields).encode("utf-8"))
    digest.update(prev_hash.encode("ascii"))
    return digest.hexdigest()
