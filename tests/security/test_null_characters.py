"""Regression (found by schemathesis on PostgreSQL, tests/api/test_api_schema.py): a NUL
character (0x00) in a request's text reached the database, which cannot hold it, as a server
error (first on ``POST /api/report/upload`` with ``uscc="...\\x00..."``). Every request that
carries one in its path, query, form fields or JSON body is now refused with 400 before any
view runs, on SQLite too; a file's binary content still passes."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from access_world import world  # noqa: F401  (the shared fixture)


@pytest.fixture
def admin_client(client, world):  # noqa: F811  (the fixture, by name)
    client.force_login(world.users["system_admin"])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/organisations?q=%00",
        "/api/organisations/9144010600000001%000A",
        "/api/contracts?uscc=91440106000000010A%00",
        "/policies/?x%00=1",
    ],
)
def test_a_nul_in_the_path_or_query_is_a_400(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert response["Content-Security-Policy"]  # still through the security headers


@pytest.mark.django_db
def test_a_nul_in_a_form_field_of_an_upload_is_a_400_on_every_database(admin_client):
    response = admin_client.post(
        "/api/report/upload",
        {
            "uscc": "91440106000000010A\x00",
            "contracts": SimpleUploadedFile("c.csv", b"contract_id\n", "text/csv"),
        },
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_nul_in_a_json_body_is_a_400(admin_client):
    body = json.dumps({"kind": "x\x00", "date": "2024-01-01"})
    response = admin_client.post(
        "/api/evaluation/credit/91440106000000010A/events", body, content_type="application/json"
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_binary_file_content_and_ordinary_text_pass(admin_client):
    assert admin_client.get("/api/organisations?q=机构").status_code == 200
    response = admin_client.post(
        "/api/report/upload",
        {
            "uscc": "91440106000000010A",
            "contracts": SimpleUploadedFile("c.xlsx", b"PK\x03\x04\x00\x00binary", "text/csv"),
        },
    )
    assert response.status_code != 400 or "NUL" not in response.content.decode()
