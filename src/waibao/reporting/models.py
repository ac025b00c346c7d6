"""Contracts and executions exactly as DATA-FORMATS.md, plus the reference tables they check
against. Amounts are integer hundredths of their own currency (``amount_minor``): fen for CNY,
cents for USD, and so on; currency conversion happens in statistics, at the yearly rate.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from waibao.registry.models import Organisation


class Category(models.Model):
    """A service-outsourcing category of ``categories.csv`` (ITO/BPO/KPO), versioned."""

    class Group(models.TextChoices):
        ITO = "ITO", _("信息技术外包")
        BPO = "BPO", _("业务流程外包")
        KPO = "KPO", _("知识流程外包")

    code = models.CharField(_("代码"), max_length=8, primary_key=True)
    group = models.CharField(_("大类"), max_length=3, choices=Group.choices)
    name_zh = models.CharField(_("中文名称"), max_length=64)
    name_en = models.CharField(_("英文名称"), max_length=128)
    version = models.CharField(_("版本"), max_length=32)

    class Meta:
        ordering = ["code"]
        verbose_name = _("服务外包业务类别")
        verbose_name_plural = _("服务外包业务类别")

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class ExchangeRate(models.Model):
    """Yearly average rate: CNY per one unit of ``currency``. A rate is not money; it is an
    exact ``Decimal`` and conversion rounds once, half up, to the fen."""

    currency = models.CharField(_("币种"), max_length=3)
    year = models.PositiveSmallIntegerField(_("年度"))
    cny_per_unit = models.DecimalField(_("人民币/单位外币"), max_digits=14, decimal_places=6)
    source = models.CharField(_("来源"), max_length=200)

    class Meta:
        ordering = ["currency", "year"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "year"], name="one_rate_per_currency_year")
        ]
        verbose_name = _("年平均汇率")
        verbose_name_plural = _("年平均汇率")

    def __str__(self) -> str:
        return f"{self.currency} {self.year}"


class Contract(models.Model):
    """A contract taken (接包合同). Offshore (离岸) when the client is not in mainland ``CN``."""

    # No index of its own: the unique (organisation, contract_id) index serves lookups by
    # organisation, and one index fewer is a faster million-row import.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contracts", db_index=False
    )
    contract_id = models.CharField(_("合同编号"), max_length=64)
    client_name = models.CharField(_("发包方"), max_length=200)
    client_country = models.CharField(_("发包方国家或地区"), max_length=2)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="contracts")
    signed_date = models.DateField(_("签约日期"))
    amount_minor = models.BigIntegerField(_("合同金额(最小单位)"))
    currency = models.CharField(_("币种"), max_length=3)

    class Meta:
        ordering = ["organisation_id", "contract_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "contract_id"], name="contract_id_unique_per_organisation"
            )
        ]
        indexes = [models.Index(fields=["signed_date"])]
        verbose_name = _("接包合同")
        verbose_name_plural = _("接包合同")

    def __str__(self) -> str:
        return f"{self.contract_id} {self.client_name}"

    @property
    def offshore(self) -> bool:
        return self.client_country != "CN"


class Execution(models.Model):
    """Money executed on a contract (执行), in the year of its ``execution_date``."""

    # Served by the unique (contract, execution_id) index, as for Contract.organisation.
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="executions", db_index=False
    )
    execution_id = models.CharField(_("执行编号"), max_length=64)
    execution_date = models.DateField(_("执行日期"))
    amount_minor = models.BigIntegerField(_("执行金额(最小单位)"))
    currency = models.CharField(_("币种"), max_length=3)
    receipt_ref = models.CharField(_("收汇凭证"), max_length=64, blank=True)

    class Meta:
        ordering = ["contract_id", "execution_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "execution_id"], name="execution_id_unique_per_contract"
            )
        ]
        indexes = [models.Index(fields=["execution_date"])]
        verbose_name = _("合同执行")
        verbose_name_plural = _("合同执行")

    def __str__(self) -> str:
        return f"{self.execution_id} {self.execution_date}"
