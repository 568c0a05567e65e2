"""Section sums of a printed table, for the map pass (p5_map): what an unlabelled total row is.

`component_sum` adds the rows that make up a section: a "Total ..." row replaces the rows of the
section it closes, so the rows left are the section's top-level components. An unlabelled total
row in a balance sheet is accepted as Assets or LiabilitiesAndStockholdersEquity only when it
equals that sum in every column.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..model import Row, Table
from ..sections import amount
from ..taxonomy import Taxonomy


def top_level_components(rows: list[Row]) -> list[Row]:
    """The rows of a section left once every total has replaced the rows it closes. A total
    directly under a major section ("Total stockholders' equity" after the subtotal of the
    parent's equity has closed the equity heading) replaces the rows just above it that it is
    the sum of, not the whole major section."""
    items: list[Row] = []
    for row in rows:
        if row.is_total and row.sections:
            depth = len(row.sections)
            parts = _summed_suffix(items, row) if depth == 1 else None
            if parts is not None:
                items = items[:len(items) - parts]
            else:
                items = [r for r in items if r.sections[:depth] != row.sections]
        items.append(row)
    return items


def _summed_suffix(items: list[Row], total: Row) -> int | None:
    """How many rows at the end of `items` the total is the sum of in every column with an
    amount (headers count as rows without amounts), or None."""
    columns = [i for i in range(len(total.cells)) if _column_values(total, i) is not None]
    if not columns:
        return None
    running = [Decimal(0)] * len(columns)
    for count, item in enumerate(reversed(items), start=1):
        if not any(item.cells):
            continue
        for position, column in enumerate(columns):
            blank = column >= len(item.cells) or item.cells[column] is None
            value = Decimal(0) if blank else _column_values(item, column)
            if value is None:
                return None
            running[position] += value
        if all(running[p] == _column_values(total, c) for p, c in enumerate(columns)):
            return count
    return None


def _column_values(row: Row, column: int) -> Decimal | None:
    return amount(row.cells[column]) if column < len(row.cells) else None


def component_sum(rows: list[Row], column: int) -> Decimal | None:
    """Sum of the top-level components in one column; None when one of them is unreadable."""
    total = Decimal(0)
    for row in top_level_components(rows):
        if not any(row.cells):  # no values (a Cell is always true)
            continue  # a section header
        if column >= len(row.cells) or row.cells[column] is None:
            continue  # a blank cell is an absent value, not an unreadable one
        value = _column_values(row, column)
        if value is None:
            return None
        total += value
    return total


def unlabelled_total_concept(table: Table, index: int, taxonomy: Taxonomy) -> tuple[str | None, str]:
    """The concept of an unlabelled balance-sheet total, or None and why it was refused (the
    totals a major section may close: taxonomy/roles.yaml, `section_totals`)."""
    row = table.rows[index]
    if table.statement != "balance":
        return None, "unlabelled row outside a balance sheet"
    # the major section it closes: its own, or (when the total above it closed that section
    # too: "Total stockholders' equity" then the unlabelled grand total) the nearest row's above
    sections = row.sections or next((r.sections[:1] for r in reversed(table.rows[:index]) if r.sections), ())
    major = sections[0] if sections else ""
    concept = None
    for known in taxonomy.roles["section_totals"]:
        pattern = re.compile(known["section"], re.I)
        if (pattern.search(major) if known.get("search") else pattern.match(major)):
            concept = f"us-gaap:{known['concept']}"
            break
    if concept is None:
        return None, "no assets or liabilities-and-equity section above it"
    section_rows = [r for r in table.rows[:index] if r.sections[:1] == sections[:1]
                    and r.label.strip()]
    for excluded in [None] + _duplicate_rows(section_rows):
        rows = [r for r in section_rows if r is not excluded]
        if _equals_sum_in_every_column(row, rows):
            note = "" if excluded is None else f" (without the garbled duplicate on line {excluded.line})"
            return concept, f"total confirmed: equals the sum of the {major!r} section{note}"
    return None, f"does not equal the sum of the {major!r} section"


def _equals_sum_in_every_column(row: Row, rows: list[Row]) -> bool:
    checked = 0
    for column in range(len(row.cells)):
        expected = _column_values(row, column)
        if expected is None:
            continue
        if component_sum(rows, column) != expected:
            return False
        checked += 1
    return checked > 0


def _duplicate_rows(rows: list[Row]) -> list[Row]:
    """Rows whose label repeats an earlier row's (one of the two is a garbled copy)."""
    seen: dict[str, Row] = {}
    duplicates = []
    for row in rows:
        key = " ".join(row.label.lower().split())
        if key in seen and any(c is not None for c in row.cells):
            duplicates += [seen[key], row]
        seen.setdefault(key, row)
    return duplicates
