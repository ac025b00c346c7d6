"""Parameter overrides: the bureau's dated values for the quantities a policy text leaves to it
("给予一定补助": ``*.configured_rate`` / ``*.configured_amount`` parameters, see
docs/decisions/0002-rules-readings.md, "Discretion").

Rows are never changed or deleted: a new decision is a new row. For each (parameter,
effective date) the latest row holds; the overlay handed to the rules engine is
``{parameter: {effective date: value}}`` (``waibao.rules.params.ParameterSet.overlay``).
``value`` is the text a parameter file would hold (``"30%"`` for a rate, yuan as a decimal
string for an amount); ``None`` means "not configured" from that date, as ``null`` in YAML.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ParameterOverride(models.Model):
    parameter = models.CharField(_("参数"), max_length=128)
    jurisdiction = models.CharField(_("适用政策"), max_length=20)
    value = models.CharField(_("取值"), max_length=64, null=True, blank=True)
    effective_from = models.DateField(_("生效日期"))
    reason = models.TextField(_("理由"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("设置人"),
    )
    set_at = models.DateTimeField(_("设置时间"), auto_now_add=True)

    class Meta:
        ordering = ["parameter", "effective_from", "set_at", "id"]
        indexes = [models.Index(fields=["parameter", "effective_from"])]
        verbose_name = _("政策参数设置")
        verbose_name_plural = _("政策参数设置")

    def __str__(self) -> str:
        return f"{self.parameter} {self.effective_from}: {self.value}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("a parameter override is never changed: add a new one")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValueError("a parameter override is never deleted: add a new one")
