"""A refused report cell or query said in the page's language (issue 21: "explain a refusal
in plain Chinese next to the field").

The importer's reasons are the CLI's ``file:row:column: reason`` lines, English, kept as they
are for files and scripts; their shapes and wording live with the importers
(``waibao.imports.wording``), which the command line says them with too. The page adds the
shapes of the statistics page's query (``waibao.readmodel.statistics``); a reason of no known
shape is shown as it is, so nothing is ever hidden."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from waibao.imports import wording

SHAPES: tuple[wording.Shape, ...] = wording.SHAPES + wording.shapes(
    (
        (
            r"year (?P<value>.*): not a year Waibao holds facts for",
            gettext_noop("年度“%(value)s”无效：请填写有数据的四位年份"),
        ),
        (
            r"through_month (?P<value>.*): a month 1-12",
            gettext_noop("截至月份“%(value)s”无效：请填写 1 至 12"),
        ),
        (
            # the choices are field ids (the API's words): the page names none, it sends the
            # reader back to its checkboxes, which carry the names
            r"by: unknown field '?(?P<value>.*?)'?; choose from (?P<choices>.*)",
            gettext_noop("没有“%(value)s”这一分组：请重新查询，在“分组”中勾选"),
        ),
        (
            r"by: field '?(?P<value>.*?)'? given twice",
            gettext_noop("分组 %(value)s 选了两次"),
        ),
        (
            r"format (?P<value>.*): xlsx, csv or json",
            gettext_noop("下载格式“%(value)s”无效：可选 xlsx、csv 或 json"),
        ),
    )
)


def said(reason: str) -> str:
    """``reason`` in the active language, or as it is when its shape is unknown."""
    return wording.said(reason, SHAPES)


def said_by_column(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """A ``by_column()`` mapping with every reason said in the active language."""
    return wording.said_by_column(errors, SHAPES)


def said_lines(lines: list[str]) -> list[str]:
    """``file:row:column: reason`` lines with the reason said in the active language (the
    position stays as the importer wrote it)."""
    return wording.said_lines(lines, SHAPES)
