"""Fixed-width ASCII tables: column boundaries from the alignment of the numbers.

The cells of one column overlap one another whatever their alignment: right-aligned amounts
share their right edge, and the left-aligned cells of a padded rendering (w3m: "(289   )" over
"7") share their left edge. So a column is a run of character positions that two or more
trailing amounts cover, with blank positions between columns. A data line gives each of its
amounts to the one column it overlaps (or, touching none, to the column whose right edge it sits
within a few characters of); a header line gives each text chunk to every column it overlaps, so
a phrase centred over two columns ("For the 13 / Weeks Ended") heads both, and a year row
("2004  2003") heads one each. A negative printed with spaces inside its parentheses ("(1,690 )",
"( 85)", "(65       )") is one amount. `$` signs, `<S>`/`<C>` markers and rules (`-----`) carry
no value. A trailing token that looks like a damaged amount ("(1,55", "1,2.3") is reported by
`damaged_tail`, so the line is refused as a row rather than read as a label.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..numbers import parse_amount

_TOKEN = re.compile(r"\$?\(\s*\$?\s*\d[\d,.]*\s*\)|\S+")
_DAMAGED = re.compile(r"[$()\d,.\-]+")  # amount characters only (a digit is checked apart)
_MARK = re.compile(r"\(?[a-zA-Z]\)|\*{1,3}")  # footnote marks after an amount: "(a)", "b)", "*"
_YEAR = re.compile(r"^(19|20)\d\d$")
_RULE = re.compile(r"^[-=_]+$")
EDGE_SLACK = 3
MIN_COVER = 2  # cells that must cover a position for it to belong to a column


@dataclass(frozen=True, slots=True)
class AmountColumn:
    start: int
    end: int  # right edge (exclusive) of the amounts in this column


def _trailing_amounts(line: str) -> list[re.Match]:
    """The amounts at the end of a line (a "$" or a footnote mark between them is skipped)."""
    tokens = list(_TOKEN.finditer(line))
    found: list[re.Match] = []
    index = len(tokens) - 1
    while index >= 0:
        text = tokens[index].group()
        if text == "$" or _MARK.fullmatch(text):
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


def placed_amounts(line: str, columns: list[AmountColumn] | None = None) -> list[re.Match]:
    """The trailing amounts that reach into the columns: a number that ends a label left of
    every column ("... 385,192,286 and 366,726,584" over a wrapped label) is text."""
    amounts = _trailing_amounts(line)
    if not columns:
        return amounts
    limit = min(c.start for c in columns) - EDGE_SLACK
    return [m for m in amounts if m.end() > limit]


def label_end(line: str, columns: list[AmountColumn] | None = None) -> int:
    """Where the label of a data line stops (the start of its first trailing amount or "$")."""
    amounts = placed_amounts(line, columns)
    if not amounts:
        return len(line.rstrip())
    start = amounts[0].start()
    before = line[:start].rstrip()
    if before.endswith("$"):
        start = len(before) - 1
    return start


def find_columns(lines: list[str]) -> list[AmountColumn]:
    """Columns from the positions the amounts of data lines cover (see the module docstring):
    each run of positions covered by MIN_COVER amounts or more, with enough amounts on it."""
    spans = [(m.start(), m.end()) for line in lines if not is_year_row(line)
             for m in _trailing_amounts(line)]
    if not spans:
        return []
    runs = _covered_runs(spans)
    members: list[list[tuple[int, int]]] = [[] for _ in runs]
    for start, end in spans:
        hits = [i for i, (first, stop) in enumerate(runs) if start < stop and end > first]
        if len(hits) == 1:  # (an amount across two runs says nothing about either's width)
            members[hits[0]].append((start, end))
    support = max(2, len(lines) // 20)
    return [AmountColumn(min(s for s, _ in found), max(e for _, e in found))
            for found in members if len(found) >= support]


def _covered_runs(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The runs of positions (first, stop) that MIN_COVER spans or more cover, left to right."""
    coverage = [0] * (max(e for _, e in spans) + 1)
    for start, end in spans:
        for position in range(start, end):
            coverage[position] += 1
    runs: list[tuple[int, int]] = []
    first: int | None = None
    for position, count in enumerate(coverage):
        if count >= MIN_COVER and first is None:
            first = position
        elif count < MIN_COVER and first is not None:
            runs.append((first, position))
            first = None
    return runs


def assign_amounts(line: str, columns: list[AmountColumn]) -> list[str] | None:
    """The amounts of a data line placed in their columns ("" where none), or None when an
    amount sits on no column, on two, or two amounts claim one."""
    cells = [""] * len(columns)
    for match in placed_amounts(line, columns):
        index = _column_of(match.start(), match.end(), columns)
        if index is None or cells[index]:
            return None
        cells[index] = " ".join(match.group().split())
    return cells


def _column_of(start: int, end: int, columns: list[AmountColumn]) -> int | None:
    """The one column an amount overlaps; touching none, the nearest right edge within slack."""
    hits = [i for i, c in enumerate(columns) if start < c.end and end > c.start]
    if len(hits) == 1:
        return hits[0]
    return _column_at(end, columns) if not hits else None


def _column_at(edge: int, columns: list[AmountColumn]) -> int | None:
    best = None
    for index, column in enumerate(columns):
        distance = abs(column.end - edge)
        if edge <= column.end + EDGE_SLACK and edge >= column.start - EDGE_SLACK and \
                (best is None or distance < best[0]):
            best = (distance, index)
    return None if best is None else best[1]


def damaged_tail(line: str, columns: list[AmountColumn]) -> int:
    """Where the printed values of a line start when they cannot all be read: the run of
    amount-like tokens ("(1,55", "1,2.3", "8", "(8 )") and footnote marks ("(a)", "*") that ends
    the line, holds a digit, reaches into the columns and stands two spaces or more apart from
    the label. -1 when the line ends otherwise."""
    if not columns:
        return -1
    tokens = [t for t in _TOKEN.finditer(line) if t.group() != "$"]
    index = len(tokens)
    while index > 0 and (_DAMAGED.fullmatch(tokens[index - 1].group().replace(" ", ""))
                         or _MARK.fullmatch(tokens[index - 1].group())):
        index -= 1
    tail = tokens[index:]
    if not any(any(ch.isdigit() for ch in t.group()) for t in tail):
        return -1
    if tail[-1].end() <= min(c.start for c in columns) - EDGE_SLACK:
        return -1  # a number at the end of a label, left of every column
    if index and not line[tokens[index - 1].end():tail[0].start()].startswith("  "):
        return -1  # running text ("... in December 2001."): values stand apart from their label
    return tail[0].start()


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
