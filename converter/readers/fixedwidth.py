"""Fixed-width ASCII tables: column boundaries from the alignment of the numbers.

Amounts in such tables are right-aligned, so the right edges of the trailing amounts of each
line cluster into columns. A data line gives each of its amounts to the column whose edge it
sits on; a header line gives each text chunk to every column it overlaps, so a phrase centred
over two columns ("For the 13 / Weeks Ended") heads both, and a year row ("2004  2003") heads
one each. `$` signs, `<S>`/`<C>` markers and rules (`-----`) carry no value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..numbers import parse_amount

_TOKEN = re.compile(r"\S+")
_YEAR = re.compile(r"^(19|20)\d\d$")
_RULE = re.compile(r"^[-=_]+$")
EDGE_SLACK = 3


@dataclass(frozen=True, slots=True)
class AmountColumn:
    start: int
    end: int  # right edge (exclusive) of the amounts in this column


def _trailing_amounts(line: str) -> list[re.Match]:
    """The amounts at the end of a line (a "$" between them is skipped)."""
    tokens = list(_TOKEN.finditer(line))
    found: list[re.Match] = []
    index = len(tokens) - 1
    while index >= 0:
        text = tokens[index].group()
        if text == "$":
            index -= 1
            continue
        if parse_amount(text.lstrip("$")).kind not in ("amount", "dash"):
            break
        found.append(tokens[index])
        index -= 1
    found.reverse()
    return found


def is_year_row(line: str) -> bool:
    """A row of years under period phrases ("2004    2003"): nothing but years, and no digits
    before them (so "June 28, 2003" is a date, not a year row)."""
    amounts = _trailing_amounts(line)
    if not amounts or not all(_YEAR.match(a.group()) for a in amounts):
        return False
    return not any(ch.isdigit() for ch in line[:amounts[0].start()])


def label_end(line: str) -> int:
    """Where the label of a data line stops (the start of its first trailing amount or "$")."""
    amounts = _trailing_amounts(line)
    if not amounts:
        return len(line.rstrip())
    start = amounts[0].start()
    before = line[:start].rstrip()
    if before.endswith("$"):
        start = len(before) - 1
    return start


def find_columns(lines: list[str]) -> list[AmountColumn]:
    """Columns from the right edges of the amounts on data lines."""
    edges: list[tuple[int, int]] = []
    for line in lines:
        if is_year_row(line):
            continue
        edges.extend((m.start(), m.end()) for m in _trailing_amounts(line))
    if not edges:
        return []
    edges.sort(key=lambda span: span[1])
    clusters: list[list[tuple[int, int]]] = [[edges[0]]]
    for span in edges[1:]:
        if span[1] - clusters[-1][-1][1] <= EDGE_SLACK:
            clusters[-1].append(span)
        else:
            clusters.append([span])
    support = max(2, len(lines) // 20)
    columns = [AmountColumn(min(s for s, _ in c), max(e for _, e in c)) for c in clusters if len(c) >= support]
    return columns


def assign_amounts(line: str, columns: list[AmountColumn]) -> list[str] | None:
    """The amounts of a data line placed in their columns ("" where none), or None when an
    amount sits on no column or two amounts claim one."""
    cells = [""] * len(columns)
    for match in _trailing_amounts(line):
        index = _column_at(match.end(), columns)
        if index is None or cells[index]:
            return None
        cells[index] = match.group()
    return cells


def _column_at(edge: int, columns: list[AmountColumn]) -> int | None:
    best = None
    for index, column in enumerate(columns):
        distance = abs(column.end - edge)
        if edge <= column.end + EDGE_SLACK and edge >= column.start - EDGE_SLACK and \
                (best is None or distance < best[0]):
            best = (distance, index)
    return None if best is None else best[1]


def header_cells(line: str, columns: list[AmountColumn], label_limit: int) -> tuple[str, list[str]]:
    """A header line's chunks given to columns: one each when there are as many chunks as
    columns, a run of columns each when a chunk spans several (as many per chunk), else every
    column a chunk overlaps. Text left of the columns is returned as the label side."""
    chunks = [c for c in re.finditer(r"\S+(?: \S+)*", line)]
    label_side = [c.group() for c in chunks if c.end() <= label_limit]
    heads = [c for c in chunks if c.end() > label_limit]
    cells = [""] * len(columns)
    if heads and len(heads) <= len(columns) and len(columns) % len(heads) == 0:
        span = len(columns) // len(heads)
        for index, chunk in enumerate(heads):
            for column in range(index * span, (index + 1) * span):
                cells[column] = chunk.group()
        return " ".join(label_side), cells
    for chunk in heads:
        hits = [i for i, c in enumerate(columns) if chunk.start() < c.end + 1 and chunk.end() > c.start - 1]
        if not hits:
            label_side.append(chunk.group())
        for index in hits:
            cells[index] = f"{cells[index]} {chunk.group()}".strip()
    return " ".join(label_side), cells
