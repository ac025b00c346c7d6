"""The register's API (/api/measures/): the declared measures, the records a caller may read
(filters, pages), one record, recording and correcting (writers of the text), and the Excel
export. Authentication is the API's (a session or a token); every check is ``access`` over
``waibao.permissions``; a record outside the caller's scope answers 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from waibao import bounds
from waibao.measures import access, selectors, services
from waibao.measures.export import records_xlsx
from waibao.measures.models import MeasureRecord
from waibao.measures.programmes import measures_of
from waibao.money import MoneyError, parse_fen
from waibao.registry.models import Organisation, Region

router = Router(tags=["measures"])

MAX_PAGE_SIZE = 500


class MeasureOut(Schema):
    id: str
    jurisdiction: str
    provision: str
    title_zh: str
    title_en: str
    citation: str
    source_phrase: str
    holds_zh: str
    holds_en: str
    organisation: str
    amount: bool


class RecordOut(Schema):
    id: int
    jurisdiction: str
    measure: str
    measure_title: str
    citation: str
    recorded_on: dt.date
    region: str
    region_name: str
    uscc: str | None
    organisation: str | None
    description: str
    amount: str | None = Field(description="元，两位小数 / yuan, two decimals, exact")
    amount_fen: int | None
    attachment_ref: str
    revision: int
    created_by: str | None
    created_at: dt.datetime
    updated_by: str | None
    updated_at: dt.datetime


class RecordPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[RecordOut]


class RecordIn(Schema):
    measure: str = Field(max_length=80)
    recorded_on: bounds.Day
    description: str = Field(max_length=10_000)
    region: str | None = Field(None, max_length=6, description="区划代码；默认为机构或辖区的区划")
    uscc: str | None = Field(None, max_length=18)
    amount: str | None = Field(None, max_length=24, description="元，如 1234.50 / yuan")
    attachment_ref: str = Field("", max_length=200)
    reason: str = Field("", max_length=500, description="修改原因（修改时）/ why, on a change")


class RecordQuery(Schema):
    jurisdiction: str = Field("", max_length=16)
    measure: str = Field("", max_length=80)
    uscc: str = Field("", max_length=18)
    region: str = Field("", max_length=6)
    since: bounds.Day | None = None
    until: bounds.Day | None = None
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)

    def filters(self) -> selectors.Filters:
        return selectors.Filters(
            jurisdiction=self.jurisdiction,
            measure=self.measure,
            uscc=self.uscc,
            region=self.region,
            since=self.since,
            until=self.until,
        )


def _readable(request: HttpRequest) -> None:
    if not access.can_read_any(request.user):
        raise HttpError(403, _("无权查看政策落实台账"))


def _entry(payload: RecordIn) -> services.RecordInput:
    organisation = region = None
    if payload.uscc:
        organisation = Organisation.objects.filter(uscc=payload.uscc).first()
        if organisation is None:
            raise HttpError(
                422, _("统一社会信用代码：登记库中没有机构 %(uscc)s") % {"uscc": payload.uscc}
            )
    if payload.region:
        region = Region.objects.filter(code=payload.region).first()
        if region is None:
            raise HttpError(422, _("区划代码：没有区划 %(code)s") % {"code": payload.region})
    amount_fen = None
    if payload.amount not in (None, ""):
        try:
            amount_fen = parse_fen(payload.amount)
        except MoneyError:
            raise HttpError(422, _("金额：请填写金额（元），最多两位小数，例如 1234.50")) from None
    return services.RecordInput(
        measure=payload.measure,
        recorded_on=payload.recorded_on,
        description=payload.description,
        region=region,
        organisation=organisation,
        amount_fen=amount_fen,
        attachment_ref=payload.attachment_ref,
    )


def _record(request: HttpRequest, record_id: int) -> MeasureRecord:
    found = selectors.records_for(request.user).filter(pk=record_id).first()
    if found is None:
        raise HttpError(404, _("没有这条记录"))
    return found


@router.get("/measures", response=list[MeasureOut], summary="政策措施 / the declared measures")
def measure_list(request: HttpRequest, jurisdiction: str | None = None) -> list[Any]:
    _readable(request)
    return list(measures_of(jurisdiction))


@router.get("/records", response=RecordPage, summary="政策落实记录 / the records in scope")
def record_list(request: HttpRequest, query: Query[RecordQuery]) -> dict[str, Any]:
    _readable(request)
    qs = selectors.records_for(request.user, query.filters())
    start = (query.page - 1) * query.page_size
    language = get_language()
    return {
        "count": qs.count(),
        "page": query.page,
        "page_size": query.page_size,
        "items": [selectors.record_row(r, language) for r in qs[start : start + query.page_size]],
    }


@router.get("/records.xlsx", summary="导出政策落实台账（XLSX）/ export the records in scope")
def record_export(request: HttpRequest, query: Query[RecordQuery]) -> HttpResponse:
    if not access.can_export(request.user):
        raise HttpError(403, _("无权导出政策落实台账"))
    content = records_xlsx(selectors.records_for(request.user, query.filters()), get_language())
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="measures.xlsx"'
    return response


@router.get("/records/{record_id}", response=RecordOut, summary="一条记录 / one record")
def record_detail(request: HttpRequest, record_id: int) -> dict[str, Any]:
    _readable(request)
    return selectors.record_row(_record(request, record_id), get_language())


@router.post("/records", response={201: RecordOut}, summary="登记政策落实记录 / record work done")
def record_create(request: HttpRequest, payload: RecordIn) -> Status:
    record = services.record_create(user=request.user, entry=_entry(payload))
    return Status(201, selectors.record_row(record, get_language()))


@router.put("/records/{record_id}", response=RecordOut, summary="修改记录 / correct a record")
def record_change(request: HttpRequest, record_id: int, payload: RecordIn) -> dict[str, Any]:
    record = _record(request, record_id)
    changed = services.record_edit(
        user=request.user, record=record, entry=_entry(payload), reason=payload.reason
    )
    return selectors.record_row(changed, get_language())
