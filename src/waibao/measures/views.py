"""Pages: the register's list (filters, pages, export link), the form to record work done
under a measure, and the form to correct a record. Thin: ``access`` decides, ``selectors``
read, ``services`` write. A record outside the user's scope is a 404."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language

from waibao import jurisdiction_labels
from waibao.measures import access, selectors, services
from waibao.measures.export import records_xlsx
from waibao.measures.forms import RecordForm
from waibao.measures.models import MeasureRecord
from waibao.measures.programmes import MEASURES, measures_of
from waibao.money import format_fen

PAGE_SIZE = 50


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _filters(request: HttpRequest) -> selectors.Filters:
    get = request.GET
    return selectors.Filters(
        jurisdiction=get.get("jurisdiction", "")[:16],
        measure=get.get("measure", "")[:80],
        uscc=get.get("uscc", "").strip()[:18],
        region=get.get("region", "").strip()[:6],
        since=_day(get.get("since")),
        until=_day(get.get("until")),
    )


@login_required
def record_list(request: HttpRequest) -> HttpResponse:
    if not access.can_read_any(request.user):
        raise Http404
    filters = _filters(request)
    records = selectors.records_for(request.user, filters)
    if request.GET.get("format") == "xlsx":
        if not access.can_export(request.user):
            raise Http404
        response = HttpResponse(
            records_xlsx(records, get_language()),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="measures.xlsx"'
        return response
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "measures/records.html",
        {
            "page": page,
            "rows": [
                {
                    "record": r,
                    "measure": MEASURES.get(r.measure),
                    "title": _title(r, language),
                    "amount": format_fen(r.amount_fen),
                }
                for r in page
            ],
            "filters": filters,
            "query": query.urlencode(),
            "jurisdictions": jurisdiction_labels.choices(),
            "measures": [(m.id, f"{m.citation} {m.title(language)}") for m in measures_of()],
            "writable": access.writable_jurisdictions(request.user),
            "exportable": access.can_export(request.user),
        },
    )


def _title(record: MeasureRecord, language: str | None) -> str:
    measure = MEASURES.get(record.measure)
    return measure.title(language) if measure else record.measure


def _form_page(
    request: HttpRequest, form: RecordForm, record: MeasureRecord | None
) -> HttpResponse:
    language = get_language()
    return render(
        request,
        "measures/record_form.html",
        {
            "form": form,
            "record": record,
            "measures": [
                m for slug in access.writable_jurisdictions(request.user) for m in measures_of(slug)
            ],
            "language": language,
        },
    )


def _save(request: HttpRequest, form: RecordForm, record: MeasureRecord | None) -> HttpResponse:
    try:
        if record is None:
            services.record_create(user=request.user, entry=form.entry())
        else:
            services.record_edit(
                user=request.user,
                record=record,
                entry=form.entry(),
                reason=form.cleaned_data["reason"],
            )
    except ValidationError as error:
        form.add_error(None, error)  # keyed by field: each reason next to its field
        return _form_page(request, form, record)
    except PermissionDenied:
        raise Http404 from None
    return redirect("measures:records")


@login_required
def record_new(request: HttpRequest) -> HttpResponse:
    writable = access.writable_jurisdictions(request.user)
    if not writable:
        raise Http404
    if request.method == "POST":
        form = RecordForm(request.POST, jurisdictions=writable)
        if form.is_valid():
            return _save(request, form, None)
    else:
        form = RecordForm(
            jurisdictions=writable,
            initial={
                "measure": request.GET.get("measure", ""),
                "recorded_on": timezone.localdate(),
            },
        )
    return _form_page(request, form, None)


@login_required
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.records_for(request.user).filter(pk=pk).first()
    if record is None or not access.can_write(request.user, record.jurisdiction):
        raise Http404
    writable = [record.jurisdiction]
    if request.method == "POST":
        form = RecordForm(request.POST, jurisdictions=writable)
        if form.is_valid():
            return _save(request, form, record)
    else:
        form = RecordForm(
            jurisdictions=writable,
            initial={
                "measure": record.measure,
                "recorded_on": record.recorded_on,
                "region": record.region_id,
                "uscc": record.organisation.uscc if record.organisation else "",
                "description": record.description,
                "amount": format_fen(record.amount_fen) or "",
                "attachment_ref": record.attachment_ref,
            },
        )
    return _form_page(request, form, record)
