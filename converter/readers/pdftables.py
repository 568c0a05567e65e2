"""Lines of positioned words -> statement tables (through the text readers' table builder).

Takes the `PdfLine`s of a PDF (page furniture already left out); gives `Table`s. A table starts
at a statement title (one printed over two lines is joined; a short centred heading naming cash
flows counts) and runs until prose, the next title, or a page whose head neither carries amounts,
nor continues a label in lower case, nor holds a section label followed by amounts on the
table's columns. A title on a later page that says "(continued)", or repeats the title over the
same column headings, continues the table, its repeated headings left out. A header line met
after rows of amounts starts a new block; a centred heading just above it titles that block
(and one naming no statement leaves the block out).

Within a block, what PDFs print decides: amounts are right-aligned, so the right edges of the
amounts that end the lines cluster into value columns (a ")" or "%" after the digits hangs, so
the edge is taken at the last digit); an amount belongs to the column whose edge it sits on (a
dash to the column it stands in). The label is what stands left of the line's amounts. A line
without amounts that reaches over the columns is a header line before the data (or, with
period words, after it), its phrases given to every column they stand over (a phrase centred
under a multi-column phrase heads the same columns); other lines are labels. "$", "(" and ")"
printed apart join their amount. A wide vertical gap is a blank line. A label line just below
a row, starting in lower case, is the rest of that row's label ("Earnings before income taxes
611" / "(loss) of affiliates"). A row cut at the foot of a page and printed again at the head
of the next (same figures) is read once. The rows then go through `tables_from_lines`, as HTML
rows do.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, replace

from ..model import Notice, Scale, Table
from ..numbers import parse_amount
from ..periods import LENGTH_RE
from .lines import SplitLine, is_header_text
from .pdflines import PdfLine, Word
from .text import is_title, read_scale, statement_kind, tables_from_lines

_VALUE_KINDS = ("amount", "dash", "percent")
_OPENERS = ("$", "(", "$(", "($")
_CLOSERS = (")", "%", ")%", "%)")
_YEAR = re.compile(r"^(19|20)\d\d$")
_YEAR_END = re.compile(r"^(19|20)\d\d[,.;]?$")
_NON_GAAP = re.compile(r"non[\s-]?gaap|pro\s+forma|adjusted", re.I)
_OPEN_END = re.compile(r"\b(of|and|in|for|to|from|on|the)$|[,&\-]$", re.I)
_CONTINUED = re.compile(r"\(?\s*continued\s*\)?", re.I)
EDGE_TOLERANCE = 0.7  # of the font size: amounts of one column end this close together
PROSE_WORDS = 10
PROSE_WIDTH = 0.8  # of the page's text width


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    x0: float
    x1: float
    edge: float  # right edge of the last digit (x1 for words)
    is_value: bool


def line_tokens(line: PdfLine) -> list[Token]:
    """The line's words, "$", "(" and ")" printed apart joined to their amount."""
    tokens: list[Token] = []
    pending: Word | None = None
    for word in line.words:
        text = word.text
        if text in _OPENERS:
            pending = word if pending is None else Word(pending.text + text, pending.x0, word.x1,
                                                        word.top, word.bottom, word.size)
            continue
        if pending is not None:
            joined = pending.text + text
            if _is_value(joined):
                tokens.append(_token(joined, pending.x0, word))
                pending = None
                continue
            tokens.append(_token(pending.text, pending.x0, pending))
            pending = None
        if text in _CLOSERS and tokens and _is_value(tokens[-1].text + text):
            last = tokens[-1]  # "(225" and ")" printed apart are one amount
            edge = last.edge if last.is_value else last.x1
            tokens[-1] = Token(last.text + text, last.x0, word.x1, edge, True)
            continue
        tokens.append(_token(text, word.x0, word))
    if pending is not None:
        tokens.append(_token(pending.text, pending.x0, pending))
    return tokens


def _token(text: str, x0: float, word: Word) -> Token:
    value = _is_value(text)
    edge = word.x1
    tail = len(word.text) - len(word.text.rstrip(")%"))
    if value and tail and len(word.text) > tail:
        edge = word.x1 - tail * (word.x1 - word.x0) / len(word.text)
    return Token(text, x0, word.x1, edge, value)


def _is_value(text: str) -> bool:
    return parse_amount(text).kind in _VALUE_KINDS


def trailing_values(tokens: list[Token]) -> list[Token]:
    """The amounts that end a line (its value cells)."""
    found = []
    for token in reversed(tokens):
        if not token.is_value:
            break
        found.append(token)
    found.reverse()
    return found


