"""The API's role × endpoint matrix: every cell is a status code, and for the lists, exactly
which organisations' rows come back. Anonymous callers get 401, signed-in users without a
role 403, rows outside a caller's scope 404 (as if they did not exist). Every cell is run
twice: signed in by session, and by a Bearer token of the same user (one authentication for
every router, issue 17); tests/api/test_api_authentication.py does the same for every
endpoint of the OpenAPI document."""

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
POLICY_READ = {
    **dict.fromkeys(ROLES, 403),
    **REFUSED,
    **dict.fromkeys(("city_admin", "system_admin", "superuser"), 200),
}
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
    # enterprise reporting: an enterprise reads itself; staff name a firm of their scope
    "own profile": {
        **_detail(set(), CONTRACT_REFUSED),
        "enterprise": 200,
        "enterprise_token": 200,
        **dict.fromkeys(("district_reviewer", "city_admin", "analyst"), 400),
        **dict.fromkeys(("system_admin", "superuser"), 400),
    },
    "profile of the own firm by uscc": _detail(
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
    "parameters": POLICY_READ,
    "automatic clauses": POLICY_READ,
    "profile of a Hangzhou firm": _detail(
        {"analyst", "system_admin", "superuser"}, CONTRACT_REFUSED
    ),
    # statistics of the caller's region: viewing (an enterprise has no region), exporting
    "statistics": {
        **dict.fromkeys(ROLES, 200),
        **REFUSED,
        **dict.fromkeys(("enterprise", "enterprise_token"), 403),
    },
    "statistics file": {
        **dict.fromkeys(ROLES, 403),
        **REFUSED,
        **dict.fromkeys(("city_admin", "analyst", "system_admin", "superuser"), 200),
    },
}
EXPECTED["employment"] = EXPECTED["statistics"]  # 从业人员查询: the same rights
EXPECTED["employment file"] = EXPECTED["statistics file"]
VIA = ("session", "token")
CASES = [(endpoint, role, via) for endpoint in EXPECTED for role in ROLES for via in VIA]


def _client(world, role: str, via: str = "session") -> Client:
    """A client of ``role``, signed in by session or by a token of the same user (as made in
    a session that gave the second factor). The ``*_token`` roles are tokens either way."""
    from waibao.apitokens.services import token_create, token_revoke

    client = Client()
    if role in ("enterprise_token", "revoked_token"):
        token, raw = token_create(user=world.users["enterprise"], name="ERP 对接")
        if role == "revoked_token":
            token_revoke(token=token)
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    elif role != "anonymous" and via == "token":
        _, raw = token_create(user=world.users[role], name="matrix", second_factor_given=True)
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
        "own profile": "/api/report/profile",
        "parameters": "/api/parameters",
        "automatic clauses": "/api/parameters/automatic",
        "profile of the own firm by uscc": f"/api/report/profile?uscc={own.uscc}",
        "profile of a Hangzhou firm": f"/api/report/profile?uscc={world.orgs.elsewhere.uscc}",
        "statistics": "/api/statistics/indicators?year=2024",
        "statistics file": "/api/statistics/export?year=2024&format=csv",
        "employment": "/api/statistics/employees?year=2024&by=region_code",
        "employment file": "/api/statistics/employees/export?year=2024&format=xlsx",
    }[endpoint]


@pytest.mark.parametrize(
    ("endpoint", "role", "via"), CASES, ids=[f"{e}-by-{r}-{v}" for e, r, v in CASES]
)
def test_each_role_gets_exactly_its_scope_from_each_endpoint(world, endpoint, role, via):
    response = _client(world, role, via).get(_url(world, endpoint))
    expected = EXPECTED[endpoint][role]
    if isinstance(expected, tuple):
        status, visible = expected
        assert response.status_code == status, response.content
        by_uscc = {org.uscc: name for name, org in vars(world.orgs).items()}
        assert {by_uscc[row["uscc"]] for row in response.json()["items"]} == visible
    else:
        assert response.status_code == expected, response.content


