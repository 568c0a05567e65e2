"""Column headers -> exact periods."""
from datetime import date

import pytest

from converter.periods import parse_period


@pytest.mark.parametrize("header, start, end", [
    ("Three Months Ended June 30, 2004", date(2004, 4, 1), date(2004, 6, 30)),
    ("Six Months Ended June 30, 2004", date(2004, 1, 1), date(2004, 6, 30)),
    ("Nine Months Ended September 30, 2003", date(2003, 1, 1), date(2003, 9, 30)),
    ("Twelve Months Ended December 31, 2004", date(2004, 1, 1), date(2004, 12, 31)),
    ("Quarter Ended March 31, 2004", date(2004, 1, 1), date(2004, 3, 31)),
    ("Year Ended December 31, 2003", date(2003, 1, 1), date(2003, 12, 31)),
    ("13 Weeks Ended July 3, 2004", date(2004, 4, 4), date(2004, 7, 3)),
    ("26 Weeks Ended July 3, 2004", date(2004, 1, 4), date(2004, 7, 3)),
    # a 52/53-week filer: the quarter ends on a Saturday, so three months are 13 weeks
    ("Three Months Ended June 26, 2004", date(2004, 3, 28), date(2004, 6, 26)),
    ("Three months ended Feb. 29, 2004", date(2003, 12, 1), date(2004, 2, 29)),
])
def test_durations(header, start, end):
    period = parse_period(header)
    assert (period.start, period.end) == (start, end)


def test_bare_date_is_an_instant():
    period = parse_period("June 30, 2003 (Unaudited)")
    assert period.is_instant and period.end == date(2003, 6, 30)


def test_beginning_of_period_is_the_day_before():
    assert parse_period("Three Months Ended June 30, 2004").day_before_start().end == date(2004, 3, 31)


@pytest.mark.parametrize("header", ["Three menths andad Mara h 21 2002", "US GAAP Results", "",
                                    "Three months ended February 30, 2004"])
def test_no_period_without_a_readable_date(header):
    assert parse_period(header) is None


def test_a_year_of_53_weeks_when_the_filing_prints_the_previous_year_end_a_week_earlier():
    from converter.periods import as_53_weeks, as_weeks

    year = as_weeks(parse_period("Twelve Months Ended Dec 31, 2022"))
    assert (year.start, year.end) == (date(2022, 1, 2), date(2022, 12, 31))
    longer = as_53_weeks(year, {date(2021, 12, 25), date(2022, 12, 31)})
    assert (longer.start, longer.end) == (date(2021, 12, 26), date(2022, 12, 31))
    assert "53 weeks" in longer.rule
    # the previous year end printed the day before the 52-week start, or not at all: 52 weeks
    assert as_53_weeks(year, {date(2022, 1, 1), date(2021, 12, 25)}) == year
    assert as_53_weeks(year, {date(2022, 12, 31)}) == year
