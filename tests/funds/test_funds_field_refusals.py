"""Issue 21, build item 4: a refused step about one field is said beside that field (the
message ``role="alert"``, the input ``aria-invalid`` and described by it) with what was typed
kept; a refusal about no field stays at the top, marked as an error."""

from __future__ import annotations

import re
from html import unescape

import pytest
from funds_factories import PDF

from waibao.funds.models import Application, Fund


def post(client, user, path, data):
    client.force_login(user)
    return client.post(path, data)


def beside(html: str, name: str) -> tuple[str, str]:
    """The input named ``name`` and the message element just after it (or after its unit)."""
    found = re.search(
        rf'(<input name="{name}"[^>]*>)[^<]{{0,40}}(<span class="field-error"[^>]*>[^<]*</span>)',
        html,
    )
    assert found, f"no message beside {name}"
    return found.group(1), found.group(2)


def submit_over_claim(world, client, prefix=""):
    application = world.draft(world.alpha, "guangzhou.5.training", "300.00")
    from waibao.funds.services import evidence_attach

    evidence_attach(application=application, actor=world.alpha_user, name="a.pdf", content=PDF)
    response = post(
        client,
        world.alpha_user,
        f"{prefix}/funds/applications/{application.pk}/submit/",
        {
            "claimed": "400.00",
            "account_name": "天河甲软件",
            "account_number": "6222000011112222",
            "bank_name": "工商银行",
        },
    )
    return application, response


@pytest.mark.parametrize(
    ("prefix", "said"),
    [
        ("", "申请金额 400.00 元 超过应享金额 300.00 元"),
        ("/en", "400.00 yuan"),
    ],
)
def test_an_over_claim_is_said_beside_the_amount_with_the_typed_values_kept(
    world, client, prefix, said
):
    application, response = submit_over_claim(world, client, prefix)
    assert response.status_code == 302
    assert response.url == f"{prefix}/funds/applications/{application.pk}/#refused-submit-claimed"
    html = unescape(client.get(response.url.split("#")[0]).content.decode())
    field, message = beside(html, "claimed")
    assert 'value="400.00"' in field
    assert 'aria-invalid="true"' in field and 'aria-describedby="refused-submit-claimed"' in field
    assert 'id="refused-submit-claimed"' in message and 'role="alert"' in message
    assert said in message
    # not at the top as well, and the other fields kept as typed, but never the account number
    assert said not in html.split("<h2>", 1)[0]
    assert 'value="天河甲软件"' in html and 'value="工商银行"' in html
    assert "6222000011112222" not in html
    assert html.count('aria-invalid="true"') == 1
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    # taken once: the page read again is the plain page
    again = client.get(f"{prefix}/funds/applications/{application.pk}/").content.decode()
    assert "field-error" not in again and 'aria-invalid="true"' not in again


@pytest.mark.parametrize(
    ("prefix", "said"),
    [("", "公示天数应在 1 至 90 之间，现为 0"), ("/en", "must be 1 to 90, not 0")],
)
def test_publicity_days_out_of_bounds_are_said_beside_the_days(world, client, prefix, said):
    page = f"{prefix}/funds/funds/{world.gz_fund.code}/2010/"
    response = post(client, world.gz_admin, page, {"step": "configure", "publicity_days": "0"})
    assert response.url.endswith("#refused-configure-publicity_days")
    html = unescape(client.get(page).content.decode())
    field, message = beside(html, "publicity_days")
    assert 'value="0"' in field and 'aria-invalid="true"' in field
    assert said in message
    assert Fund.objects.get(pk=world.gz_fund.pk).publicity_days != 0


def test_a_refusal_about_no_field_stays_at_the_top_marked_as_an_error(world, client):
    application = world.draft(world.alpha, "guangzhou.5.training", "300.00")
    response = post(
        client,
        world.alpha_user,
        f"/funds/applications/{application.pk}/submit/",
        {"account_name": "天河甲软件", "account_number": "6222000011112222", "bank_name": "工商"},
    )
    assert "#" not in response.url
    html = client.get(response.url).content.decode()
    assert '<li class="error">提交前请至少上传一份证明材料</li>' in html
    assert "field-error" not in html


def test_a_return_without_reason_keeps_the_decision_chosen(world, client):
    """A 退回修改 refused for its missing reason must not come back as 通过."""
    application = world.submitted(world.alpha, "guangzhou.5.training", "300.00")
    response = post(
        client,
        world.tianhe_reviewer,
        f"/funds/applications/{application.pk}/district/",
        {"decision": "return", "reason": " "},
    )
    html = unescape(client.get(response.url.split("#")[0]).content.decode())
    assert '<option value="return" selected>' in html
    _field, message = beside(html, "reason")
    assert "退回修改须说明理由" in message


def test_a_file_that_is_no_pdf_jpeg_or_png_is_said_beside_the_file_input(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = world.draft(world.alpha, "guangzhou.5.training", "300.00")
    response = post(
        client,
        world.alpha_user,
        f"/funds/applications/{application.pk}/evidence/",
        {"file": SimpleUploadedFile("a.exe", b"MZ not a document")},
    )
    assert response.url.endswith("#refused-evidence-file")
    html = unescape(client.get(response.url.split("#")[0]).content.decode())
    found = re.search(
        r'<input type="file" name="file"[^>]*>(<span class="field-error"[^>]*>)', html
    )
    assert found and 'aria-invalid="true"' in found.group(0)
    assert "a.exe：不是 PDF、JPEG 或 PNG 文件" in html.split('id="refused-evidence-file"', 1)[1]
    assert not application.evidence.exists()
