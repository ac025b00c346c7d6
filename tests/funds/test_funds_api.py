"""The funds API: each step through HTTP, per role, with the forbidden ones answered 403."""

from __future__ import annotations

import pytest
from funds_factories import BANK, PDF, after_publicity, entitlement_row

from waibao.funds.models import Application, BudgetLine, FundEntitlement
from waibao.funds.services import application_approve_final


@pytest.fixture
def api(client):
    def call(user, method, path, body=None, **extra):
        client.logout()
        if user is not None:
            client.force_login(user)
        if method == "get":
            return client.get(f"/api/funds{path}")
        return client.post(
            f"/api/funds{path}", body or {}, content_type="application/json", **extra
        )

    return call


def test_an_application_goes_from_claim_to_payment_through_the_api(world, api, client):
    world.entitle(
        entitlement_row(world.alpha.uscc, "guangzhou.5.training", "1234.56", discretionary=True)
    )
    entitlement = FundEntitlement.objects.get()
    created = api(world.alpha_user, "post", f"/entitlements/{entitlement.pk}/applications", {})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["claimed"] == "1234.56"
    client.force_login(world.alpha_user)
    upload = client.post(
        f"/api/funds/applications/{pk}/evidence", {"file": _file("invoice.pdf", PDF)}
    )
    assert upload.status_code == 200, upload.content
    assert api(world.alpha_user, "post", f"/applications/{pk}/submit", BANK).json()["status"] == (
        "submitted"
    )
    assert (
        api(
            world.tianhe_reviewer,
            "post",
            f"/applications/{pk}/district-review",
            {"decision": "approve"},
        ).status_code
        == 200
    )
    city = api(
        world.gz_admin,
        "post",
        f"/applications/{pk}/city-review",
        {"decision": "approve", "amount": "1000.00"},
    )
    assert city.json()["approved"] == "1000.00"
    publication = api(world.gz_admin, "post", "/funds/guangzhou-so-fund/2010/publications")
    assert publication.status_code == 201
    public = api(None, "get", f"/publications/{publication.json()['id']}")
    assert public.status_code == 200 and public.json()["rows"][0]["amount"] == "1000.00"
    early = api(world.gz_admin, "post", f"/applications/{pk}/approve")
    assert early.status_code == 409 and "公示期至" in early.json()["detail"]
    application = Application.objects.get(pk=pk)
    application_approve_final(
        application=application, actor=world.gz_admin, now=after_publicity(application.publication)
    )
    line = BudgetLine.objects.get(fund=world.gz_fund, year=2010, source="city")
    preview = api(world.gz_admin, "get", f"/lines/{line.pk}/allocation").json()
    assert preview["rows"][0]["allocated"] == "1000.00" and not preview["oversubscribed"]
    committed = api(
        world.gz_admin, "post", f"/lines/{line.pk}/allocation", {"digest": preview["digest"]}
    )
    assert committed.json()["committed"] == [pk]
    # the approver does not make the batch, its maker does not send it, its sender does not
    # confirm it (separation of duties)
    batch = api(world.gz_clerk, "post", "/funds/guangzhou-so-fund/2010/payment-batches")
    assert batch.status_code == 201 and batch.json()["payments"][0]["amount"] == "1000.00"
    batch_id = batch.json()["id"]
    export = api(world.gz_admin, "get", f"/payment-batches/{batch_id}/export.csv")
    assert "1000.00" in export.content.decode()
    sent = api(world.gz_treasurer, "post", f"/payment-batches/{batch_id}/send")
    assert sent.status_code == 200, sent.content
    payment_id = batch.json()["payments"][0]["payment_id"]
    assert api(world.gz_clerk, "post", f"/payments/{payment_id}/paid").json()["status"] == "paid"
    assert api(world.alpha_user, "get", f"/applications/{pk}").json()["status"] == "paid"
    lines = api(world.gz_admin, "get", "/funds/guangzhou-so-fund/2010/lines").json()
    assert next(x for x in lines if x["source"] == "city")["paid"] == "1000.00"


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_the_api_answers_403_out_of_scope_and_404_for_applications_it_hides(world, api):
    app = world.submitted(world.alpha, "guangzhou.5.training", "10.00")
    assert api(None, "get", "/applications").status_code == 401
    assert api(world.beta_user, "get", f"/applications/{app.pk}").status_code == 404
    assert (
        api(
            world.yuexiu_reviewer,
            "post",
            f"/applications/{app.pk}/district-review",
            {"decision": "approve"},
        ).status_code
        == 404
    )
    assert api(world.hz_admin, "get", "/funds/guangzhou-so-fund/2010/lines").status_code == 403
    assert api(world.alpha_user, "post", "/funds/guangzhou-so-fund/2010/automatic").status_code == (
        403
    )
    # the enterprise sees its application but may not review it
    refused = api(
        world.alpha_user, "post", f"/applications/{app.pk}/district-review", {"decision": "approve"}
    )
    assert refused.status_code == 403
    assert [a["id"] for a in api(world.alpha_user, "get", "/applications").json()] == [app.pk]


