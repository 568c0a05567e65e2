"""The statements of one conversion as people read them: takes a ConversionResult (its tables
after the passes, the instance's facts and notices) and gives one `Statement` per face statement
table (income statement, balance sheet, cash flows; a non-GAAP reconciliation is one too), with
its title, kind, link role URI, columns, and rows in printed order.

Each row keeps its printed label, its section headings (`Row.sections`, outermost first), the
concept its facts were written under (None for a row no fact came from), one fact or None per
column, the printed cell texts, whether the filing prints it as a total or with the opposite
sign of the concept's value (`negated`: "Interest expense (121)" is InterestExpense = 121), and
the refusals the conversion reported at its line. Facts are joined to rows by the source line
and label each Fact keeps, and to columns by their context's period and reporting basis. A row
whose value was written once from another line (the cash-flow statement's "Net income",
dropped as a duplicate of the income statement's) takes the concept its label maps to and that
line's facts, where they hold the amount this row prints (in a table that has facts of its own:
one the mapping left out, such as a pro forma statement, borrows none).

The label and presentation linkbases (writers/linkbases.py) and `xbrl-export inspect` are built
from this view; nothing here decides a value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .kinds import FACE_STATEMENTS, Basis, StatementKind
from .model import Cell, Column, Context, Fact, Notice, Table
from .passes.p5_map import totals_above
from .periods import Period
from .result import ConversionResult
from .taxonomy import Taxonomy, load_taxonomy

ROLE_PREFIX = "urn:xbrl-export:role:statement:"
KIND_NAMES: dict[str, str] = {"income": "Income statement", "balance": "Balance sheet",
                              "cash_flow": "Cash flow statement"}


@dataclass(frozen=True, slots=True)
class StatementColumn:
    header: str
    period: str  # Period.key(): "2004-06-30" or "2004-04-01--2004-06-30"; "" when refused
    basis: Basis


@dataclass(frozen=True, slots=True)
class StatementRow:
    label: str  # as printed ("" for an unlabelled total)
    line: int
    sections: tuple[str, ...]  # the printed section headings above it, outermost first
    concept: str | None  # prefix:LocalName of its facts; None when no fact came from the row
    facts: tuple[Fact | None, ...]  # one per column
    printed: tuple[str, ...]  # the printed cell texts, one per column ("" when none)
    is_total: bool = False
    negated: bool = False  # printed with the opposite sign of the concept's value
    refusals: tuple[Notice, ...] = ()  # the refusals reported at this line

    @property
    def is_heading(self) -> bool:
        """A printed heading: a label with no value printed beside it ("Operating expenses:")."""
        return bool(self.label) and not any(self.printed) and self.concept is None


@dataclass(frozen=True, slots=True)
class Statement:
    title: str  # as printed; the kind's name when the table has no title
    kind: StatementKind
    non_gaap: bool  # a non-GAAP reconciliation (its title says so, or it has non-GAAP columns)
    line: int
    # its presentation's link role URI, from its title ("...:CondensedConsolidatedBalanceSheets";
    # "...:NonGaapReconciliation2" for a reconciliation), shared by a table printed again the
    # same way
    role: str
    columns: tuple[StatementColumn, ...]
    rows: tuple[StatementRow, ...]


def statement_view(result: ConversionResult) -> tuple[Statement, ...]:
    """The face statements of a conversion, in printed order (see the module docstring)."""
    taxonomy = load_taxonomy(result.instance.taxonomy_year)
    own = taxonomy.own
    basis_of_member = {f"{own['prefix']}:{member}": basis
                       for basis, member in own["basis_members"].items()}
    contexts = {c.id: _context_key(c, basis_of_member) for c in result.instance.contexts}
    by_line: dict[tuple[int, str], list[Fact]] = {}
    by_concept: dict[tuple[str, tuple[str, str]], Fact] = {}
    for fact in result.instance.facts:
        if fact.unit_id is not None:
            by_line.setdefault((fact.line, fact.label), []).append(fact)
            by_concept[(fact.concept, contexts[fact.context_id])] = fact
    refusals: dict[int, list[Notice]] = {}
    for notice in dict.fromkeys(result.instance.notices):  # (each once)
        if notice.kind == "refusal" and notice.line:
            refusals.setdefault(notice.line, []).append(notice)
    statements = []
    roles: set[str] = set()
    role_of: dict[tuple, str] = {}  # a table printed again with the same rows shares its role
    for table in result.tables or result.document.tables:
        if table.statement not in FACE_STATEMENTS:
            continue
        title = " ".join(table.title.split()) or KIND_NAMES[table.statement]
        keys = [_column_keys(column) for column in table.columns]
        rows = [_row(table, index, keys, by_line, contexts, refusals) for index in range(len(table.rows))]
        # (a table with no fact of its own, one the mapping left out, borrows none either)
        if any(row.concept for row in rows) and any(row.concept is None and any(row.printed) for row in rows):
            above = totals_above(table, taxonomy)
            rows = [_borrowed(row, table, index, keys, above[index], taxonomy, by_concept)
                    if row.concept is None and any(row.printed) else row
                    for index, row in enumerate(rows)]
        shape = (title, table.statement) + tuple((r.label, r.sections, r.concept, r.is_total, r.negated)
                                                 for r in rows)
        non_gaap = ("non-gaap" in title.lower().replace(" ", "-")
                    or any(c.basis in ("non-gaap", "adjustments") for c in table.columns))
        if shape not in role_of:  # (a reconciliation's role does not read as a face statement's)
            name = "NonGaapReconciliation" if non_gaap else camel_name(title)
            role_of[shape] = _unique(ROLE_PREFIX + name, roles)
        role = role_of[shape]
        columns = tuple(StatementColumn(" ".join(c.header.split()),
                                        c.period.key() if c.period else "", c.basis)
                        for c in table.columns)
        statements.append(Statement(title, table.statement, non_gaap, table.line, role,
                                    columns, tuple(rows)))
    return tuple(statements)


def _context_key(context: Context, basis_of_member: dict[str, str]) -> tuple[str, str]:
    basis = "gaap"
    for _axis, member in context.dimensions:
        basis = basis_of_member.get(member, basis)
    return context.period.key(), basis


def _column_keys(column: Column) -> tuple[tuple[str, str], ...]:
    """The (period, basis) a fact of a row in this column may have: the column's period, or for
    an instant concept in a duration column its end or the day before it starts."""
    period: Period | None = column.period
    if period is None or column.basis == "unknown":
        return ()
    periods = [period] if period.is_instant else [period, period.end_instant(),
                                                  period.day_before_start()]
    return tuple((p.key(), column.basis) for p in periods)


def _row(table: Table, index: int, column_keys: list[tuple[tuple[str, str], ...]],
         by_line: dict[tuple[int, str], list[Fact]], contexts: dict[str, tuple[str, str]],
         refusals: dict[int, list[Notice]]) -> StatementRow:
    row = table.rows[index]
    width = len(table.columns)
    printed = tuple(cell.text.strip() if cell is not None else "" for cell in row.cells)
    printed = (printed + ("",) * width)[:width]
    own = by_line.get((row.line, row.label))
    placed: list[Fact | None] = [None] * width
    if own:
        facts: dict[tuple[str, str], Fact] = {}  # the row's facts by (period, basis)
        for fact in own:
            facts.setdefault(contexts[fact.context_id], fact)
        for position, keys in enumerate(column_keys):
            for key in keys:  # the column's own period first
                placed[position] = facts.pop(key, None)  # (a fact is placed in one column)
                if placed[position] is not None:
                    break
    concept = next((f.concept for f in placed if f is not None), None)
    negated = any(_opposite(cell.value, fact.value) for cell, fact in zip(row.cells, placed)
                  if cell is not None and fact is not None)
    return StatementRow(" ".join(row.label.split()), row.line, row.sections, concept,
                        tuple(placed), printed, row.is_total, negated,
                        tuple(refusals.get(row.line, ())))


def _borrowed(row: StatementRow, table: Table, index: int, column_keys: list[tuple[tuple[str, str], ...]],
              above: tuple[str, ...], taxonomy: Taxonomy,
              by_concept: dict[tuple[str, tuple[str, str]], Fact]) -> StatementRow:
    """A row with no fact of its own, with the facts of the concept its label maps to where they
    hold the amount it prints (see the module docstring); else the row as it was."""
    rule, _reason = taxonomy.rule_for(row.label, row.sections, table.statement, above)
    if rule is None:
        return row
    cells = table.rows[index].cells
    factors = {table.scale.amounts, table.scale.shares, table.scale.per_share, 1}
    placed: list[Fact | None] = []
    for keys, cell in zip(column_keys, cells):
        fact = next((by_concept[key] for key in ((rule.concept.qname, k) for k in keys) if key in by_concept),
                    None)
        placed.append(fact if fact is not None and _same_amount(cell, fact.value, factors) else None)
    placed += [None] * (len(table.columns) - len(placed))
    if not any(placed):
        return row
    negated = any(_opposite(cell.value, fact.value) for cell, fact in zip(cells, placed)
                  if cell is not None and fact is not None)
    return StatementRow(row.label, row.line, row.sections, rule.concept.qname, tuple(placed),
                        row.printed, row.is_total, negated, row.refusals)


def _same_amount(cell: Cell | None, value: str, factors: set[int]) -> bool:
    """Whether a fact's value is the printed amount (whatever its sign) at one of the scales."""
    if cell is None or cell.value is None:
        return False
    try:
        stored = abs(Decimal(value))
    except InvalidOperation:
        return False
    return any(abs(cell.value) * factor == stored for factor in factors)


def _opposite(printed: Decimal | None, value: str) -> bool:
    """Whether a printed amount and the fact's value (a decimal as written: "-7301000") have
    opposite signs, both non-zero."""
    if not printed or not value.strip("-0."):
        return False
    return (printed < 0) != value.startswith("-")


_WORD = re.compile(r"[A-Za-z0-9]+")


def camel_name(text: str) -> str:
    """'Condensed Consolidated Statements of Operations' -> 'CondensedConsolidatedStatementsOfOperations'."""
    words = (w.capitalize() if w.isupper() else w[:1].upper() + w[1:] for w in _WORD.findall(text))
    name = "".join(words)[:120]
    return name if name[:1].isalpha() else f"Statement{name}"


def _unique(role: str, taken: set[str]) -> str:
    candidate, number = role, 1
    while candidate in taken:
        number += 1
        candidate = f"{role}{number}"
    taken.add(candidate)
    return candidate
