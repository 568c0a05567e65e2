"""Repairing tables that a bad conversion damaged, before mapping.

Old filings reach us through OCR and careless conversions: two rows fused onto one line
("Total current assets Property and equipment, net  185,156 7,271"), a section header fused with
the row after it, a wrapped label whose value sits on its last line, "(805, 459)" with a stray
space. The repair stage splits fused labels into known labels (every taxonomy label plus
taxonomy/labels.yaml), gives each its values in order, and marks every value it touched as
repaired: a repaired value is written only once arithmetic confirms it (p7_arithmetic).
A cell whose values cannot be given to labels unambiguously is refused, with its line.

Pass 1 of converter/passes: takes the reader's tables, gives them repaired.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..kinds import CellKind
from ..label_structure import is_major, is_total
from ..model import Cell, Notice, Row, Table
from ..numbers import parse_amount
from ..sections import closed_by_row
from ..taxonomy import KnownLabels, normalise_label, plain_text
from .state import WorkingState

_STRAY_SPACE = re.compile(r"(\d),\s+(\d{3})(?!\d)")
_DASHES = ("-", "\u2013")


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    complete: bool
    section: bool


def segment(label: str, vocabulary: KnownLabels) -> list[Segment] | None:
    """Split a label into the fewest known phrases; the last may be the start of a wrapped one."""
    words = label.split()
    count = len(words)
    joined = joined_to_previous(words)
    may_start = [_may_start(word, vocabulary) and not join for word, join in zip(words, joined)]
    best: list[list[Segment] | None] = [None] * (count + 1)
    best[0] = []
    for end in range(1, count + 1):
        for start in range(end):
            before = best[start]
            if before is None or not may_start[start]:
                continue
            piece = _piece(words[start:end], vocabulary, is_last=end == count)
            if piece is None:
                continue
            option = before + [piece]
            known = best[end]
            if known is None or len(option) < len(known):
                best[end] = option
    return best[count]


def joined_to_previous(words: list[str]) -> list[bool]:
    """Per word, whether it must stay in the piece of the word before it: a dash inside a label
    joins the words on either side ("Net income - Basic", "Net income- Basic"), and a comma the
    word after it ("Other long-term assets, net")."""
    return [index > 0 and (word.startswith(_DASHES) or words[index - 1].endswith(_DASHES + (",",)))
            for index, word in enumerate(words)]


def _may_start(word: str, vocabulary: KnownLabels) -> bool:
    """Whether a known phrase can start with this word: the first word of a piece's normal
    form is the word itself (quotes straightened, lower case, leading colons dropped), less
    trailing colons when a footnote mark after it is dropped, or the first word of the word's
    own normal form (a whole piece, or a hyphenated word that normalises to two). A word
    that normalises to nothing (colons, a bullet, a dash) may start anything, and so may a
    word in parentheses ("(loss) income" normalises to "income (loss)")."""
    word = plain_text(word).lstrip(":")
    if not word or word[0] == "(":
        return True
    firsts = vocabulary.first_words
    if word in firsts or word.rstrip(":") in firsts:
        return True
    key = normalise_label(word)
    return not key or key.split(" ", 1)[0] in firsts  # "Write-off": "write off"


def _piece(words: list[str], vocabulary: KnownLabels, is_last: bool) -> Segment | None:
    text = " ".join(words)
    key = normalise_label(text)
    has_colon = text.rstrip().endswith(":")
    if key in vocabulary.sections or (has_colon and key in vocabulary.items):
        return Segment(text, True, True)
    if key in vocabulary.items:
        return Segment(text, True, False)
    if is_last and key in vocabulary.prefixes:
        return Segment(text, False, False)
    return None


@dataclass(frozen=True, slots=True)
class Token:
    """One printed amount in a cell (value None: a percent, which maps to nothing)."""

    value: Decimal | None
    kind: CellKind  # amount | dash | percent


def cell_tokens(cell: Cell | None) -> tuple[list[Token], str] | None:
    """The amounts printed in one cell and what was repaired; None when one is unreadable."""
    if cell is None or cell.kind in ("empty",):
        return [], ""
    text = cell.text.replace("$", " ")
    repaired = ""
    if _STRAY_SPACE.search(text):
        text = _STRAY_SPACE.sub(r"\1,\2", text)
        repaired = "stray space removed"
    tokens = []
    for piece in text.split():
        parsed = parse_amount(piece)
        if parsed.kind not in ("amount", "dash", "percent"):
            return None
        tokens.append(Token(parsed.value, parsed.kind))
    return tokens, repaired


def _needs_repair(row: Row, vocabulary: KnownLabels, carry: _Carry | None
                  ) -> tuple[bool, list[Segment] | None]:
    """Whether the row needs repair, and its label's segments when they were worked out."""
    if carry is not None:
        return True, None
    for cell in row.cells:
        if cell is not None and cell.kind == "refused":
            return True, None
    label = row.label.strip()
    if not label or vocabulary.knows(label):
        return False, None
    segments = segment(label, vocabulary)
    found = segments or []
    return len(found) > 1 or (len(found) == 1 and not found[0].complete), segments


