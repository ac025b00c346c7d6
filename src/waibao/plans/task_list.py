"""督办 tasks as the shared staff list (docs/decisions/0031-staff-lists.md): the tasks the
user may see, filtered by state (overdue among them), jurisdiction and a word of the title
or clause, paged. A task's state is computed from its milestones and reports
(``selectors.task_status``), so the filters work on the rows the page has already built."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from waibao.plans.selectors import Status
from waibao.web import lists

Row = dict[str, Any]
# A plan has a few dozen tasks: twenty a page keeps a page's overdue ones in one screen.
PAGE_SIZE = 20

# The states of ``selectors.STATUS_LABELS``, written out so that the filter's words are
# translated (the labels there are plain Chinese).
STATES = (
    (Status.NOT_STARTED, _("未开始")),
    (Status.IN_PROGRESS, _("推进中")),
    (Status.OVERDUE, _("已逾期")),
    (Status.BLOCKED, _("受阻")),
    (Status.DONE, _("已完成")),
)


def _search(rows: Sequence[Row], value: str) -> list[Row]:
    wanted = value.casefold()
    return [
        row
        for row in rows
        if wanted in row["task"].title.casefold() or wanted in row["task"].clause_ref.casefold()
    ]


def task_list_page(request: HttpRequest, rows: Sequence[Row]) -> lists.ListPage:
    jurisdictions = {row["task"].jurisdiction: row["task"] for row in rows}
    filters = [
        lists.text_filter("q", _("任务或条款"), _search),
        lists.choice_filter(
            "status",
            _("状态"),
            STATES,
            lambda rows, value: [row for row in rows if row["status_key"] == value],
            all_label=_("全部"),
        ),
    ]
    if len(jurisdictions) > 1:
        filters.append(
            lists.choice_filter(
                "jurisdiction",
                _("辖区"),
                sorted(
                    (code, task.get_jurisdiction_display()) for code, task in jurisdictions.items()
                ),
                lambda rows, value: [row for row in rows if row["task"].jurisdiction == value],
                all_label=_("全部"),
            )
        )
    return lists.list_page(
        request,
        list(rows),
        list_id="tasks",
        filters=filters,
        columns=(
            lists.Column(_("条款")),
            lists.Column(_("任务")),
            lists.Column(_("牵头单位")),
            lists.Column(_("责任单位")),
            lists.Column(_("应完成日期")),
            lists.Column(_("状态")),
            lists.Column(_("逾期天数"), "number"),
        ),
        row_template="plans/_task_row.html",
        page_size=PAGE_SIZE,
        empty=_("没有您可以查看的任务。"),
    )
