from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waibao.bounds import MAX_AMOUNT_FEN
from waibao.money import MoneyError, apply_rate, format_fen, parse_fen, parse_rate, round_half_up


@pytest.mark.parametrize(
    ("text", "fen"),
    [("0", 0), ("1234.50", 123450), ("1234.5", 123450), ("0.01", 1), ("100000000", 10_000_000_000)],
)
def test_a_decimal_string_becomes_exact_fen(text, fen):
    assert parse_fen(text) == fen


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-1.00", "negative"),
        ("1,234.00", "thousands separator"),
        ("1e5", "exponent"),
        ("1.234", "more than two decimals"),
        (" 12", "surrounding spaces"),
        ("", "empty"),
        ("01", "leading zero"),
        ("abc", "not a decimal number"),
    ],
)
def test_a_forbidden_amount_is_refused_with_its_reason(text, reason):
    with pytest.raises(MoneyError, match=reason):
        parse_fen(text)


def test_fifty_percent_of_333333_33_is_166666_67_half_up():
    assert apply_rate(33_333_333, Fraction(1, 2)) == 16_666_667
    assert format_fen(16_666_667) == "166666.67"


def test_exactly_half_a_fen_rounds_up_and_just_under_rounds_down():
    assert round_half_up(Fraction(5, 2)) == 3
    assert round_half_up(Fraction(249, 100)) == 2


def test_a_yaml_float_rate_is_read_as_its_decimal_not_its_binary_value():
    assert parse_rate(0.15) == Fraction(15, 100)
    assert parse_rate("85%") == Fraction(85, 100)


@given(st.integers(min_value=0, max_value=MAX_AMOUNT_FEN))
def test_formatting_and_parsing_round_trip(fen):
    assert parse_fen(format_fen(fen)) == fen


@given(st.integers(min_value=MAX_AMOUNT_FEN + 1, max_value=10**40))
def test_an_amount_past_the_bound_is_refused_not_parsed(fen):
    with pytest.raises(MoneyError, match=r"over the bound of 1000000000000\.00"):
        parse_fen(format_fen(fen))
