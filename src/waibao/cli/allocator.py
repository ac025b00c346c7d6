"""Polars' memory allocator told to keep freed pages ten seconds before giving them back to
the system (issue 20; docs/decisions/0040-allocator-keeps-freed-pages.md).

A command that reads, evaluates and writes a million records frees and allocates gigabytes
chunk after chunk. Polars' jemalloc, as built, hands freed pages back to the system before
the next chunk needs them, so every chunk faults fresh zeroed pages in again: about 690,000
page faults and 1.3 s of kernel time for a million Parquet records, against 530,000 and
1.0 s with freed pages kept for ten seconds (``dirty_decay_ms`` and ``muzzy_decay_ms``,
jemalloc's own documented options), and 4 to 6 % less wall time (bench/README.md). Memory is
still given back after ten idle seconds, so a long-running ``waibao serve`` does not keep
its peak.

jemalloc reads its options once, when the Polars library first allocates: this must run
before Polars is imported, which is why the ``waibao`` command calls it first thing (no
command module imports Polars at its top). A value already in the environment is the
user's choice and is kept.
"""

from __future__ import annotations

import os

POLARS_JEMALLOC_OPTIONS = "_RJEM_MALLOC_CONF"  # the prefixed jemalloc Polars links
KEEP_FREED_PAGES = "dirty_decay_ms:10000,muzzy_decay_ms:10000"


def keep_freed_pages() -> None:
    """Ask Polars' jemalloc to keep freed pages ten seconds, unless the user set its options."""
    os.environ.setdefault(POLARS_JEMALLOC_OPTIONS, KEEP_FREED_PAGES)
