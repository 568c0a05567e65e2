"""Table rows -> taxonomy-mapped data points (label + statement + section -> concept, sign applied).

A MappedValue is a fact before contexts and units exist: concept, period, value in base units
as the concept defines it, decimals, unit kind, and the source line and label it came from.
Rows that match no rule, or several rules of different concepts, are reported, never guessed.

Pass 5 of converter/passes: takes the tables; gives the working state's values, and the (period,
basis) groups where a printed row maps to no concept (`unmapped`: arithmetic cannot refuse a
value there for a sum that fails, since a part of the sum may be that row).
"""
from __future__ import annotations

import math
import re
from dataclasses import replace
from decimal import Decimal

from ..kinds import FACE_STATEMENTS
from ..label_structure import is_major
from ..model import Cell, Column, Notice, Row, Table
from ..periods import Period
from ..taxonomy import Concept, Rule, Taxonomy, normalise_label, plain_text
from .section_sums import unlabelled_total_concept
from .state import MappedValue, WorkingState

_BEGINNING = ("beginning of", "at beginning")


def run(state: WorkingState) -> None:
    """Map every table of the working state, in order. Where the income statement prints net
    income before the noncontrolling interests' share, the cash-flow statement starts from that
    consolidated amount too: it is not the parent's net income there either."""
    consolidated = any(consolidated_net_income_printed(t, state.taxonomy) for t in state.tables)
    outside = state.taxonomy.roles["noncontrolling"]
    for table in state.tables:
        values, notices = map_table(table, state.taxonomy, state.unmapped)
        if consolidated and table.statement == "cash_flow" and \
                any(v.concept.name == outside["net_income"] for v in values):
            including = state.taxonomy.concept(f"{values[0].concept.prefix}:{outside['net_income_including']}")
            notices.append(Notice("note", table.line, f"the cash flows start from net income before "
                                  f"noncontrolling interests: read as {including.name}"))
            values = [replace(v, concept=including) if v.concept.name == outside["net_income"] else v
                      for v in values]
        state.values.extend(values)
        state.notices.extend(notices)


def map_table(table: Table, taxonomy: Taxonomy,
              unmapped: set[tuple[str, str]] | None = None) -> tuple[list[MappedValue], list[Notice]]:
    """Every mapped value of one table, with notices for what was left out. The (period, basis)
    of each column holding a value that maps to no concept is added to `unmapped`."""
    values: list[MappedValue] = []
    notices: list[Notice] = []
    if table.statement not in FACE_STATEMENTS:
        notices.append(Notice("note", table.line, f"{table.title!r} left out: not a consolidated "
                              "income statement, balance sheet or cash-flow statement"))
        return values, notices
    other = next((p for p in taxonomy.roles["not_the_filers"] if re.search(p, table.title, re.I)), None)
    if other is not None and any(c.basis == "gaap" for c in table.columns):
        notices.append(Notice("note", table.line, f"{table.title!r} left out: its title says it is "
                              "not the filer's own consolidated statement (pro forma, guarantor, "
                              "parent-only, consolidating, predecessor or acquired business)"))
        return values, notices
    above, below = totals_above(table, taxonomy), totals_below(table, taxonomy)
    for index, row in enumerate(table.rows):
        if not any(cell is not None and cell.kind not in ("empty", "percent") for cell in row.cells):
            continue  # no value to map
        rule, confirmation = _rule_for(table, index, taxonomy, notices, above[index], below[index])
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


def totals_above(table: Table, taxonomy: Taxonomy) -> list[tuple[str, ...]]:
    """For each row, the normalised labels of the total rows above it that a rule's `after`
    names ("Total current assets": what follows it in the assets is non-current)."""
    found: list[tuple[str, ...]] = []
    seen: tuple[str, ...] = ()
    for row in table.rows:
        found.append(seen)
        if taxonomy.after and taxonomy.after.search(normalise_label(row.label)):
            seen += (normalise_label(row.label),)
    return found


def totals_below(table: Table, taxonomy: Taxonomy) -> list[tuple[str, ...]]:
    """For each row, the normalised labels of the total rows below it that a rule's `before`
    names ("Total current liabilities": the liabilities above it are current, where no header
    says so)."""
    found: list[tuple[str, ...]] = []
    seen: tuple[str, ...] = ()
    for row in reversed(table.rows):
        found.append(seen)
        if taxonomy.before and taxonomy.before.search(normalise_label(row.label)):
            seen += (normalise_label(row.label),)
    return found[::-1]


