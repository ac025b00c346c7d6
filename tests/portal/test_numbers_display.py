"""Numbers for Chinese readers (waibao.numbers_display): the 万 and 亿 boundaries, rounding
into the next unit, signs, zero, percentages; exact values on hover; never a float."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from waibao.numbers_display import amount_html, amount_short, grouped, percent


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("0", "0"),
        ("0.00", "0.00"),
        ("9999.99", "9,999.99"),  # under 1万: as given, grouped
        ("10000", "1.00万"),  # 1万 含
        ("10000.00", "1.00万"),
        ("12345.67", "1.23万"),
        ("12350.00", "1.24万"),  # half up
        ("99999994.99", "1.00亿"),  # 9,999.9995万 rounds to 10,000.00万: said as 1亿
        ("99999949.99", "9,999.99万"),
        ("100000000", "1.00亿"),  # 1亿 含
        ("104458531.93", "1.04亿"),
        ("15000000000.00", "150.00亿"),
        ("-104458531.93", "-1.04亿"),
        ("-9999.99", "-9,999.99"),
        (Decimal("250000"), "25.00万"),
        (1234, "1,234"),
    ],
)
def test_amounts_in_wan_and_yi_at_their_boundaries(value, shown):
    assert amount_short(value) == shown


def test_the_exact_value_is_on_hover_with_the_unit():
    html = str(amount_html("104458531.93", "元"))
    assert html == '<span class="number" title="104,458,531.93元">1.04亿元</span>'
    assert str(amount_html("9999.99", "元")) == '<span class="number">9,999.99元</span>'
    assert amount_html(None) == "—"


def test_english_pages_use_million_and_billion():
    with translation.override("en"):
        assert amount_short("999999.99") == "999,999.99"
        assert amount_short("1000000") == "1.00 million"
        assert amount_short("104458531.93") == "104.46 million"
        assert amount_short("15000000000.00") == "15.00 billion"
        assert 'title="104,458,531.93 yuan">104.46 million yuan<' in str(
            amount_html("104458531.93", "元")
        )


def test_floats_are_refused_not_rounded():
    with pytest.raises(ValueError, match="float"):
        amount_short(1e8)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a number"):
        grouped("abc")


@pytest.mark.parametrize(
    ("ratio", "signed", "shown"),
    [
        ("0.2468", False, "24.68%"),
        ("4.0703", True, "+407.03%"),
        ("-0.0625", True, "-6.25%"),
        ("0", True, "0.00%"),
        ("0.00005", False, "0.01%"),  # half up
        ("12.5", False, "1,250.00%"),
        (None, True, "—"),
    ],
)
def test_shares_and_growth_as_percentages(ratio, signed, shown):
    assert percent(ratio, signed=signed) == shown


def test_grouped_keeps_the_decimals_it_is_given():
    assert grouped("104458531.93") == "104,458,531.93"
    assert grouped("-1234567.5") == "-1,234,567.5"
    assert grouped("1234.567", 2) == "1,234.57"
