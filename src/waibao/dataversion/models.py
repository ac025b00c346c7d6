"""The data version behind the cached figures (``waibao.readmodel.cache``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One row per source table of the statistics: a value that changes, in the same
    transaction, whenever a statement writes that table. Database triggers keep it
    (``waibao.dataversion.triggers``), so every way of writing counts: the ORM, bulk imports by
    ``COPY``, the admin, raw SQL. Values are never reused (a PostgreSQL sequence; a random
    63-bit number on SQLite), so a version seen inside a transaction that was rolled back
    never names other data later."""

    table = models.CharField(max_length=63, primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        # The table keeps the name it had in the portal app, where the model began: moving the
        # model (decision 0022) renamed nothing in the database, its triggers or its data.
        db_table = "portal_dataversion"
        verbose_name = _("数据版本")
        verbose_name_plural = _("数据版本")

    def __str__(self) -> str:
        return f"{self.table}@{self.version}"