# Writes: only who may submit reports (the enterprise for itself, by session or token; a
# system administrator naming the firm). Staff who may read get 403; a write is audited
# exactly when it is accepted.
WRITE_REFUSED = {
    **REFUSED,
    **dict.fromkeys(("district_reviewer", "city_admin", "leader", "analyst"), 403),
}
ENTERPRISE_WRITES = {"enterprise": 201, "enterprise_token": 201}
WRITES = {
    # (endpoint, the firm named): expected status by role
    ("contracts", None): {
        **WRITE_REFUSED,
        **ENTERPRISE_WRITES,
        "system_admin": 400,
        "superuser": 400,
    },
    ("contracts", "own"): {
        **WRITE_REFUSED,
        **ENTERPRISE_WRITES,
        "system_admin": 201,
        "superuser": 201,
    },
    ("executions", "own"): {
        **WRITE_REFUSED,
        **ENTERPRISE_WRITES,
        "system_admin": 201,
        "superuser": 201,
    },
    ("years", "own"): {
        **WRITE_REFUSED,
        "enterprise": 200,
        "enterprise_token": 200,
        "system_admin": 200,
        "superuser": 200,
    },
    ("upload", "own"): {
        **WRITE_REFUSED,
        "enterprise": 200,
        "enterprise_token": 200,
        "system_admin": 200,
        "superuser": 200,
    },
    ("upload", None): {
        **WRITE_REFUSED,
        "enterprise": 200,
        "enterprise_token": 200,
        "system_admin": 400,
        "superuser": 400,
    },
}
WRITE_CASES = [
    (endpoint, firm, role, via) for endpoint, firm in WRITES for role in ROLES for via in VIA
]


def _write(world, client, endpoint, firm):
    from django.core.files.uploadedfile import SimpleUploadedFile

    uscc = world.orgs.own.uscc if firm else None
    named = {"uscc": uscc} if uscc else {}
    query = f"?uscc={uscc}" if uscc else ""
    if endpoint == "upload":
        text = (
            "contract_id,uscc,client_name,client_country,category,signed_date,amount,currency\n"
            f"W1,{world.orgs.own.uscc},Contoso,US,ITO.01,2025-01-02,10.00,USD\n"
        )
        files = {"contracts": SimpleUploadedFile("w.csv", text.encode())}
        return client.post("/api/report/upload", {**files, **named})
    body = {
        "contracts": {
            "contract_id": "W1",
            "client_name": "Contoso",
            "client_country": "US",
            "category": "ITO.01",
            "signed_date": "2025-01-02",
            "amount": "10.00",
            "currency": "USD",
            **named,
        },
        "executions": {
            "contract_id": "C1",
            "execution_id": "W1",
            "execution_date": "2025-01-02",
            "amount": "10.00",
            "currency": "USD",
            **named,
        },
        "years": {"year": 2024, "employees": 12},
    }[endpoint]
    url = f"/api/report/{endpoint}" + (query if endpoint == "years" else "")
    return client.post(url, body, content_type="application/json")


@pytest.mark.parametrize(
    ("endpoint", "firm", "role", "via"),
    WRITE_CASES,
    ids=[f"{e}-{f}-by-{r}-{v}" for e, f, r, v in WRITE_CASES],
)
def test_each_role_may_write_reports_exactly_where_allowed(world, endpoint, firm, role, via):
    from waibao.audit.models import AuditRecord

    response = _write(world, _client(world, role, via), endpoint, firm)
    expected = WRITES[endpoint, firm][role]
    assert response.status_code == expected, response.content
    audited = AuditRecord.objects.filter(
        action__in=(
            "contract.report",
            "execution.report",
            "organisation_year.report",
            "contracts.upload",
        )
    ).exists()
    assert audited == (expected in (200, 201))


PARAMETER_WRITES = {
    "guangzhou.5.certification.configured_rate": {
        **dict.fromkeys(ROLES, 403),
        **REFUSED,
        "city_admin": 201,
        "system_admin": 201,
        "superuser": 201,
    },
    # Hangzhou's text: not the Guangzhou city admin's to configure
    "hangzhou.17.custom_training.configured_rate": {
        **dict.fromkeys(ROLES, 403),
        **REFUSED,
        "city_admin": 404,
        "system_admin": 201,
        "superuser": 201,
    },
}
PARAMETER_CASES = [(name, role, via) for name in PARAMETER_WRITES for role in ROLES for via in VIA]


@pytest.mark.parametrize(
    ("name", "role", "via"), PARAMETER_CASES, ids=[f"{n}-by-{r}-{v}" for n, r, v in PARAMETER_CASES]
)
def test_each_role_may_set_parameters_exactly_where_allowed(world, name, role, via):
    from waibao.policy.models import ParameterOverride

    response = _client(world, role, via).post(
        f"/api/parameters/{name}",
        {"value": "30%", "effective_from": "2024-01-01", "reason": "会议纪要"},
        content_type="application/json",
    )
    expected = PARAMETER_WRITES[name][role]
    assert response.status_code == expected, response.content
    assert ParameterOverride.objects.exists() == (expected == 201)


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
        "/api/report/profile",
        "/api/report/years",
        "/api/report/contracts",
        "/api/report/executions",
        "/api/report/upload",
        "/api/parameters",
        "/api/parameters/automatic",
        "/api/parameters/{name}",
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
