"""One table: ``BureauFigure``, a value the bureau entered for an indicator of a jurisdiction
and year, either a target (the bureau's own, where its text sets none) or a measured value
(where Waibao cannot compute one).

Rows are never changed or deleted: a newer entry for the same jurisdiction, indicator, kind
and year supersedes the older one (``selectors.current_figures``), and every entry leaves an
audit record, so the history of a figure is the rows themselves.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waibao import jurisdiction_labels
from waibao.bureau_targets import measures


class BureauFigure(models.Model):
    class Kind(models.TextChoices):
        TARGET = "target", _("目标值")
        MEASURED = "measured", _("实际值")

    class Comparison(models.TextChoices):
        AT_LEAST = ">=", _("达到（含本数）")
        MORE_THAN = ">", _("超过（不含本数）")

    jurisdiction = models.CharField(_("辖区"), max_length=32, choices=jurisdiction_labels.choices)
    indicator = models.CharField(_("指标"), max_length=32, choices=measures.choices)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    # In the unit's whole units: yuan or dollars to the fen/cent, or a whole count.
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=8)
    comparison = models.CharField(
        _("比较方式"), max_length=2, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    ref = models.CharField(_("对应条款"), max_length=32, blank=True)
    source = models.CharField(_("来源说明"), max_length=200)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        ordering = ["jurisdiction", "indicator", "kind", "year", "-entered_at", "-pk"]
        indexes = [models.Index(fields=["jurisdiction", "indicator", "kind", "year"])]
        verbose_name = _("主管部门录入值")
        verbose_name_plural = _("主管部门录入值")

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.indicator} {self.kind} {self.year}: {self.value}"

    @property
    def shown(self) -> Decimal | int:
        """For the page: a count as a whole number, an amount to the fen or cent."""
        return int(self.value) if self.unit == measures.COUNT else Decimal(self.value)

    @property
    def minor(self) -> int:
        """The value as ``waibao.stats.targets`` keeps it: fen or cents, or the count."""
        if self.unit == measures.COUNT:
            return int(self.value)
        return int(Decimal(self.value) * 100)
