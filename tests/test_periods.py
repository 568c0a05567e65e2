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


def _columns(text: str) -> dict:
    from converter.pipeline import convert_bytes
    result = convert_bytes(text.encode(), "weeks.txt")
    return {c.header: c.period for t in result.tables for c in t.columns}, result.summary()


WEEKS = ("Condensed Consolidated Statements of Income\n(In millions)\n"
         "\tThree Months Ended July 30, 2023\tSix Months Ended July 30, 2023\n"
         "Revenue\t13,507\t20,699\nNet income\t6,188\t8,232\n\n"
         "Condensed Consolidated Balance Sheets\n(In millions)\n\tJuly 30, 2023\t{prior}\n"
         "Cash and cash equivalents\t5,783\t3,389\n")


def test_a_week_counted_year_to_date_start_is_confirmed_by_the_prior_year_end():
    periods, summary = _columns(WEEKS.format(prior="January 29, 2023"))
    six = periods["Six Months Ended July 30, 2023"]
    assert (six.start.isoformat(), six.end.isoformat()) == ("2023-01-30", "2023-07-30")
    assert "start confirmed: the balance sheet's 2023-01-29 is the day before" in six.rule
    three = periods["Three Months Ended July 30, 2023"]  # no evidence for the quarter: said so
    assert three.rule.startswith("assumed: 3 months read as 13 weeks")
    assert summary["assumed_periods"] == ["2023-05-01--2023-07-30"]


def test_a_53_week_year_moves_the_start_a_week_earlier_on_evidence():
    periods, summary = _columns(WEEKS.format(prior="January 22, 2023"))
    six = periods["Six Months Ended July 30, 2023"]
    assert six.start.isoformat() == "2023-01-23" and "(a 53-week year)" in six.rule


def test_assumed_quarters_are_refused_when_the_text_mentions_an_extra_week():
    text = ("Fourth quarter revenue was $1.2 billion; the quarter included an extra week compared "
            "with the prior year's fourth quarter of $1.0 billion.\n\n" + WEEKS.format(prior="January 29, 2023"))
    periods, summary = _columns(text)
    assert periods["Three Months Ended July 30, 2023"] is None  # assumed 13 weeks: refused
    six = periods["Six Months Ended July 30, 2023"]  # confirmed by the balance sheet: kept
    assert six is not None and six.start.isoformat() == "2023-01-30"
