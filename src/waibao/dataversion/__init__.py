"""The data version: one value per source table of the computed figures, changed by database
triggers in the same transaction as any write to that table (``triggers``), read as one string
by :func:`data_version`.

A package of its own, low in the house (docs/decisions/0022-layers-and-read-layer.md): the
imports that write a million rows bump the version themselves (``triggers.bulk_rows``), and
they sit far below the pages and the API that read it (``waibao.readmodel``). It imports
nothing of Waibao.
"""

from __future__ import annotations


def data_version() -> str:
    """Every table's version, as one string (one query on a table of a few rows)."""
    from waibao.dataversion.models import DataVersion

    rows = DataVersion.objects.order_by("table").values_list("table", "version")
    return ";".join(f"{table}={version}" for table, version in rows)