def _rule_for(table: Table, index: int, taxonomy: Taxonomy, notices: list[Notice],
              above: tuple[str, ...] = (), below: tuple[str, ...] = ()) -> tuple[Rule | None, str]:
    row = table.rows[index]
    # an unlabelled heading's subtotal (converter/sections.py: it equals the sum of the rows under
    # the heading) is read as the heading itself ("Inventories" over its parts)
    heading = row.section if not row.label.strip() and row.is_total and not is_major(row.section) else ""
    if not row.label.strip() and not heading:
        concept, reason = unlabelled_total_concept(table, index, taxonomy)
        if concept is None:
            notices.append(Notice("refusal", row.line, f"unlabelled row refused: {reason}"))
            return None, ""
        rule = Rule(taxonomy.concept(concept), (table.statement,), "as_printed",
                    None, None, None, ())
        return rule, reason
    label, sections = (heading, row.sections[:-1]) if heading else (row.label, row.sections)
    matched, reason = taxonomy.rule_for(label, sections, table.statement, above, below)
    if matched is None and heading:
        notices.append(Notice("refusal", row.line, f"unlabelled total of {heading!r} refused: {reason}",
                              heading))
        return None, ""
    if matched is None and row.is_total and table.statement == "balance":
        concept, why = unlabelled_total_concept(table, index, taxonomy)
        if concept is not None:
            notices.append(Notice("note", row.line, f"mislabelled total {row.label!r} read as {concept}: {why}"))
            return Rule(taxonomy.concept(concept), (table.statement,), "as_printed",
                        None, None, None, ()), f"mislabelled {row.label!r}; {why}"
    if matched is None:
        notices.append(Notice("refusal", row.line, f"row refused: {reason}", row.label))
        return None, ""
    if matched.concept.type == "perShare" and any(_SHARE_COUNTS.search(_PER_SHARES.sub("", s))
                                                  for s in row.sections):
        notices.append(Notice("refusal", row.line, "row refused: a per-share label under a heading of "
                              "share counts (the count used for that figure, not the figure)", row.label))
        return None, ""
    outside = taxonomy.roles["noncontrolling"]
    parent_only = (outside["net_income"], outside["comprehensive_income"])
    if matched.concept.name in parent_only and table.statement == "income" and \
            before_noncontrolling_deduction(table, index):
        if matched.concept.name == outside["net_income"]:
            return _read_as(matched, outside["net_income_including"], row, taxonomy, notices,
                            "the noncontrolling interests' share is deducted below it"), "read cleanly"
        notices.append(Notice("refusal", row.line, "row refused: the amount holds the noncontrolling "
                              f"interests deducted below it ({matched.concept.name} excludes them)",
                              row.label))
        return None, ""
    equity_method = taxonomy.roles["equity_method"]
    if matched.concept.name == equity_method["pretax"] and table.statement == "income" and \
            _share_of_affiliates_below(table, index, taxonomy):
        return _read_as(matched, equity_method["pretax_before_share"], row, taxonomy, notices,
                        "the share of affiliates' results is added below it"), "read cleanly"
    if matched.concept.name == outside["equity"] and _noncontrolling_above(table, index):
        return _read_as(matched, outside["equity_including"], row, taxonomy, notices,
                        "the total holds the noncontrolling interests printed above it"), "read cleanly"
    total = None if row.is_total else _total_below_of_same_concept(table, index, matched, taxonomy)
    if total is not None:
        notices.append(Notice("refusal", row.line, f"row refused: a part of the total printed below "
                              f"it (line {total.line}), which is the {matched.concept.name}", row.label))
        return None, ""
    component = taxonomy.roles["components"].get(matched.concept.name)
    if component is not None and not row.is_total and _printed_among_parts(table, index, matched, taxonomy):
        return _read_as(matched, component, row, taxonomy, notices, f"it stands among the parts of "
                        f"{matched.concept.name}, and its amounts are not their sum"), "read cleanly"
    parts = taxonomy.roles["current_parts"].get(matched.concept.name)
    if parts is not None and table.statement == "balance":
        current = _row_of(table, taxonomy, parts["current"])
        if current is not None:
            matched = _read_as(matched, parts["noncurrent"], row, taxonomy, notices,
                               f"the current part is printed apart (line {current.line})")
    if table.statement == "balance":
        disagreement = balance_disagreement(row, matched, taxonomy)
        if disagreement:
            notices.append(Notice("refusal", row.line, f"row refused: {disagreement}", row.label))
            return None, ""
    if heading:
        notices.append(Notice("note", row.line, f"unlabelled total of {heading!r} read as "
                              f"{matched.concept.name}: it equals the sum of the rows under that heading"))
        return matched, f"total confirmed: equals the sum of the rows under {heading!r}"
    return matched, "read cleanly"


