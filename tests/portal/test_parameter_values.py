"""A clause's parameters as the texts write them: 1.00亿元 (the exact figure on hover), 50%,
国家级 200.00万元, cities by name; never the parameter file's machine grammar
(``100000000``, ``national: 2000000``, ``110000``)."""

from __future__ import annotations

import pytest
from django.utils import translation

from waibao.portal.parameter_values import parameter_value


@pytest.fixture(params=["zh-hans", "en"])
def language(request):
    with translation.override(request.param):
        yield request.param


def shown(kind, raw):
    return str(parameter_value(kind, raw))


def test_an_amount_is_short_with_the_exact_yuan_on_hover():
    with translation.override("zh-hans"):
        assert shown("amount", "100000000") == (
            '<span class="number" title="100,000,000元">1.00亿元</span>'
        )
        assert shown("amount", "5000") == '<span class="number">5,000元</span>'
        assert shown("amount_usd", "500000") == (
            '<span class="number" title="500,000美元">50.00万美元</span>'
        )


def test_a_value_the_text_leaves_open_is_said_so(language):
    assert shown("amount", None) == ("未设定" if language == "zh-hans" else "Not set")


def test_counts_are_grouped_and_rates_are_percentages_exactly():
    assert shown("count", 1200) == "1,200"
    assert shown("rate", "50%") == "50%"  # as the file states it
    assert shown("rate", "0.5") == "50%"
    assert shown("rate", "0.125") == "12.5%"


def test_levels_are_named_and_tiers_read_as_clauses():
    with translation.override("zh-hans"):
        levels = shown("level_tiers", {"national": "2000000", "provincial": "1000000"})
        assert levels == (
            '国家级 <span class="number" title="2,000,000元">200.00万元</span>；'
            '省级 <span class="number" title="1,000,000元">100.00万元</span>'
        )
        tiers = shown("threshold_tiers", [{"at": "500000", "amount": "200000"}])
        assert tiers == '500,000 及以上：<span class="number" title="200,000元">20.00万元</span>'
    with translation.override("en"):
        tiers = shown("threshold_tiers", [{"at": "500000", "amount": "200000"}])
        assert tiers.startswith("500,000 or more: ")
        assert "national " in shown("level_tiers", {"national": "2000000"})


def test_cities_are_named_on_a_chinese_page_and_other_members_kept():
    with translation.override("zh-hans"):
        assert shown("set", ["110000", "210200"]) == "北京市、大连市"
        assert shown("set", ["3", "4", "5"]) == "3、4、5"
    with translation.override("en"):
        assert shown("set", ["110000", "PCMM"]) == "110000, PCMM"


def test_a_value_not_of_its_type_is_shown_as_it_stands_not_a_broken_page():
    assert shown("amount", "about 5万") == "about 5万"
    assert (
        shown("level_tiers", ["not", "a", "mapping"])
        == "[&#x27;not&#x27;, &#x27;a&#x27;, &#x27;mapping&#x27;]"
    )


def test_what_a_file_states_is_escaped_whatever_its_type(language):
    assert shown("set", ["<b>"]) == "&lt;b&gt;"
    assert shown("a type of a future policy", "<i>") == "&lt;i&gt;"


@pytest.mark.django_db
def test_the_clause_page_shows_the_values_as_written(client):
    html = client.get("/policies/guangzhou.5.special_fund/").content.decode()
    assert '<span class="number" title="100,000,000元">1.00亿元</span>' in html
    assert '<time datetime="2008-01-01">2008-01-01</time> 起：' in html
    assert "：100000000<" not in html
    hangzhou = client.get("/policies/hangzhou.12.software_export/").content.decode()
    assert "500,000 及以上：" in hangzhou


@pytest.mark.django_db
def test_the_library_names_each_parameter_by_what_it_is_with_its_id_on_hover(client):
    from django.utils.html import escape

    from waibao.rules import parameters

    name = "guangzhou.5.special_fund.total_minimum"
    described = escape(parameters()[name].describe("zh-hans"))
    html = client.get("/policies/").content.decode()
    assert f'<div title="{name}">{described}：<span class="number"' in html
    assert '（自 <time datetime="2008-01-01">2008-01-01</time>）' in html
    english = client.get("/en/policies/").content.decode()
    assert '(from <time datetime="2008-01-01">2008-01-01</time>)' in english
