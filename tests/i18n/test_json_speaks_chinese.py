"""Issue 21's done-when for JSON: the calculator and the policy JSON asked for with
``Accept-Language: zh-hans`` hold no run of two or more English words in any string (ids,
codes and field names are identifiers and do not count, see ``tests/english_words.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from english_words import english_runs

OWN = "91440106000000010A"  # the access world's enterprise (tests/access_world.py)
XIHU = "91330106000000040D"


# A firm's year for the public calculator, in each jurisdiction of the catalogue.
def _public_records() -> list[dict[str, Any]]:
    from waibao import jurisdictions
    from waibao.readmodel import public_calculator as service

    return [
        {
            "uscc": service.PLACEHOLDER_USCC,
            "year": 2023,
            "jurisdiction": slug,
            "kind": "enterprise",
            "employees": 300,
            "employees_college": 200,
            "offshore_executed_usd": "2000000",
            "certifications": [
                {
                    "scheme": "CMMI",
                    "level": 3,
                    "event": "new",
                    "date": "2023-05-01",
                    "cost_cny": "300000",
                }
            ],
        }
        for slug in jurisdictions.slugs()
    ]


def _strings(value: Any, path: str = "") -> list[tuple[str, str]]:
    """Every string of a JSON value with where it is (``rows[3].explanation``)."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, f"{path}.{k}".lstrip("."))]
    if isinstance(value, list):
        return [s for i, v in enumerate(value) for s in _strings(v, f"{path}[{i}]")]
    return []


def _english(body: Any) -> list[str]:
    return [f"{where}: {run}" for where, text in _strings(body) for run in english_runs(text)]


# (who asks, the URL) of the calculator and policy JSON
GETS = [
    ("enterprise", "/api/calculator/2024"),
    ("city_admin", f"/api/calculator/2024?uscc={OWN}"),
    ("analyst", f"/api/calculator/2024?uscc={XIHU}"),
    ("city_admin", "/api/parameters"),
    ("city_admin", "/api/parameters/automatic"),
    ("system_admin", "/api/parameters"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "url"), GETS)
def test_the_calculator_and_policy_json_speak_chinese(client, world, who, url):
    client.force_login(world.users[who])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    found = _english(body)
    assert not found, f"{len(found)} English phrases in {url}:\n" + "\n".join(found)


@pytest.mark.django_db
def test_the_public_calculator_json_speaks_chinese(client):
    found = []
    for record in _public_records():
        response = client.post(
            "/api/calculator",
            {"records": [record]},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
        assert response.status_code == 200, response.content[:500]
        found.extend(f"{record['jurisdiction']} {f}" for f in _english(response.json()))
    assert not found, f"{len(found)} English phrases:\n" + "\n".join(found)
