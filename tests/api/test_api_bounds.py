"""Regressions (found by schemathesis, tests/api/test_api_schema.py, and its edge values):
a year outside what a date can hold (``year=-612``, ``year=10000``) ended in
``date(year, 1, 1)`` and a server error on ten operations; a day at the ends of the calendar
(``today=9999-12-31``, ``as_of=0001-01-01``) overflowed date arithmetic; a huge page number
overflowed the SQL OFFSET. Years and days are now bounded (1900-2100), page numbers too: a
value outside is a 422 naming the parameter, one inside still answers."""

from __future__ import annotations

import pytest

OWN = "91440106000000010A"  # the access world's enterprise


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/contracts?year=10000",
        "/api/executions?year=925510",
        "/api/plans/assessment?jurisdiction=datong&year=-21024",
        "/api/plans/report.xlsx?jurisdiction=datong&year=99999",
        f"/api/talent/trainings/{OWN}?year=-612",
        f"/api/talent/trainings/{OWN}/exams?year=-612",
        "/api/talent/totals?year=0",
        "/api/talent/totals?year=-33456889557",
        "/api/evaluation/scorecard/440100/99999",
        "/api/evaluation/top-ten/440100/10000",
        "/api/funds/applications?year=1899",
        "/api/funds/funds/guangzhou-so-fund/2101/lines",
        f"/api/calculator/99999?uscc={OWN}",
    ],
)
def test_a_year_outside_the_bounds_is_refused_with_422_not_a_server_error(client, world, url):
    client.force_login(world.users["system_admin"])
    response = client.get(url)
    assert response.status_code == 422, response.content[:300]
    assert any(error["loc"][-1] == "year" for error in response.json()["detail"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/plans/report.xlsx?jurisdiction=datong&today=9999-12-31", "today"),
        ("/api/plans/tasks?today=2101-01-01", "today"),
        (f"/api/evaluation/credit/{OWN}?as_of=0001-01-01", "as_of"),
        ("/api/organisations?page=99999999999999999999", "page"),
        ("/api/contracts?page=1000001", "page"),
        ("/api/regions?page=9223372036854775808", "page"),
    ],
)
def test_a_day_or_page_outside_the_bounds_is_refused_with_422(client, world, url, parameter):
    client.force_login(world.users["system_admin"])
    response = client.get(url)
    assert response.status_code == 422, response.content[:300]
    assert any(error["loc"][-1] == parameter for error in response.json()["detail"])


@pytest.mark.django_db
def test_a_year_inside_the_bounds_still_filters(client, world):
    client.force_login(world.users["system_admin"])
    assert len(client.get("/api/contracts?year=2024").json()["items"]) == 4
    assert client.get("/api/contracts?year=2100").json()["items"] == []
    assert client.get("/api/talent/totals?year=1900").status_code == 200
    assert client.get(f"/api/evaluation/credit/{OWN}?as_of=1900-01-01").status_code == 200
    assert client.get("/api/contracts?page=1&page_size=2").json()["count"] == 4


def test_the_openapi_document_states_the_bounds(client):
    parameters = client.get("/api/openapi.json").json()["paths"]["/api/contracts"]["get"][
        "parameters"
    ]
    year = next(p for p in parameters if p["name"] == "year")
    assert {"minimum": 1900, "maximum": 2100}.items() <= year["schema"]["anyOf"][0].items()
