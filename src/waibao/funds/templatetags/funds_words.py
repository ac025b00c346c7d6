"""The application page's audit trail in words: ``{{ code|audit_action }}`` names a step
(创建申请), ``{{ value|application_state }}`` names a state (已提交); the codes stay in the
template as titles, for whoever quotes the record (issue 21)."""

from __future__ import annotations

from django import template

from waibao.funds import wording
from waibao.funds.models import Application

register = template.Library()


@register.filter
def audit_action(code: str) -> str:
    return wording.action(code)


@register.filter
def application_state(value: str) -> str:
    return wording.state(Application.Status, value) if value else ""
