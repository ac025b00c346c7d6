"""The register's one table: what the bureau did under a measure of a policy text.

A record names the measure it carries out (its id in the folder's ``measures.yaml``, which
gives the citation and the text's words), the day, the region it belongs to (which decides who
sees it) and, where the measure concerns one, the organisation of the registry. Amounts are
integer fen. Who made and who last changed a row is kept here; every change, with the values
before and after, goes to the audit trail (``services``), which is append-only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waibao import jurisdiction_labels
from waibao.registry.models import Organisation, Region


class MeasureRecord(models.Model):
    jurisdiction = models.CharField(_("辖区"), max_length=16, choices=jurisdiction_labels.choices)
    measure = models.CharField(_("政策措施"), max_length=80)
    recorded_on = models.DateField(_("日期"))
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="measure_records", verbose_name=_("区域")
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measure_records",
        verbose_name=_("机构"),
    )
    description = models.TextField(_("工作内容"))
    amount_fen = models.BigIntegerField(_("金额（分）"), null=True, blank=True)
    attachment_ref = models.CharField(_("文号或附件"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="measure_records_created",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="measure_records_updated",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    revision = models.PositiveIntegerField(_("修订次数"), default=1)

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("政策落实记录")
        verbose_name_plural = _("政策落实记录")
        indexes = [
            models.Index(fields=["jurisdiction", "measure"], name="measures_by_measure"),
            models.Index(fields=["region"], name="measures_by_region"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_fen__isnull=True) | models.Q(amount_fen__gte=0),
                name="measures_amount_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.recorded_on}"
