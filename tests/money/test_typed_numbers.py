"""Numbers as people type them into forms (waibao.typed_numbers): thousands separators,
full-width digits, percentages; refusals in plain Chinese. Data files stay strict."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.utils import translation

from waibao.typed_numbers import TypedNumberError, typed_count, typed_fen, typed_rate


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("1234.50", 123450),
        ("1,234.50", 123450),
        ("1,234,567.89", 123456789),
        ("１２３４５", 1234500),  # full-width digits
        ("１２，３４５．６", 1234560),  # full-width comma and point
        (" 30,000 ", 3000000),
        ("5000元", 500000),
        ("0", 0),
    ],
)
def test_amounts_as_typed(typed, fen):
    assert typed_fen(typed) == fen


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("1,23", "每三位一组"),  # a decimal comma or a typo: never guessed
        ("12,34,567", "每三位一组"),
        ("-3", "不能为负数"),
        ("1.234", "两位小数"),
        ("1e5", "请填写金额"),
        ("abc", "请填写金额"),
    ],
)
def test_amounts_refused_in_plain_chinese(typed, reason):
    with pytest.raises(TypedNumberError, match=reason):
        typed_fen(typed)


def test_counts_as_typed_and_refused():
    assert typed_count("1,200") == 1200
    assert typed_count("１２０") == 120
    for bad in ("12a", "1.5", "-1", "1,20"):
        with pytest.raises(TypedNumberError, match="请填写整数"):
            typed_count(bad)
    with pytest.raises(TypedNumberError, match="数值过大"):
        typed_count("1000000000")


@pytest.mark.parametrize(
    ("typed", "ratio"),
    [
        ("30%", Fraction(3, 10)),
        ("30％", Fraction(3, 10)),
        ("12.5%", Fraction(1, 8)),
        ("0.3", Fraction(3, 10)),
        ("100%", Fraction(1)),
        ("0%", Fraction(0)),
    ],
)
def test_rates_as_typed(typed, ratio):
    assert typed_rate(typed) == ratio


def test_rates_refused():
    with pytest.raises(TypedNumberError, match="百分比"):
        typed_rate("百分之三十")
    with pytest.raises(TypedNumberError, match="0 至 100%"):
        typed_rate("101%")


def test_refusals_in_english_under_en():
    with translation.override("en"), pytest.raises(TypedNumberError, match="whole number"):
        typed_count("12a")


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("12.5万", 12_500_000),
        ("12.5万元", 12_500_000),
        ("1,234万元", 1_234_000_000),
        ("０.０００００１万", 1),  # one fen: the finest a 万 figure may go
        ("3万", 3_000_000),
    ],
)
def test_wan_is_ten_thousand_yuan_exactly(typed, fen):
    assert typed_fen(typed) == fen


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("0.0000001万", "六位小数"), ("-3万", "万元"), ("万", "万元"), ("1,23万", "万元")],
)
def test_wan_refusals_say_why(typed, reason):
    with pytest.raises(TypedNumberError, match=reason):
        typed_fen(typed)
