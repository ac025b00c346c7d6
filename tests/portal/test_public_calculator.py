"""The public calculator (政策试算): anyone, signed in or not, types a firm's figures or sends a
facts file and sees every clause with amount, explanation and citation; nothing is stored;
public bounds on size, records and rate. The page and ``POST /api/calculator`` agree with the
rules engine itself."""

from __future__ import annotations

import copy
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from english_words import english_runs
from waibao.readmodel import public_calculator as service
from waibao.rules import entitlements

pytestmark = pytest.mark.django_db

# Hangzhou 2023, a new CMMI level-3 certification costing 300,000 yuan: 杭州 第十三条 pays half,
# 150,000.00 (at its cap), among the clauses of Hangzhou's text.
FORM = {
    "year": "2023",
    "jurisdiction": "hangzhou",
    "kind": "enterprise",
    "name": "试算科技",
    "employees": "300",
    "employees_college": "200",
    "offshore_executed_usd": "2,000,000",
    "certifications__scheme": "CMMI",
    "certifications__level": "3",
    "certifications__event": "new",
    "certifications__date": "2023-05-01",
    "certifications__cost_cny": "300000",
}
RECORD = {
    "uscc": service.PLACEHOLDER_USCC,
    "year": 2023,
    "jurisdiction": "hangzhou",
    "kind": "enterprise",
    "employees": 300,
    "employees_college": 200,
    "offshore_executed_usd": "2000000",
    "certifications": [
        {"scheme": "CMMI", "level": 3, "event": "new", "date": "2023-05-01", "cost_cny": "300000"}
    ],
}


def _file(name: str, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="application/json")


