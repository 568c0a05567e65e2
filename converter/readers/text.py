"""Plain-text financial tables (tab-separated or space-aligned) -> Table models.

A table starts at a statement title ("Condensed Consolidated Statements of Operations", "...
Balance Sheets", "... Statements of Cash Flows"), takes the scale stated under it, and runs until
prose or the next title. Header lines give the columns and their periods; a header line met
after data starts a new table under the same title. Label-only lines are section headers
("Operating expenses:") or, when the next line continues them, wrapped labels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..kinds import Basis, StatementKind
from ..label_structure import is_major, is_total
from ..model import Cell, Column, Notice, Row, Scale, Table
from ..numbers import parse_amount
from ..periods import parse_period
from ..sections import closed_by_row
from .fixedwidth import assign_amounts, damaged_tail, find_columns, header_cells, is_year_row, label_end
from .lines import SplitLine, is_header_text, split_line

TITLE_RE = re.compile(
    r"(statements?\s+of\s+(consolidated\s+)?(operations|income|earnings|cash\s+flows?|"
    r"financial\s+position|comprehensive\s+income)|balance\s+sheets?|income\s+statements?|"
    r"^\W*(analysis\s+of\s+)?consolidated\s+(income|operations|earnings)\W*$)", re.I)
_SCALE_RE = re.compile(r"(?:\(|\bin\s+|\$\s*in\s+)(thousands|millions|billions)\b", re.I)
_SGML_MARKUP = re.compile(r"</?(TABLE|CAPTION|S|C|PAGE|FN)>", re.I)
_SCALES = {"thousands": 1000, "millions": 1000000, "billions": 1000000000}
_CONTINUES = re.compile(r"(\b(and|of|in|for|to|from|on|net|less|the|by)|[,&\-])$", re.I)
_INNER_GAP = re.compile(r"\S\s{2,}\S")
MAX_TITLE_WORDS = 30


@dataclass
class _Builder:
    """Mutable state while one table is read; frozen into a Table at the end."""

    title: str
    statement: StatementKind
    line: int
    scale: Scale
    headers: list[SplitLine] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    pending: SplitLine | None = None
    tabbed_widths: list[int] = field(default_factory=list)
    tabbed_lines: set[int] = field(default_factory=set)
    positions: int = 0  # columns found by alignment (fixed-width): every data row has them all


def statement_kind(title: str) -> StatementKind:
    lowered = title.lower()
    if "segment" in lowered:
        return "segment"  # columns are segments, not the consolidated entity: left out
    if "cash flow" in lowered:
        return "cash_flow"
    if "balance sheet" in lowered or "financial position" in lowered:
        return "balance"
    if re.search(r"operations|income|earnings", lowered):
        return "income"
    return "other"


# A statement named without "statement": only as a whole line that says whose it is
# ("CONSOLIDATED RESULTS OF OPERATIONS", "Condensed Consolidated Financial Position (Unaudited)"),
# never inside a sentence ("Item 2.02. Results of Operations and Financial Condition") nor as a
# bare heading over prose ("Financial Position").
_WHOLE_LINE_TITLE = re.compile(
    r"^\W*(the\s+)?(unaudited\s+)?((condensed|consolidated)\s+)+"
    r"(results\s+of\s+operations|financial\s+position)\s*(\(unaudited\))?\W*$", re.I)


def is_title(text: str) -> bool:
    lowered = text.lower()
    if "statement" not in lowered and "consolidated" not in lowered and "balance" not in lowered \
            and "financial position" not in lowered and "results of operations" not in lowered:
        return False  # cheap test first: most lines of a filing name no statement
    stripped = text.strip()
    if not stripped or len(stripped.split()) > MAX_TITLE_WORDS or "\t" in text.strip("\t"):
        return False
    if re.match(r"^\(?[a-z0-9]\)\s", stripped, re.I) or stripped.endswith(".") and len(stripped) > 80:
        return False
    if stripped.endswith(":"):
        return False  # a label that introduces rows ("Reconciliation ... to the / Consolidated Balance Sheet:")
    return bool(TITLE_RE.search(stripped) or _WHOLE_LINE_TITLE.match(stripped))


def read_scale(text: str) -> Scale | None:
    match = _SCALE_RE.search(text)
    if not match:
        return None
    factor = _SCALES[match[1].lower()]
    lowered = text.lower()
    shares = factor
    if re.search(r"except\s+(for\s+)?(number of\s+)?shares?\b|except\s+share\s+(and|amounts|data)", lowered):
        shares = 1
    share_scale = re.search(r"shares?\s+in\s+(thousands|millions)", lowered)
    if share_scale:
        shares = _SCALES[share_scale[1]]
    return Scale(factor, shares, 1, " ".join(match.string.split()))


def find_tables(lines: list[str]) -> tuple[list[Table], list[Notice], set[int]]:
    """All statement tables in the text; also the set of line numbers that belong to tables."""
    titles = [i for i, text in enumerate(lines) if is_title(text)]
    tables: list[Table] = []
    notices: list[Notice] = []
    used: set[int] = set()
    for position, start in enumerate(titles):
        stop = titles[position + 1] if position + 1 < len(titles) else len(lines)
        found, region_notices, last = _read_region(lines, start, stop)
        tables.extend(found)
        notices.extend(region_notices)
        used.update(range(start + 1, last + 2))
    return tables, notices, used


def _region_end(lines: list[str], start: int, stop: int) -> int:
    """Where the statement under a title ends: at running text, or at the title block of the
    next table (see `_next_title_block`)."""
    stop = _next_title_block(lines, start, stop)
    for index in range(start + 1, stop):
        raw = lines[index]
        if "\t" in raw or len(raw) <= 120 and not raw.lstrip().upper().startswith("CONTACT"):
            continue  # prose is a long line without tabs (or a contact line): these are not
        raw = _SGML_MARKUP.sub("", raw)
        if _is_prose(split_line(index + 1, raw), raw):
            return index
    return stop


def _next_title_block(lines: list[str], start: int, stop: int) -> int:
    """The first line of a later table's title block: a scale line on its own ("(In millions,
    except per share data)") printed after the statement's values, with the title lines right
    above it ("RECONCILIATION OF GAAP TO NON-GAAP FINANCIAL MEASURES"). A table whose title
    names no statement is never read as part of the statement above it."""
    seen_values = False
    for index in range(start + 1, stop):
        text = lines[index].strip()
        if seen_values and _is_scale_alone(text):
            first = index
            while first - 1 > start and lines[first - 1].strip() \
                    and not _VALUES_AT_END.search(lines[first - 1].strip()):
                first -= 1
            return first
        seen_values = seen_values or bool(_VALUES_AT_END.search(text)) and not is_year_row(text)
    return stop


def _is_scale_alone(text: str) -> bool:
    """A scale stated on a line of its own, with no value ("(In millions, except per share
    data)"), not a row that starts with the word ("Millions of shares   100   120")."""
    return bool(text) and len(text) <= 80 and bool(_SCALE_LINE.match(text)) \
        and not any(ch.isdigit() for ch in text)


