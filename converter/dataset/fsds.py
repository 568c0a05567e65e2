"""The Financial Statement Data Sets' conventions, as plain functions over dates and concepts.

Takes: periods (model Period), concepts (taxonomy Concept), statement kinds.
Gives: FSDS's encodings: `ddate` (a period's end rounded to the nearest month end, yyyymmdd),
`qtrs` (its length in quarters, rounded; 0 for an instant), `fp`/`fy` (fiscal period and year
of the longest duration ending on the report's date), statement codes (IS/BS/CF/UN), units
(`USD`, `shares`, `USD/shares`), and `tlabel`, the one place a concept's label is chosen.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from ..periods import Period
from ..taxonomy import Concept

DAYS_PER_QUARTER = 365.25 / 4
STATEMENT_CODES = {"income": "IS", "balance": "BS", "cash_flow": "CF"}  # anything else: UN
FISCAL_PERIODS = {1: "Q1", 2: "Q2", 3: "Q3", 4: "FY"}


def yyyymmdd(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def nearest_month_end(day: date) -> date:
    """The month end nearest to `day` (July 3 -> June 30, July 30 -> July 31); a tie goes to
    the later one."""
    this_end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    previous_end = day.replace(day=1) - timedelta(days=1)
    return this_end if (this_end - day) <= (day - previous_end) else previous_end


def ddate(period: Period) -> int:
    """FSDS `ddate`: the end date of the value, rounded to the nearest month end (yyyymmdd)."""
    return yyyymmdd(nearest_month_end(period.end))


def qtrs(period: Period) -> int:
    """FSDS `qtrs`: the number of quarters the value covers, rounded to the nearest whole
    number (13 weeks and three months are 1, 52 or 53 weeks 4); 0 for an instant."""
    if period.start is None:
        return 0
    days = (period.end - period.start).days + 1
    return int(days / DAYS_PER_QUARTER + 0.5)


def fiscal_year(start: date) -> int:
    """The fiscal year a duration starting on `start` (the day after the previous fiscal year
    end) belongs to: the calendar year its fiscal year ends in, or the year before when that
    end falls in the first week of January (a 52/53-week year that ends on the Saturday
    nearest December 31 is named by the year it mostly covers)."""
    year_end = start + timedelta(days=363)
    if year_end.month == 1 and year_end.day <= 7:
        return year_end.year - 1
    return year_end.year


def fiscal_focus(periods: list[Period]) -> tuple[date | None, int | None, str | None, str | None]:
    """(report date, fy, fp, fye) from the periods of a filing's numeric facts: the report date
    is the latest end date; fp and fy come from the longest duration ending then (its quarters:
    Q1, Q2, Q3 or FY), fye (mmdd) from the day before it starts. None where no period says."""
    if not periods:
        return None, None, None, None
    latest = max(p.end for p in periods)
    durations = [p for p in periods if p.start is not None and p.end == latest]
    if not durations:
        return latest, None, None, None
    longest = min(durations, key=lambda p: p.start or latest)
    assert longest.start is not None
    quarters = qtrs(longest)
    fye = (longest.start - timedelta(days=1)).strftime("%m%d")
    return latest, fiscal_year(longest.start), FISCAL_PERIODS.get(quarters), fye


def statement_code(statement: str) -> str:
    return STATEMENT_CODES.get(statement, "UN")


def uom(measures: tuple[str, ...], per: tuple[str, ...] = ()) -> str:
    """FSDS's unit of measure from a unit's measures: `USD`, `shares`, `USD/shares`."""
    text = "*".join(m.split(":", 1)[-1] for m in measures)
    if per:
        text += "/" + "*".join(m.split(":", 1)[-1] for m in per)
    return text


_WORD_START = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def tlabel(concept: Concept) -> str:
    """A concept's label for `tag.tlabel`: the taxonomy's label when the concept has one (the
    `label:` of taxonomy/us-gaap.yaml), else its name split into words ("Net Income Loss").
    The one place this is decided: switch it here."""
    label = getattr(concept, "label", None)
    if isinstance(label, str) and label:
        return label
    return _WORD_START.sub(" ", concept.name)
