"""The consistency engine: what the statements guarantee decides what damaged text cannot.

Relationships (taxonomy/calculations.yaml) are checked within each group of values that share a
period and reporting basis. A repaired value (split from a merged line, a stray space removed)
and a cell with several readings are written only when a relationship confirms them; a clean
value that breaks a relationship which every other member satisfies is refused, and when the
relationship implies a value that differs from the printed one in a single digit, the implied
value is taken, with that evidence. Whatever stays undecided is refused, with its line.
"""
from __future__ import annotations

import itertools
from dataclasses import field
from decimal import Decimal
from functools import lru_cache
from operator import getitem

from .errors import TaxonomyError
from .mapping import MappedValue
from .model import Notice
from .records import record
from .taxonomy import read_taxonomy_yaml

MAX_COMBINATIONS = 4096


@record
class Relationship:
    total: str
    children: tuple[tuple[str, int], ...]
    unless: tuple[str, ...] = ()
    linkbase: bool = True
    requires: tuple[str, ...] = ()
    members: tuple[str, ...] = field(init=False, compare=False, repr=False)
    weights: dict = field(init=False, compare=False, repr=False)  # child name -> weight
    _hash: int = field(init=False, compare=False, repr=False, default=0)
    _description: str = field(init=False, compare=False, repr=False, default="")

    def __post_init__(self):
        object.__setattr__(self, "members", (self.total,) + tuple(n for n, _ in self.children))
        object.__setattr__(self, "weights", dict(self.children))
        object.__setattr__(self, "_hash", hash((self.total, self.children, self.unless,
                                                self.linkbase, self.requires)))
        parts = [("+ " if w > 0 else "- ") + name for name, w in self.children]
        object.__setattr__(self, "_description", f"{self.total} = " + " ".join(parts).lstrip("+ "))

    def __hash__(self) -> int:  # the engine hashes relationships constantly: computed once
        return self._hash

    def describe(self) -> str:
        """'Total = A + B - C'."""
        return self._description

    def applies(self, present) -> bool:
        if self.total not in present:
            return False
        return ((not self.requires or all(name in present for name in self.requires))
                and (not self.unless or not any(name in present for name in self.unless)))

    def residual(self, values: dict[str, Decimal]) -> Decimal:
        """total - sum(weight x child); absent children count as zero."""
        residual = values[self.total]
        for name, weight in self.children:  # (a plain loop: the engine's most frequent sum)
            value = values.get(name)
            if value is not None:
                if weight == 1:
                    residual -= value
                elif weight == -1:
                    residual += value
                else:
                    residual -= weight * value
        return residual


@lru_cache(maxsize=1)
def _relationships_by_member() -> dict[str, tuple[int, ...]]:
    """For each concept name, the positions of the relationships it is a member of."""
    index: dict[str, list[int]] = {}
    for position, rel in enumerate(relationships()):
        for name in rel.members:
            index.setdefault(name, []).append(position)
    return {name: tuple(positions) for name, positions in index.items()}


def relationships_among(names) -> tuple[Relationship, ...]:
    """The relationships with a member among `names`, in their order in the taxonomy."""
    return _relationships_among(frozenset(names))


@lru_cache(maxsize=4096)
def _relationships_among(names: frozenset[str]) -> tuple[Relationship, ...]:
    # (kept per set of names: a filing's groups repeat their concepts, period after period)
    by_member, every = _relationships_by_member(), relationships()
    positions = set()
    for name in names:
        found = by_member.get(name)
        if found:
            positions.update(found)
    return tuple(every[p] for p in sorted(positions))


@lru_cache(maxsize=1)
def relationships() -> tuple[Relationship, ...]:
    data = read_taxonomy_yaml("calculations.yaml")
    for item in data["relationships"]:
        if not all(type(weight) is int for weight in item["children"].values()):
            raise TaxonomyError(f"calculations.yaml: the weights of {item['total']} must be integers")
    return tuple(Relationship(item["total"], tuple(item["children"].items()),
                              tuple(item.get("unless", [])), item.get("linkbase", True),
                              tuple(item.get("requires", [])))
                 for item in data["relationships"])


