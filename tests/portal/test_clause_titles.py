"""Clause titles, not clause ids, as the label on the workbench and the funds pages (issue 21
item 2): an enterprise and a bureau officer read 人才培训支持 · 广州服务外包意见（五）2; the id
``guangzhou.5.training`` stays beside it only as a small code (``code.clause-id``)."""

from __future__ import annotations

import html as html_lib
import re

import pytest

TRAINING = "guangzhou.5.training"
PREMISES = "guangzhou.5.premises"
TITLES = {
    TRAINING: "人才培训支持 · 广州服务外包意见（五）2",
    PREMISES: "新办企业场地支持 · 广州服务外包意见（五）2",
}


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _main(page):
    return page.split("<main>", 1)[1].split("</main>", 1)[0]


def _labels(page):
    """What a reader sees in the page's main part, without the ids kept as small codes:
    tags (and so attributes, links' addresses, tooltips) and ``code.clause-id`` removed."""
    main = re.sub(r'<code class="clause-id">[^<]*</code>', "", _main(page))
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", main))


def _assert_titles_not_ids(page, clause_ids):
    text = _labels(page)
    for clause_id in clause_ids:
        assert TITLES[clause_id] in text, clause_id
        assert clause_id not in text, f"{clause_id} shown as a label"
        assert f'<code class="clause-id">{clause_id}</code>' in page, "the id stays, secondary"


@pytest.mark.django_db
def test_the_enterprise_workbench_names_its_clauses(client, funds_world):
    page = _page(client, funds_world.users["enterprise"], "/")
    _assert_titles_not_ids(page, (TRAINING, PREMISES))
    # the title links to the clause's page in the policy library
    assert re.search(rf'<a href="/policies/{re.escape(TRAINING)}/">人才培训支持', page)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["district_reviewer", "city_admin"])
def test_the_review_queue_on_the_workbench_names_its_clauses(client, funds_world, role):
    page = _page(client, funds_world.users[role], "/")
    queue = re.search(r'<table class="workbench-queue">.*?</table>', page, re.S).group(0)
    clause = TRAINING if role == "district_reviewer" else PREMISES
    assert TITLES[clause] in queue
    assert clause not in _labels(f"<main>{queue}</main>")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["enterprise", "district_reviewer"])
def test_the_funds_list_names_its_clauses(client, funds_world, role):
    page = _page(client, funds_world.users[role], "/funds/")
    _assert_titles_not_ids(page, (TRAINING,))


@pytest.mark.django_db
def test_an_application_is_headed_by_its_clause_title(client, funds_world):
    waiting = funds_world.applications["waiting"]
    page = _page(
        client, funds_world.users["district_reviewer"], f"/funds/applications/{waiting.pk}/"
    )
    heading = re.search(r"<h2>(.*?)</h2>", page, re.S).group(1)
    assert TITLES[TRAINING] in heading and TRAINING not in heading


@pytest.mark.django_db
def test_english_pages_show_the_english_title(client, funds_world):
    page = _page(client, funds_world.users["enterprise"], "/en/")
    text = _labels(page)
    assert "Training support · Guangzhou SO opinions (五)2" in text
    assert TRAINING not in text


@pytest.mark.django_db
def test_an_id_the_rules_do_not_know_is_shown_as_it_is():
    from django.template import Context, Template

    rendered = Template("{% load clause_names %}{% clause_label 'old.9.gone' %}").render(Context())
    assert rendered == '<code class="clause-id">old.9.gone</code>'
    rendered = Template("{% load clause_names %}{{ 'old.9.gone'|clause_title }}").render(Context())
    assert rendered == "old.9.gone"
