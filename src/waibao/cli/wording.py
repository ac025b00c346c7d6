"""The command line's own reasons, said like an import's (``waibao.imports.wording``): the
end of a refused import, a missing file, the special-fund amounts ``waibao funds preload``
checks and the rows of the district targets ``waibao stats assess`` reads
(``waibao.stats.assessment``)."""

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
        # waibao stats assess --targets FILE
        (r"'(?P<value>[^']*)' is not a 6-digit code", gettext_noop("“%(value)s”不是 6 位区划代码")),
        (
            r"'(?P<value>[^']*)' is not one of (?P<choices>.+)",
            gettext_noop("“%(value)s”无效，可选：%(choices)s"),
        ),
        (
            r"'(?P<value>[^']*)' is not a positive target",
            gettext_noop("“%(value)s”不是大于零的目标值"),
        ),
        (r"'(?P<value>[^']*)' is not a positive integer", gettext_noop("“%(value)s”不是正整数")),
        (
            r"(?P<indicator>\S+) given twice for (?P<code>\S+)",
            gettext_noop("%(code)s 的 %(indicator)s 填了两次"),
        ),
        (r"missing column\(s\) (?P<columns>.+)", gettext_noop("缺少列：%(columns)s")),
        (r"no targets", gettext_noop("文件中没有任何考核目标")),
    )
)


def said_lines(lines: list[str]) -> list[str]:
    """``file:row:column: reason`` (or ``--option VALUE: reason``) lines, each reason said in
    the active language; the part before the first ``": "`` stays as written."""
    return wording.said_lines(lines, SHAPES)