def _is_year_row(tokens: list[Token]) -> bool:
    return bool(tokens) and all(t.is_value and _YEAR.match(t.text) for t in tokens)


# ---------------------------------------------------------------- columns


@dataclass(frozen=True, slots=True)
class ValueColumn:
    left: float
    edge: float


def find_columns(rows: list[list[Token]], size: float) -> list[ValueColumn]:
    """Value columns from the right edges of the amounts ending the rows (years and dashes,
    which are not aligned the same way, do not make columns)."""
    edges = sorted((t.edge, t.x0) for tokens in rows if not _is_year_row(tokens)
                   for t in trailing_values(tokens) if parse_amount(t.text).kind != "dash")
    if not edges:
        return []
    tolerance = EDGE_TOLERANCE * size
    clusters: list[list[tuple[float, float]]] = [[edges[0]]]
    for edge in edges[1:]:
        if edge[0] - clusters[-1][-1][0] <= tolerance:
            clusters[-1].append(edge)
        else:
            clusters.append([edge])
    support = max(2, max(len(c) for c in clusters) // 4)
    return [ValueColumn(min(x0 for _, x0 in c), max(e for e, _ in c)) for c in clusters
            if len(c) >= support]


def _column_of(token: Token, columns: list[ValueColumn], size: float) -> int | None:
    tolerance = EDGE_TOLERANCE * size
    best = min(range(len(columns)), key=lambda i: abs(columns[i].edge - token.edge))
    if abs(columns[best].edge - token.edge) <= tolerance:
        return best
    if parse_amount(token.text).kind == "dash":
        middle = (token.x0 + token.x1) / 2
        for index, column in enumerate(columns):
            if column.left - tolerance <= middle <= column.edge + tolerance:
                return index
    return None


def _zones(columns: list[ValueColumn]) -> list[tuple[float, float]]:
    """Each column's share of the width: from halfway after the previous column's edge to
    halfway before the next column's left side."""
    zones = []
    for index, column in enumerate(columns):
        start = (columns[index - 1].edge + column.left) / 2 if index else column.left - 2 * (
            column.edge - column.left)
        end = (column.edge + columns[index + 1].left) / 2 if index + 1 < len(columns) else column.edge + 20
        zones.append((start, end))
    return zones


def header_cells(tokens: list[Token], columns: list[ValueColumn], size: float,
                 above: list[tuple[float, float, list[int]]] | None = None
                 ) -> tuple[str, list[str], list[tuple[float, float, list[int]]]]:
    """A header line's phrases given to the columns they stand over; a phrase centred under a
    phrase of the header line above that heads several columns heads the same columns ("Three
    Months Ended" / "June 30,"). Returns the label side (text left of the columns), the cells,
    and each phrase's extent with its columns."""
    zones = _zones(columns)
    label_side = [t for t in tokens if t.x1 <= zones[0][0]]
    cells = [""] * len(columns)
    placed = []
    for chunk in _chunks([t for t in tokens if t.x1 > zones[0][0]], size):
        x0, x1 = chunk[0].x0, chunk[-1].x1
        heads = [index for index, (start, end) in enumerate(zones)
                 if min(x1, end) - max(x0, start) > 0
                 and min(x1, end) - max(x0, start) >= 0.3 * min(x1 - x0, end - start)]
        for parent_x0, parent_x1, parent_heads in above or []:
            centre, parent_centre = (x0 + x1) / 2, (parent_x0 + parent_x1) / 2
            if len(parent_heads) > 1 and set(heads) <= set(parent_heads) and \
                    abs(centre - parent_centre) <= 0.1 * (parent_x1 - parent_x0):
                heads = list(parent_heads)
        text = " ".join(t.text for t in chunk)
        for index in heads:
            cells[index] = f"{cells[index]} {text}".strip()
        placed.append((x0, x1, heads))
    return " ".join(t.text for t in label_side), cells, placed


def _chunks(tokens: list[Token], size: float) -> list[list[Token]]:
    """Phrases: words closer than the font size; a year ends a phrase ("June 30, 2023 June 30,
    2022") and "ended" before a new length ends one ("Three Months Ended Twelve Months Ended")."""
    chunks: list[list[Token]] = []
    for index, token in enumerate(tokens):
        following = tokens[index + 1].text if index + 1 < len(tokens) else ""
        previous = chunks[-1][-1] if chunks else None
        starts_length = bool(LENGTH_RE.match(f"{token.text} {following}"))
        if previous is None or token.x0 - previous.x1 > size or _YEAR_END.match(previous.text) \
                or (starts_length and previous.text.lower() in ("ended", "ending")):
            chunks.append([token])
        else:
            chunks[-1].append(token)
    return chunks


# ---------------------------------------------------------------- regions


def is_prose(line: PdfLine, tokens: list[Token], text_width: float) -> bool:
    if trailing_values(tokens):
        return False
    if line.text.lstrip().upper().startswith("CONTACT"):
        return True
    span = line.words[-1].x1 - line.words[0].x0
    return len(line.words) >= PROSE_WORDS and span >= PROSE_WIDTH * text_width


def is_pdf_title(line: PdfLine, text_width: float) -> bool:
    """A statement title; also a short centred heading naming cash flows ("Selected Cash Flows
    Information"), the usual title of a release's cash-flow summary."""
    if len(line.words) > 2 * PROSE_WORDS or is_prose(line, line_tokens(line), text_width):
        return False
    return is_title(line.text) or (len(line.words) <= 8 and _is_centred_heading(line)
                                   and statement_kind(line.text) == "cash_flow")


def text_widths(lines: list[PdfLine]) -> dict[int, float]:
    """Each page's text width (from the leftmost to the rightmost word)."""
    spans: dict[int, list[float]] = {}
    for line in lines:
        span = spans.setdefault(line.page, [line.words[0].x0, line.words[-1].x1])
        span[0], span[1] = min(span[0], line.words[0].x0), max(span[1], line.words[-1].x1)
    return {page: max(right - left, 1.0) for page, (left, right) in spans.items()}


def find_regions(lines: list[PdfLine]) -> list[tuple[PdfLine, list[PdfLine]]]:
    """(title line, the lines under it) for every statement table; continued titles joined."""
    widths = text_widths(lines)
    lines = _join_split_titles(lines, widths)
    titles = [i for i, line in enumerate(lines) if is_pdf_title(line, widths[line.page])]
    regions: list[tuple[PdfLine, list[PdfLine]]] = []
    for position, start in enumerate(titles):
        stop = titles[position + 1] if position + 1 < len(titles) else len(lines)
        body = _region_body(lines, start, stop, widths)
        title = lines[start]
        previous = regions[-1] if regions else None
        if previous and previous[1] and _continues_title(previous, title, body):
            previous[1].extend(_without_headings(body))
            continue
        regions.append((title, body))
    return regions


def _join_split_titles(lines: list[PdfLine], widths: dict[int, float]) -> list[PdfLine]:
    """A title printed over two lines ("CONDENSED CONSOLIDATED STATEMENTS OF" / "OPERATIONS"):
    two short lines without amounts, one under the other, that name a statement only together
    (or the first ends open, "... OF"), become one line."""
    joined: list[PdfLine] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following is not None and following.page == line.page \
                and following.top - line.bottom < line.size \
                and not is_pdf_title(line, widths[line.page]) \
                and len(line.words) + len(following.words) <= 12 \
                and not trailing_values(line_tokens(line)) and not trailing_values(line_tokens(following)):
            both = replace(line, bottom=following.bottom, words=line.words + following.words)
            split = _OPEN_END.search(line.text) or not is_pdf_title(following, widths[line.page])
            if split and is_pdf_title(both, widths[line.page]):
                joined.append(both)
                index += 2
                continue
        joined.append(line)
        index += 1
    return joined


def _region_body(lines: list[PdfLine], start: int, stop: int, widths: dict[int, float]) -> list[PdfLine]:
    body: list[PdfLine] = []
    for index in range(start + 1, stop):
        line = lines[index]
        tokens = line_tokens(line)
        if is_prose(line, tokens, widths[line.page]):
            break
        if body and line.page != body[-1].page and not _goes_on(body, lines[index:min(stop, index + 3)]):
            break
        body.append(line)
    return body


def _goes_on(body: list[PdfLine], head: list[PdfLine]) -> bool:
    """Whether a table goes on at the head of the next page: its first line carries amounts or
    continues a label in lower case, or it is a section label (not a centred heading) followed
    by amounts standing on the table's columns."""
    first = head[0]
    if trailing_values(line_tokens(first)) or first.text[:1].islower():
        return True
    if _is_centred_heading(first) or len(head) < 2:
        return False
    size = statistics.median(line.size for line in body)
    edges = [c.edge for c in find_columns([line_tokens(line) for line in body], size)]
    values = [t for line in head[1:] for t in trailing_values(line_tokens(line))
              if parse_amount(t.text).kind != "dash"]
    return bool(values and edges) and all(
        min(abs(t.edge - edge) for edge in edges) <= EDGE_TOLERANCE * size for t in values)


def _title_key(line: PdfLine) -> str:
    return " ".join(_CONTINUED.sub(" ", line.text).lower().split())


def _continues_title(region: tuple[PdfLine, list[PdfLine]], following: PdfLine,
                     body: list[PdfLine]) -> bool:
    """A title on a later page goes on with the table above when it says "continued", or
    when it repeats the title and the column headings word for word (a three-month and a
    six-month statement under one title are two tables)."""
    title, lines = region
    if following.page <= lines[-1].page:
        return False
    if _CONTINUED.search(following.text):
        return True
    return _title_key(following) == _title_key(title) and _headings(lines) == _headings(body)


def _headings(body: list[PdfLine]) -> list[str]:
    first_data = _first_data(body)
    return [" ".join(line.text.lower().split()) for line in body[:first_data]
            if is_header_text(line.text) or _is_year_row(line_tokens(line))]


def _first_data(body: list[PdfLine]) -> int:
    for index, line in enumerate(body):
        values = trailing_values(line_tokens(line))
        if values and not _is_year_row(values):
            return index
    return len(body)


def _without_headings(body: list[PdfLine]) -> list[PdfLine]:
    """A continued table's lines without its repeated headings (the lines before its first
    row of amounts that are header text, years, scale or company lines)."""
    first_data = _first_data(body)
    kept = [line for line in body[:first_data]
            if not (is_header_text(line.text) or _is_year_row(line_tokens(line))
                    or read_scale(line.text) or line.text.strip("()").lower() in ("unaudited", "audited"))]
    return kept + body[first_data:]


# ---------------------------------------------------------------- rows


def region_tables(title: PdfLine, body: list[PdfLine]) -> tuple[list[Table], list[Notice]]:
    """One region -> its tables. A block after the first (a header after data) keeps the
    region's title, unless a centred heading stands above it: then that heading is its title,
    and a heading that names no statement ("Key Operating Ratios") leaves the block out."""
    body = _without_cut_rows(body)
    tables: list[Table] = []
    notices: list[Notice] = []
    for index, (heading, block) in enumerate(_blocks(body)):
        block_title = title
        if index and heading:
            block_title = heading[-1]
            if statement_kind(block_title.text) == "other":
                continue
        scale = _scale(block_title, heading + block) if index else _scale(title, body)
        found, found_notices = tables_from_lines(block_title.text, block_title.number, scale,
                                                 _block_splits(block))
        if _NON_GAAP.search(block_title.text):
            found = [replace(t, columns=tuple(replace(c, basis="non-gaap") for c in t.columns))
                     for t in found]
        tables.extend(found)
        notices.extend(found_notices)
    return tables, notices


def _scale(title: PdfLine, body: list[PdfLine]) -> Scale:
    for line in [title] + body[:10]:
        found = read_scale(line.text)
        if found:
            return found
    return Scale()


def _digits(tokens: list[Token]) -> tuple[str, ...]:
    return tuple(re.sub(r"\D", "", t.text) for t in trailing_values(tokens))


def _without_cut_rows(body: list[PdfLine]) -> list[PdfLine]:
    """A row cut at the foot of a page and printed whole at the head of the next page (the
    same figures) is read once: the copy with the longer label is kept."""
    kept: list[PdfLine] = []
    for line in body:
        if kept and line.page != kept[-1].page:
            before, after = line_tokens(kept[-1]), line_tokens(line)
            if _digits(before) and _digits(before) == _digits(after):
                if len(kept[-1].text) < len(line.text):
                    kept.pop()
                else:
                    continue
        kept.append(line)
    return kept


def _blocks(body: list[PdfLine]) -> list[tuple[list[PdfLine], list[PdfLine]]]:
    """The region cut before each header line met after rows of amounts (a new table's
    columns may stand elsewhere): (the centred heading lines just above the cut, the block)."""
    if not body:
        return []
    size = statistics.median(line.size for line in body)
    columns = find_columns([line_tokens(line) for line in body], size)
    zone_left = min((c.left for c in columns), default=float("inf"))
    blocks: list[tuple[list[PdfLine], list[PdfLine]]] = [([], [])]
    seen_data = False
    for line in body:
        tokens = line_tokens(line)
        values = trailing_values(tokens)
        over_columns = [t for t in tokens if t.x1 > zone_left]
        header = (not values or _is_year_row(values)) and over_columns and is_header_text(
            " ".join(t.text for t in over_columns))
        if header and seen_data:
            previous = blocks[-1][1]
            heading: list = []
            while previous and _is_centred_heading(previous[-1]):
                heading.insert(0, previous.pop())
            blocks.append((heading, []))
            seen_data = False
        blocks[-1][1].append(line)
        seen_data = seen_data or bool(values) and not _is_year_row(values)
    return [(heading, block) for heading, block in blocks if block]


def _is_centred_heading(line: PdfLine) -> bool:
    """A line without amounts standing in the middle of the page (a table's heading)."""
    if trailing_values(line_tokens(line)):
        return False
    centre = (line.words[0].x0 + line.words[-1].x1) / 2
    return abs(centre - line.page_width / 2) <= 0.08 * line.page_width


def _block_splits(block: list[PdfLine]) -> list[SplitLine]:
    size = statistics.median(line.size for line in block)
    token_rows = [line_tokens(line) for line in block]
    columns = find_columns(token_rows, size)
    if not columns:
        return []
    zone_left = min(c.left for c in columns) - EDGE_TOLERANCE * size
    gaps = [b.top - a.bottom for a, b in zip(block, block[1:]) if b.page == a.page]
    wide_gap = (statistics.median(gaps) if gaps else 0) + 0.6 * size
    splits: list[SplitLine] = []
    seen_data = False
    above: list[tuple[float, float, list[int]]] = []
    for index, (line, tokens) in enumerate(zip(block, token_rows)):
        if index and line.page == block[index - 1].page and line.top - block[index - 1].bottom > wide_gap:
            splits.append(SplitLine(line.number, "", (), "blank"))
        split, above = _split(line, tokens, columns, size, zone_left, seen_data, above)
        seen_data = seen_data or split.kind == "data"
        if _continues_row(split, splits, line, block[index - 1] if index else None):
            previous = splits[-1]
            splits[-1] = replace(previous, label=f"{previous.label} {split.label}".strip())
            continue
        splits.append(split)
    return _heading_area(splits)


def _heading_area(splits: list[SplitLine]) -> list[SplitLine]:
    """Lines between header lines above the first row ("(unaudited)", "Subject to
    reclassification" printed between the column headings) belong to the heading, not to
    the rows: they are left out."""
    first_data = next((i for i, s in enumerate(splits) if s.kind == "data"), len(splits))
    last_header = max((i for i, s in enumerate(splits[:first_data]) if s.kind == "header"), default=-1)
    return [s for i, s in enumerate(splits) if i >= last_header or s.kind == "header"]


def _split(line: PdfLine, tokens: list[Token], columns: list[ValueColumn], size: float,
           zone_left: float, seen_data: bool, above: list[tuple[float, float, list[int]]]
           ) -> tuple[SplitLine, list[tuple[float, float, list[int]]]]:
    """One line as a SplitLine, and (for a header line) where its phrases stand and which
    columns each heads (for the header line below)."""
    width = len(columns)
    values = [t for t in trailing_values(tokens) if t.edge >= zone_left]
    label_tokens = tokens[:len(tokens) - len(values)]
    label = " ".join(t.text for t in label_tokens)
    years_only = bool(values) and _is_year_row(values) and (not label or is_header_text(line.text))
    if values and not years_only:
        cells = [""] * width
        for token in values:
            index = _column_of(token, columns, size)
            if index is None or cells[index]:
                return SplitLine(line.number, label, ("(amounts not aligned with the columns)",), "text"), []
            cells[index] = token.text
        return SplitLine(line.number, label, tuple(cells), "data", True), []
    if any(t.x1 > zone_left for t in tokens) and not _is_scale_line(line.text):
        side, heads, placed = header_cells(tokens, columns, size, above)
        if any(heads) and (not seen_data or is_header_text(" ".join(heads))):
            return SplitLine(line.number, side if seen_data else "", tuple(heads), "header", True), placed
    return SplitLine(line.number, line.text, ("",) * width, "label", True), []


def _is_scale_line(text: str) -> bool:
    """A scale statement or "(unaudited)" on a line of its own, naming no period."""
    if text.strip(" ()").lower() in ("unaudited", "audited"):
        return True
    return bool(read_scale(text)) and not is_header_text(text)


def _continues_row(split: SplitLine, splits: list[SplitLine], line: PdfLine,
                   previous_line: PdfLine | None) -> bool:
    """A label line right below a row of amounts finishes that row's label when it starts in
    lower case (or with "(" and lower case): "(loss) of affiliates", "and outstanding". (A
    capitalised line below an unlabelled total is the next section's heading: "Expenses"; a
    "less ..." line is a row of its own.)"""
    if split.kind != "label" or not splits or splits[-1].kind != "data" or previous_line is None:
        return False
    text = split.label.lstrip("(")
    return bool(text) and text[0].islower() and not re.match(r"less\b", text)
