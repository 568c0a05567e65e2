"""Table rows -> taxonomy-mapped data points (label + statement + section -> concept, sign applied).

A MappedValue is a fact before contexts and units exist: concept, period, value in base units
as the concept defines it, decimals, unit kind, and the source line and label it came from.
Rows that match no rule, or several rules of different concepts, are reported, never guessed.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from decimal import Decimal

from .checks import unlabelled_total_concept
from .model import Cell, Column, Notice, Row, Table
from .periods import Period
from .records import record
from .taxonomy import Concept, Rule, Taxonomy, normalise_label

_BEGINNING = ("beginning of", "at beginning")


@record
class MappedValue:
    """A value placed on a concept and period. `value` is None while it is undecided: then
    `candidates` holds the readings arithmetic may choose from (none: the cell was refused)."""

    concept: Concept
    period: Period
    value: Decimal | None
    decimals: int
    unit: str  # USD | shares | USD_per_share | pure
    line: int
    label: str
    basis: str = "gaap"
    confirmation: str = "read cleanly"
    certain: bool = True
    candidates: tuple[Decimal, ...] = ()
    printed: str = ""
    may_be_blank: bool = False  # the label may have no value at all (merged line, fewer values)
    sign_undecided: bool = False  # a clean reading whose sign convention arithmetic must settle

    @property
    def blocked(self) -> bool:
        return self.value is None and not self.candidates and not self.may_be_blank

    def decided(self, value: Decimal, confirmation: str) -> "MappedValue":
        return MappedValue(self.concept, self.period, value, self.decimals, self.unit, self.line,
                           self.label, self.basis, confirmation, True, (), self.printed,
                           self.may_be_blank, self.sign_undecided)


def match_rule(row: Row, statement: str, taxonomy: Taxonomy) -> tuple[Rule | None, str]:
    """The one rule that maps this row, or None and the reason."""
    return _match(row.label, row.sections, statement, taxonomy)


@lru_cache(maxsize=16384)
def _match(label: str, sections: tuple[str, ...], statement: str,
           taxonomy: Taxonomy) -> tuple[Rule | None, str]:
    row = Row(label, 0, (), sections)
    label = normalise_label(label)
    candidates = list(taxonomy.by_label.get((statement, label), ()))
    candidates += [r for r in taxonomy.pattern_rules
                   if statement in r.statements and any(p.fullmatch(label) for p in r.patterns)]
    fitting = [r for r in candidates if _fits(r, row)]
    if any(r.constrained for r in fitting):
        fitting = [r for r in fitting if r.constrained]
    concepts = {r.concept.qname for r in fitting}
    if len(concepts) == 1:
        return fitting[0], ""
    if not concepts:
        return None, "no concept for this label" if not candidates else "label is ambiguous here"
    return None, "label matches several concepts: " + ", ".join(sorted(concepts))


def _fits(rule: Rule, row: Row) -> bool:
    sections = [normalise_label(s) for s in row.sections]
    nearest = sections[-1] if sections else ""
    if rule.section and not rule.section.search(nearest):
        return False
    if rule.within and not any(rule.within.search(s) for s in sections):
        return False
    if rule.not_within and any(rule.not_within.search(s) for s in sections):
        return False
    return True


def map_table(table: Table, taxonomy: Taxonomy,
              unmapped: set[tuple[str, str]] | None = None) -> tuple[list[MappedValue], list[Notice]]:
    """Every mapped value of one table, with notices for what was left out. The (period, basis)
    of each column holding a value that maps to no concept is added to `unmapped`."""
    values: list[MappedValue] = []
    notices: list[Notice] = []
    if table.statement not in ("income", "balance", "cash_flow"):
        notices.append(Notice("note", table.line, f"{table.title!r} left out: not a consolidated "
                              "income statement, balance sheet or cash-flow statement"))
        return values, notices
    for index, row in enumerate(table.rows):
        for cell in row.cells:  # (a loop, not all(): this runs for every row of every table)
            if cell is not None and cell.kind != "empty" and cell.kind != "percent":
                break
        else:
            continue  # no value to map
        rule, confirmation = _rule_for(table, index, taxonomy, notices)
        if rule is None:
            if unmapped is not None:
                unmapped.update((c.period.key(), c.basis) for c, cell in zip(table.columns, row.cells)
                                if c.period is not None and cell is not None and cell.kind != "empty")
            continue
        scaling = _scaling(rule, table, row)
        # an instant concept in a duration column is at its end, or at its start when the label
        # says "beginning of" (decided once per row, not per cell)
        beginning = rule.concept.period != "duration" and any(m in row.label.lower() for m in _BEGINNING)
        for column, cell in zip(table.columns, row.cells):
            mapped = _map_cell(rule, row, column, cell, scaling, notices, confirmation, beginning)
            if mapped is not None:
                values.append(mapped)
    return values, notices


def _rule_for(table: Table, index: int, taxonomy: Taxonomy,
              notices: list[Notice]) -> tuple[Rule | None, str]:
    row = table.rows[index]
    if not row.label.strip():
        concept, reason = unlabelled_total_concept(table, index)
        if concept is None:
            notices.append(Notice("refusal", row.line, f"unlabelled row refused: {reason}"))
            return None, ""
        rule = Rule(taxonomy.concept(concept), (table.statement,), "as_printed",
                    None, None, None, ())
        return rule, reason
    rule, reason = match_rule(row, table.statement, taxonomy)
    if rule is None and row.is_total and table.statement == "balance":
        concept, why = unlabelled_total_concept(table, index)
        if concept is not None:
            notices.append(Notice("note", row.line, f"mislabelled total {row.label!r} read as {concept}: {why}"))
            return Rule(taxonomy.concept(concept), (table.statement,), "as_printed",
                        None, None, None, ()), f"mislabelled {row.label!r}; {why}"
    if rule is None:
        notices.append(Notice("refusal", row.line, f"row refused: {reason}", row.label))
        return None, ""
    if rule.concept.name == "NetIncomeLoss" and table.statement == "income" and \
            before_noncontrolling_deduction(table, index):
        notices.append(Notice("refusal", row.line, "row refused: the amount holds the noncontrolling "
                              "interests deducted below it (NetIncomeLoss excludes them)", row.label))
        return None, ""
    if rule.concept.name == "StockholdersEquity" and _noncontrolling_above(table, index):
        notices.append(Notice("refusal", row.line, "row refused: the total holds the noncontrolling "
                              "interests printed above it (StockholdersEquity excludes them)", row.label))
        return None, ""
    return rule, "read cleanly"


# (a subsidiary's preferred dividends are its outside holders' share too)
_NONCONTROLLING = re.compile(r"\b(non-?controlling|minority) interests?\b|"
                             r"\bpreferred (stock )?dividends?( requirements?)? of (a )?subsidiar", re.I)
_EQUITY = re.compile(r"\b(stockholders|shareholders)['’]?\s+equity\b", re.I)


def before_noncontrolling_deduction(table: Table, index: int) -> bool:
    """A row followed (within two rows) by a row naming noncontrolling (minority) interests:
    a net income printed there is the consolidated amount, before their share is deducted."""
    return any(_NONCONTROLLING.search(r.label) for r in table.rows[index + 1:index + 3])


def consolidated_net_income_printed(table: Table, taxonomy: Taxonomy) -> bool:
    """An income statement printing net income before the noncontrolling interests' share."""
    return table.statement == "income" and any(
        before_noncontrolling_deduction(table, index)
        and _match(row.label, row.sections, "income", taxonomy)[0] is not None
        and _match(row.label, row.sections, "income", taxonomy)[0].concept.name == "NetIncomeLoss"
        for index, row in enumerate(table.rows) if row.cells)