def _read_as(matched: Rule, name: str, row: Row, taxonomy: Taxonomy, notices: list[Notice],
             why: str) -> Rule:
    """The matched rule with another concept of its vocabulary, and a note saying why."""
    notices.append(Notice("note", row.line, f"{row.label!r} read as {name}: {why}", row.label))
    return replace(matched, concept=taxonomy.concept(f"{matched.concept.prefix}:{name}"))


def _total_below_of_same_concept(table: Table, index: int, matched: Rule, taxonomy: Taxonomy) -> Row | None:
    """A total row below this one, in its section, that maps to the same concept: "Net sales",
    "Membership fees", "Total revenue" (the first is a part of the revenues, not the revenues)."""
    row = table.rows[index]
    if table.statement == "cash_flow":
        return None  # cash at the beginning and end of the period, then reconciled: not parts
    for other in table.rows[index + 1:]:
        if other.sections[:len(row.sections)] != row.sections:
            return None  # left the section
        if other.is_total and any(c is not None and c.value is not None for c in other.cells):
            rule, _ = taxonomy.rule_for(other.label, other.sections, table.statement)
            differ = any(_value(row, i) != _value(other, i) for i in range(len(row.cells)))
            if rule is not None and rule.concept.name == matched.concept.name and differ:
                return other  # (the same amounts again: a total printed twice, not a part)
            return None  # the section's first total closes it
    return None


def _printed_among_parts(table: Table, index: int, matched: Rule, taxonomy: Taxonomy) -> bool:
    """Whether a row that a total's label names ("Other income (expense)") is printed as one of
    that total's parts: next to rows that map to its other parts ("Interest income", "Interest
    expense"), in one run of rows with amounts, while its amounts are not the sum of the parts
    printed above it (then it is their total after all)."""
    parts = {name for rel in taxonomy.relationships if rel.total == matched.concept.name
             for name, _ in rel.children}
    above: list[Row] = []
    found_below = False
    for step in (-1, 1):
        position = index + step
        while 0 <= position < len(table.rows):
            other = table.rows[position]
            if other.is_total or not any(c is not None and c.value is not None for c in other.cells):
                break
            rule, _ = taxonomy.rule_for(other.label, other.sections, table.statement)
            if rule is None or rule.concept.name not in parts:
                break
            if step < 0:
                above.append(other)
            else:
                found_below = True
            position += step
    if not above and not found_below:
        return False
    return found_below or not _sum_of(table.rows[index], above)


def _row_of(table: Table, taxonomy: Taxonomy, concept: str) -> Row | None:
    """The row of the table with amounts that maps to this concept, if any."""
    above, below = totals_above(table, taxonomy), totals_below(table, taxonomy)
    for index, row in enumerate(table.rows):
        if row.label.strip() and any(c is not None and c.value is not None for c in row.cells):
            rule, _ = taxonomy.rule_for(row.label, row.sections, table.statement, above[index], below[index])
            if rule is not None and rule.concept.name == concept:
                return row
    return None


def _sum_of(row: Row, parts: list[Row]) -> bool:
    """Whether the row's amounts are the sum of the parts' amounts in every column, with the
    parts' signs as printed or with every part but the first deducted ("Interest income 10,
    Interest expense 4, Other income, net 6")."""
    columns = [i for i in range(len(row.cells)) if _value(row, i) is not None]
    if not columns:
        return False
    ordered = parts[::-1]  # top to bottom
    for signs in ((1,) * len(ordered), (1,) + (-1,) * (len(ordered) - 1)):
        if all(_value(row, i) == _signed_sum(ordered, signs, i) for i in columns):
            return True
    return False


def _signed_sum(parts: list[Row], signs: tuple[int, ...], column: int) -> Decimal:
    """The parts' amounts in one column, each as printed (+1) or deducted (-1)."""
    total = Decimal(0)
    for sign, part in zip(signs, parts):
        amount = _value(part, column) or Decimal(0)
        total += -abs(amount) if sign < 0 else amount
    return total


