"""The values of one period and reporting basis while arithmetic decides them (`Group`), and
the arithmetic every part of the engine shares: the value a relationship implies for one member,
totals the text left blank implied by their parts, a printed value one digit away from the
implied one.
"""
from __future__ import annotations

from decimal import Decimal

from ...taxonomy import Relationship
from ..state import MappedValue


class Group:
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
        for value in values:
            name = value.concept.name
            if value.certain:
                if value.value is not None:  # (a blocked value has no value)
                    if name not in self.decided:
                        self.decide(name, value)
                    self.pending.pop(name, None)
                    continue
            elif not value.sign_undecided:
                self.damaged = True
            if value.blocked:
                self.blocked.add(name)
            elif name not in self.decided:
                self.pending.setdefault(name, value)

    def decide(self, name: str, value: MappedValue) -> None:
        assert value.value is not None  # (only values with a number are decided)
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
            options: tuple[Decimal | None, ...] = value.candidates or (
                (value.value,) if value.value is not None else ())
            options += (None,) if value.may_be_blank else ()
            exponent = min([0] + [exponent_of(v) for v in options if v is not None])
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


def half_unit(decimals: int) -> Decimal:
    """How far rounding to `decimals` can move a printed value: half a unit of its last digit."""
    return Decimal(10) ** -decimals / 2


def exponent_of(value: Decimal) -> int:
    """The decimal exponent of a value, or 0 for any integral value (most amounts are whole
    base units, and only exponents below 0 matter to the scaling)."""
    exponent = value.as_tuple().exponent
    return 0 if value == value.to_integral_value() or not isinstance(exponent, int) else exponent


def one_digit_apart(printed: Decimal, implied: Decimal) -> bool:
    """Same length, same sign, exactly one digit different: a corrupted digit."""
    a, b = str(abs(printed)), str(abs(implied))
    if (printed < 0) != (implied < 0) or len(a) != len(b):
        return False
    return sum(x != y for x, y in zip(a, b)) == 1


def implied_value(rel: Relationship, values: dict[str, Decimal], name: str) -> Decimal | None:
    """The value of `name` that makes the relationship hold, given the others."""
    if name == rel.total:
        return sum((w * values[c] for c, w in rel.children if c in values), Decimal(0))
    weight = rel.weights[name]
    if rel.total not in values:
        return None
    rest = sum((w * values[c] for c, w in rel.children if c in values and c != name), Decimal(0))
    return (values[rel.total] - rest) * weight


def absent_totals(group: Group, rels, present: set[str]) -> list[tuple[Relationship, list[str]]]:
    """The relationships whose total the text left blank and of which two or more children are
    present (decided or pending), with those children."""
    found = []
    for rel in rels:
        if rel.total in present or rel.total in group.blocked or not group.usable(rel) \
                or not rel.conditions_hold(present):
            continue  # (a relationship that would not apply to its total does not imply it)
        children = [c for c, _ in rel.children if c in present]
        if len(children) >= 2:
            found.append((rel, children))
    return found


def imply_absent_totals(group: Group, absent: list[tuple[Relationship, list[str]]]) -> None:
    """Totals the text left blank, implied by their decided parts; used to check, never written.
    `absent`: what `absent_totals` found."""
    decided = group.decided
    for rel, children in absent:
        if all(c in decided for c in children):
            total = implied_value(rel, group.numbers(), rel.total)
            if total is not None:  # (a total is always implied by its parts)
                group.virtual[rel.total] = total
