"""A date a page shows is one ``<time>`` element (``|moment``), which portal.css keeps on one
line: at 390 px "2026-12-14 03:44" broke after "2026-". Times are shown in the bureau's
time zone, and the ``datetime`` attribute says the same moment."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.template import Context, Template

SRC = Path(__file__).resolve().parents[2] / "src" / "waibao"


def render(text: str, **values: object) -> str:
    return Template("{% load numbers %}" + text).render(Context(values))


def test_a_date_is_a_time_element_in_the_written_form():
    html = render("{{ d|moment }}", d=dt.date(2026, 12, 14))
    assert html == '<time datetime="2026-12-14">2026-12-14</time>'


def test_a_moment_is_shown_in_the_bureau_s_time_zone(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    utc = dt.datetime(2026, 12, 13, 19, 44, 5, tzinfo=dt.UTC)
    html = render('{{ t|moment:"Y-m-d H:i" }}', t=utc)
    assert html == '<time datetime="2026-12-14T03:44:05+08:00">2026-12-14 03:44</time>'


@pytest.mark.parametrize("value", [None, "", "2026-12-14", "not a date"])
def test_what_is_not_a_date_shows_nothing_so_a_default_can_stand_in(value):
    assert render('{{ v|moment|default:"—" }}', v=value) == "—"


def test_no_page_shows_a_date_through_the_bare_date_filter():
    """Every date shown as text goes through ``|moment``; ``|date`` is left only where a form
    field's ``value`` needs the bare text."""
    offending = []
    for template in sorted(SRC.rglob("templates/**/*.html")):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            bare = re.sub(r'value="\{\{[^}]*\}\}"', "", line)
            if "|date" in bare:
                offending.append(f"{template.relative_to(SRC)}:{number}")
    assert offending == []
