"""Pass 2: the filer's calendar. When any duration of the filing is counted in weeks (it ends on
a weekday), the filer keeps a 52/53-week calendar: its month-end durations are weeks too.

Takes the repaired tables; gives them with such columns re-read as 13/26/39/52 weeks.
"""
from __future__ import annotations

from dataclasses import replace

from ..model import Table
from ..periods import as_weeks
from .state import WorkingState


def run(state: WorkingState) -> None:
    state.tables = weeks_calendar(state.tables)


def weeks_calendar(tables: list[Table]) -> list[Table]:
    """The tables, re-read on a 52/53-week calendar when any of their durations is in weeks."""
    if not any(c.period is not None and "weeks" in c.period.rule for t in tables for c in t.columns):
        return tables
    return [replace(t, columns=tuple(replace(c, period=as_weeks(c.period)) if c.period else c
                                     for c in t.columns)) for t in tables]
