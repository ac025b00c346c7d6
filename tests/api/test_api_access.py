"""The API's role × endpoint matrix: every cell is a status code, and for the lists, exactly
which organisations' rows come back. Anonymous callers get 401, signed-in users without a
role 403, rows outside a caller's scope 404 (as if they did not exist)."""

from __future__ import annotations

import pytest
from django.test import Client

ROLES = (
    "anonymous",
    "no_role",
    "enterprise",
    "district_reviewer",
    "city_admin",
    "leader",
    "analyst",
    "system_admin",
    "superuser",
    "inactive_admin",
    "enterprise_token",
    "revoked_token",
)
EVERYONE = {"own", "district", "city", "elsewhere"}
ORGS_VISIBLE = {
    "enterprise": {"own"},
    "enterprise_token": {"own"},
    "district_reviewer": {"own", "district"},
    "city_admin": {"own", "district", "city"},
    "leader": EVERYONE,
    "analyst": {"elsewhere"},
    "system_admin": EVERYONE,
    "superuser": EVERYONE,
}
REFUSED = {"anonymous": 401, "inactive_admin": 401, "revoked_token": 401, "no_role": 403}


def _list(visible: dict[str, set[str]], refused: dict[str, int]) -> dict[str, object]:
    return {role: refused.get(role, (200, visible.get(role))) for role in ROLES}


def _detail(allowed: set[str], refused: dict[str, int]) -> dict[str, object]:
    return {role: refused.get(role, 200 if role in allowed else 404) for role in ROLES}


CONTRACT_REFUSED = {**REFUSED, "leader": 403}
EXPECTED = {
    "regions": dict.fromkeys(ROLES, 200),
    "parks": dict.fromkeys(ROLES, 200),
    "organisations": _list(ORGS_VISIBLE, REFUSED),
    "organisation in the same city": _detail(
        {"city_admin", "leader", "system_admin", "superuser"}, REFUSED
    ),
    "contracts": _list(ORGS_VISIBLE, CONTRACT_REFUSED),
    "own contract": _detail(
        {
            "enterprise",
            "enterprise_token",
            "district_reviewer",
            "city_admin",
            "system_admin",
            "superuser",
        },
        CONTRACT_REFUSED,
    ),
    "executions": _list(ORGS_VISIBLE, CONTRACT_REFUSED),
}
CASES = [(endpoint, role) for endpoint in EXPECTED for role in ROLES]


def _client(world, role: str) -> Client:
    from waibao.apitokens.services import token_create, token_revoke

    client = Client()
    if role in ("enterprise_token", "revoked_token"):
        token, raw = token_create(user=world.users["enterprise"], name="ERP 对接")
        if role == "revoked_token":
            token_revoke(token=token)
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    elif role != "anonymous":
        client.force_login(world.users[role])
    return client


def _url(world, endpoint: str) -> str:
    own, city = world.orgs.own, world.orgs.city
    return {
        "regions": "/api/regions",
        "parks": "/api/parks",
        "organisations": "/api/organisations",
        "organisation in the same city": f"/api/organisations/{city.uscc}",
        "contracts": "/api/contracts",
        "own contract": f"/api/contracts/{own.uscc}/C1",
        "executions": "/api/executions",
    }[endpoint]


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=[f"{e}-by-{r}" for e, r in CASES])
def test_each_role_gets_exactly_its_scope_from_each_endpoint(world, endpoint, role):
    response = _client(world, role).get(_url(world, endpoint))
    expected = EXPECTED[endpoint][role]
    if isinstance(expected, tuple):
        status, visible = expected
        assert response.status_code == status, response.content
        by_uscc = {org.uscc: name for name, org in vars(world.orgs).items()}
        assert {by_uscc[row["uscc"]] for row in response.json()["items"]} == visible
    else:
        assert response.status_code == expected, response.content


def test_the_openapi_document_lists_every_endpoint(client):
    paths = set(client.get("/api/openapi.json").json()["paths"])
    assert {
        "/api/regions",
        "/api/parks",
        "/api/organisations",
        "/api/organisations/{uscc}",
        "/api/contracts",
        "/api/contracts/{uscc}/{contract_id}",
        "/api/executions",
    } <= paths


def test_every_endpoint_has_a_summary_and_the_generated_api_reference_is_current(client):
    from pathlib import Path

    from waibao.api.reference import api_reference

    document = client.get("/api/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method.upper()} {path} has no summary"
    committed = Path(__file__).resolve().parents[2] / "docs" / "api.md"
    assert committed.read_text(encoding="utf-8") == api_reference(document), (
        "docs/api.md is stale: run `python -m waibao.api.reference > docs/api.md`"
    )
