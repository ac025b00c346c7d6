"""The command line's own reasons, said like an import's (``waibao.imports.wording``): the
end of a refused import and the special-fund amounts ``waibao funds preload`` checks."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from waibao.imports import wording

SHAPES: tuple[wording.Shape, ...] = wording.SHAPES + wording.shapes(
    (
        (r"refused, nothing imported", gettext_noop("已拒绝，未导入任何数据")),
        (r"no such file", gettext_noop("没有这个文件")),
        (
            r"no fund '(?P<code>[^']*)' \((?P<codes>.*)\)",
            gettext_noop("没有专项资金“%(code)s”（可选：%(codes)s）"),
        ),
        (r"the amount must be positive", gettext_noop("金额须大于零")),
    )
)


def said_lines(lines: list[str]) -> list[str]:
    """``file:row:column: reason`` (or ``--option VALUE: reason``) lines, each reason said in
    the active language; the part before the first ``": "`` stays as written."""
    return wording.said_lines(lines, SHAPES)