def one_digit_apart(printed: Decimal, implied: Decimal) -> bool:
    """Same length, same sign, exactly one digit different: a corrupted digit."""
    a, b = str(abs(printed)), str(abs(implied))
    if (printed < 0) != (implied < 0) or len(a) != len(b):
        return False
    return sum(x != y for x, y in zip(a, b)) == 1


class _Group:
    """The values of one period and basis, by concept name, while they are being decided.
    `decided` changes only through `decide` and `undecide`, which keep `numbers()` in step."""

    def __init__(self, values: list[MappedValue]):
        self.decided: dict[str, MappedValue] = {}
        self._numbers: dict[str, Decimal] = {}
        self._options: dict[str, tuple[tuple, int]] = {}
        self._scaled: dict[tuple[str, int, int], list[int]] = {}
        self.pending: dict[str, MappedValue] = {}
        self.blocked: set[str] = set()
        self.blank: set[str] = set()  # decided to have no value (a merged line's empty label)
        self.virtual: dict[str, Decimal] = {}  # unprinted totals implied by their parts
        self.rejected: list[tuple[MappedValue, str]] = []
        self.incomplete = False  # some printed row of these columns maps to no concept
        # damaged text (repaired or undecided readings) leaves the statement's structure in
        # doubt: a failing sum there is not evidence against a clean value
        self.damaged = False
        decided, numbers, pending = self.decided, self._numbers, self.pending
        for value in values:
            name = value.concept.name
            if value.certain:
                if value.value is not None:  # (a blocked value has no value)
                    if name not in decided:  # (self.decide, inlined: once per value)
                        decided[name] = value
                        numbers[name] = value.value
                    pending.pop(name, None)
                    continue
            elif not value.sign_undecided:
                self.damaged = True
            if value.blocked:
                self.blocked.add(name)
            elif name not in decided:
                pending.setdefault(name, value)

    def decide(self, name: str, value: MappedValue) -> None:
        self.decided[name] = value
        self._numbers[name] = value.value

    def undecide(self, name: str) -> MappedValue:
        del self._numbers[name]
        return self.decided.pop(name)

    def present(self) -> set[str]:
        return self.decided.keys() | self.pending.keys()

    def numbers(self) -> dict[str, Decimal]:
        """The decided values by concept name (read-only: copy before changing it)."""
        return self._numbers

    def known(self, name: str) -> Decimal | None:
        """The decided value, else an implied (unprinted) total, else None."""
        value = self._numbers.get(name)
        return self.virtual.get(name) if value is None else value

    def readings(self, name: str) -> tuple[tuple, int]:
        """The readings a pending value may take (None: no value at all), and the smallest
        decimal exponent among them (0 at most)."""
        found = self._options.get(name)
        if found is None:
            value = self.pending[name]
            options = value.candidates or ((value.value,) if value.value is not None else ())
            options += (None,) if value.may_be_blank else ()
            exponent = min([0] + [_exponent(v) for v in options if v is not None])
            found = self._options[name] = (options, exponent)
        return found

    def terms(self, name: str, scale: int, coefficient: int) -> list[int]:
        """A pending value's readings times `scale` and `coefficient`, as exact integers (None
        reads as 0)."""
        key = (name, scale, coefficient)
        terms = self._scaled.get(key)
        if terms is None:
            terms = self._scaled[key] = [0 if v is None else coefficient * int(v * scale)
                                         for v in self.readings(name)[0]]
        return terms

    def usable(self, rel: Relationship) -> bool:
        return not self.blocked or self.blocked.isdisjoint(rel.members)


def _known(values: dict) -> dict[str, Decimal]:
    return {name: value for name, value in values.items() if value is not None}


def _exponent(value: Decimal) -> int:
    """The decimal exponent of a value, or 0 for any integral value (most amounts are whole
    base units, and only exponents below 0 matter to the scaling)."""
    return 0 if value == value.to_integral_value() else value.as_tuple().exponent


