"""Computed figures cached under the data they were computed from.

A cached figure's key holds the *data version*: every row of ``DataVersion``, which database
triggers change in the same transaction as any write to the tables the figures read
(``waibao.dataversion``). The version is read first, before the figures' own queries, so
a figure computed from data newer than its key is at worst never found again, and a figure is
never served for data other than its own: nothing is invalidated by hand, and an import by
``COPY``, a payment or an edit in the admin all count.

The key also holds what the figures depend on besides the data: the caller passes the scope
(for instance the SQL of the user's scoped querysets) and the language is added, so two users
share an entry only when their scope is the same query. And the code: the cache lives on disk
beside the database, so an upgraded Waibao must not unpickle a figure of the shape its
previous version computed (a dataclass without the field the new page reads: a 500 on the
leader's dashboard, seen after an upgrade). :func:`code_version` stamps every key with the
installed source files' names, sizes and times.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from django.core.cache import caches
from django.utils.translation import get_language

from waibao.dataversion import data_version

T = TypeVar("T")
CACHE_ALIAS = "default"
TIMEOUT = 24 * 3600  # an entry of a version that changed is never read again; let it expire


@lru_cache(maxsize=1)
def code_version() -> str:
    """What the figures' code and policy texts are: :func:`files_digest` of the ``waibao``
    package, read once a process (about 700 files, by ``stat`` alone: some 10 ms)."""
    return files_digest(Path(__file__).resolve().parents[1])


def files_digest(folder: Path) -> str:
    """A digest of the Python and YAML files under ``folder`` (path, size, modification
    time), so any change of them, an upgrade or a checkout, is a new key."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.suffix in (".py", ".yaml")):
        found = path.stat()
        line = f"{path.relative_to(folder)}\x00{found.st_size}\x00{found.st_mtime_ns}\n"
        digest.update(line.encode())
    return digest.hexdigest()[:16]


def figure_key(name: str, parts: Iterable[Any], version: str) -> str:
    digest = hashlib.sha256()
    for part in (code_version(), version, get_language() or "", *parts):
        digest.update(repr(part).encode())
        digest.update(b"\x00")
    return f"waibao:{name}:{digest.hexdigest()}"


def cached_figure(name: str, parts: Iterable[Any], compute: Callable[[], T]) -> T:
    """``compute()``, or the value it gave for the same ``parts`` and the same data."""
    key = figure_key(name, parts, data_version())
    cache = caches[CACHE_ALIAS]
    found = cache.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = compute()
    if value is not None:
        cache.set(key, value, TIMEOUT)
    return value
