"""Regressions of the treasury batch download (issue 17 items 1 and 2).

1. Bank details ``=HYPERLINK(...)``, ``=1+2``, ``+cmd|' /C calc'!A0`` and an organisation name
   starting with ``=`` reached the batch XLSX as live formulas and the CSV unescaped.
2. Three batch downloads (bank accounts) left no record: each download is now a
   ``security.data.exported`` audit record naming who, which batch and format, and how many rows.

The payments are written straight to the database: whatever input checks exist upstream, the
writer must be safe on its own."""

from __future__ import annotations

import pytest

from formula_checks import PAYLOADS, live_in_csv, live_in_xlsx
from waibao.audit.models import AuditRecord
from waibao.funds.models import Payment, PaymentBatch


@pytest.fixture
def evil_batch(world):
    application = world.submitted(world.alpha, "guangzhou.5.training", "10.00")
    world.alpha.name = '=HYPERLINK("http://evil.example","点击")'
    world.alpha.save(update_fields=["name"])
    batch = PaymentBatch.objects.create(fund=world.gz_fund, year=2010, created_by=world.gz_admin)
    for index, payload in enumerate(PAYLOADS):
        Payment.objects.create(
            batch=batch,
            application=application,
            amount_fen=500 + index,
            bank_account_name=payload,
            bank_account_number=payload[:40],
            bank_name=payload,
        )
    return batch


def _exports(user):
    return AuditRecord.objects.filter(action="security.data.exported", actor_id=user.pk)


@pytest.mark.parametrize(
    "url", ["/api/funds/payment-batches/{pk}/export.{fmt}", "/funds/batches/{pk}/export.{fmt}"]
)
def test_a_batch_download_holds_no_live_formula_and_is_logged(client, world, evil_batch, url):
    client.force_login(world.gz_admin)
    csv_response = client.get(url.format(pk=evil_batch.pk, fmt="csv"))
    assert csv_response.status_code == 200
    text = csv_response.content.decode("utf-8")
    assert live_in_csv(text) == []
    assert "'=1+2" in text and "5.00" in text  # neutralised text, the amount a plain number
    xlsx_response = client.get(url.format(pk=evil_batch.pk, fmt="xlsx"))
    assert xlsx_response.status_code == 200
    assert live_in_xlsx(xlsx_response.content) == []
    logged = list(_exports(world.gz_admin).order_by("sequence"))
    assert [r.object_id for r in logged] == [
        f"funds.payment_batch:{evil_batch.pk}.csv",
        f"funds.payment_batch:{evil_batch.pk}.xlsx",
    ]
    assert {r.payload["rows"] for r in logged} == {len(PAYLOADS)}
    assert logged[0].actor_username == world.gz_admin.username


def test_a_refused_or_unknown_download_is_not_logged(client, world, evil_batch):
    client.force_login(world.hz_admin)  # another city's admin
    assert client.get(f"/api/funds/payment-batches/{evil_batch.pk}/export.csv").status_code in (
        403,
        404,
    )
    client.force_login(world.gz_admin)
    assert client.get(f"/api/funds/payment-batches/{evil_batch.pk}/export.pdf").status_code == 404
    assert not AuditRecord.objects.filter(action="security.data.exported").exists()