def _writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_an_anonymous_visitor_gets_the_form_in_chinese_and_in_english(client):
    page = client.get("/calculator/try/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "政策试算" in body and "离岸服务外包执行额（美元）" in body and "不会保存" in body
    english = client.get("/en/calculator/try/").content.decode()
    assert "Policy trial calculation" in english and "Offshore" in english


def test_the_form_shows_every_clause_with_amount_explanation_and_citation_and_stores_nothing(
    client,
):
    with CaptureQueriesContext(connection) as queries:
        page = client.post("/calculator/try/", FORM)
    assert page.status_code == 200, page.content.decode()[:2000]
    assert _writes(queries) == []
    body = page.content.decode()
    expected = entitlements(
        copy.deepcopy([RECORD]), include_all=True, explain=True, language="zh-hans"
    )
    applying = [row for row in expected if row["applies"]]
    assert {"hangzhou.13.certification"} <= {row["clause"] for row in applying}
    for row in expected:
        assert f'data-clause="{row["clause"]}"' in body
    certification = next(r for r in applying if r["clause"] == "hangzhou.13.certification")
    assert certification["amount_cny"] == "150000.00"
    assert "150000.00" in body and certification["explanation"] in body
    assert certification["citation"] in body and "试算科技" in body
    assert service.PLACEHOLDER_USCC not in body  # the code left blank is not shown as the firm's


def test_a_bad_amount_and_a_missing_year_are_named_in_chinese_and_nothing_is_computed(client):
    page = client.post("/calculator/try/", {**FORM, "year": "", "tax_paid_cny": "12.345"})
    assert page.status_code == 400
    body = page.content.decode()
    assert "最多两位小数" in body and "请填写此项" in body
    assert "data-clause=" not in body


def test_a_facts_file_upload_gives_each_record_its_clauses_and_a_bad_one_every_problem(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    second = {**RECORD, "year": 2022, "uscc": "91330100MA27XXXX1X", "name": "乙公司"}
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in (RECORD, second))
    upload = SimpleUploadedFile("firm.jsonl", text.encode(), content_type="application/json")
    page = client.post("/calculator/try/", {"facts_file": upload})
    assert page.status_code == 200, page.content.decode()[:2000]
    body = page.content.decode()
    assert body.count('class="public-result"') == 2 and "91330100MA27XXXX1X" in body


BAD_RECORD = {**RECORD, "employees": -1, "kind": "bank", "founded": 2020}


def _upload_bad(client, path: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = json.dumps([BAD_RECORD]) + "\n"
    upload = SimpleUploadedFile("bad.json", bad.encode(), content_type="application/json")
    page = client.post(path, {"facts_file": upload})
    assert page.status_code == 400
    assert "data-clause=" not in page.content.decode()
    return page.content.decode()


def test_a_bad_facts_file_is_refused_with_every_problem_in_the_page_s_language(client):
    """The Chinese page says each problem in Chinese, its ``record N: field:`` position as
    written; the English page shows the lines exactly as ``waibao.facts`` writes them."""
    body = _upload_bad(client, "/calculator/try/")
    assert "record 1: employees: 不能为负数（-1）" in body
    assert "record 1: kind: “bank”无效，可选：enterprise, park" in body
    assert "record 1: founded: 须为 YYYY-MM-DD 格式的日期字符串，不能是整数" in body
    assert "must not be negative" not in body and "is not one of" not in body
    body = _upload_bad(client, "/en/calculator/try/")
    assert "record 1: employees: must not be negative (-1)" in body
    assert "record 1: kind: &#x27;bank&#x27; is not one of" in body
    assert "record 1: founded: must be a date string YYYY-MM-DD, not an integer" in body
    lines = client.post(
        "/calculator/try/",
        {"facts_file": _file("lines.jsonl", json.dumps(RECORD) + "\n{nope\n")},
    ).content.decode()
    assert "lines.jsonl: line 2: 不是有效的 JSON：此处应为带双引号的字段名" in lines


def test_the_api_answers_as_the_rules_engine_for_anyone_and_stores_nothing(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/api/calculator", {"records": [RECORD]}, content_type="application/json"
        )
    assert response.status_code == 200, response.content
    assert _writes(queries) == []
    [result] = response.json()["results"]
    assert (result["year"], result["jurisdiction"], result["uscc"]) == (2023, "hangzhou", "")
    expected = entitlements(
        copy.deepcopy([RECORD]), include_all=True, explain=True, language="zh-hans"
    )
    got = {row["clause"]: row for row in result["rows"]}
    assert set(got) == {row["clause"] for row in expected}
    for row in expected:
        mine = got[row["clause"]]
        assert (mine["applies"], mine["amount_cny"], mine["citation"], mine["explanation"]) == (
            row["applies"],
            row["amount_cny"],
            row["citation"],
            row["explanation"],
        )
    assert [r["applies"] for r in result["rows"]] == sorted(
        (r["applies"] for r in result["rows"]), reverse=True
    )


@pytest.mark.parametrize(
    ("body", "status", "said"),
    [
        ("not json", 400, "not valid JSON"),
        ("[1, 2]", 400, '{"records"'),
        ('{"records": []}', 400, "no facts records"),
        (json.dumps({"records": [{**RECORD, "employees": 1.5}]}), 400, "record 1: employees"),
        (json.dumps({"records": [{**RECORD, "employees": 2**63}]}), 400, "is above"),
        ("[" * 100_000 + "]" * 100_000, 400, "not valid JSON"),
        (json.dumps({"records": [RECORD] * 21}), 413, "at most 20"),
        (json.dumps({"records": [RECORD], "pad": "x" * 300_000}), 413, "256 KB"),
    ],
    ids=["not-json", "array", "empty", "float", "huge-int", "deep", "records", "bytes"],
)
def test_the_api_refuses_bad_and_oversized_bodies_with_a_reason(client, body, status, said):
    response = client.post(
        "/api/calculator", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == status
    data = response.json()
    assert said in data["detail"] + " ".join(data["errors"])


@pytest.mark.parametrize(
    ("body", "status", "said"),
    [
        ("not json", 400, "body: 不是有效的 JSON：第 1 行第 1 列：此处应为一个值"),
        ("[1, 2]", 400, 'body: 应为 JSON 对象 {"records"'),
        ('{"records": []}', 400, "没有事实记录：请至少提交一条"),
        (json.dumps({"records": [RECORD] * 21}), 413, "21 条记录：每次最多 20 条"),
        (json.dumps({"records": [RECORD], "pad": "x" * 300_000}), 413, "请求体超过 256 KB"),
    ],
    ids=["not-json", "array", "empty", "records", "bytes"],
)
def test_the_api_refuses_in_chinese_under_accept_language_zh_hans(client, body, status, said):
    response = client.post(
        "/api/calculator", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == status
    data = response.json()
    assert said in data["detail"] + " ".join(data["errors"])
    assert not [text for text in (data["detail"], *data["errors"]) if english_runs(text)]


def test_the_api_says_each_bad_field_in_the_caller_s_language(client):
    """The same errors, the same positions: Chinese under ``Accept-Language: zh-hans``,
    English exactly as ``waibao.facts`` writes them under ``en``."""
    from waibao.facts import FactsError, validate_records

    with pytest.raises(FactsError) as raised:
        validate_records([copy.deepcopy(BAD_RECORD)])
    body = json.dumps({"records": [BAD_RECORD]})
    english = client.post(
        "/api/calculator", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert english == {"detail": "facts: not valid", "errors": raised.value.errors}
    chinese = client.post(
        "/api/calculator", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).json()
    assert chinese["detail"] == "事实数据有误"
    assert len(chinese["errors"]) == len(english["errors"]) == 3
    for said_english, said_chinese in zip(english["errors"], chinese["errors"], strict=True):
        position = re.match(r"record \d+: \S+: ", said_english)[0]
        assert said_chinese.startswith(position) and said_chinese != said_english
        assert not english_runs(said_chinese[len(position) :]), said_chinese
    assert "record 1: employees: 不能为负数（-1）" in chinese["errors"]


def test_more_than_the_per_minute_limit_from_one_address_is_refused_page_and_api(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.WAIBAO_PUBLIC_CALCULATOR_PER_MINUTE = 2
    body = {"records": [RECORD]}
    assert client.post("/api/calculator", body, content_type="application/json").status_code == 200
    assert client.post("/calculator/try/", FORM).status_code == 200
    refused = client.post("/api/calculator", body, content_type="application/json")
    assert refused.status_code == 429 and "一分钟后再试" in refused.json()["detail"]
    refused = client.post(
        "/api/calculator", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.json()["detail"] == "too many calculations from this address: wait a minute"
    page = client.post("/calculator/try/", FORM)
    assert page.status_code == 429 and "一分钟后再试" in page.content.decode()
    other = client.post(
        "/api/calculator", body, content_type="application/json", REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 200
    cache.clear()


def test_the_api_document_lists_the_public_operation_without_security(client):
    document = client.get("/api/openapi.json").json()
    operation = document["paths"]["/api/calculator"]["post"]
    assert not operation.get("security")
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema["properties"]["records"]["maxItems"] == service.MAX_RECORDS
    record = schema["properties"]["records"]["items"]
    assert set(record["required"]) == {"uscc", "year", "jurisdiction", "kind"}
    assert record["properties"]["certifications"]["items"]["properties"]["scheme"]["enum"]


def test_the_menu_and_the_home_page_offer_it_to_anonymous_visitors(client):
    home = client.get("/").content.decode()
    assert home.count('href="/calculator/try/"') >= 2  # the menu and the list of entries


def test_counts_and_amounts_are_read_as_people_type_them(client):
    """Thousands separators and full-width digits in counts and amounts, as an IME types."""
    typed = {**FORM, "employees": "３００", "certifications__cost_cny": "３００，０００"}
    page = client.post("/calculator/try/", typed)
    assert page.status_code == 200, page.content.decode()[:2000]
    assert 'data-clause="hangzhou.13.certification"' in page.content.decode()
    refused = client.post("/calculator/try/", {**FORM, "employees": "3,00"})
    assert refused.status_code == 400
    assert "整数" in refused.content.decode()  # refused in Chinese next to the field


def test_the_placeholder_code_is_a_valid_uscc_built_as_the_demo_builds_codes():
    # The service names the code as a literal (the read layer imports nothing of the demo).
    from waibao.demo.uscc import uscc_build
    from waibao.registry.validation import uscc_problem

    built = uscc_build(authority="9", entity_type="1", region_code="000000", body8="0" * 8)
    assert service.PLACEHOLDER_USCC == built
    assert uscc_problem(service.PLACEHOLDER_USCC) is None
