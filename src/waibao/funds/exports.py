"""Treasury exports of a payment batch: CSV (UTF-8 with BOM, for Excel) and XLSX.

Amounts are written as two-decimal strings, so no spreadsheet turns them into floats.
"""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpRequest

from waibao.funds.models import PaymentBatch
from waibao.funds.selectors import payment_batch_rows
from waibao.security.events import personal_data_export_record
from waibao.spreadsheets import csv_dict_writer, workbook, xlsx_append

COLUMNS = (
    "payment_id",
    "application_id",
    "uscc",
    "organisation",
    "clause",
    "amount",
    "bank_account_name",
    "bank_account_number",
    "bank_name",
    "status",
)


def payment_batch_csv(*, batch: PaymentBatch) -> str:
    stream = io.StringIO()
    writer = csv_dict_writer(stream, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(payment_batch_rows(batch=batch))
    return stream.getvalue()


def payment_batch_xlsx(*, batch: PaymentBatch) -> bytes:
    book = workbook()
    sheet = book.active
    sheet.title = f"batch-{batch.pk}"
    xlsx_append(sheet, COLUMNS)
    for row in payment_batch_rows(batch=batch):
        xlsx_append(sheet, [row[column] for column in COLUMNS])
    for cell in sheet["F"][1:] + sheet["H"][1:]:
        cell.number_format = "@"  # text: amounts and account numbers are not floats
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def payment_batch_download(
    *, batch: PaymentBatch, fmt: str, request: HttpRequest | None, user: Any
) -> tuple[str | bytes, str] | None:
    """The batch as a file to download (``None`` for an unknown format), recorded as an export
    of personal data (bank accounts, ``security.data.exported``) before it is handed out."""
    if fmt == "csv":
        content: str | bytes = payment_batch_csv(batch=batch)
        content_type = "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        content, content_type = payment_batch_xlsx(batch=batch), XLSX_TYPE
    else:
        return None
    personal_data_export_record(
        request=request,
        user=user,
        what=f"funds.payment_batch:{batch.pk}.{fmt}",
        rows=batch.payments.count(),
    )
    return content, content_type