def test_amounts_in_the_api_are_decimal_strings_and_floats_are_refused(world, api):
    app = world.submitted(world.alpha, "guangzhou.5.training", "10.00", discretionary=True)
    api(
        world.tianhe_reviewer,
        "post",
        f"/applications/{app.pk}/district-review",
        {"decision": "approve"},
    )
    refused = api(
        world.gz_admin,
        "post",
        f"/applications/{app.pk}/city-review",
        {"decision": "approve", "amount": "1e1"},
    )
    assert refused.status_code == 400 and "不是金额" in refused.json()["detail"]
    assert refused.json()["field"] == "amount"  # the request field, as the page names it
    too_much = api(
        world.gz_admin,
        "post",
        f"/applications/{app.pk}/city-review",
        {"decision": "approve", "amount": "10.01"},
    )
    assert too_much.status_code == 400 and "超过上限" in too_much.json()["detail"]


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("zh-hans", "提交前请至少上传一份证明材料"),
        ("en", "Attach at least one evidence file before submitting"),
    ],
)
def test_a_refused_step_follows_accept_language(world, api, language, said):
    application = world.draft(world.alpha, "guangzhou.5.training", "10.00")
    refused = api(
        world.alpha_user,
        "post",
        f"/applications/{application.pk}/submit",
        BANK,
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert refused.status_code == 400 and refused.json()["detail"] == said
    assert "field" not in refused.json()  # about the application, not one value given


def test_a_refusal_about_one_value_names_the_request_field_it_was_read_from(world, api):
    """The service refuses ``claimed_fen``; the client sent ``claimed``, and is told so."""
    from funds_factories import PDF

    from waibao.funds.services import evidence_attach

    application = world.draft(world.alpha, "guangzhou.5.training", "300.00")
    evidence_attach(application=application, actor=world.alpha_user, name="a.pdf", content=PDF)
    refused = api(
        world.alpha_user,
        "post",
        f"/applications/{application.pk}/submit",
        {**BANK, "claimed": "400.00"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "claimed"
    assert "超过应享金额 300.00 元" in refused.json()["detail"]


@pytest.mark.django_db
def test_every_funds_endpoint_is_documented_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    operations = [
        (path, method, operation)
        for path, methods in paths.items()
        if path.startswith("/api/funds/")
        for method, operation in methods.items()
    ]
    assert len(operations) >= 25
    # ninja would fill in a title from the function name: ours say what the step is in Chinese
    undocumented = [
        (p, m)
        for p, m, op in operations
        if not any("\u4e00" <= char <= "\u9fff" for char in op.get("summary", ""))
    ]
    assert undocumented == []


def test_the_city_admin_configures_the_fund_its_clauses_and_its_budget_through_the_api(world, api):
    path = "/funds/guangzhou-so-fund"
    configured = api(
        world.gz_admin,
        "post",
        f"{path}/configure",
        {"allocation_method": "priority", "publicity_days": 10},
    )
    assert configured.json()["allocation_method"] == "priority"
    clause = api(
        world.gz_admin,
        "post",
        f"{path}/clauses/guangzhou.5.premises",
        {"automatic": True, "priority": 1, "reviewer_cap": "50000.00"},
    )
    assert clause.json() == {
        "clause": "guangzhou.5.premises",
        "payable": True,
        "automatic": True,
        "priority": 1,
        "source": "",
        "reviewer_cap": "50000.00",
    }
    line = api(
        world.gz_admin,
        "post",
        f"{path}/2010/lines",
        {"source": "tianhe", "source_name": "天河区配套"},
    )
    assert line.status_code == 201
    money = api(
        world.gz_admin,
        "post",
        f"/lines/{line.json()['id']}/appropriations",
        {"amount": "3000000.00", "note": "区级配套"},
    )
    assert money.status_code == 201 and money.json()["available"] == "3000000.00"
    for outsider in (world.hz_admin, world.tianhe_reviewer, world.alpha_user):
        assert api(outsider, "post", f"{path}/configure", {"publicity_days": 1}).status_code == 403
        assert (
            api(
                outsider, "post", f"/lines/{line.json()['id']}/appropriations", {"amount": "1.00"}
            ).status_code
            == 403
        )


def test_an_unknown_allocation_method_is_refused_with_its_reason(world, api):
    refused = api(
        world.gz_admin,
        "post",
        "/funds/guangzhou-so-fund/configure",
        {"allocation_method": "lottery"},
    )
    assert refused.status_code == 400 and "超额时分配方式" in refused.json()["detail"]
