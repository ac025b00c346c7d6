"""Registry validation rules, one reason string per refusal (DATA-FORMATS.md §1)."""

from __future__ import annotations

from datetime import date

import pytest

from waibao.registry.reference import region_rows
from waibao.registry.validation import (
    RegionIndex,
    date_problem,
    ownership_problem,
    parse_iso_date,
    uscc_check_character,
    uscc_problem,
)

# The check characters below were computed by hand with the GB 32100 algorithm
# (values 0-9 A-H J-N P-R T-U W-Y, weights 3^i mod 31, check = 31 - sum mod 31) and
# cross-checked against python-stdnum for the digit-first ones.
DIGIT_FIRST_VALID = "91110000600037341L"
LETTER_FIRST_VALID = "A1110000MA01ABCDEW"


def test_a_digit_first_code_with_the_right_check_character_is_accepted():
    assert uscc_problem(DIGIT_FIRST_VALID) is None


def test_the_check_character_agrees_with_python_stdnum_where_stdnum_applies():
    from stdnum.cn import uscc as stdnum_uscc

    for code in (DIGIT_FIRST_VALID, "91330106MA27XY1232", "52440106MA5D00000X"):
        first17 = code[:17]
        assert uscc_check_character(first17) == stdnum_uscc.calc_check_digit(first17)


def test_a_letter_first_code_that_stdnum_would_refuse_is_accepted_when_its_check_is_right():
    assert uscc_problem(LETTER_FIRST_VALID) is None
    for authority in ("N", "Y"):
        code = authority + "2330106MA27XY123"
        assert uscc_problem(code + uscc_check_character(code)) is None


def test_a_wrong_check_character_is_refused_with_the_expected_one():
    assert uscc_problem("91110000600037341X") == (
        "uscc '91110000600037341X' has check character 'X', expected 'L'"
    )


@pytest.mark.parametrize("code", ["9111000060003734L", "91110000600037341LL", ""])
def test_a_code_that_is_not_18_characters_is_refused(code):
    assert "18" in uscc_problem(code) or uscc_problem(code) == "uscc is empty"


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_the_letters_gb_32100_leaves_out_are_refused(letter):
    code = "91110000MA0" + letter + "ABCDE"
    problem = uscc_problem(code + "1")
    assert f"contains '{letter}'" in problem


def test_lower_case_is_refused():
    assert "not allowed" in uscc_problem(DIGIT_FIRST_VALID.lower())


def test_a_first_character_that_is_no_registration_authority_is_refused():
    code = "B1110000600037341"
    assert "registration-authority" in uscc_problem(code + uscc_check_character(code))


def test_a_region_part_that_is_not_six_digits_is_refused():
    code = "911A0000600037341"
    assert "region code" in uscc_problem(code + uscc_check_character(code))


@pytest.fixture(scope="module")
def regions():
    return RegionIndex.from_rows([(r.code, r.level, r.parent_code or None) for r in region_rows()])


def test_a_district_is_an_enterprise_region(regions):
    assert regions.enterprise_region_problem("440106") is None
    assert regions.enterprise_region_problem("330302") is None


def test_a_city_with_districts_or_a_province_is_not_an_enterprise_region(regions):
    assert regions.enterprise_region_problem("440100") == (
        "region_code 440100 is a city, not a district (区/县) code"
    )
    assert "province" in regions.enterprise_region_problem("440000")


def test_dongguan_which_has_no_districts_is_an_enterprise_region(regions):
    assert regions.enterprise_region_problem("441900") is None


def test_an_unknown_or_malformed_region_code_is_refused(regions):
    assert regions.enterprise_region_problem("440199") == (
        "region_code 440199 is not in the GB/T 2260 table"
    )
    assert "6-digit" in regions.enterprise_region_problem("44010")
    assert regions.enterprise_region_problem("") == "region_code is empty"


def test_ownership_is_blank_or_one_of_the_four_values():
    for value in ("", "private", "state", "foreign", "hmt"):
        assert ownership_problem(value) is None
    assert ownership_problem("Private") == (
        "ownership 'Private' is not one of private, state, foreign, hmt"
    )


def test_a_real_iso_date_is_read():
    assert parse_iso_date("2024-02-29") == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2024-02-30", "is not a day of the calendar"),
        ("2023-02-29", "is not a day of the calendar"),
        ("2024-13-01", "is not a day of the calendar"),
        ("2024/03/01", "is not an ISO date"),
        ("20240301", "is not an ISO date"),
        ("2024-3-1", "is not an ISO date"),
        (" 2024-03-01", "is not an ISO date"),
    ],
)
def test_a_date_that_is_not_a_real_iso_date_is_refused(text, reason):
    assert reason in date_problem(text)