_VALUES_AT_END = re.compile(r"\S\s{2,}\(?\$?\s*\d[\d,.]*\s*\)?$")


def _read_region(lines: list[str], start: int, stop: int) -> tuple[list[Table], list[Notice], int]:
    title = " ".join(lines[start].split())
    scale = _scale_near(lines, start, stop)
    end = _region_end(lines, start, stop)
    region = [_SGML_MARKUP.sub("", line) if "<" in line else line for line in lines[start + 1:end]]
    columns = None if any("\t" in line for line in region) else find_columns(region)
    splits: list[SplitLine] = []
    seen_data = False
    for index in range(start + 1, end):
        raw = region[index - start - 1]
        split = split_fixed(index + 1, raw, columns, seen_data) if columns else split_line(index + 1, raw)
        seen_data = seen_data or split.kind == "data"
        splits.append(split)
    tables, notices = tables_from_lines(title, start + 1, scale, splits, len(columns) if columns else 0)
    return tables, notices, end - 1


def tables_from_lines(title: str, line: int, scale: Scale, splits: list[SplitLine],
                      positions: int = 0) -> tuple[list[Table], list[Notice]]:
    """Tables from the split lines under one title (a header after data starts a new one).
    `positions`: the number of columns a fixed-width table's alignment shows (0: none)."""
    builder = _Builder(title, statement_kind(title), line, scale, positions=positions)
    tables: list[Table] = []
    notices: list[Notice] = []
    for split in splits:
        if split.kind == "header" and any(row.cells for row in builder.rows):
            _finish(builder, tables, notices)
            builder = _Builder(title, builder.statement, split.number, scale, positions=positions)
        _consume(builder, split, notices)
    _finish(builder, tables, notices)
    return tables, notices


