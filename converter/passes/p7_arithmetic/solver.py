"""Deciding pending values: the readings of damaged cells (repaired, merged, several readings,
a sign convention to settle) that make a relationship hold exactly, and a printed value with
one corrupted digit corrected to the value its relationship implies.
"""
from __future__ import annotations

import itertools
from decimal import Decimal
from operator import getitem

from ...taxonomy import Relationship
from .groups import Group, exponent_of, implied_value, one_digit_apart

MAX_COMBINATIONS = 4096


def _solutions(group: Group, rel: Relationship, names: list[str], options: list[tuple],
               exponent: int = 0):
    """Every combination of the pending readings that makes the relationship hold exactly.
    The residual is linear in each member, so only the pending members' terms are added.
    `exponent`: the smallest decimal exponent among the pending readings (0 at most)."""
    total_pending = rel.total in names
    base = Decimal(0) if total_pending else group.known(rel.total)
    if base is None:
        return []
    weights = rel.weights
    for child, weight in rel.children:
        if child not in names:
            value = group.known(child)
            if value is not None:
                base -= weight * value
    total_index = names.index(rel.total) if total_pending else -1
    scale = 10 ** -min(exponent_of(base), exponent)
    target = -int(base * scale)
    terms = [group.terms(name, scale, 1 if name == rel.total else -weights[name]) for name in names]
    if len(names) <= 2:  # the usual case, searched directly (in the same order)
        return _small_solutions(target, terms, options, total_index)
    # meet in the middle: the trailing members' sums are indexed, the leading members' are
    # enumerated and the rest looked up (in itertools.product order, as a plain search would)
    split = max(1, len(names) // 2)
    tails: dict[int, list[tuple]] = {}
    for tail_terms, tail in zip(itertools.product(*terms[-split:]), _picks(options[-split:])):
        tails.setdefault(sum(tail_terms), []).append(tail)
    found = []
    for head_terms, head in zip(itertools.product(*terms[:-split]), _picks(options[:-split])):
        fitting = tails.get(target - sum(head_terms))
        if not fitting:
            continue
        for tail in fitting:
            combination = tuple(map(getitem, options, head + tail))
            if total_index < 0 or combination[total_index] is not None:
                found.append(combination)
    return found


def _small_solutions(target: int, terms: list[list[int]], options: list[tuple],
                     total_index: int) -> list[tuple]:
    """`_solutions` for one or two pending members, in itertools.product order."""
    if len(terms) == 1:
        return [(option,) for option, term in zip(options[0], terms[0])
                if term == target and (total_index < 0 or option is not None)]
    found = []
    for first, first_term in zip(options[0], terms[0]):
        wanted = target - first_term
        for second, second_term in zip(options[1], terms[1]):
            if second_term == wanted:
                combination = (first, second)
                if total_index < 0 or combination[total_index] is not None:
                    found.append(combination)
    return found


def _picks(options: list[tuple]) -> itertools.product:
    """The index of each member's reading, in the order itertools.product gives readings."""
    return itertools.product(*(range(len(o)) for o in options))


def solve_pending(group: Group, rel: Relationship) -> bool:
    """Decide the pending members of a relationship on which every fitting reading agrees."""
    names = [n for n in rel.members if n in group.pending]
    if not names or not group.usable(rel):
        return False
    readings = [group.readings(n) for n in names]
    options = [r[0] for r in readings]
    if any(not o for o in options) or _count(options) > MAX_COMBINATIONS:
        return False
    exponent = min([r[1] for r in readings])
    solutions = [(c, None) for c in _solutions(group, rel, names, options, exponent)]
    if not solutions and not group.incomplete:
        # (a corrupted digit is only inferred where every printed row was read: in a statement
        # with unread rows, a total implied from the read parts can be off by a near amount)
        solutions = _digit_corrections(group, rel, names, options)
    if not solutions:
        return False
    progress = False
    for index, name in enumerate(names):
        agreed = {solution[0][index] for solution in solutions}
        if len(agreed) != 1:
            continue
        value = agreed.pop()
        corrected = len(solutions) == 1 and solutions[0][1] == name
        pending = group.pending.pop(name)
        progress = True
        if value is None:
            group.blank.add(name)
            continue
        if corrected:
            note = (f"printed {pending.printed!r}; corrected to the value {rel.describe()} "
                    f"implies (one digit differs)")
        else:
            note = f"confirmed by {rel.describe()}"
        group.decide(name, pending.decided(value, note))
    return progress


def _count(options: list[tuple]) -> int:
    count = 1
    for option in options:
        count *= len(option)
    return count


def _known(values: dict) -> dict[str, Decimal]:
    return {name: value for name, value in values.items() if value is not None}


def _digit_corrections(group: Group, rel: Relationship, names: list[str], options: list[tuple]):
    """Solutions where one pending value was printed with one corrupted digit."""
    solutions = []
    base = group.numbers() | {k: v for k, v in group.virtual.items() if k not in group.decided}
    for index, name in enumerate(names):
        others = [n for n in names if n != name]
        other_options = [options[names.index(n)] for n in others]
        for combination in itertools.product(*other_options):
            values = _known(base | dict(zip(others, combination)))
            implied = implied_value(rel, values, name)
            if implied is None or not any(p is not None and one_digit_apart(p, implied)
                                          for p in options[index]):
                continue
            full = dict(zip(others, combination)) | {name: implied}
            solutions.append((tuple(full[n] for n in names), name))
    return solutions