def _value(row: Row, column: int) -> Decimal | None:
    cell = row.cells[column] if column < len(row.cells) else None
    return None if cell is None else cell.value


# a heading over share counts ("Weighted average common shares outstanding:", "Shares used in
# computing ..."): the rows below it count shares, whatever per-share words their labels repeat
_SHARE_COUNTS = re.compile(r"\bshares\b(?!.*\bper share\b)", re.I)
# ... but not a per-share heading that says "shares": "Income per common and common equivalent shares"
_PER_SHARES = re.compile(r"\bper (common )?(and common equivalent )?shares\b", re.I)

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
    if table.statement != "income":
        return False
    net_income = taxonomy.roles["noncontrolling"]["net_income"]
    for index, row in enumerate(table.rows):
        if row.cells and before_noncontrolling_deduction(table, index):
            rule = taxonomy.rule_for(row.label, row.sections, "income")[0]
            if rule is not None and rule.concept.name == net_income:
                return True
    return False


def _share_of_affiliates_below(table: Table, index: int, taxonomy: Taxonomy) -> bool:
    """A row below this one, before the next total, that is the share of affiliates' results."""
    share = taxonomy.roles["equity_method"]["share"]
    outside = taxonomy.roles["noncontrolling"]
    ends = (outside["net_income"], outside["net_income_including"])  # net income: the share is above
    for row in table.rows[index + 1:]:
        rule = taxonomy.rule_for(row.label, row.sections, table.statement)[0]
        if rule is not None and rule.concept.name == share:
            return True
        if row.is_total or (rule is not None and rule.concept.name in ends):
            return False
    return False


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


def balance_disagreement(row: Row, rule: Rule, taxonomy: Taxonomy) -> str:
    """Why a balance-sheet row's concept cannot sit in its major section ("" when it can): a
    credit item (a liability, equity) under assets or a debit item under liabilities and
    equity, unless the row is printed as a deduction (a contra line: "Less accumulated
    depreciation", "Treasury stock (267)"). taxonomy/roles.yaml names the sections."""
    concept = rule.concept
    if concept.balance is None or not row.sections:
        return ""
    major = normalise_label(row.sections[0])
    expected = next((s["balance"] for s in taxonomy.roles["invariants"]["balance_sections"]
                     if re.search(s["section"], major)), None)
    if expected is None or expected == concept.balance:
        return ""
    deduction = (plain_text(row.label).lstrip().startswith("less") or rule.sign == "magnitude"
                 or any(c is not None and c.value is not None and c.value < 0 for c in row.cells))
    if deduction:
        return ""
    return f"{concept.qname} is a {concept.balance} item but sits under {row.sections[0]!r}"


def _map_cell(rule: Rule, row: Row, column: Column, cell: Cell | None, scaling: tuple,
              notices: list[Notice], confirmation: str, beginning: bool) -> MappedValue | None:
    if cell is None or cell.kind in ("empty", "percent"):
        return None
    if column.period is None or column.basis == "unknown":
        return None  # the column itself was refused (reported once by the reader)
    if cell.kind == "refused" and not cell.repair and not cell.candidates:
        reason = cell.refusal or "not a clean amount"
        notices.append(Notice("refusal", cell.line, f"value refused: {cell.text!r}: {reason}",
                              row.label))
    period = _period_for(rule.concept, column.period, beginning)
    if period is None:
        notices.append(Notice("refusal", cell.line,
                              f"{rule.concept.qname} is a duration but the column is an instant",
                              row.label))
        return None
    factor, unit, decimals = scaling
    # the printed fraction digits count in the scale's units: "220.9" in millions is -5
    decimals = (decimals or 0) + cell.fraction_digits
    sign = rule.sign
    value = None if cell.value is None else _converted(cell.value, factor, sign)
    candidates = tuple([_converted(c, factor, sign) for c in cell.candidates]) if cell.candidates else ()
    if cell.repair:
        confirmation = cell.repair
    certain, sign_undecided = cell.certain, False
    if sign == "either" and (value or any(candidates)):
        readings = candidates or ((value,) if value is not None else ())
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


def _instant_of(period: Period, at_beginning: bool) -> Period:
    """The instant an instant concept in a duration column is about."""
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