def split_fixed(number: int, raw: str, columns, seen_data: bool = True) -> SplitLine:
    """One line of a fixed-width table, its amounts placed by position (see fixedwidth.py).
    After data, a line whose printed values cannot all be read or placed is a row whose every
    cell is refused: never a section header, never dropped (arithmetic must know that a printed
    row of the statement went unread)."""
    base = split_line(number, raw)
    if base.kind in ("blank", "separator"):
        return base
    if is_year_row(raw):
        amounts = assign_amounts(raw, columns)
        if amounts is not None:
            return SplitLine(number, "", tuple(amounts), "header")
    cut = label_end(raw, columns)
    label = raw[:cut].strip()
    cells = assign_amounts(raw, columns) if cut < len(raw.rstrip()) else None
    if cells is not None and not _INNER_GAP.search(label):
        return SplitLine(number, label, tuple(cells), "data")
    side, heads = header_cells(raw, columns, min(c.start for c in columns))
    if any(heads) and (not seen_data or _is_column_heading([h for h in heads if h])):
        return SplitLine(number, "", tuple(heads), "header")
    tail = damaged_tail(raw, columns)
    if seen_data and tail >= 0 and not _INNER_GAP.search(raw[:tail].strip()):
        unread = f"{' '.join(raw[tail:].split())} {UNPLACED}"
        return SplitLine(number, raw[:tail].strip(), (unread,) * len(columns), "data")
    if cut < len(raw.rstrip()) and cells is None and not _INNER_GAP.search(label):
        return SplitLine(number, label, ("(amounts not aligned with the columns)",), "text")
    return SplitLine(number, " ".join(raw.split()), (), "label")


UNPLACED = "[not read: printed values that no column holds cleanly]"


def _is_column_heading(heads: list[str]) -> bool:
    """Header text over the columns: period words, or month-and-day dates whose years follow
    on the next line ("July 30,   July 31," over "2023   2022", as a statement continued after
    a page break repeats them)."""
    return is_header_text(" ".join(heads)) or all(_MONTH_DAY.match(h) for h in heads)


_MONTH_DAY = re.compile(r"^((jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s*)+$", re.I)


def _scale_near(lines: list[str], start: int, stop: int) -> Scale:
    for index in range(start, min(start + 10, stop)):
        scale = read_scale(lines[index])
        if scale:
            return scale
    return Scale()


_TABLE_GAP = re.compile(r"\S {3,}\S")


def _is_prose(split: SplitLine, raw: str) -> bool:
    """A long line of running text (or a contact line) ends a statement; a long line whose
    words stand apart in columns ("Provision   24   2 (b)   26") is still a row."""
    if split.kind not in ("label", "text"):
        return False
    text = raw.strip()
    if "\t" in raw:
        return False
    return len(text) > 120 and not _TABLE_GAP.search(text) or text.upper().startswith("CONTACT")


def _consume(builder: _Builder, split: SplitLine, notices: list[Notice]) -> None:
    if split.kind in ("blank", "separator"):
        if split.kind == "blank" and builder.pending:
            _flush_pending(builder)
        return
    if split.kind == "header" and not builder.rows:
        builder.headers.append(split)
        if split.label:
            _push_section(builder, split)
        return
    if split.kind in ("label", "text") and not builder.rows and _is_header_line(split):
        builder.headers.append(SplitLine(split.number, "", (split.label,) + split.cells, "header"))
        return
    if split.kind == "label" or split.kind == "text" and not split.values:
        _take_label_line(builder, split)
        return
    if split.kind == "text":
        notices.append(Notice("refusal", split.number, "row refused: cells are not amounts",
                              " | ".join(split.cells)))
        return
    _add_data_row(builder, split)


def _is_header_line(split: SplitLine) -> bool:
    text = " ".join((split.label,) + split.cells)
    return is_header_text(text) and not text.rstrip().endswith(":")