def _noncontrolling_above(table: Table, index: int) -> bool:
    """A row of noncontrolling (minority) interests with amounts, within the equity section
    (below a row naming stockholders' equity, not "liabilities and ..."), above this row."""
    in_equity = False
    for row in table.rows[:index]:
        if _EQUITY.search(row.label) and "liabilit" not in row.label.lower():
            in_equity = True
        elif in_equity and row.cells and _NONCONTROLLING.search(row.label):
            return True
    return False


def _map_cell(rule: Rule, row: Row, column: Column, cell: Cell | None, scaling: tuple,
              notices: list[Notice], confirmation: str, beginning: bool) -> MappedValue | None:
    if cell is None or cell.kind in ("empty", "percent"):
        return None
    if column.period is None or column.basis == "unknown":
        return None  # the column itself was refused (reported once by the reader)
    if cell.kind == "refused" and not cell.repair and not cell.candidates:
        notices.append(Notice("refusal", cell.line, f"value refused: {cell.text!r} is not a clean amount",
                              row.label))
    period = _period_for(rule.concept, column.period, beginning)
    if period is None:
        notices.append(Notice("refusal", cell.line,
                              f"{rule.concept.qname} is a duration but the column is an instant",
                              row.label))
        return None
    factor, unit, decimals = scaling
    if decimals is None:
        decimals = cell.fraction_digits
    sign = rule.sign
    value = None if cell.value is None else _converted(cell.value, factor, sign)
    candidates = tuple([_converted(c, factor, sign) for c in cell.candidates]) if cell.candidates else ()
    if cell.repair:
        confirmation = cell.repair
    certain, sign_undecided = cell.certain, False
    if sign == "either" and (value or any(candidates)):
        readings = candidates or (value,)
        candidates = tuple(dict.fromkeys(v for r in readings for v in (r, -r)))
        certain, sign_undecided = False, cell.certain
        confirmation = cell.repair or "printed sign convention settled by arithmetic"
    return MappedValue(rule.concept, period, value, decimals, unit, row.line, row.label,
                       column.basis, confirmation, certain, candidates, cell.text,
                       cell.kind == "ambiguous-or-blank", sign_undecided)


