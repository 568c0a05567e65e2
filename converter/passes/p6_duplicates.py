"""Pass 6: one value per concept, period and basis. Rows that print the same concept twice (a
statement and its supplementary table, a total repeated at the foot of a page) agree, and one
is kept; readings that disagree become one undecided value whose candidates are the readings,
for arithmetic to choose from (or all are refused).

Takes the mapped values; gives them with duplicates settled, in source order.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from .state import MappedValue, WorkingState


def run(state: WorkingState) -> None:
    state.values = settle_duplicates(state.values)


def settle_duplicates(values: list[MappedValue]) -> list[MappedValue]:
    """Keep one of each agreeing duplicate. Readings that disagree become one undecided value
    whose candidates are the readings: arithmetic picks one, or all are refused."""
    groups: dict[tuple, list[MappedValue]] = {}
    keys: list[tuple | None] = []
    for value in values:
        if value.certain and value.value is not None:
            key = (value.concept.qname, value.period.key(), value.basis)
            groups.setdefault(key, []).append(value)
            keys.append(key)
        else:
            keys.append(None)
    kept = []
    for value, found in zip(values, keys):
        if found is None:
            kept.append(value)  # undecided: the arithmetic pass settles it
            continue
        group = groups[found]
        if value is not group[0]:
            continue
        if len(group) == 1:
            kept.append(value)
            continue
        readings: list[Decimal] = []
        for member in group:
            if member.value is not None and member.value not in readings:
                readings.append(member.value)
        if len(readings) == 1:
            kept.append(value)
            continue
        lines = ", ".join(str(v.line) for v in group)
        kept.append(replace(value, value=None, candidates=tuple(readings), certain=False,
                            confirmation=f"rows on lines {lines} read differently",
                            printed=" / ".join(v.printed for v in group)))
    return kept