def _take_label_line(builder: _Builder, split: SplitLine) -> None:
    if _is_scale_or_company_line(split.label):
        return
    if _ends_previous_row(builder, split):
        last = builder.rows[-1]
        builder.rows[-1] = Row(f"{last.label} {split.label}", last.line, last.cells, last.sections,
                               last.is_total)
        return
    if builder.pending:
        if _continues(builder.pending.label, split.label):
            builder.pending = SplitLine(builder.pending.number,
                                        f"{builder.pending.label} {split.label}", (), "label")
            return
        _flush_pending(builder)
    builder.pending = split


_OWN_ROW = re.compile(r"^(less|plus|add|deduct|minus)\b", re.I)


def _ends_previous_row(builder: _Builder, split: SplitLine) -> bool:
    """A label printed over two lines with its values on the first: the second line starts in
    lower case ("authorized 10,000 shares") right under a row that has values."""
    if builder.pending or not builder.rows or not split.label[:1].islower() or split.tabbed:
        return False  # (tab-separated merged lines are p1_repair's: their labels carry on)
    if _OWN_ROW.match(split.label):
        return False  # "less accumulated depreciation": a row of its own, values to follow
    last = builder.rows[-1]
    read = any(cell is not None and cell.value is not None for cell in last.cells)
    return read and last.line == split.number - 1 and not split.label.endswith(":")


_SCALE_LINE = re.compile(r"^\W*(\$\s*)?((amounts|dollars)\s+)?(in\s+)?(thousands|millions|billions)\b", re.I)


def _is_scale_or_company_line(label: str) -> bool:
    """A scale statement on a line of its own ("(millions, except ...)"), or "(unaudited)"."""
    return bool(_SCALE_LINE.match(label)) or label.strip("()").lower() in ("unaudited", "audited")


def _continues(previous: str, following: str) -> bool:
    return bool(following) and (following[0].islower() or bool(_CONTINUES.search(previous)))


def _flush_pending(builder: _Builder) -> None:
    """A label line with no values that nothing continued: a section header. It is kept as a
    row without values too, so later stages can see every printed label."""
    pending, builder.pending = builder.pending, None
    if pending is None or (not builder.headers and not builder.rows):
        return
    builder.rows.append(Row(pending.label.strip(), pending.number, (), tuple(builder.sections)))
    if pending.tabbed:
        builder.tabbed_lines.add(pending.number)
    _push_section(builder, pending)


_FUSED_MAJOR = re.compile(r"^(assets|liabilities and (stockholders|shareholders)'?s?'? (equity|deficit))\s+(\S.*)$",
                          re.I)


def _push_section(builder: _Builder, split: SplitLine) -> None:
    label = split.label.strip()
    if not builder.headers and not builder.rows:
        return  # company name, dates and the like above the column headers
    fused = _FUSED_MAJOR.match(label.rstrip(":"))
    labels = [fused[1], fused[4]] if fused else [label]
    for part in labels:
        if is_major(part):
            builder.sections.clear()
        builder.sections.append(part.rstrip(":").strip())


def _add_data_row(builder: _Builder, split: SplitLine) -> None:
    label, line = split.label, split.number
    if builder.pending:
        header = builder.pending.label.rstrip().endswith(":")
        if (not label and not header) or (label and _continues(builder.pending.label, label)):
            label = f"{builder.pending.label} {label}".strip()
            line = builder.pending.number
        else:
            _flush_pending(builder)
        builder.pending = None
    if split.tabbed:
        builder.tabbed_widths.append(len(split.cells))
        builder.tabbed_lines.add(line)
    number = split.number
    cells = tuple([_cell(text, number) if text and text != "$" else None for text in split.cells])
    total, closed = closed_by_row(label, cells, builder.sections, builder.rows, is_total(label))
    builder.rows.append(Row(label, line, cells, tuple(builder.sections), total))
    del builder.sections[len(builder.sections) - closed:]


def _cell(text: str, line: int) -> Cell:
    """A printed cell (not empty, not a lone "$")."""
    parsed = parse_amount(text)
    return Cell(text, parsed.value, line, parsed.kind, parsed.fraction_digits, refusal=parsed.refusal)