def _solutions(group: _Group, rel: Relationship, names: list[str], options: list[tuple],
               exponent: int = 0):
    """Every combination of the pending readings that makes the relationship hold exactly.
    The residual is linear in each member, so only the pending members' terms are added.
    `exponent`: the smallest decimal exponent among the pending readings (0 at most)."""
    total_pending = rel.total in names
    base = Decimal(0) if total_pending else group.known(rel.total)
    if base is None:
        return []
    weights = rel.weights
    numbers, virtual = group.numbers(), group.virtual
    for child, weight in rel.children:  # (group.known, inlined: the engine's busiest loop)
        if child not in names:
            value = numbers.get(child)
            if value is None:
                value = virtual.get(child)
            if value is not None:
                base -= weight * value
    total_index = names.index(rel.total) if total_pending else -1
    scale = 10 ** -min(_exponent(base), exponent)
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


def _solve_pending(group: _Group, rel: Relationship) -> bool:
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
        readings = {solution[0][index] for solution in solutions}
        if len(readings) != 1:
            continue
        value = readings.pop()
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


def _digit_corrections(group: _Group, rel: Relationship, names: list[str], options: list[tuple]):
    """Solutions where one pending value was printed with one corrupted digit."""
    solutions = []
    base = group.numbers() | {k: v for k, v in group.virtual.items() if k not in group.decided}
    for index, name in enumerate(names):
        others = [n for n in names if n != name]
        other_options = [options[names.index(n)] for n in others]
        for combination in itertools.product(*other_options):
            values = _known(base | dict(zip(others, combination)))
            implied = _implied(rel, values, name)
            if implied is None or not any(p is not None and one_digit_apart(p, implied)
                                          for p in options[index]):
                continue
            full = dict(zip(others, combination)) | {name: implied}
            solutions.append((tuple(full[n] for n in names), name))
    return solutions


def _implied(rel: Relationship, values: dict[str, Decimal], name: str) -> Decimal | None:
    """The value of `name` that makes the relationship hold, given the others."""
    if name == rel.total:
        return sum((w * values[c] for c, w in rel.children if c in values), Decimal(0))
    weight = rel.weights[name]
    if rel.total not in values:
        return None
    rest = sum((w * values[c] for c, w in rel.children if c in values and c != name), Decimal(0))
    return (values[rel.total] - rest) * weight


def _absent_totals(group: _Group, rels, present: set[str]) -> list[tuple[Relationship, list[str]]]:
    """The relationships whose total the text left blank and of which two or more children are
    present (decided or pending), with those children."""
    found = []
    for rel in rels:
        if rel.total in present or rel.total in group.blocked or not group.usable(rel):
            continue
        children = [c for c, _ in rel.children if c in present]
        if len(children) >= 2:
            found.append((rel, children))
    return found


def _imply_absent_totals(group: _Group, absent: list[tuple[Relationship, list[str]]]) -> None:
    """Totals the text left blank, implied by their decided parts; used to check, never written.
    `absent`: what `_absent_totals` found."""
    decided = group.decided
    for rel, children in absent:
        if all(c in decided for c in children):
            group.virtual[rel.total] = _implied(rel, group.numbers(), rel.total)


def _tolerance(group: _Group, rel: Relationship) -> Decimal:
    """How far rounding alone can move a sum: half a unit of each member's printed precision."""
    return sum((_half_unit(group.decided[name].decimals) for name in rel.members
                if name in group.decided), Decimal(0))


@lru_cache(maxsize=64)
def _half_unit(decimals: int) -> Decimal:
    return Decimal(10) ** -decimals / 2


def _check_clean(group: _Group, rel: Relationship, confirmed_by: dict[str, int]) -> None:
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
        implied = _implied(rel, group.numbers(), name)
        if implied is not None and one_digit_apart(wrong.value, implied):
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


def _check_all_clean(group: _Group, rels: list[Relationship]) -> None:
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


def _holding_counts(group: _Group, rels: list[Relationship]) -> dict[str, int]:
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