def _period_for(concept: Concept, period: Period, beginning: bool) -> Period | None:
    """The period a value of `concept` covers in a column of `period` (None: it cannot be there);
    `beginning`: the row's label says "beginning of"."""
    if concept.period == "duration":
        return None if period.is_instant else period
    if period.is_instant:
        return period
    return _instant_of(period, beginning)


@lru_cache(maxsize=1024)
def _instant_of(period: Period, at_beginning: bool) -> Period:
    """The instant an instant concept in a duration column is about (one object per period)."""
    return period.day_before_start() if at_beginning else period.end_instant()


_ROW_SCALE = re.compile(r"\(\s*(?:in\s+(thousands|millions)|(?:in\s+)?(000)['’]?s)\s*\)", re.I)


def _row_share_scale(row: Row, table: Table) -> int:
    """Share counts scaled as their own label says ("Shares used ... (in thousands)", "(000s)")."""
    for text in (row.label, *reversed(row.sections)):
        match = _ROW_SCALE.search(text)
        if match:
            return 1000000 if (match[1] or "").lower() == "millions" else 1000
    return table.scale.shares


def _scaling(rule: Rule, table: Table, row: Row) -> tuple[int, str, int | None]:
    """The factor turning a printed number of this row into base units, the unit, and the
    decimals that factor gives (None: a factor of 1, the printed fraction digits count)."""
    kind = rule.concept.type
    if kind == "perShare":
        factor, unit = table.scale.per_share, "USD_per_share"
    elif kind == "shares":
        factor, unit = _row_share_scale(row, table), "shares"
    elif kind == "pure":
        factor, unit = 1, "pure"
    else:
        factor, unit = table.scale.amounts, "USD"
    return factor, unit, _factor_decimals(factor) if factor > 1 else None


@lru_cache(maxsize=16)
def _factor_decimals(factor: int) -> int:
    """The decimals of a value printed in units of `factor` (thousands: -3)."""
    return -int(round(math.log10(factor)))


def _converted(printed: Decimal, factor: int, sign: str) -> Decimal:
    """A printed number as the concept defines it (base units, the rule's sign applied)."""
    value = printed * factor
    if sign == "negate":
        return -value
    if sign == "magnitude":
        return abs(value)
    return value
