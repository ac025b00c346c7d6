"""The indicators a bureau figure may be entered for, each with its unit and its name.

The keys are the ``measure`` names of the policy folders' ``targets.yaml`` (docs/adding-a-
policy.md): the ones ``waibao.stats.targets`` computes from Waibao's own data, and the ones
it cannot (``clusters``, ``multinationals``, ``professionals``), which only the bureau can
measure. The two measures that need a threshold (``certified_revenue_over``,
``certified_staff_over``) are left out: a target on them names its threshold in the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

COUNT, CNY, USD = "count", "cny", "usd"


@dataclass(frozen=True)
class Measure:
    key: str
    unit: str  # count, cny (yuan, kept in fen) or usd (dollars, kept in cents)
    label: Any  # lazy: rendered in the active language
    computed: bool  # Waibao computes it from its own records


MEASURES: tuple[Measure, ...] = (
    Measure("signed_usd", USD, _("服务外包合同签约额"), True),
    Measure("executed_usd", USD, _("服务外包合同执行额"), True),
    Measure("offshore_executed_usd", USD, _("离岸服务外包执行额"), True),
    Measure("so_revenue_cny", CNY, _("服务外包营业收入"), True),
    Measure("enterprises_reporting", COUNT, _("报送业务数据的服务外包企业数"), True),
    Measure("enterprises_registered", COUNT, _("登记的服务外包企业数"), True),
    Measure("certified_enterprises", COUNT, _("取得国际认证的企业数"), True),
    Measure("certifications", COUNT, _("新取得的国际认证数"), True),
    Measure("employees", COUNT, _("服务外包从业人员数"), True),
    Measure("employees_college", COUNT, _("大专以上学历从业人员数"), True),
    Measure("people_trained", COUNT, _("培训人数"), True),
    Measure("clusters", COUNT, _("服务外包产业聚集区数"), False),
    Measure("multinationals", COUNT, _("落户的跨国服务外包公司数"), False),
    Measure("professionals", COUNT, _("服务外包专业人才数"), False),
)
BY_KEY = {m.key: m for m in MEASURES}


def choices() -> list[tuple[str, Any]]:
    return [(m.key, m.label) for m in MEASURES]


def unit_of(key: str) -> str:
    return BY_KEY[key].unit