def _unfinished(carry: _Carry, width: int) -> Row:
    """A line taken for the start of a wrapped label that nothing finished: a row of its own,
    with the amounts printed on it ("Income taxes  36  (156)" above "Other liabilities")."""
    cells = carry.cells if len(carry.cells) == width else (None,) * width
    return Row(carry.segment.text, carry.line, cells, is_total=is_total(carry.segment.text))


@dataclass
class _Carry:
    """The start of a wrapped label, and any values printed on its first line."""

    segment: Segment
    line: int
    cells: tuple[Cell | None, ...]


def run(state: WorkingState) -> None:
    """Repair every table of the working state."""
    tables = []
    for table in state.tables:
        table, notices = repair_table(table, state.taxonomy.known_labels[table.statement])
        tables.append(table)
        state.notices.extend(notices)
    state.tables = tables


def repair_table(table: Table, vocabulary: KnownLabels) -> tuple[Table, list[Notice]]:
    """The table with fused rows split and damaged cells read where possible (see above)."""
    rows: list[Row] = []
    notices: list[Notice] = []
    carry: _Carry | None = None
    changed = False
    width = len(table.columns)
    for row in table.rows:
        if carry is not None and not any(c is not None for c in carry.cells) and row.label.strip() \
                and vocabulary.knows(row.label):
            # a line without amounts over a row whose label is whole by itself is a heading, not
            # the start of a wrapped label: "Weighted average common shares outstanding" / "Basic"
            rows.append(_unfinished(carry, width))
            carry = None
        needed, segments = _needs_repair(row, vocabulary, carry)
        if not needed:
            rows.append(row)
            continue
        changed = True
        text = f"{carry.segment.text} {row.label}".strip() if carry else row.label
        if segments is None:  # (else: the label's own segments, already worked out)
            segments = segment(text, vocabulary) if text else None
        if not segments:
            if carry:
                rows.append(_unfinished(carry, width))
            carry = None
            rows.append(_split_row(row, [Segment(row.label, True, False)], row.line, notices)[0])
            continue
        first_line, carried = (carry.line, carry.cells) if carry else (row.line, ())
        carry = None
        if not segments[-1].complete:
            carry = _Carry(segments[-1], row.line, ())
            segments = segments[:-1]
            if not segments:
                carry.cells = row.cells  # values printed on the first line of a wrapped label
                continue
        rows.extend(_split_row(_with_carried(row, carried), segments, first_line, notices))
    if carry:
        rows.append(_unfinished(carry, width))
    if not changed:
        return table, notices
    start = list(table.rows[0].sections) if table.rows else []
    return Table(table.title, table.statement, table.line, table.scale, table.columns,
                 tuple(assign_sections(rows, start))), notices


def _with_carried(row: Row, carried: tuple[Cell | None, ...]) -> Row:
    """Values printed on both lines of a wrapped label: either may be the label's."""
    if not any(c is not None for c in carried):
        return row
    cells = []
    for index, cell in enumerate(row.cells):
        earlier = carried[index] if index < len(carried) else None
        if earlier is None:
            cells.append(cell)
        elif cell is None:
            cells.append(Cell(earlier.text, earlier.value, earlier.line, earlier.kind,
                              earlier.fraction_digits, (), "value printed on the first line of a wrapped label"))
        else:
            cells.append(Cell(f"{earlier.text} | {cell.text}", None, cell.line, "ambiguous",
                              cell.fraction_digits, _distinct(earlier, cell),
                              "values printed on both lines of a wrapped label"))
    return Row(row.label, row.line, tuple(cells), row.sections, row.is_total)