def _finish(builder: _Builder, tables: list[Table], notices: list[Notice]) -> None:
    if not any(row.cells for row in builder.rows):
        return
    width = _column_count(builder)
    columns = _columns(builder.headers, width, notices, builder.line)
    rows = []
    for row in builder.rows:
        if not row.cells or row.line in builder.tabbed_lines and len(row.cells) < width:
            row = Row(row.label, row.line, row.cells + (None,) * (width - len(row.cells)),
                      row.sections, row.is_total)  # trailing tabs dropped by the conversion
        filled = [c for c in row.cells if c is not None]
        if len(row.cells) != width and len(filled) != width:
            notices.append(Notice("refusal", row.line,
                                  f"row refused: {len(filled)} values for {width} columns", row.label))
            rows.append(_unread_row(row, filled, width))
            continue
        if len(row.cells) != width:
            row = Row(row.label, row.line, tuple(filled), row.sections, row.is_total)
        rows.append(row)
    tables.append(Table(builder.title, builder.statement, builder.line, builder.scale,
                        tuple(columns), tuple(rows)))


def _unread_row(row: Row, filled: list[Cell], width: int) -> Row:
    """A printed row whose values fit no column: kept with every cell refused, so arithmetic
    knows that a printed row of these columns went unread."""
    text = f"{' '.join(c.text for c in filled)} {UNPLACED}"
    return Row(row.label, row.line, (Cell(text, None, row.line, "refused"),) * width,
               row.sections, row.is_total)


def _column_count(builder: _Builder) -> int:
    """Tab-separated rows keep empty cells in place, so their cell count is the width; other
    rows only show their filled cells. A fixed-width table's rows hold a cell per aligned
    column: when some row fills them all, that is the width (a sparse column, such as the
    adjustments of a non-GAAP reconciliation, is still a column)."""
    if builder.positions and any(len(row.cells) == builder.positions and all(row.cells)
                                 for row in builder.rows):
        return builder.positions
    counts: dict[int, int] = {}
    widths = builder.tabbed_widths if builder.tabbed_widths else [
        sum(1 for c in row.cells if c is not None) for row in builder.rows]
    for width in widths:
        if width:
            counts[width] = counts.get(width, 0) + 1
    return max(counts, key=lambda n: (counts[n], n)) if counts else 0


def _columns(headers: list[SplitLine], width: int, notices: list[Notice], line: int) -> list[Column]:
    texts = [""] * width
    spanning = []
    for header_line in headers:
        cells = list(header_line.cells)
        while cells and not cells[-1] and len(cells) > width:
            cells.pop()
        if len(cells) != width:
            cells = [c for c in cells if c]
        if len(cells) == 1 and width > 1:
            spanning.append(cells[0])
            continue
        if cells and len(cells) < width and width % len(cells) == 0:
            repeat = width // len(cells)
            cells = [c for c in cells for _ in range(repeat)]
        if len(cells) != width:
            continue
        texts = [f"{a} {b}".strip() for a, b in zip(texts, cells)]
    shared = " ".join(spanning)
    bases = _bases(" ".join([shared] + texts), width)
    columns = []
    reconciliation = "adjustments" in bases
    whole = " ".join([shared] + texts).strip()
    for text_of_column, basis in zip(texts, bases):
        header = unglue(whole if reconciliation else f"{shared} {text_of_column}".strip())
        period = parse_period(header) or (parse_period(shared) if shared else None)
        if period is None:
            where = headers[0].number if headers else line
            notices.append(Notice("refusal", where, f"column refused: no period in header {header!r}"))
        columns.append(Column(header, period, basis))
    return columns


_GLUED_WORD = re.compile(r"(ended|ending)(?=(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))", re.I)


def unglue(header: str) -> str:
    """A header whose words extraction glued together ("Three Months EndedMarch 31, 2004")
    with its space back."""
    return _GLUED_WORD.sub(r"\1 ", header)


def _bases(header_text: str, width: int) -> list[Basis]:
    """GAAP / adjustments / non-GAAP columns of a reconciliation table, in that order."""
    lowered = header_text.lower()
    if "gaap" in lowered and re.search(r"adj|justments", lowered):
        if width == 3:
            return ["gaap", "adjustments", "non-gaap"]
        return ["unknown"] * width
    return [_basis(header_text) if width == 1 else "gaap"] * width


def _basis(header: str) -> Basis:
    lowered = header.lower()
    if "adjustment" in lowered:
        return "adjustments"
    if re.search(r"non[\s-]?gaap|pro forma|adjusted", lowered):
        return "non-gaap"
    return "gaap"
