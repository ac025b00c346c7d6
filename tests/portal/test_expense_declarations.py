"""An enterprise declaring its own expenses (issue 19): the calculator then computes the
clause that reads them; another enterprise neither sees nor withdraws them; bad input is
refused in Chinese next to its field, and nothing is written."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

URL = "/report/expenses/"
CLAUSE = "guangzhou.5.market_development"  # 国际市场推广活动: a share of trade-fair costs
RATE = "guangzhou.5.market_development.configured_rate"


def _declare(client, **changes):
    values = {"year": "2024", "kind": "trade_fair", "amount": "12.5万", "area_sqm": "", "note": ""}
    values.update(changes)
    return client.post(URL, values)


def _calculator_row(client, clause):
    html = client.get("/calculator/?year=2024").content.decode()
    match = re.search(rf'<tr data-clause="{re.escape(clause)}">.*?</tr>', html, re.S)
    return match.group(0) if match else None


@pytest.fixture
def rate_set(world):
    """The bureau pays 40% of trade-fair costs from 2024 (its parameter overlay)."""
    from waibao.policy.services import parameter_set

    parameter_set(
        actor=world.users["city_admin"],
        parameter=RATE,
        value="40%",
        effective_from="2024-01-01",
        reason="市局会议纪要",
    )
    return world


def test_a_declared_trade_fair_cost_gives_the_calculator_its_amount(client, rate_set):
    from waibao.audit.models import AuditRecord
    from waibao.registry.models import Expense

    world = rate_set
    client.force_login(world.users["enterprise"])
    assert _calculator_row(client, CLAUSE) is None  # no trade-fair cost: not applicable
    response = _declare(client, note="2024广交会展位费")
    assert response.status_code == 302
    [expense] = Expense.objects.all()
    assert (expense.organisation, expense.year, expense.amount_fen) == (
        world.orgs.own,
        2024,
        12_500_000,
    )
    # 125,000.00 × 40% = 50,000.00
    row = _calculator_row(client, CLAUSE)
    assert row is not None and "50,000.00" in row
    api = client.get("/api/calculator/2024").json()
    [api_row] = [r for r in api["rows"] if r["clause"] == CLAUSE]
    assert api_row["amount_cny"] == "50000.00"
    [record] = AuditRecord.objects.filter(action="expense.declare")
    assert record.actor_username == "qiye"
    assert record.payload["amount"] == "125000.00" and record.payload["kind"] == "trade_fair"

    # a second fair the same year adds to the base: (125,000.00 + 1,234.56) × 40% = 50,493.82
    assert _declare(client, amount="1,234.56").status_code == 302
    assert "50,493.82" in _calculator_row(client, CLAUSE)

    # withdrawn, the first no longer counts: 1,234.56 × 40% = 493.82 (half up from 493.824)
    assert client.post(f"{URL}{expense.pk}/withdraw/").status_code == 302
    assert "493.82" in _calculator_row(client, CLAUSE)
    [withdrawn] = AuditRecord.objects.filter(action="expense.withdraw")
    assert withdrawn.payload["amount"] == "125000.00"


def test_another_enterprise_neither_sees_nor_withdraws_it(client, world, django_user_model):
    from waibao.accounts.models import Profile
    from waibao.registry.models import Expense

    client.force_login(world.users["enterprise"])
    assert _declare(client, note="仅本企业可见").status_code == 302
    [expense] = Expense.objects.all()

    other = django_user_model.objects.create_user(username="qiye2", password="pw")
    Profile.objects.create(user=other, role="enterprise", organisation=world.orgs.district)
    client.force_login(other)
    page = client.get(URL).content.decode()
    assert "仅本企业可见" not in page and 'id="no-expenses"' in page
    # naming the first firm changes nothing: an enterprise only ever sees its own
    page = client.get(URL + f"?uscc={world.orgs.own.uscc}")
    assert page.status_code in (200, 404) and "仅本企业可见" not in page.content.decode()
    assert client.post(f"{URL}{expense.pk}/withdraw/").status_code == 404
    assert Expense.objects.filter(pk=expense.pk).exists()


@pytest.mark.parametrize(
    ("who", "get", "post"),
    [
        ("enterprise", 200, 302),
        ("district_reviewer", 200, 403),  # read-only, names the firm
        ("city_admin", 200, 403),
        ("analyst", 404, 404),  # Zhejiang's analyst: the Guangzhou firm is outside the scope
        ("leader", 403, 403),  # no contract-level data
        ("no_role", 403, 403),
    ],
)
def test_the_role_matrix(client, world, who, get, post):
    client.force_login(world.users[who])
    query = "" if who == "enterprise" else f"?uscc={world.orgs.own.uscc}"
    assert client.get(URL + query).status_code == get
    values = {"year": "2024", "kind": "trade_fair", "amount": "100"}
    assert client.post(URL + query, values).status_code == post


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"amount": ""}, "amount", "请填写金额"),
        ({"amount": "0"}, "amount", "金额应大于零"),
        ({"amount": "-5"}, "amount", "金额不能为负数"),
        ({"amount": "1,23"}, "amount", "千分位逗号应每三位一组"),
        ({"amount": "12.345"}, "amount", "最多保留两位小数"),
        ({"amount": "0.0000001万"}, "amount", "六位小数"),
        ({"year": "1999"}, "year", "请填写费用发生的年度"),
        ({"year": "2999"}, "year", "请填写费用发生的年度"),
        ({"kind": "lunch"}, "kind", "请选择费用类别"),
        ({"area_sqm": "12.5"}, "area_sqm", "请填写整数"),
        ({"area_sqm": "0"}, "area_sqm", "面积应大于零"),
        ({"note": "注" * 201}, "note", "说明不超过200字"),
    ],
)
def test_bad_input_is_refused_in_chinese_next_to_its_field(client, world, changes, field, reason):
    from waibao.audit.models import AuditRecord
    from waibao.registry.models import Expense

    client.force_login(world.users["enterprise"])
    response = _declare(client, **changes)
    assert response.status_code == 400
    html = response.content.decode()
    block = html.split(f'name="{field}"', 1)[1].split('<div class="field">', 1)[0]
    assert reason in block
    assert not Expense.objects.exists()
    assert not AuditRecord.objects.filter(action="expense.declare").exists()


@pytest.mark.parametrize(
    ("amount", "fen"),
    [("0.01", 1), ("1,234,567.89", 123_456_789), ("１２３４", 123_400), ("3万元", 3_000_000)],
)
def test_amounts_are_kept_exactly_as_typed(client, world, amount, fen):
    from waibao.registry.models import Expense

    client.force_login(world.users["enterprise"])
    assert _declare(client, amount=amount, kind="office_rent", area_sqm="1,200").status_code == 302
    [expense] = Expense.objects.all()
    assert (expense.amount_fen, expense.area_sqm) == (fen, 1200)


def test_the_api_declares_lists_and_withdraws_the_enterprises_own(client, world):
    from waibao.registry.models import Expense

    client.force_login(world.users["enterprise"])
    body = {"year": "2024", "kind": "office_rent", "amount": "36,000.00", "area_sqm": "120"}
    response = client.post("/api/report/expenses", body, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["amount"], created["area_sqm"]) == ("36000.00", 120)
    assert [r["id"] for r in client.get("/api/report/expenses?year=2024").json()] == [created["id"]]
    bad = client.post(
        "/api/report/expenses", {**body, "amount": "-1"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "金额不能为负数" in bad.json()["problems"]["amount"][0]

    client.force_login(world.users["city_admin"])  # read-only, names the firm
    listed = client.get(f"/api/report/expenses?uscc={world.orgs.own.uscc}")
    assert [r["id"] for r in listed.json()] == [created["id"]]
    assert (
        client.post("/api/report/expenses", body, content_type="application/json").status_code
        == 403
    )

    client.force_login(world.users["enterprise"])
    gone = client.post(f"/api/report/expenses/{created['id']}/withdraw")
    assert gone.status_code == 204
    assert not Expense.objects.exists()
    assert client.post(f"/api/report/expenses/{created['id']}/withdraw").status_code == 404


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("WAIBAO_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_a_supporting_document_is_kept_and_only_its_firm_reads_it(
    client, world, data_dir, django_user_model
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from waibao.accounts.models import Profile
    from waibao.registry.models import Expense

    client.force_login(world.users["enterprise"])
    pdf = SimpleUploadedFile("租赁合同.pdf", b"%PDF-1.4 lease", content_type="application/pdf")
    assert _declare(client, kind="office_rent", amount="36000", evidence=pdf).status_code == 302
    [expense] = Expense.objects.all()
    assert expense.evidence_type == "application/pdf" and expense.evidence_name == "租赁合同.pdf"
    assert (data_dir / "evidence" / expense.evidence_sha256[:2] / expense.evidence_sha256).exists()
    url = f"{URL}{expense.pk}/evidence/"
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 lease"

    other = django_user_model.objects.create_user(username="qiye3", password="pw")
    Profile.objects.create(user=other, role="enterprise", organisation=world.orgs.district)
    client.force_login(other)
    assert client.get(url).status_code == 404

    client.force_login(world.users["district_reviewer"])  # the firm's district: read-only
    assert client.get(url + f"?uscc={world.orgs.own.uscc}").status_code == 200


def test_a_document_that_is_not_a_pdf_or_image_is_refused_next_to_its_field(
    client, world, data_dir
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from waibao.registry.models import Expense

    client.force_login(world.users["enterprise"])
    fake = SimpleUploadedFile("发票.pdf", b"PK\x03\x04 not a pdf", content_type="application/pdf")
    response = _declare(client, evidence=fake)
    assert response.status_code == 400
    block = response.content.decode().split('name="evidence"', 1)[1]
    assert "凭证须为 PDF、JPEG 或 PNG 文件" in block.split("</div>", 1)[0]
    assert not Expense.objects.exists()
