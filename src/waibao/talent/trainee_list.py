"""学员名册 across courses: the trainees of the providers in the user's scope as the shared
staff list (docs/decisions/0031-staff-lists.md), personal data masked as on every talent
page (``people.person_masked``), filtered by course or provider, year enrolled, district,
completion and final exam."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from waibao.money import format_fen
from waibao.talent.models import Enrolment, Exam
from waibao.talent.people import person_masked
from waibao.web import lists

YES, NO = "yes", "no"
NOT_SAT = "none"  # Exam.NONE is "", which a filter reads as "all"


def _search(rows: QuerySet, value: str) -> QuerySet:
    return rows.filter(
        Q(course__name__icontains=value)
        | Q(course__code__icontains=value)
        | Q(course__provider__name__icontains=value)
    )


def _completed(rows: QuerySet, value: str) -> QuerySet:
    return rows.filter(completed_on__isnull=value == NO)


def _exam(rows: QuerySet, value: str) -> QuerySet:
    return rows.filter(final_exam="" if value == NOT_SAT else value)


def _row(enrolment: Enrolment) -> dict[str, Any]:
    return {
        "enrolment": enrolment,
        **person_masked(enrolment.person),
        "fee_paid": format_fen(enrolment.fee_paid_fen),
    }


def trainee_list_page(request: HttpRequest, providers: QuerySet) -> lists.ListPage:
    enrolments = Enrolment.objects.filter(course__provider__in=providers)
    years = [day.year for day in enrolments.order_by().dates("enrolled_on", "year")]
    filters = [
        lists.text_filter("q", _("课程或培训机构"), _search),
        *lists.district_filter(enrolments, "course__provider__region"),
        lists.year_filter(
            "year", _("入学年度"), years, lambda rows, value: rows.filter(enrolled_on__year=value)
        ),
        lists.choice_filter(
            "completed",
            _("结业"),
            ((YES, _("已结业")), (NO, _("在读"))),
            _completed,
            all_label=_("全部"),
        ),
        lists.choice_filter(
            "exam",
            _("结业考试"),
            (
                (Exam.PASSED, Exam.PASSED.label),
                (Exam.FAILED, Exam.FAILED.label),
                (NOT_SAT, Exam.NONE.label),
            ),
            _exam,
            all_label=_("全部"),
        ),
    ]
    rows = enrolments.select_related("person", "course", "course__provider", "hired_by")
    return lists.list_page(
        request,
        rows,
        list_id="trainees",
        filters=filters,
        orderings=(
            lists.Ordering("newest", _("入学日期（新到旧）"), ("-enrolled_on", "-id")),
            lists.Ordering("course", _("按课程"), ("course__provider__name", "course__code", "id")),
        ),
        columns=(
            lists.Column(_("姓名")),
            lists.Column(_("培训机构")),
            lists.Column(_("课程")),
            lists.Column(_("入学")),
            lists.Column(_("结业")),
            lists.Column(_("结业考试")),
            lists.Column(_("培训费(元)"), "amount"),
            lists.Column(_("录用企业")),
        ),
        row_template="talent/_trainee_row.html",
        row=_row,
        empty=_("没有符合条件的学员。"),
    )
