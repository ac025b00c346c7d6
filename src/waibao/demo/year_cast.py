"""Who acts for each jurisdiction in the demo's year of work, and where its organisations
are: read from the money path's fund plans (``waibao.demo.money_path.PLANS``), so the
officers who run a fund are the same who publish its notices, designate its key enterprises
and oversee its plan tasks (separation of duties as docs/security.md asks: the first
officer makes, the second approves)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from waibao.demo.money_path import PLANS

# The region each jurisdiction's lists are published for (its city, or the province), and
# the leading digits of its organisations' districts (Guangdong's: the province's cities
# other than Guangzhou, which has a jurisdiction of its own).
REGIONS = {
    "guangzhou": ("440100", "4401", ""),
    "guangdong": ("440000", "44", "4401"),
    "hangzhou": ("330100", "3301", ""),
    "wenzhou": ("330300", "3303", ""),
    "datong": ("140200", "1402", ""),
}


@dataclass(frozen=True)
class Cast:
    jurisdiction: str
    region: str  # the city's (province's) region code
    prefix: str  # its organisations' region codes start so
    excluded: str  # … but not so ("" for none)
    maker: Any  # first officer: configures, drafts, publishes
    checker: Any  # second officer: approves (four eyes)
    third: Any  # third officer: a plan unit's liaison in the demo
    enterprise: Any  # the demo enterprise login

    def organisations(self, **filters: Any) -> Any:
        """This jurisdiction's organisations, by 统一社会信用代码 (a fixed order)."""
        from waibao.registry.models import Organisation

        rows = Organisation.objects.filter(region__code__startswith=self.prefix, **filters)
        if self.excluded:
            rows = rows.exclude(region__code__startswith=self.excluded)
        return rows.order_by("uscc")


def casts() -> list[Cast]:
    from django.contrib.auth import get_user_model

    names = {n for p in PLANS for n in (p.set_up, p.approver, p.sender, p.enterprise)}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    found = []
    for plan in PLANS:
        region, prefix, excluded = REGIONS[plan.jurisdiction]
        found.append(
            Cast(
                jurisdiction=plan.jurisdiction,
                region=region,
                prefix=prefix,
                excluded=excluded,
                maker=users[plan.set_up],
                checker=users[plan.approver],
                third=users[plan.sender],
                enterprise=users[plan.enterprise],
            )
        )
    return found
