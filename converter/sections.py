"""How a statement's printed sections open and close, for the readers' table builder and the
repair pass (both keep a stack of the headers over the current row).

Takes the stack of open headers (outermost first) and a row; gives how many headers the row
closes:
- a header line without values opens a section ("Current assets:", "Inventories");
- "Total X" closes the section X and every section opened inside it ("Total current assets"
  after "Inventories" closes both: what follows is not inventory, nor current); a total that
  names no open section ("Net cash provided by operating activities") closes the innermost;
- a row without a label whose every amount is the sum of the rows under the innermost header
  (at least two of them) is that header's total: statements print a heading's subtotal that way
  ("Inventories" / "Raw materials" / "Work in process" / "Finished goods" / "13,224"). It closes
  the header, and the rows below it are outside it.
"""
from __future__ import annotations

import re
from decimal import Decimal

from .label_structure import is_major
from .model import Cell, Row

_TOTAL_OF = re.compile(r"^total\s+(.+)$", re.I)


def _key(label: str) -> str:
    return " ".join(label.lower().rstrip(":").replace("&", "and").split())


def closed_by_total(stack: list[str], label: str) -> int:
    """How many of the open sections a total row labelled `label` closes."""
    named = _TOTAL_OF.match(label.strip())
    if named:
        key = _key(named[1])
        for depth in range(len(stack) - 1, -1, -1):
            if _key(stack[depth]) == key:
                return len(stack) - depth
    return 1 if stack else 0


def closed_by_row(label: str, cells: tuple[Cell | None, ...], stack: list[str], rows: list[Row],
                  printed_total: bool) -> tuple[bool, int]:
    """Whether a row with values is a total, and how many of the open sections it closes:
    `printed_total` says its label reads as one (label_structure.is_total); `rows` are the rows
    above it, with their sections."""
    if is_heading_subtotal(label, cells, stack, rows):
        return True, 1
    if printed_total:
        return True, closed_by_total(stack, label)
    return False, 0


def is_heading_subtotal(label: str, cells: tuple[Cell | None, ...], stack: list[str],
                        rows: list[Row]) -> bool:
    """Whether an unlabelled row with these cells is the total of the innermost open header
    (not a major one: those have their own rule, section_sums.py): each of its amounts equals
    the sum of that column over the header's rows (a blank cell adds nothing; an unreadable one
    proves nothing), checked in at least one column, over at least two rows."""
    if label.strip() or not stack or is_major(stack[-1]):
        return False
    inside = tuple(stack)
    parts = [row for row in rows if row.sections == inside and any(c is not None for c in row.cells)]
    if len(parts) < 2:
        return False
    checked = 0
    for column, cell in enumerate(cells):
        expected = amount(cell)
        if expected is None:
            continue
        total = Decimal(0)
        for part in parts:
            printed = part.cells[column] if column < len(part.cells) else None
            value = Decimal(0) if printed is None or printed.kind == "empty" else amount(printed)
            if value is None:
                return False
            total += value
        if total != expected:
            return False
        checked += 1
    return checked > 0


def amount(cell: Cell | None) -> Decimal | None:
    """A cell's value where it can be added up (an amount or a dash), else None."""
    if cell is None or cell.value is None or cell.kind not in ("amount", "dash"):
        return None
    return cell.value
