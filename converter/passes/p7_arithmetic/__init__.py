"""Pass 7, the consistency engine: what the statements guarantee decides what damaged text cannot.

Relationships (taxonomy/calculations.yaml) are checked within each group of values that share a
period and reporting basis. A repaired value (split from a merged line, a stray space removed)
and a cell with several readings are written only when a relationship confirms them; a clean
value that breaks a relationship which every other member satisfies is refused, and when the
relationship implies a value that differs from the printed one in a single digit, the implied
value is taken, with that evidence. Whatever stays undecided is refused, with its line.

Takes the settled values and the unmapped groups; gives the decided values (source order) and a
refusal for each value left out. `groups` holds a group's state, `solver` decides pending
readings, `checks` refuses clean values that break a sum, `linkbase` picks the relationships an
instance may assert.
"""
from __future__ import annotations

from ...model import Notice
from ...taxonomy import Taxonomy
from ..state import MappedValue, WorkingState
from .checks import check_all_clean, prune_incomplete
from .groups import Group, absent_totals, imply_absent_totals
from .solver import solve_pending


def run(state: WorkingState) -> None:
    state.values, notices = resolve(state.values, state.taxonomy, state.unmapped)
    state.notices.extend(notices)


def resolve_group(values: list[MappedValue], taxonomy: Taxonomy, incomplete: bool = False
                  ) -> tuple[list[MappedValue], list[Notice]]:
    """Decide one period-and-basis group (see the module docstring)."""
    group = Group(values)
    group.incomplete = incomplete
    present = group.present()
    # only relationships with a member here can ever decide, imply or check anything here
    candidates = taxonomy.relationships_among(present)
    changed = bool(group.pending)
    tried: set[tuple] = set()  # (relationship, what it saw) already tried without progress
    pending, numbers, virtual = group.pending, group.numbers(), group.virtual
    while changed:
        present = group.present()
        imply_absent_totals(group, absent_totals(group, candidates, present))
        known = present | virtual.keys()
        changed = False
        for rel in candidates:
            if pending.keys().isdisjoint(rel.members) or not rel.applies(known):
                continue
            # what the relationship sees: each member pending or not, and its decided value
            seen = (rel, tuple([(n in pending, numbers.get(n, virtual.get(n))) for n in rel.members]))
            if seen in tried:
                continue
            if solve_pending(group, rel):
                changed = True
            else:
                tried.add(seen)
    if not (group.incomplete or group.damaged):
        present = group.present()
        check_all_clean(group, [r for r in candidates if r.applies(present)])
    basis = "" if not values or values[0].basis == "gaap" else f" ({values[0].basis})"
    if basis:
        prune_incomplete(group, list(candidates))
    notices = [Notice("refusal", v.line, f"{v.concept.qname} {v.period.key()}{basis} refused: "
                      f"{v.confirmation or 'repaired'}; not confirmed by arithmetic", v.printed)
               for v in group.pending.values()]
    notices += [Notice("refusal", v.line, f"{v.concept.qname} {v.period.key()}{basis} refused: {reason}",
                       v.printed) for v, reason in group.rejected]
    kept = []
    for value in values:
        decided = group.decided.get(value.concept.name)
        if decided is not None and decided.line == value.line:
            kept.append(decided)
        elif value.certain and value.value is not None and decided is not None \
                and decided.value == value.value:
            kept.append(value)  # an agreeing duplicate; settled later
    return kept, notices


def resolve(values: list[MappedValue], taxonomy: Taxonomy,
            incomplete: set[tuple[str, str]] | frozenset = frozenset()
            ) -> tuple[list[MappedValue], list[Notice]]:
    """Decide every group; values keep their source order. `incomplete` holds the (period,
    basis) groups in which a printed row mapped to no concept."""
    groups: dict[tuple, list[MappedValue]] = {}
    keys = [(value.period.key(), value.basis) for value in values]
    for key, value in zip(keys, values):
        groups.setdefault(key, []).append(value)
    decided: dict[tuple, MappedValue] = {}
    notices: list[Notice] = []
    for key, members in groups.items():
        kept, group_notices = resolve_group(members, taxonomy, key in incomplete)
        notices.extend(group_notices)
        for value in kept:
            decided[(value.concept.name, value.line, key)] = value
    found = [decided.get((v.concept.name, v.line, key)) for key, v in zip(keys, values)]
    return [value for value in found if value is not None], notices