def _prune_incomplete(group: _Group, rels: list[Relationship]) -> None:
    """In a non-GAAP or adjustments column, a total whose printed parts were not all read would
    fail its calculation: it is left out rather than assert a sum its parts do not make."""
    pruned = True
    while pruned:
        pruned = False
        values = group.numbers()
        for rel in rels:
            if not rel.linkbase or rel.total not in values:
                continue
            if any(c in values for c, _ in rel.children) and rel.residual(values) != 0:
                wrong = group.undecide(rel.total)
                group.rejected.append((wrong, f"its parts in this column were not all read "
                                              f"({rel.describe()} would not hold)"))
                pruned = True
                break


def resolve_group(values: list[MappedValue], incomplete: bool = False
                  ) -> tuple[list[MappedValue], list[Notice]]:
    """Decide one period-and-basis group (see the module docstring)."""
    group = _Group(values)
    group.incomplete = incomplete
    present = group.present()
    # only relationships with a member here can ever decide, imply or check anything here
    candidates = relationships_among(present)
    changed = bool(group.pending)
    tried: set[tuple] = set()  # (relationship, what it saw) already tried without progress
    pending, numbers, virtual = group.pending, group.numbers(), group.virtual
    absent, absent_for = [], -1  # (recomputed when `present` changes: a value decided blank)
    while changed:
        present = group.present()
        if len(present) != absent_for:  # (`present` only loses names here)
            absent, absent_for = _absent_totals(group, candidates, present), len(present)
        _imply_absent_totals(group, absent)
        known = present | virtual.keys()
        changed = False
        for rel in candidates:
            if pending.keys().isdisjoint(rel.members) or not rel.applies(known):
                continue
            # what the relationship sees: each member pending or not, and its decided value
            seen = (rel, tuple([(n in pending, numbers.get(n, virtual.get(n))) for n in rel.members]))
            if seen in tried:
                continue
            if _solve_pending(group, rel):
                changed = True
            else:
                tried.add(seen)
    if not (group.incomplete or group.damaged):
        present = group.present()
        _check_all_clean(group, [r for r in candidates if r.applies(present)])
    basis = "" if not values or values[0].basis == "gaap" else f" ({values[0].basis})"
    if basis:
        _prune_incomplete(group, candidates)
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


def resolve(values: list[MappedValue], incomplete: set[tuple[str, str]] = frozenset()
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
        kept, group_notices = resolve_group(members, key in incomplete)
        notices.extend(group_notices)
        for value in kept:
            decided[(value.concept.name, value.line, key)] = value
    found = [decided.get((v.concept.name, v.line, key)) for key, v in zip(keys, values)]
    return [value for value in found if value is not None], notices


def linkbase_relationships(facts_by_context: dict[str, dict[str, Decimal]]
                           ) -> tuple[list[Relationship], list[Notice]]:
    """The relationships this instance's facts satisfy, as an XBRL processor would check them
    (in every context holding the total and a child). One that fails somewhere is left out of
    the linkbase, with a warning naming the context: the filing itself is inconsistent there,
    or a component line maps to no concept."""
    kept, notices = [], []
    contexts = sorted(facts_by_context.items())
    reported = set().union(*facts_by_context.values())  # every concept with a value somewhere
    for rel in relationships():
        if not rel.linkbase or rel.total not in reported:
            continue  # (checked nowhere: the total has no value in any context)
        checked, failed, inapplicable = 0, [], False
        for context, values in contexts:
            if rel.total not in values or values.keys().isdisjoint(rel.weights):
                continue
            checked += 1
            if rel.residual(values) == 0:
                continue
            if rel.applies(values):
                failed.append(f"{context} (off by {rel.residual(values)})")
            else:
                inapplicable = True  # another form of the relationship is the one that holds there
        if checked and not failed and not inapplicable:
            kept.append(rel)
        elif failed:
            notices.append(Notice("warning", 0, f"calculation {rel.describe()} not asserted: it does "
                                  f"not hold in {', '.join(failed)}"))
    return kept, notices
