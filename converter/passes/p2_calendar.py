"""Pass 2: the filer's calendar, and where each week-counted period starts.

- When any duration of the filing is counted in weeks (it ends on a weekday), the filer keeps a
  52/53-week calendar: its month-end durations are weeks too.
- A "three months" or "six months" column of such a filer is read as 13 or 26 weeks: an
  assumption, since a 53-week year puts a 14th week in one quarter. The document can prove where
  the period starts: a balance-sheet date the day before it (the prior fiscal year end: a
  year-to-date period starts the next day). A start one week earlier than the assumed one is
  taken from that evidence (the year holds 53 weeks). A period the evidence does not reach keeps
  its assumed length and says so (its rule starts with "assumed:"): the report lists it.
- When the text says a period held an extra week ("14 weeks", "53-week year", "an extra week")
  an assumed length may be the wrong one: such columns are refused, with that line. A sentence
  that names fiscal years ("fiscal 2023", "Q4 FY24") concerns only columns ending in one of
  them or the year after (guidance for a later year leaves this year's columns alone).

Takes the repaired tables; gives them with week-counted periods re-read, confirmed or marked.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from ..model import Notice, Table
from ..periods import Period, as_weeks
from .state import WorkingState

ASSUMED = "assumed: "


_EXTRA_WEEK = re.compile(r"\b(?:14|fourteen)[\s-]weeks?\b|\b53[\s-]weeks?\b|\b53rd\s+week\b|"
                         r"\b(?:extra|additional)\s+week\b", re.I)


_YEAR = re.compile(r"\b((?:19|20)\d\d)\b|\bFY\s?'?(\d\d)\b", re.I)


def run(state: WorkingState) -> None:
    tables = place_week_periods(weeks_calendar(state.tables))
    for line, text in state.document.narrative:
        for sentence in re.split(r"(?<=[.;])\s+", text):
            if _EXTRA_WEEK.search(sentence):
                years = {int(full) if full else 2000 + int(short) for full, short in _YEAR.findall(sentence)}
                tables, notices = refuse_assumed(tables, line, years)
                state.notices.extend(notices)
    state.tables = tables


def refuse_assumed(tables: list[Table], line: int, years: frozenset[int] | set[int] = frozenset()
                   ) -> tuple[list[Table], list[Notice]]:
    """The tables with the assumed-length columns refused: the text (`line`) says a period held
    an extra week, so a length read as 13-week quarters may be a week short. `years`: the
    fiscal years the sentence names (none: every assumed column is concerned)."""
    notices = []
    refused = []
    for table in tables:
        columns = []
        for column in table.columns:
            period = column.period
            if period is not None and is_assumed(period) and (
                    not years or period.end.year in years or period.end.year - 1 in years):
                notices.append(Notice("refusal", table.line, f"column {column.header!r} refused: its "
                                      f"length is assumed and line {line} says a period held an "
                                      "extra week"))
                column = replace(column, period=None)
            columns.append(column)
        refused.append(replace(table, columns=tuple(columns)))
    return refused, notices


def weeks_calendar(tables: list[Table]) -> list[Table]:
    """The tables, re-read on a 52/53-week calendar when any of their durations is in weeks."""
    if not any(c.period is not None and "weeks" in c.period.rule for t in tables for c in t.columns):
        return tables
    return [replace(t, columns=tuple(replace(c, period=as_weeks(c.period)) if c.period else c
                                     for c in t.columns)) for t in tables]


def is_assumed(period: Period) -> bool:
    return period.rule.startswith(ASSUMED)


def place_week_periods(tables: list[Table]) -> list[Table]:
    """Each month-counted period read as weeks, confirmed or moved by a balance-sheet date the
    day before it starts, else marked as assumed (see the module docstring)."""
    year_ends = {c.period.end for t in tables if t.statement == "balance" for c in t.columns
                 if c.period is not None and c.period.start is None}
    return [replace(t, columns=tuple(replace(c, period=_placed(c.period, year_ends))
                                     if c.period is not None else c for c in t.columns))
            for t in tables]


def _placed(period: Period, year_ends: set[date]) -> Period:
    if period.start is None or " read as " not in period.rule or is_assumed(period):
        return period
    day_before = period.start - timedelta(days=1)
    if day_before in year_ends:
        return Period(period.end, period.start, f"{period.rule}; start confirmed: the balance "
                                                f"sheet's {day_before.isoformat()} is the day before")
    earlier = day_before - timedelta(weeks=1)
    if earlier in year_ends:
        return Period(period.end, earlier + timedelta(days=1),
                      f"{period.rule}, and one week more: the balance sheet's {earlier.isoformat()} "
                      "is the prior fiscal year end (a 53-week year)")
    return Period(period.end, period.start, ASSUMED + period.rule)
