"""Every year bound is stated once, in ``waibao.years`` (issue 18: the API said 1900-2100,
the pages 2000 to next year, the yearly report 2000 to this year): a year at all, a year of
facts, the facts file format. docs/decisions/0021-one-permission-table-and-year-bounds.md."""

from __future__ import annotations

import datetime as dt

from waibao import years

TODAY = dt.date(2026, 6, 1)


def test_a_year_of_facts_runs_from_2000_through_the_current_year():
    assert years.is_fact_year(2000, TODAY) and years.is_fact_year(2026, TODAY)
    assert not years.is_fact_year(1999, TODAY) and not years.is_fact_year(2027, TODAY)
    assert years.fact_year_problem(2027, TODAY) == "year 2027 is not a year from 2000 to 2026"


def test_the_api_types_and_the_pages_read_the_same_bounds():
    from waibao.bounds import FIRST_DAY, LAST_DAY
    from waibao.web.params import YEAR_DESCRIPTION

    assert (FIRST_DAY.year, LAST_DAY.year) == (years.FIRST_YEAR, years.LAST_YEAR)
    assert YEAR_DESCRIPTION.endswith(f"{years.FIRST_YEAR}-{years.LAST_YEAR}")


def test_the_pages_and_the_statistics_refuse_a_year_that_has_not_begun():
    from django.utils import timezone

    from waibao.portal.views import parse_year

    this_year = timezone.localdate().year
    assert parse_year(str(this_year), 0) == this_year
    assert parse_year(str(this_year + 1), 0) is None
    assert parse_year(str(years.FIRST_FACT_YEAR - 1), 0) is None


def test_the_facts_file_format_keeps_its_published_bounds():
    from waibao.facts.schema import Invalid, check_year

    assert years.FACTS_FILE_YEARS == (1990, 2100)
    assert check_year(1990) == 1990
    try:
        check_year(1989)
    except Invalid as error:
        assert str(error) == "year 1989 is outside 1990-2100"
    else:
        raise AssertionError("1989 accepted")
