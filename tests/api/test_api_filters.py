"""Filters and pagination of the read endpoints, over the demo data set."""

from __future__ import annotations

import pytest

from waibao import demo
from waibao.demo.loader import demo_load
from waibao.demo.logins import demo_logins_ensure


@pytest.fixture
def demo_client(db, client):
    demo_load(demo.generate(enterprises=10))
    demo_logins_ensure()
    client.login(username="xitong", password="xitong-demo-2025")
    return client


def test_organisations_filter_by_city_and_kind(demo_client):
    body = demo_client.get("/api/organisations?region=330300&kind=platform").json()
    assert body["count"] >= 3
    assert all(
        r["region_code"].startswith("3303") and r["kind"] == "platform" for r in body["items"]
    )


def test_contracts_filter_by_year_and_offshore_and_page(demo_client):
    everything = demo_client.get("/api/contracts?year=2023").json()
    offshore = demo_client.get("/api/contracts?year=2023&offshore=true").json()
    onshore = demo_client.get("/api/contracts?year=2023&offshore=false").json()
    assert offshore["count"] + onshore["count"] == everything["count"] > 50
    assert all(
        r["client_country"] != "CN" and r["signed_date"].startswith("2023")
        for r in offshore["items"]
    )
    assert len(everything["items"]) == 50
    second = demo_client.get("/api/contracts?year=2023&page=2").json()["items"]
    assert {(r["uscc"], r["contract_id"]) for r in second}.isdisjoint(
        (r["uscc"], r["contract_id"]) for r in everything["items"]
    )


def test_amounts_are_strings_with_two_decimals(demo_client):
    row = demo_client.get("/api/contracts").json()["items"][0]
    whole, _, cents = row["amount"].partition(".")
    assert whole.isdigit() and len(cents) == 2


def test_a_contract_comes_with_its_executions(demo_client):
    row = demo_client.get("/api/contracts").json()["items"][0]
    detail = demo_client.get(f"/api/contracts/{row['uscc']}/{row['contract_id']}").json()
    listed = demo_client.get(
        f"/api/executions?uscc={row['uscc']}&contract_id={row['contract_id']}"
    ).json()
    assert (
        {e["execution_id"] for e in detail["executions"]}
        == {e["execution_id"] for e in listed["items"]}
        != set()
    )


def test_regions_are_public_and_filter_by_parent(client, db):
    demo_load(demo.generate(enterprises=0))
    body = client.get("/api/regions?parent=140200").json()
    assert {r["code"] for r in body["items"]} >= {"140213", "140214"}


def test_the_api_docs_page_loads_nothing_from_a_cdn(client, db):
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "https://" not in page.split("<body")[0]
