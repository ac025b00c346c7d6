"""A stored entitlement's explanation in the page's language (docs/decisions/0036): the
snapshot keeps the engine's Chinese and its English; the /en/ application page shows the
English, the Chinese page the Chinese, and a row stored with one explanation shows that one
on both. Filling in the English later is no change of the entitlement an application rests
on."""

from __future__ import annotations

import pytest
from funds_factories import entitlement_row

from waibao.funds.entitlements import with_english
from waibao.funds.errors import InvalidEntitlements
from waibao.funds.models import FundEntitlement
from waibao.funds.services import application_create, entitlement_import

CLAUSE = "guangzhou.5.training"
CHINESE = "培训费用 300.00 元，按 50% 计 150.00 元"
ENGLISH = "training expenses 300.00, 50% of it: 150.00"


def _row(world, english: str | None = ENGLISH, explanation: str = CHINESE, amount="150.00"):
    row = {**entitlement_row(world.alpha.uscc, CLAUSE, amount), "explanation": explanation}
    return row if english is None else {**row, "explanation_en": english}


def _application_page(client, world, prefix: str = "") -> str:
    entitlement = FundEntitlement.objects.get(uscc=world.alpha.uscc, clause=CLAUSE)
    application = application_create(entitlement=entitlement, actor=world.alpha_user)
    client.force_login(world.alpha_user)
    response = client.get(f"{prefix}/funds/applications/{application.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_english_page_shows_the_english_explanation(world, client):
    world.entitle(_row(world))
    text = _application_page(client, world, "/en")
    assert ENGLISH in text
    assert CHINESE not in text


def test_the_chinese_page_shows_the_chinese_explanation(world, client):
    world.entitle(_row(world))
    text = _application_page(client, world)
    assert CHINESE in text
    assert ENGLISH not in text


def test_a_row_stored_without_english_shows_what_is_stored_on_the_english_page(world, client):
    world.entitle(_row(world, english=None))
    assert FundEntitlement.objects.get().explanation_en == ""
    text = _application_page(client, world, "/en")
    assert CHINESE in text


def test_the_english_of_a_row_with_an_application_is_filled_in_as_no_change(world):
    world.entitle(_row(world, english=None))
    entitlement = FundEntitlement.objects.get()
    application_create(entitlement=entitlement, actor=world.alpha_user)
    result = entitlement_import(rows=[_row(world)])
    assert (result.added, result.unchanged, result.replaced) == (0, 1, 0)
    entitlement.refresh_from_db()
    assert (entitlement.explanation, entitlement.explanation_en) == (CHINESE, ENGLISH)
    # a row given without English later keeps the English of the same computation
    entitlement_import(rows=[_row(world, english=None)])
    entitlement.refresh_from_db()
    assert entitlement.explanation_en == ENGLISH


def test_a_changed_entitlement_is_still_refused_under_an_application_whatever_its_english(world):
    world.entitle(_row(world))
    application_create(entitlement=FundEntitlement.objects.get(), actor=world.alpha_user)
    with pytest.raises(InvalidEntitlements):
        entitlement_import(rows=[_row(world, amount="160.00", english="another")])
    assert FundEntitlement.objects.get().explanation_en == ENGLISH


def test_a_replaced_entitlement_drops_the_english_of_its_old_values(world):
    world.entitle(_row(world))
    entitlement_import(rows=[_row(world, english=None, amount="160.00", explanation="新的说明")])
    stored = FundEntitlement.objects.get()
    assert (stored.amount_fen, stored.explanation) == (16_000, "新的说明")
    assert stored.explanation_en == ""


def test_explanation_in_picks_english_only_for_an_english_reader():
    row = FundEntitlement(explanation=CHINESE, explanation_en=ENGLISH)
    assert row.explanation_in("en") == ENGLISH
    assert row.explanation_in("en-us") == ENGLISH
    assert row.explanation_in("zh-hans") == CHINESE
    assert row.explanation_in(None) == CHINESE
    assert FundEntitlement(explanation=CHINESE).explanation_in("en") == CHINESE


def test_the_english_is_matched_by_organisation_year_and_clause():
    chinese = [
        {"uscc": "A", "year": 2024, "clause": "x.1", "explanation": "甲"},
        {"uscc": "A", "year": 2024, "clause": "x.2", "explanation": "乙"},
        {"uscc": "B", "year": 2024, "clause": "x.1", "explanation": "丙"},
    ]
    english = [
        {"uscc": "B", "year": 2024, "clause": "x.1", "explanation": "c"},
        {"uscc": "A", "year": 2024, "clause": "x.1", "explanation": "a"},
    ]
    assert [r["explanation_en"] for r in with_english(chinese, english)] == ["a", "", "c"]