def _distinct(*cells: Cell) -> tuple[Decimal, ...]:
    values = []
    for cell in cells:
        read = cell_tokens(cell)
        for token in (read[0] if read else []):
            if token.value is not None and token.value not in values:
                values.append(token.value)
    return tuple(values)


def _split_row(row: Row, segments: list[Segment], first_line: int,
               notices: list[Notice]) -> list[Row]:
    items = [s for s in segments if not s.section]
    fused = len(items) > 1  # a section header fused to one row leaves that row's values certain
    per_item: list[list[Cell | None]] = [[] for _ in items]
    for cell in row.cells:
        for index, assigned in enumerate(_assign(cell, len(items), fused, row, notices)):
            per_item[index].append(assigned)
    result, item_index = [], 0
    for position, seg in enumerate(segments):
        line = first_line if position == 0 else row.line
        if seg.section:
            result.append(Row(seg.text, line, tuple(None for _ in row.cells)))
            continue
        result.append(Row(seg.text, line, tuple(per_item[item_index]),
                          is_total=is_total(seg.text)))
        item_index += 1
    return result


def _assign(cell: Cell | None, labels: int, fused: bool, row: Row,
            notices: list[Notice]) -> list[Cell | None]:
    """The cell's values given to `labels` labels, in order. With fewer values than labels,
    each label may hold any of the values or nothing: arithmetic decides, or nothing is written."""
    empty: list[Cell | None] = [None] * labels
    if labels == 0:
        return []
    if cell is not None and cell.kind == "ambiguous":
        return [cell] if labels == 1 else empty
    read = cell_tokens(cell)
    if cell is None or read is None:
        if cell is not None:
            reason = cell.refusal or "not readable"
            notices.append(Notice("refusal", cell.line, f"value refused: {cell.text!r}: {reason}",
                                  row.label))
            # kept as refused, so arithmetic knows a printed value of this row went unread
            return [Cell(cell.text, None, cell.line, "refused")] * labels
        return empty
    tokens, repaired = read
    if not tokens:
        return empty
    if len(tokens) == labels:
        if not fused:
            return [_cell(cell, token, repaired or cell.repair) for token in tokens]
        # In-order is the reading, but any of the line's values could be any label's: arithmetic
        # must single the reading out (a sum alone cannot tell two swapped values apart).
        others = tuple(t.value for t in tokens if t.value is not None)  # (a percent has none)
        note = repaired or "values of a merged line given in order"
        return [_cell(cell, token, note, others if token.kind != "percent" else ()) for token in tokens]
    values = tuple(t.value for t in tokens if t.value is not None)  # (a percent has none)
    if labels == 1:
        return [Cell(cell.text, None, cell.line, "ambiguous", _fraction_digits(values), values,
                     repaired or f"{len(tokens)} values for one label")]
    note = f"{len(tokens)} values for {labels} labels on a merged line"
    return [Cell(cell.text, None, cell.line, "ambiguous-or-blank", _fraction_digits(values), values, note)
            for _ in range(labels)]


def _fraction_digits(values) -> int:
    """The most fraction digits among amounts (a percent printed beside them has none here)."""
    return max((_own_digits(v) for v in values), default=0)


def _own_digits(value: Decimal | None) -> int:
    exponent = value.as_tuple().exponent if value is not None else 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _cell(original: Cell, token: Token, repair: str, candidates: tuple = ()) -> Cell:
    """One of a merged cell's amounts: its fraction digits are its own, not the cell's ("14,223"
    printed beside "61.9%")."""
    return Cell(original.text, token.value, original.line, token.kind, _own_digits(token.value),
                candidates, repair)


def assign_sections(rows: list[Row], start: list[str] | None = None) -> list[Row]:
    """Section headers over rows: a row without values opens a section, a total closes one or
    more (converter/sections.py)."""
    stack: list[str] = list(start or [])
    result: list[Row] = []
    for row in rows:
        label = row.label.strip().rstrip(":").strip()
        if not any(row.cells):  # no values (a Cell is always true)
            if is_major(label):
                stack.clear()
            result.append(Row(row.label, row.line, row.cells, tuple(stack), False))
            stack.append(label)
            continue
        total, closed = closed_by_row(row.label, row.cells, stack, result, row.is_total)
        result.append(Row(row.label, row.line, row.cells, tuple(stack), total))
        del stack[len(stack) - closed:]
    return result
