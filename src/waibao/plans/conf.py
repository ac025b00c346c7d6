"""The bureau's settings for supervision and assessment, with their defaults.

Override any of them with a ``WAIBAO_PLANS`` dictionary in the Django settings; the CLI's
options override both for one run. docs/plans.md explains each default. A setting refused is
said in the active language (the CLI's ``--lang``), naming the setting as the office knows it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class PlanSettings:
    # A task is overdue from the day after its due date. On overdue day 1 the responsible units
    # are reminded; on day ``escalate_to_lead_after_days`` the lead units; on day
    # ``escalate_to_office_after_days`` the leading group's office.
    escalate_to_lead_after_days: int = 10
    escalate_to_office_after_days: int = 30
    # The yearly assessment (a text's 保障措施 考核): task completion and the districts' statistics
    # targets, as shares of 1. A unit with no target score is scored on its tasks alone.
    assessment_task_weight: Decimal = Decimal("0.6")
    assessment_target_weight: Decimal = Decimal("0.4")
    # Within task completion, a task a unit leads counts this many times one it is responsible for.
    lead_assignment_weight: Decimal = Decimal("2")
    responsible_assignment_weight: Decimal = Decimal("1")
    # Dotted path of a ``selectors.TargetAttainmentSource`` asked for the districts' target
    # scores when the caller passes none (empty: tasks alone).
    target_source: str = ""
    # Send reminder emails through Django's mail backend to the recipients' officers.
    send_email: bool = True


def plan_settings(**overrides: Any) -> PlanSettings:
    configured = getattr(settings, "WAIBAO_PLANS", {}) or {}
    values = {**configured, **{k: v for k, v in overrides.items() if v is not None}}
    for key in (
        "assessment_task_weight",
        "assessment_target_weight",
        "lead_assignment_weight",
        "responsible_assignment_weight",
    ):
        if key in values:
            values[key] = Decimal(str(values[key]))
    result = replace(PlanSettings(), **values)
    if not 0 < result.escalate_to_lead_after_days < result.escalate_to_office_after_days:
        raise ValueError(
            _(
                "督办设置（WAIBAO_PLANS）：逾期提醒牵头单位的天数（%(lead)s）须大于 0，"
                "且少于提醒领导小组办公室的天数（%(office)s）"
            )
            % {
                "lead": result.escalate_to_lead_after_days,
                "office": result.escalate_to_office_after_days,
            }
        )
    if result.assessment_task_weight + result.assessment_target_weight != 1:
        raise ValueError(
            _("督办设置（WAIBAO_PLANS）：任务完成与目标完成两项考核权重之和须为 1，现为 %(sum)s")
            % {"sum": result.assessment_task_weight + result.assessment_target_weight}
        )
    return result
