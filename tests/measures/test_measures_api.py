"""The API and the pages at work: filters and pages, amounts typed in yuan and kept in fen,
the measure's rules as 422s, and the form recording and correcting."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client

from waibao.measures.models import MeasureRecord
from waibao.measures.programmes import MEASURES

pytestmark = pytest.mark.django_db


def _client(world, role="system_admin"):
    client = Client()
    client.force_login(world.users[role])
    return client


def test_the_declared_measures_are_listed_with_their_words(world):
    body = _client(world, "leader").get("/api/measures/measures?jurisdiction=wenzhou").json()
    assert [m["id"] for m in body] == [
        "wenzhou.14.chambers_overseas_chinese",
        "wenzhou.22.service_trade_statistics",
        "wenzhou.23.industry_association",
    ]
    assert body[2]["amount"] is True and "组建温州服务外包协会" in body[2]["source_phrase"]


def test_filters_and_pages(world, register):
    client = _client(world)
    assert client.get("/api/measures/records?jurisdiction=hangzhou").json()["count"] == 1
    by_uscc = client.get(f"/api/measures/records?uscc={world.orgs.city.uscc}").json()
    assert [r["id"] for r in by_uscc["items"]] == [register.city.pk]
    assert client.get("/api/measures/records?region=440106").json()["count"] == 1
    assert client.get("/api/measures/records?region=440100").json()["count"] == 2
    assert client.get("/api/measures/records?since=2024-05-02").json()["count"] == 0
    page = client.get("/api/measures/records?page=2&page_size=2").json()
    assert (page["count"], len(page["items"])) == (3, 1)
    assert client.get("/api/measures/records?page_size=501").status_code == 422


def test_an_amount_travels_in_yuan_and_is_kept_in_fen(world):
    response = _client(world).post(
        "/api/measures/records",
        {
            "measure": "wenzhou.23.industry_association",
            "recorded_on": "2024-03-01",
            "description": "协会人才培训补助",
            "amount": "200000.05",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["amount"], body["amount_fen"]) == ("200000.05", 20_000_005)
    assert body["region"] == "330300"  # the text's city, no organisation named


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"amount": "1.005"}, 422),
        ({"amount": "1e3"}, 422),
        ({"uscc": "91000000000000000X"}, 422),
        ({"region": "999999"}, 422),
        ({"measure": "hangzhou.16.training_base"}, 422),  # no amount on this measure
        ({"recorded_on": "0001-01-01"}, 422),
    ],
)
def test_what_the_measure_or_the_bounds_refuse_is_a_422(world, fields, status):
    payload = {
        "measure": "hangzhou.6.park_infrastructure",
        "recorded_on": "2024-03-01",
        "description": "双回路供电",
        "amount": "10.00",
        **fields,
    }
    response = _client(world).post(
        "/api/measures/records", payload, content_type="application/json"
    )
    assert response.status_code == status
    assert not MeasureRecord.objects.exists()


def test_the_form_records_an_amount_typed_with_separators_and_corrects_it(world):
    client = _client(world)
    page = client.get("/measures/new/")
    assert "培训基地" in page.content.decode()
    response = client.post(
        "/measures/new/",
        {
            "measure": "hangzhou.18.senior_talent_benefits",
            "recorded_on": "2024-04-01",
            "uscc": world.orgs.elsewhere.uscc,
            "description": "住房安家补助",
            "amount": "1,234.50",
        },
    )
    assert response.status_code == 302
    record = MeasureRecord.objects.get()
    assert (record.amount_fen, record.region_id) == (123_450, "330106")
    form = client.get(f"/measures/{record.pk}/")
    assert 'value="1234.50"' in form.content.decode()
    client.post(
        f"/measures/{record.pk}/",
        {
            "measure": record.measure,
            "recorded_on": "2024-04-01",
            "uscc": world.orgs.elsewhere.uscc,
            "description": "住房安家补助",
            "amount": "1234.51",
            "reason": "更正金额",
        },
    )
    record.refresh_from_db()
    assert (record.amount_fen, record.revision) == (123_451, 2)


def test_the_form_shows_the_measures_refusal(world):
    response = _client(world).post(
        "/measures/new/",
        {
            "measure": "hangzhou.18.senior_talent_benefits",
            "recorded_on": "2024-04-01",
            "description": "住房安家补助",
        },
    )
    assert response.status_code == 200
    title = MEASURES["hangzhou.18.senior_talent_benefits"]
    html = response.content.decode()
    # next to its field: after the region's input, before the organisation's
    beside_uscc = html.split('name="region"', 1)[1].split('name="uscc"', 1)[0]
    assert f"“{title.title_zh}”的记录须填写机构的统一社会信用代码" in beside_uscc
    english = _client(world).post(
        "/en/measures/new/",
        {
            "measure": "hangzhou.18.senior_talent_benefits",
            "recorded_on": "2024-04-01",
            "description": "住房安家补助",
        },
    )
    said = unescape(english.content.decode())
    assert f"A record of “{title.title_en}” names an organisation" in said
    assert not MeasureRecord.objects.exists()


def test_the_apis_refusal_follows_accept_language(world):
    payload = {
        "measure": "hangzhou.16.training_base",
        "recorded_on": "2024-03-01",
        "description": "双回路供电",
        "amount": "10.00",
    }
    title = MEASURES["hangzhou.16.training_base"]
    for language, said in (
        ("zh-hans", f"“{title.title_zh}”的记录不填写金额"),
        ("en", f"A record of “{title.title_en}” carries no amount"),
    ):
        response = _client(world).post(
            "/api/measures/records",
            payload,
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert response.status_code == 422
        assert said in response.json()["detail"]


def test_the_list_page_filters_and_exports(world, register):
    client = _client(world)
    page = client.get("/measures/?jurisdiction=guangzhou")
    assert {r["record"].pk for r in page.context["rows"]} == {register.own.pk, register.city.pk}
    export = client.get("/measures/?jurisdiction=hangzhou&format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert _client(world, "leader").get("/measures/?format=xlsx").status_code == 404


def test_the_pages_speak_english_under_en(world, register):
    client = _client(world)
    listing = client.get("/en/measures/").content.decode()
    assert "Register of policy measures" in listing and "Outsourcing training bases" in listing
    form = client.get("/en/measures/new/").content.decode()
    assert "Record work done" in form and "the training base, the partner" in form
