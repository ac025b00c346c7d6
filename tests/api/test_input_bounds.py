"""Regressions (issue 17 item 6): extreme values ended in 500s or tracebacks — an amount of
92233720368547758.08 on ``/api/report/contracts`` (and on appropriations, tests/funds), a
registered capital of 40 nines (an OverflowError on SQLite, ``bigint out of range`` on
PostgreSQL), a NUL byte in a CLI CSV cell (stored on SQLite, a traceback on PostgreSQL),
dates of 9999-12-31. Every bound is in ``waibao.bounds``; this file walks the class:

- every integer, number and date field of every operation of the API's OpenAPI document
  (query, form and JSON body): an out-of-range value is a 422 naming the field, never a 500,
  and a path id far past 64 bits is never a 500;
- every amount and date column of the imports (enterprises, contracts, executions, rosters):
  an out-of-range value, and a NUL in any cell, is a ``file:row:column: reason`` line.
"""

from __future__ import annotations

import csv
import json

import pytest

from waibao.cli import main

OWN = "91440106000000010A"
HUGE = "92233720368547758.08"
NINES = "9" * 40


def _operations(client):
    document = client.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]

    def resolve(schema):
        return schemas[schema["$ref"].split("/")[-1]] if "$ref" in schema else schema

    def kinds(schema):
        schema = resolve(schema)
        for leaf in schema.get("anyOf", [schema]):
            leaf = resolve(leaf)
            if leaf.get("format") == "date":
                yield "date"
            elif leaf.get("type") in ("integer", "number"):
                yield leaf["type"]

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            fields = []
            for parameter in operation.get("parameters", []):
                for kind in kinds(parameter["schema"]):
                    fields.append((parameter["in"], parameter["name"], kind))
            for content_type, content in (
                operation.get("requestBody", {}).get("content", {}).items()
            ):
                where = "json" if "json" in content_type else "form"
                body = resolve(content["schema"])
                for name, schema in body.get("properties", {}).items():
                    for kind in kinds(schema):
                        fields.append((where, name, kind))
            for where, name, kind in fields:
                yield method, path, where, name, kind


OUT_OF_RANGE = {"date": ["9999-12-31", "0001-01-01"], "integer": [10**20, -(10**20)]}
OUT_OF_RANGE["number"] = OUT_OF_RANGE["integer"]


@pytest.mark.django_db
def test_every_numeric_and_date_field_of_the_api_refuses_an_out_of_range_value_with_422(
    client, world
):
    client.force_login(world.users["system_admin"])
    client.raise_request_exception = False  # a server error is a failure listed, not a stop
    checked, failures = 0, []
    for method, path, where, name, kind in _operations(client):
        url = path.replace("{uscc}", OWN).replace("{fmt}", "csv")
        for value in OUT_OF_RANGE[kind]:
            if where == "path":
                target = url.replace("{" + name + "}", str(value))
                target = target.replace("{", "").replace("}", "")  # other path params: text
                if method == "get":
                    response = client.get(target)
                else:
                    response = getattr(client, method)(
                        target, "{}", content_type="application/json"
                    )
                if response.status_code >= 500:
                    failures.append(f"{method} {target}: {response.status_code}")
                checked += 1
                continue
            target = url
            for other in ("pk", "key", "code", "city", "course_id", "person_id", "decision_id"):
                target = target.replace("{" + other + "}", "1")
            if where == "query":
                response = getattr(client, method)(target, {name: value})
            elif where == "json":
                response = getattr(client, method)(
                    target, json.dumps({name: value}), content_type="application/json"
                )
            else:
                response = getattr(client, method)(target, {name: str(value)})
            named = response.status_code == 422 and any(
                error["loc"][-1] == name for error in response.json().get("detail", [])
            )
            if not named:
                failures.append(
                    f"{method} {target} {where} {name}={value}: {response.status_code} "
                    f"{response.content[:160]!r}"
                )
            checked += 1
    assert not failures, "\n".join(failures)
    assert checked > 60  # the walk saw the API (today 80-odd fields and ids)


@pytest.mark.django_db
def test_an_amount_past_64_bits_on_report_contracts_is_refused_naming_the_column(client, world):
    client.force_login(world.users["enterprise"])
    contract = {
        "contract_id": "HT-BIG",
        "client_name": "Acme",
        "client_country": "US",
        "category": "ITO.01",
        "signed_date": "2024-01-15",
        "amount": "100.00",
        "currency": "USD",
    }
    for field, value in (("amount", HUGE), ("amount", NINES), ("signed_date", "9999-12-31")):
        body = {**contract, field: value}
        response = client.post("/api/report/contracts", body, content_type="application/json")
        assert response.status_code == 400, response.content[:300]
        lines = [problem["line"] for problem in response.json()["problems"]]
        assert len(lines) == 1 and f":{field}: " in lines[0], lines
    ok = client.post(
        "/api/report/contracts",
        {**contract, "amount": "999999999999.99"},
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content[:300]  # the bound itself is inside


# --- imports: every amount and date column, and NUL in any cell


def _write(path, header, row):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow(row)
    return path


ENTERPRISE = {
    "uscc": "914401060000000990",
    "name": "乙公司",
    "region_code": "440106",
    "park_id": "",
    "ownership": "",
    "registered_capital_cny": "100.00",
    "founded": "2001-02-03",
}
CONTRACT = {
    "contract_id": "HT-9",
    "uscc": OWN,
    "client_name": "Acme",
    "client_country": "US",
    "category": "ITO.01",
    "signed_date": "2024-01-15",
    "amount": "100.00",
    "currency": "USD",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "base", "column", "value", "reason"),
    [
        ("enterprises", ENTERPRISE, "registered_capital_cny", NINES, "over the bound"),
        ("enterprises", ENTERPRISE, "registered_capital_cny", HUGE, "over the bound"),
        ("enterprises", ENTERPRISE, "founded", "9999-12-31", "outside 1900-01-01 to 2100-12-31"),
        ("enterprises", ENTERPRISE, "founded", "1899-12-31", "outside"),
        ("enterprises", ENTERPRISE, "name", "乙\x00公司", "NUL"),
        ("contracts", CONTRACT, "amount", HUGE, "over the bound"),
        ("contracts", CONTRACT, "amount", "9" * 5000, "over the bound"),
        ("contracts", CONTRACT, "signed_date", "9999-12-31", "outside"),
        ("contracts", CONTRACT, "client_name", "Ac\x00me", "NUL"),
    ],
)
def test_an_import_refuses_an_out_of_bound_cell_with_file_row_column(
    world, tmp_path, capsys, kind, base, column, value, reason
):
    path = _write(tmp_path / f"{kind}.csv", list(base), [{**base, column: value}[k] for k in base])
    assert main(["import", kind, str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{path}:2:{column}: ") and reason in err[0], err
    assert err[-1] == f"{path}: refused, nothing imported"


@pytest.mark.django_db
def test_the_bound_itself_is_imported(world, tmp_path, capsys):
    row = {**ENTERPRISE, "registered_capital_cny": "999999999999.99", "founded": "2100-12-31"}
    path = _write(tmp_path / "e.csv", list(row), list(row.values()))
    assert main(["import", "enterprises", str(path)]) == 0, capsys.readouterr().err
