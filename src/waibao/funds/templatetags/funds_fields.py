"""A refused field on the funds' pages (``waibao.funds.field_refusals``), in three tags placed
where the field is, each naming the form (its step, and ``of`` what when the page has several
such forms) and the field:

- ``{% refused_attrs "submit" "claimed" %}`` inside the input: ``aria-invalid`` and
  ``aria-describedby`` when the refusal is about this field, nothing otherwise;
- ``{% refused_message "submit" "claimed" %}`` after it: the message (``role="alert"``);
- ``{% typed "submit" "claimed" default %}``: what the person typed in this form, else the
  default.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from waibao.funds.field_refusals import anchor, form_key, recalled

register = template.Library()


def _refusal(context: Any, form: str, of: Any) -> dict[str, Any] | None:
    request = context.get("request")
    found = recalled(request) if request is not None else None
    if found is None or found["form"] != form_key(form, of):
        return None
    return found


@register.simple_tag(takes_context=True)
def refused_attrs(context: Any, form: str, field: str, of: Any = None) -> SafeString | str:
    found = _refusal(context, form, of)
    if found is None or found["field"] != field:
        return ""
    return format_html(' aria-invalid="true" aria-describedby="{}"', anchor(found["form"], field))


@register.simple_tag(takes_context=True)
def refused_message(context: Any, form: str, field: str, of: Any = None) -> SafeString | str:
    found = _refusal(context, form, of)
    if found is None or found["field"] != field:
        return ""
    return format_html(
        '<span class="field-error" id="{}" role="alert">{}</span>',
        anchor(found["form"], field),
        found["message"],
    )


@register.simple_tag(takes_context=True)
def typed(context: Any, form: str, field: str, default: Any = "", of: Any = None) -> Any:
    found = _refusal(context, form, of)
    if found is None or field not in found["typed"]:
        return "" if default is None else default
    return found["typed"][field]


@register.simple_tag(takes_context=True)
def typed_selected(context: Any, form: str, field: str, value: str, of: Any = None) -> str:
    """`` selected`` on the option the person had chosen in a refused form (a 退回修改
    without its reason must not come back as 通过)."""
    found = _refusal(context, form, of)
    return " selected" if found is not None and found["typed"].get(field) == value else ""
