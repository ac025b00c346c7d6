"""Every operation of /api/openapi.json, fuzzed by schemathesis as every role: no server error.

The API runs in-process (the Django WSGI application through schemathesis' WSGI transport)
on the test database, filled by ``api_schema_world``: the project's demo data set (its
scenario organisations and one login per role), a Guangzhou fund year with applications in
several states up to a sent payment, the Datong plan, and an API token per role.

For each operation schemathesis generates ``WAIBAO_SCHEMA_EXAMPLES`` requests (default 6):
valid ones and invalid ones (its positive and negative modes), and some whose path
parameters name real rows, so that the handlers get past their 404; then one request per
edge value (``2**63``, ``0001-01-01``...) of each integer or date query parameter. Each is sent
once per role (the public, an enterprise, a district reviewer, a city administrator, a
leader, an analyst, a system administrator), each with its session cookie, CSRF token and
API token, and every response goes through schemathesis' ``not_a_server_error`` check.
Failures are collected and reported together, one line per operation and role, with a curl
command to reproduce it.
"""

from __future__ import annotations

import itertools
import os
import secrets
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tooling import require_module

schemathesis = require_module("schemathesis")  # a dev dependency (tests/tooling.py)

EXAMPLES = int(os.environ.get("WAIBAO_SCHEMA_EXAMPLES", "6"))
# Operations that compute a whole year's ratings for a region (seconds each on the demo data):
# fewer examples, the same checks.
HEAVY = ("/api/evaluation/scorecard/", "/api/evaluation/top-ten/", "/api/evaluation/key-")
ROLES = (
    "anonymous",
    "enterprise",
    "district_reviewer",
    "city_admin",
    "leader",
    "analyst",
    "system_admin",
)


@pytest.fixture
def wsgi_app() -> Any:
    """Django's WSGI application, in-process, on the test's transaction. Like Django's test
    client, it must not close the database connection around each request: on PostgreSQL
    that would end the test's transaction (SQLite's in-memory database ignores it)."""
    from django.core import signals
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_world(db, tmp_path, monkeypatch):
    monkeypatch.setenv("WAIBAO_DATA_DIR", str(tmp_path / "data"))
    from api_schema_world import build

    return build()


def _credentials(world: Any, role: str) -> tuple[dict[str, str], dict[str, str]]:
    """Headers and cookies of a role: session, CSRF token (for the session's unsafe
    requests) and API token; nothing for the public."""
    from django.test import Client

    user = world.users.get(role)
    if user is None:
        return {}, {}
    client = Client()
    client.force_login(user)
    csrf = secrets.token_hex(16)  # 32 characters: a secret Django accepts unmasked
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf}
    headers = {"Authorization": f"Bearer {world.tokens[role]}", "X-CSRFToken": csrf}
    return headers, cookies


def _known_path_parameters(operation: Any, known: dict[str, dict[str, list[Any]]]) -> list[dict]:
    """Path parameters naming real rows, for the operations under a prefix of ``known``."""
    names = [parameter.name for parameter in operation.path_parameters]
    for prefix, values in known.items():
        if prefix in operation.path and names and all(name in values for name in names):
            combinations = itertools.product(*(values[name] for name in names))
            return [dict(zip(names, c, strict=True)) for c in itertools.islice(combinations, 6)]
    return []


# Values at the ends of the types, which random generation seldom reaches: integers past 64
# bits and the first and last day a date can hold.
EDGE_INTEGERS = (2**63, -(2**63) - 1)
EDGE_DAYS = ("0001-01-01", "9999-12-31")


def _edge_queries(operation: Any) -> list[dict[str, Any]]:
    """One query per edge value of each integer or date query parameter (the others are
    generated)."""
    queries = []
    for parameter in operation.query:
        schema = parameter.definition.get("schema", {})
        variants = [schema, *schema.get("anyOf", [])]
        if any(v.get("type") == "integer" for v in variants):
            queries += [{parameter.name: value} for value in EDGE_INTEGERS]
        if any(v.get("format") == "date" for v in variants):
            queries += [{parameter.name: value} for value in EDGE_DAYS]
    return queries


def _strategy(operation: Any, known: dict[str, dict[str, list[Any]]]) -> Any:
    modes = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
    strategies = [operation.as_strategy(generation_mode=mode) for mode in modes]
    strategies += [
        operation.as_strategy(path_parameters=fixed)
        for fixed in _known_path_parameters(operation, known)
    ]
    return st.one_of(strategies)


@pytest.mark.slow
def test_no_operation_of_the_api_answers_any_role_with_a_server_error(api_world, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    credentials = {role: _credentials(api_world, role) for role in ROLES}
    failures: dict[tuple[str, str], str] = {}
    timings: list[tuple[float, str]] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 80  # the whole document, not an empty one

    for operation in operations:
        started = time.monotonic()
        _fuzz(operation, api_world.path_values, credentials, failures)
        timings.append((time.monotonic() - started, operation.label))

    shown = int(os.environ.get("WAIBAO_SCHEMA_SLOWEST", "3"))
    slowest = ", ".join(f"{label} {seconds:.1f} s" for seconds, label in sorted(timings)[-shown:])
    print(f"{len(operations)} operations x {len(ROLES)} roles; slowest: {slowest}")
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures.values())


def _fuzz(
    operation: Any,
    known: dict[str, dict[str, list[Any]]],
    credentials: dict[str, tuple[dict[str, str], dict[str, str]]],
    failures: dict[tuple[str, str], str],
) -> None:
    """Generate requests for one operation; send each as every role; keep each role's first
    server error (the search goes on for the other roles)."""
    heavy = operation.path.startswith(HEAVY)

    def check(case: Any) -> None:
        for role, (headers, cookies) in credentials.items():
            if (operation.label, role) in failures:
                continue
            response = case.call(headers=headers, cookies=cookies)
            try:
                case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])
            except (Exception, BaseExceptionGroup) as error:  # a failure: keep it, go on
                found = [type(e).__name__ for e in getattr(error, "exceptions", [error])]
                failures[operation.label, role] = (
                    f"{operation.label} as {role}: {response.status_code} "
                    f"{', '.join(found)}\n    {case.as_curl_command()}"
                )

    def run(strategy: Any, examples: int) -> None:
        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,  # the same requests on every run: a failure is reproducible
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def fuzz(case: Any) -> None:
            check(case)

        fuzz()

    run(_strategy(operation, known), max(1, EXAMPLES // 3) if heavy else EXAMPLES)
    if not heavy:
        fixed = (_known_path_parameters(operation, known) or [None])[0]
        for query in _edge_queries(operation):
            run(operation.as_strategy(query=query, path_parameters=fixed), 1)


@pytest.mark.django_db
def test_the_fuzzing_reports_a_server_error_when_there_is_one(monkeypatch, wsgi_app):
    """The harness itself: an operation made to fail is reported, with its role."""
    import waibao.api.registry

    class Broken:
        class objects:  # stands in for a model's manager
            @staticmethod
            def all() -> Any:
                raise RuntimeError("broken on purpose")

    monkeypatch.setattr(waibao.api.registry, "Region", Broken)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    operation = schema["/api/regions"]["GET"]
    failures: dict[tuple[str, str], str] = {}
    _fuzz(operation, {}, {"anonymous": ({}, {})}, failures)
    assert list(failures) == [("GET /api/regions", "anonymous")]
    assert "ServerError" in failures["GET /api/regions", "anonymous"]
