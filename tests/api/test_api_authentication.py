"""One authentication for every router (issue 17 item 10): every endpoint of the OpenAPI
document answers a Bearer token exactly as it answers the same user's session; CSRF is asked
of session writes only; tokens expire; a staff token needs the second factor; the funds list
needs a role."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

SIGNED_IN_ROLES = (
    "no_role",
    "enterprise",
    "district_reviewer",
    "city_admin",
    "leader",
    "analyst",
    "system_admin",
    "superuser",
)
STAFF = ("district_reviewer", "city_admin", "leader", "analyst", "system_admin", "superuser")


def _operations() -> list[tuple[str, str, bool]]:
    """(method, path, public) of every operation the API serves."""
    from waibao.api.urls import api

    document = api.get_openapi_schema(path_prefix="/api/")
    return [
        (method.upper(), path, "security" not in operation)
        for path, operations in sorted(document["paths"].items())
        for method, operation in operations.items()
    ]


OPERATIONS = _operations()


def _token(user) -> str:
    from waibao.apitokens.services import token_create

    return token_create(user=user, name="matrix", second_factor_given=True)[1]


def _url(world, path: str) -> str:
    values = {
        "uscc": world.orgs.own.uscc,
        "region": "440100",
        "city": "440100",
        "year": "2024",
        "fmt": "csv",
        "contract_id": "C1",
    }
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "1"), path)


def _send(client: Client, method: str, url: str, **extra):
    with transaction.atomic():  # each request sees the same world: undo what it wrote
        response = client.generic(method, url, b"{}", content_type="application/json", **extra)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize(
    ("method", "path", "public"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS]
)
def test_every_endpoint_answers_a_token_as_it_answers_the_session(world, method, path, public):
    url = _url(world, path)
    anonymous = _send(Client(), method, url)
    if not public:
        assert anonymous.status_code == 401, anonymous.content
    for role in SIGNED_IN_ROLES:
        user = world.users[role]
        session = Client()
        session.force_login(user)
        by_session = _send(session, method, url)
        by_token = _send(Client(), method, url, HTTP_AUTHORIZATION=f"Bearer {_token(user)}")
        assert by_token.status_code == by_session.status_code, (role, by_token.content)
        assert by_token.status_code not in (401, 500), (role, by_token.content)


def _enterprise_token(world) -> str:
    return _token(world.users["enterprise"])


@pytest.mark.parametrize(
    "url", ["/api/funds/applications", "/api/plans/tasks", "/api/talent/me", "/api/tokens"]
)
def test_a_token_is_accepted_on_the_routers_that_refused_it(world, url):
    # issue 17: 401 on /api/funds/*, /api/plans/*, /api/talent/* with a valid token
    response = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {_enterprise_token(world)}")
    assert response.status_code != 401


def test_a_token_writes_without_csrf_and_a_session_write_needs_it(world):
    from waibao.evaluation.models import RecognitionApplication

    body = {"uscc": world.orgs.own.uscc, "programme": "nowhere.1", "level": "municipal"}
    url = "/api/evaluation/applications"
    by_token = Client(enforce_csrf_checks=True).post(
        url,
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_enterprise_token(world)}",
    )
    assert by_token.status_code == 422, by_token.content  # reached the rule, no CSRF asked
    session = Client(enforce_csrf_checks=True)
    session.force_login(world.users["enterprise"])
    without = session.post(url, body, content_type="application/json")
    assert without.status_code == 403 and "CSRF" in without.json()["detail"]
    session.get("/")  # the page sets the CSRF cookie
    with_token = session.post(
        url,
        body,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=session.cookies["csrftoken"].value,
    )
    assert with_token.status_code == 422, with_token.content
    assert not RecognitionApplication.objects.exists()


def test_an_anonymous_write_is_401_not_a_csrf_refusal(world):
    response = Client(enforce_csrf_checks=True).post(
        "/api/evaluation/applications", {}, content_type="application/json"
    )
    assert response.status_code == 401


def test_a_wrong_token_is_401_even_beside_a_signed_in_session(world):
    client = Client()
    client.force_login(world.users["enterprise"])
    response = client.get("/api/organisations", HTTP_AUTHORIZATION="Bearer wb_made_up")
    assert response.status_code == 401


@pytest.mark.parametrize(("role", "status"), [("no_role", 403), ("enterprise", 200)])
@pytest.mark.parametrize("via", ["session", "token"])
def test_the_funds_list_needs_a_role(world, role, status, via):
    # issue 17: a signed-in user with no role read /api/funds/funds
    client = Client()
    if via == "session":
        client.force_login(world.users[role])
    else:
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {_token(world.users[role])}"
    assert client.get("/api/funds/funds").status_code == status


def _expiring(world, seconds: int) -> str:
    from waibao.apitokens.models import ApiToken

    token, raw = _token_and_raw(world)
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() + dt.timedelta(seconds=seconds)
    )
    return raw


def _token_and_raw(world):
    from waibao.apitokens.services import token_create

    return token_create(user=world.users["enterprise"], name="ERP")


@pytest.mark.parametrize(("seconds", "status"), [(-1, 401), (0, 401), (60, 200)])
def test_an_expired_token_is_refused(world, seconds, status):
    raw = _expiring(world, seconds)
    response = Client().get("/api/organisations", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == status


def test_a_token_lives_the_configured_default_and_at_most_the_maximum(world, settings):
    from waibao.apitokens.services import TokenRefused, token_create

    settings.WAIBAO_API_TOKEN_DAYS = 30
    settings.WAIBAO_API_TOKEN_MAX_DAYS = 365
    user = world.users["enterprise"]
    before = timezone.now()
    token, _ = token_create(user=user, name="default")
    assert before + dt.timedelta(days=30) <= token.expires_at <= timezone.now() + dt.timedelta(30)
    assert token_create(user=user, name="one", days=1)[0].expires_at < before + dt.timedelta(2)
    token_create(user=user, name="longest", days=365)
    for days in (0, 366):
        with pytest.raises(TokenRefused, match=r"outside 1\.\.365"):
            token_create(user=user, name="no", days=days)


@pytest.mark.parametrize("role", STAFF)
def test_a_staff_token_is_not_made_without_the_second_factor(world, role):
    from waibao.apitokens.models import ApiToken
    from waibao.apitokens.services import SecondFactorNeeded, token_create

    with pytest.raises(SecondFactorNeeded):
        token_create(user=world.users[role], name="no")
    session = Client()
    session.force_login(world.users[role])  # a session without the second factor
    response = session.post("/api/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403, response.content
    assert not ApiToken.objects.exists()


def test_a_staff_session_with_the_second_factor_makes_a_token_shown_once_with_its_expiry(world):
    from waibao.security.sessions import SECOND_FACTOR_KEY

    session = Client()
    session.force_login(world.users["city_admin"])
    store = session.session
    store[SECOND_FACTOR_KEY] = True
    store.save()
    response = session.post(
        "/api/tokens", {"name": "报表", "days": 7}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    made = response.json()
    expires = dt.datetime.fromisoformat(made["expires_at"])
    assert dt.timedelta(days=6) < expires - timezone.now() <= dt.timedelta(days=7)
    by_token = Client().get("/api/parameters", HTTP_AUTHORIZATION=f"Bearer {made['token']}")
    assert by_token.status_code == 200
    # a token cannot make another token, whatever its user
    again = Client().post(
        "/api/tokens",
        {"name": "y"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {made['token']}",
    )
    assert again.status_code == 403


def test_an_enterprise_session_makes_its_token_without_a_second_factor(world):
    session = Client()
    session.force_login(world.users["enterprise"])
    response = session.post("/api/tokens", {"name": "ERP"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["token"].startswith("wb_")


def test_the_supervision_report_of_an_unknown_jurisdiction_is_404_not_a_server_error(world):
    # found by schemathesis once tokens reached /api/plans: the jurisdiction named the file,
    # and free text in a Content-Disposition header broke the response (a superuser oversees
    # every jurisdiction, so it reached the file)
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {_token(world.users['superuser'])}"
    response = client.get("/api/plans/report.xlsx?jurisdiction=%C2%82%14x")
    assert response.status_code == 404
