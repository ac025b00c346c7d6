"""``{% sparkline values label %}``: a figure's trend as a small inline SVG line, drawn on
the server (no script, readable without one). Values are amounts as decimal strings, counts or
ratios; a missing value (``None``: no base to compare with) leaves a gap in the line."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

WIDTH, HEIGHT, PAD = 120, 28, 2


@register.simple_tag
def sparkline(values: list[Any], label: str = "") -> SafeString | str:
    points = [(i, Decimal(str(v))) for i, v in enumerate(values) if v is not None and v != ""]
    if len(points) < 2:
        return ""
    low = min(v for _i, v in points)
    high = max(v for _i, v in points)
    span = high - low or Decimal(1)
    step = Decimal(WIDTH - 2 * PAD) / (len(values) - 1)
    height = Decimal(HEIGHT - 2 * PAD)

    def xy(i: int, v: Decimal) -> str:
        x = PAD + step * i
        y = PAD + height - (v - low) / span * height
        return f"{x:.1f},{y:.1f}"

    line = " ".join(xy(i, v) for i, v in points)
    last_x, last_y = xy(*points[-1]).split(",")
    return format_html(
        '<svg class="sparkline" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-label="{}"><polyline points="{}" fill="none" stroke="currentColor" '
        'stroke-width="1.5"/><circle cx="{}" cy="{}" r="2" fill="currentColor"/></svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        label,
        line,
        last_x,
        last_y,
    )
