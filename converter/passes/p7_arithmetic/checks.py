"""Checking decided values: a relationship of clean values that fails beyond rounding, in a
statement whose every printed row was mapped, refuses its one unconfirmed member (or corrects it
when a single digit differs and every child of the relationship was printed and read); in a
non-GAAP column, a total whose parts were not all read is left out.
"""
from __future__ import annotations

from decimal import Decimal

from ...taxonomy import Relationship
from .groups import Group, half_unit, implied_value, one_digit_apart


def _tolerance(group: Group, rel: Relationship) -> Decimal:
    """How far rounding alone can move a sum: half a unit of each member's printed precision."""
    return sum((half_unit(group.decided[name].decimals) for name in rel.members
                if name in group.decided), Decimal(0))




def _check_clean(group: Group, rel: Relationship, confirmed_by: dict[str, int]) -> None:
    """A relationship of decided values that fails beyond rounding, in a statement whose every
    printed row was mapped: its one unconfirmed member is refused (or corrected when a single
    digit differs); when several are unconfirmed, none of them can be trusted."""
    if group.incomplete or group.damaged or rel.total not in group.decided or not group.usable(rel):
        return
    if not group.pending.keys().isdisjoint(rel.members):
        return
    values = group.numbers()
    if sum(1 for n in rel.members if n in values) < 2 or abs(rel.residual(values)) <= _tolerance(group, rel):
        return
    values = dict(values)  # as it was before any member is taken out (for the messages)
    suspects = [n for n in rel.members if n in values and confirmed_by.get(n, 0) == 0]
    if len(suspects) == 1:
        name = suspects[0]
        wrong = group.undecide(name)
        implied = implied_value(rel, group.numbers(), name)
        # a one-digit correction needs every child printed and read: an absent child (a row the
        # text lost, or a small item not printed) moves the implied value by a few units too
        every_child = all(child in values for child, _ in rel.children)
        if implied is not None and wrong.value is not None and every_child \
                and one_digit_apart(wrong.value, implied):
            group.decide(name, wrong.decided(
                implied, f"printed {wrong.printed!r}; corrected to the value {rel.describe()} "
                         f"implies (one digit differs; the other members are confirmed elsewhere)"))
            return
        group.rejected.append((wrong, f"breaks {rel.describe()}, which the rest of the statement satisfies"))
        return
    for name in suspects:
        wrong = group.undecide(name)
        others = ", ".join(n for n in suspects if n != name)
        group.rejected.append((wrong, f"{rel.describe()} fails by {rel.residual(values):,}; "
                                      f"it cannot tell whether this value or {others} is wrong"))


def check_all_clean(group: Group, rels: list[Relationship]) -> None:
    """`_check_clean` for each relationship, unless every sum holds exactly (the usual case)."""
    values = group.numbers()
    if all(rel.residual(values) == 0 for rel in rels if rel.total in values):
        return
    counts = _holding_counts(group, rels)
    for rel in rels:
        before = len(group.decided)
        _check_clean(group, rel, counts)
        if len(group.decided) != before:
            counts = _holding_counts(group, rels)


def _holding_counts(group: Group, rels: list[Relationship]) -> dict[str, int]:
    counts: dict[str, int] = {}
    values = group.numbers()
    for rel in rels:
        members = [n for n in rel.members if n in values]
        if rel.total not in values or len(members) < 2 or not group.usable(rel):
            continue
        if not group.pending.keys().isdisjoint(rel.members):
            continue
        if rel.residual(values) == 0:
            for name in members:
                counts[name] = counts.get(name, 0) + 1
    return counts


def prune_incomplete(group: Group, rels: list[Relationship]) -> None:
    """In a non-GAAP or adjustments column, a total whose printed parts were not all read would
    fail its calculation: it is left out rather than assert a sum its parts do not make."""
    pruned = True
    while pruned:
        pruned = False
        values = group.numbers()
        for rel in rels:
            if not rel.linkbase or rel.total not in values or not rel.applies(values):
                continue  # (a relationship that does not apply here is not in the linkbase either)
            if any(c in values for c, _ in rel.children) and rel.residual(values) != 0:
                wrong = group.undecide(rel.total)
                group.rejected.append((wrong, f"its parts in this column were not all read "
                                              f"({rel.describe()} would not hold)"))
                pruned = True
                break
