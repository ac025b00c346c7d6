"""The list mechanism alone (waibao.web.lists): paging at its boundaries, filters read only
from their declared choices, the query string kept by the pager's links, and the pager's
Chinese words in the shared partial."""

from __future__ import annotations

import pytest
from django.template import Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from waibao.web import lists

COLUMNS = (lists.Column("名称"),)
# A row template object instead of a file: ``{% include %}`` takes either.
ROW = Template("<tr><td>{{ row }}</td></tr>")


def _page(query="", rows=range(1, 4), page_size=3, filters=()):
    request = RequestFactory().get("/x/" + (f"?{query}" if query else ""))
    return lists.list_page(
        request,
        list(rows),
        list_id="t",
        columns=COLUMNS,
        row_template=ROW,
        filters=filters,
        page_size=page_size,
    )


def _even(rows, value):
    return [r for r in rows if (r % 2 == 0) == (value == "even")]


PARITY = lists.choice_filter("parity", "奇偶", (("even", "偶数"), ("odd", "奇数")), _even)


def test_exactly_a_page_size_of_rows_is_one_page():
    page = _page(rows=range(3))
    assert page.page.paginator.num_pages == 1
    assert page.rows == [0, 1, 2] and not page.next_url and not page.previous_url


def test_one_row_more_than_a_page_makes_a_second_page_with_that_row():
    first = _page(rows=range(4))
    assert first.page.paginator.num_pages == 2 and first.next_url == "?page=2"
    second = _page("page=2", rows=range(4))
    assert second.rows == [3] and second.previous_url == "?page=1" and not second.next_url


@pytest.mark.parametrize("asked", ["0", "-1", "99", "x", ""])
def test_a_page_number_out_of_range_or_not_a_number_shows_a_real_page(asked):
    page = _page(f"page={asked}", rows=range(7))
    assert page.rows in ([0, 1, 2], [6])


def test_a_filter_narrows_and_the_pager_keeps_it():
    page = _page("parity=even", rows=range(10), filters=(PARITY,))
    assert page.total == 5 and page.rows == [0, 2, 4]
    assert page.next_url == "?parity=even&page=2" and page.filtered


def test_a_value_outside_the_choices_is_dropped_not_applied():
    page = _page("parity=DROP TABLE", rows=range(4), filters=(PARITY,))
    assert page.values == {"parity": ""} and page.total == 4 and not page.filtered


def test_a_required_filter_falls_back_to_its_default_and_text_is_cut():
    year = lists.year_filter(
        "year", "年度", [2023, 2024], lambda r, v: r, default="2024", required=True
    )
    assert year.read(None) == "2024" and year.read("") == "2024" and year.read("1999") == "2024"
    assert year.read("2023") == "2023"
    assert [code for code, _label in year.choices] == ["2024", "2023"]
    text = lists.text_filter("q", "名称", lambda r, v: r)
    assert text.read("  " + "字" * 500) == "字" * lists.TEXT_LIMIT


def test_orderings_sort_a_queryset_and_the_pager_keeps_a_chosen_one(db):
    from waibao.registry.models import Region

    codes = sorted(Region.objects.values_list("code", flat=True))[:3]
    request = RequestFactory().get("/x/?order=name")
    page = lists.list_page(
        request,
        Region.objects.filter(code__in=codes),
        list_id="t",
        columns=COLUMNS,
        row_template=ROW,
        orderings=(
            lists.Ordering("code", "代码", ("code",)),
            lists.Ordering("name", "名称", ("-code",)),
        ),
        page_size=2,
    )
    assert [r.code for r in page.rows] == [codes[2], codes[1]]
    assert page.next_url == "?order=name&page=2"


def test_the_partial_shows_the_filter_bar_the_table_in_a_scroll_box_and_the_chinese_pager():
    page = _page("parity=odd&page=2", rows=range(10), page_size=2, filters=(PARITY,))
    with translation.override("zh-hans"):
        html = render_to_string("portal/_list.html", {"list": page})
    assert 'class="scroll-x"' in html and 'name="parity"' in html
    assert '<option value="odd" selected>' in html
    assert "上一页" in html and "下一页" in html
    assert "第 2 页，共 3 页" in html and "共 5 条" in html
    assert 'href="?parity=odd&amp;page=3"' in html and 'href="?parity=odd&amp;page=1"' in html
    assert "清除筛选" in html


def test_an_empty_list_says_so_instead_of_drawing_an_empty_table():
    with translation.override("zh-hans"):
        html = render_to_string("portal/_list.html", {"list": _page(rows=[])})
    assert "没有符合条件的记录。" in html and "<table" not in html and "上一页" not in html
