"""Computed figures cached under the data they were computed from.

A cached figure's key holds the *data version*: every row of ``DataVersion``, which database
triggers change in the same transaction as any write to the tables the figures read
(``waibao.dataversion``). The version is read first, before the figures' own queries, so
a figure computed from data newer than its key is at worst never found again, and a figure is
never served for data other than its own: nothing is invalidated by hand, and an import by
``COPY``, a payment or an edit in the admin all count.

The key also holds what the figures depend on besides the data: the caller passes the scope
(for instance the SQL of the user's scoped querysets) and the language is added, so two users
share an entry only when their scope is the same query.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import caches
from django.utils.translation import get_language

from waibao.dataversion import data_version

T = TypeVar("T")
CACHE_ALIAS = "default"
TIMEOUT = 24 * 3600  # an entry of a version that changed is never read again; let it expire


def figure_key(name: str, parts: Iterable[Any], version: str) -> str:
    digest = hashlib.sha256()
    for part in (version, get_language() or "", *parts):
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
