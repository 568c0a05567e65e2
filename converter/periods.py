"""Column headers -> exact periods.

"Three Months Ended June 30, 2004" is 2004-04-01..2004-06-30; "Six Months Ended" 2004-01-01..
2004-06-30; "13 Weeks Ended July 3, 2004" is 2004-04-04..2004-07-03; a bare date is an instant.
When the end date is a month end the length in months is counted in calendar months; when it is
not (52/53-week filers end on a weekday), months are read as 13-week quarters. Each Period says
which rule produced it, for the report.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import field
from datetime import date, timedelta
from functools import lru_cache

from .records import record

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "twenty-six": 26, "twenty six": 26, "thirty-nine": 39, "thirty nine": 39,
    "fifty-two": 52, "fifty two": 52, "fifty-three": 53, "fifty three": 53,
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_RE = re.compile(rf"\b(?P<month>{_MONTH_NAMES})\.?\s+(?P<day>\d{{1,2}}),?\s*(?P<year>(?:19|20)\d\d)\b", re.I)
_COUNT = r"(?P<count>\d{1,2}|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")"
LENGTH_RE = re.compile(rf"\b{_COUNT}[\s-]+(?P<unit>months?|weeks?)\b", re.I)
QUARTER_RE = re.compile(r"\b(quarter|year|fiscal year)\s+ended\b", re.I)


@lru_cache(maxsize=4096)
def _period_key(start: date | None, end: date) -> str:
    return end.isoformat() if start is None else f"{start.isoformat()}--{end.isoformat()}"


@record(order=True)
class Period:
    """An instant (start is None) or a duration, both ends inclusive."""

    end: date
    start: date | None = None
    rule: str = field(default="", compare=False)
    _key: str = field(init=False, repr=False, compare=False, default="")

    def __post_init__(self):
        object.__setattr__(self, "_key", _period_key(self.start, self.end))

    @property
    def is_instant(self) -> bool:
        return self.start is None

    def key(self) -> str:
        """'2004-06-30' or '2004-04-01--2004-06-30' (the golden files' notation)."""
        return self._key

    def to_dict(self) -> dict:
        return {"start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat(), "rule": self.rule}

    @classmethod
    def from_dict(cls, data: dict) -> "Period":
        start = date.fromisoformat(data["start"]) if data.get("start") else None
        return cls(date.fromisoformat(data["end"]), start, data.get("rule", ""))

    def day_before_start(self) -> "Period":
        """The instant just before a duration starts ("cash, beginning of period")."""
        assert self.start is not None
        return Period(self.start - timedelta(days=1), None, "day before the period starts")

    def end_instant(self) -> "Period":
        return Period(self.end, None, "end of the period")


MONTH_YEAR_RE = re.compile(rf"\b(?P<month>{_MONTH_NAMES})\.?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I)
_YEAR_RE = re.compile(r"(?<![\d,.])\b((?:19|20)\d\d)\b(?![\d,])")


def _date_of(match: re.Match) -> date | None:
    try:
        return date(int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]))
    except ValueError:
        return None


def find_date(text: str) -> date | None:
    """The "June 30, 2004"-style date a header names, or None (also for impossible dates).
    Two dates ("July 3, 2004 and June 28, 2003") need a year row to choose between them;
    a month and year alone ("December 2004") is the end of that month."""
    matches = list(DATE_RE.finditer(text))
    if len(matches) > 1:
        rest = DATE_RE.sub(" ", text)
        years = {int(y) for y in _YEAR_RE.findall(rest)}
        chosen = [m for m in matches if int(m["year"]) in years]
        return _date_of(chosen[0]) if len(years) == 1 and len(chosen) == 1 else None
    if matches:
        return _date_of(matches[0])
    month_year = MONTH_YEAR_RE.search(text)
    if month_year is None:
        ended = re.search(rf"\bended\s+(?P<month>{_MONTH_NAMES})\b", text, re.I)
        years = _YEAR_RE.findall(text)
        if not ended or len(years) != 1:
            return None
        month, year = MONTHS[ended["month"].lower()], int(years[0])
    else:
        month, year = MONTHS[month_year["month"].lower()], int(month_year["year"])
    return date(year, month, calendar.monthrange(year, month)[1])


def _length(text: str) -> tuple[int, str] | None:
    match = LENGTH_RE.search(text)
    if match:
        raw = match["count"].lower()
        count = int(raw) if raw.isdigit() else _WORD_NUMBERS[raw]
        return count, "weeks" if match["unit"].lower().startswith("week") else "months"
    quarter = QUARTER_RE.search(text)
    if quarter:
        return (3, "months") if quarter[1].lower() == "quarter" else (12, "months")
    return None


def is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def months_back(end: date, months: int) -> date:
    """First day of a span of whole calendar months ending at the month end `end`."""
    index = end.year * 12 + end.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


def duration_ending(end: date, count: int, unit: str) -> Period:
    """The period of `count` months or weeks ending on `end` (see module docstring)."""
    if unit == "weeks":
        return Period(end, end - timedelta(weeks=count) + timedelta(days=1), f"{count} weeks")
    if is_month_end(end):
        return Period(end, months_back(end, count), f"{count} calendar months")
    if count % 3 == 0:
        weeks = count // 3 * 13
        start = end - timedelta(weeks=weeks) + timedelta(days=1)
        return Period(end, start, f"{count} months read as {weeks} weeks (period ends on a weekday)")
    raise ValueError(f"cannot place {count} months ending {end} that is not a month end")


@lru_cache(maxsize=4096)
def parse_period(header: str) -> Period | None:
    """A column header -> Period, or None when the header names no date. (Cached: an archive
    repeats a few hundred headers, "Three Months Ended June 30, 2004", across its filings.)"""
    end = find_date(header)
    if end is None:
        return None
    length = _length(header)
    if length is None:
        return Period(end, None, "instant (bare date)")
    try:
        return duration_ending(end, *length)
    except ValueError:
        return None


def parse_date_text(text: str) -> date | None:
    """'August 20, 2004' -> date; also accepts ISO and EDGAR's 20040820."""
    found = find_date(text)
    if found:
        return found
    compact = re.search(r"\b((?:19|20)\d\d)-?(\d\d)-?(\d\d)\b", text)
    if compact:
        try:
            return date(int(compact[1]), int(compact[2]), int(compact[3]))
        except ValueError:
            return None
    return None


def as_weeks(period: Period) -> Period:
    """A calendar-month duration re-read as 13/26/39/52 weeks, for a 52/53-week filer whose
    period happens to end on a month end (its other periods end on weekdays)."""
    match = re.match(r"(\d+) calendar months", period.rule)
    if period.start is None or not match or int(match[1]) % 3:
        return period
    weeks = int(match[1]) // 3 * 13
    start = period.end - timedelta(weeks=weeks) + timedelta(days=1)
    return Period(period.end, start, f"{match[1]} months read as {weeks} weeks "
                                     "(52/53-week filer: its other periods end on a weekday)")


def as_53_weeks(period: Period, printed_ends: set[date]) -> Period:
    """Twelve months read as 52 weeks become 53 when the filing prints its previous year end a
    week before the 52-week start (and not the day before it): a 53-week fiscal year."""
    if period.start is None or "12 months read as 52 weeks" not in period.rule:
        return period
    before = period.start - timedelta(days=1)
    if before in printed_ends or before - timedelta(weeks=1) not in printed_ends:
        return period
    return Period(period.end, before - timedelta(days=6),
                  "12 months read as 53 weeks (the filing's previous year ends 53 weeks before)")
