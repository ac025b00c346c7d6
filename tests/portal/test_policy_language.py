"""The policy library and the parameters in Chinese (issue 21): titles first, parameter
descriptions and types in Chinese on Chinese pages, English under /en/; /api/parameters
follows Accept-Language."""

from __future__ import annotations

import pytest

from english_words import english_runs


@pytest.mark.django_db
def test_a_clause_page_shows_the_chinese_title_first_and_the_id_second(client):
    html = client.get("/policies/guangdong.12.international_events/").content.decode()
    assert "<h2>国际展会支持 · 粤府〔2012〕88号（十二）</h2>" in html
    assert "<code>guangdong.12.international_events</code>" in html
    english = client.get("/en/policies/guangdong.12.international_events/").content.decode()
    assert "International exhibition support · Yuefu [2012] No. 88 (十二)" in english


@pytest.mark.django_db
def test_parameters_are_described_and_typed_in_chinese_on_chinese_pages(client):
    from django.utils.html import escape

    from waibao.rules import parameters

    html = client.get("/policies/hangzhou.12.software_export/").content.decode()
    tiers = parameters()["hangzhou.12.software_export.tiers"]
    assert escape(tiers.description_zh) in html
    assert escape(tiers.description) not in html
    assert "按门槛分档金额" in html  # the type, named
    english = client.get("/en/policies/hangzhou.12.software_export/").content.decode()
    assert escape(tiers.description) in english
    assert "Amounts by threshold" in english


def test_every_parameter_has_a_chinese_description_without_english_words():
    from waibao.rules import parameters

    found = parameters()
    for name in found.names():
        chinese = found[name].describe("zh-hans")
        assert chinese != found[name].description, name
        assert not english_runs(chinese), (name, english_runs(chinese))


@pytest.mark.django_db
def test_the_policy_library_titles_every_clause_in_chinese(client):
    from django.utils.html import escape

    from waibao.rules import registry

    html = client.get("/policies/").content.decode()
    for found in registry():
        assert escape(found.title("zh-hans")) in html, found.id


@pytest.mark.django_db
@pytest.mark.parametrize(("header", "chinese"), [(None, True), ("zh-hans", True), ("en", False)])
def test_the_parameters_api_follows_accept_language(client, world, header, chinese):
    client.force_login(world.users["city_admin"])
    extra = {"HTTP_ACCEPT_LANGUAGE": header} if header else {}
    body = client.get("/api/parameters", **extra).json()
    assert body
    for row in body:
        for clause in row["clauses"]:
            assert clause["title"] and clause["title"] != clause["id"]
        if chinese:
            assert not english_runs(row["description"]), row["name"]
            assert all(not english_runs(c["title"]) for c in row["clauses"])
        else:
            assert english_runs(row["description"]) or "_" in row["description"], row["name"]


def test_every_clause_has_its_rule_in_chinese_and_english():
    """The 规则 column of the policy library (issue 21): titles.yaml ``rules`` per folder."""
    from waibao.rules import registry

    for found in registry():
        assert found.rule_zh, found.id
        assert not english_runs(found.rule_in("zh-hans")), (found.id, found.rule_zh)
        assert found.rule_in("en") == found.rule
        assert not english_runs(found.validity_note_in("zh-hans") or ""), found.id


@pytest.mark.django_db
def test_the_clause_page_shows_the_rule_in_the_pages_language(client):
    from django.utils.html import escape

    from waibao.rules import clause

    found = clause("hangzhou.12.software_export")
    html = client.get("/policies/hangzhou.12.software_export/").content.decode()
    assert escape(found.rule_zh) in html
    assert escape(found.rule) not in html
    english = client.get("/en/policies/hangzhou.12.software_export/").content.decode()
    assert escape(found.rule) in english
