"""The application page's audit trail in words: ``{{ code|audit_action }}`` names a step
(创建申请), ``{{ value|application_state }}`` names a state (已提交); the codes stay in the
template as titles, for whoever quotes the record (issue 21). ``{{ e|explained }}`` is a stored
entitlement's explanation in the page's language, as far as it was stored in it
(docs/decisions/0036)."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from waibao.funds import wording
from waibao.funds.models import Application, FundEntitlement

register = template.Library()


@register.filter
def audit_action(code: str) -> str:
    return wording.action(code)


@register.filter
def application_state(value: str) -> str:
    return wording.state(Application.Status, value) if value else ""


@register.filter
def explained(entitlement: FundEntitlement | None) -> str:
    return entitlement.explanation_in(get_language()) if entitlement is not None else ""
