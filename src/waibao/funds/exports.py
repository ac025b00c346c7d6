"""Treasury exports of a payment batch: CSV (UTF-8 with BOM, for Excel) and XLSX.

Amounts are written as two-decimal strings, so no spreadsheet turns them into floats.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from waibao.funds.models import PaymentBatch
from waibao.funds.selectors import payment_batch_rows

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
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(payment_batch_rows(batch=batch))
    return stream.getvalue()


def payment_batch_xlsx(*, batch: PaymentBatch) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"batch-{batch.pk}"
    sheet.append(list(COLUMNS))
    for row in payment_batch_rows(batch=batch):
        sheet.append([row[column] for column in COLUMNS])
    for cell in sheet["F"][1:] + sheet["H"][1:]:
        cell.number_format = "@"  # text: amounts and account numbers are not floats
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
