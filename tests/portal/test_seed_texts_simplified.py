"""Issue 21 item 5 (decision 0033): a seed text published in Traditional characters is quoted
on pages in Simplified characters, in both languages; the stored source, the clause data and
the engine keep the text as published."""

from __future__ import annotations

import pytest

from waibao.paths import PACKAGE_DIR
from waibao.simplified import simplified

CLAUSE = "hangzhou.2.targets"
PUBLISHED = "全市服務外包營業總收入在2005年的基礎上翻二番"
SHOWN = "全市服务外包营业总收入在2005年的基础上翻二番"


def test_the_converter_turns_traditional_into_simplified_and_leaves_simplified_alone():
    assert simplified(PUBLISHED) == SHOWN
    assert simplified(SHOWN) == SHOWN
    assert simplified("") == "" and simplified(None) is None


def test_the_source_and_the_clause_keep_the_published_characters():
    from waibao.rules import clause

    assert clause(CLAUSE).source_phrase == PUBLISHED
    text = (PACKAGE_DIR / "policies" / "hangzhou" / "text.txt").read_text(encoding="utf-8")
    assert PUBLISHED in text and SHOWN not in text


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_policy_page_quotes_the_traditional_text_in_simplified(client, prefix):
    html = client.get(f"{prefix}/policies/{CLAUSE}/").content.decode()
    assert SHOWN in html and PUBLISHED not in html
    assert "營" not in html and "業" not in html


@pytest.mark.django_db
def test_the_policy_library_quotes_it_in_simplified_too(client):
    html = client.get("/policies/").content.decode()
    assert SHOWN in html and PUBLISHED not in html


@pytest.mark.django_db
def test_no_traditional_character_is_left_on_a_policy_page_of_the_traditional_text(client):
    from waibao.rules import registry

    for found in registry():
        if found.jurisdiction != CLAUSE.split(".")[0]:
            continue
        html = client.get(f"/policies/{found.id}/").content.decode()
        left = {char for char in html if simplified(char) != char}
        assert not left, f"{found.id}: {sorted(left)}"
