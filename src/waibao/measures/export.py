"""The register as an Excel workbook, written through the project's safe writer
(``waibao.spreadsheets``: text is never a formula). Amounts are exact: yuan as text with two
decimals, and the integer fen beside them."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from waibao.measures.models import MeasureRecord
from waibao.measures.selectors import record_row
from waibao.spreadsheets import workbook, xlsx_append


def headers() -> list[str]:
    return [
        _("编号"),
        _("辖区"),
        _("政策措施"),
        _("条款"),
        _("日期"),
        _("区划代码"),
        _("区域"),
        _("统一社会信用代码"),
        _("机构"),
        _("工作内容"),
        _("金额（元）"),
        _("金额（分）"),
        _("文号或附件"),
        _("修订次数"),
        _("登记人"),
        _("修改人"),
    ]


def records_xlsx(records: Iterable[MeasureRecord], language: str | None) -> bytes:
    book = workbook(write_only=True)
    sheet = book.create_sheet(_("政策落实台账"))
    xlsx_append(sheet, headers())
    for record in records:
        row = record_row(record, language)
        xlsx_append(
            sheet,
            [
                row["id"],
                row["jurisdiction"],
                row["measure_title"],
                row["citation"],
                row["recorded_on"].isoformat(),
                row["region"],
                row["region_name"],
                row["uscc"] or "",
                row["organisation"] or "",
                row["description"],
                row["amount"] or "",
                row["amount_fen"],
                row["attachment_ref"],
                row["revision"],
                row["created_by"] or "",
                row["updated_by"] or "",
            ],
        )
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()
