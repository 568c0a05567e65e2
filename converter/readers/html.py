"""HTML exhibits and press-release pages -> the same tables as the text readers.

lxml.html parses the page (no network, no entity expansion). A table becomes a statement when
the text just before it (or its own first rows) names one; its scale comes from the same place.
Cells are laid on a grid (colspan, rowspan); "$", ")" and "%" printed in cells of their own join
their amount; value columns are the grid positions where amounts end; a header cell heads every
value column it spans. Rows then go through the same builder as text tables (wrapped labels,
sections, totals), so every reader produces the same model. Line numbers are the HTML source
lines, offset to the submission when the page sits inside one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lxml import etree
from lxml import html as lxml_html

from ..errors import InputError
from ..limits import MAX_CELLS, MAX_TABLE_COLUMNS, check_deadline, check_markup, over_limit
from ..model import Document, Notice, Scale, Table
from ..numbers import parse_amount
from .cover import read_cover
from .lines import SplitLine, is_header_text
from .plaintext import states_amounts
from .text import TITLE_RE, read_scale, tables_from_lines

_BLOCKS = {"p", "div", "br", "tr", "table", "li", "h1", "h2", "h3", "h4", "h5", "h6", "address",
           "center", "title", "ul", "ol", "dt", "dd", "blockquote", "pre"}
_NON_GAAP = re.compile(r"non[\s-]?gaap|pro\s+forma|adjusted", re.I)


def _clean(text: str) -> str:
    text = text.replace("\xa0", " ").replace("\x97", "\u2014").replace("\x96", "\u2013")
    return " ".join(text.split())


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def parse_html(text: str, source: str = ""):
    check_markup(text, source)  # a page with millions of tags is refused before it is parsed
    parser = lxml_html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True)
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise InputError(f"unreadable HTML: {error}", source) from None
    cells = sum(1 for _ in root.iter("td", "th"))
    if cells > MAX_CELLS:
        raise over_limit("table cells", cells, MAX_CELLS, source)
    for element in root.iter("script", "style"):
        try:
            element.drop_tree()
        except ValueError:  # the text joined with its tail holds a control character
            _drop_with_clean_tail(element)
    return root


def _drop_with_clean_tail(element) -> None:
    """drop_tree, with the control characters (which lxml refuses to set) left out of the text
    that the element's tail joins."""
    tail = _NOT_XML.sub("", element.tail or "")
    previous, parent = element.getprevious(), element.getparent()
    if previous is not None:
        previous.tail = _NOT_XML.sub("", previous.tail or "") + tail
    else:
        parent.text = _NOT_XML.sub("", parent.text or "") + tail
    parent.remove(element)


def _walk(element, events: list):
    """Text and top-level tables in document order: ("text", text, line) / ("table", el)."""
    if not isinstance(element.tag, str):
        return
    tag = element.tag.lower()
    if tag == "table":
        events.append(("table", element, element.sourceline or 0))
        return
    if tag in _BLOCKS:
        events.append(("break", "", element.sourceline or 0))
    if element.text:
        events.append(("text", element.text, element.sourceline or 0))
    for child in element:
        _walk(child, events)
        if child.tail:
            events.append(("text", child.tail, child.sourceline or 0))
    if tag in _BLOCKS:
        events.append(("break", "", element.sourceline or 0))


def html_lines(text: str) -> list[str]:
    """The page as plain lines (block elements end a line), for the cover-page reader."""
    events: list = []
    _walk(parse_html(text), events)
    lines, current = [], []
    for kind, value, _ in events:
        if kind == "text":
            current.append(value)
        else:
            lines.append(_clean(" ".join(current)))
            current = []
            if kind == "table":
                for row in value.iter("tr"):
                    lines.append("   ".join(t for t in (_clean(c.text_content()) for c in row
                                                         if isinstance(c.tag, str)) if t))
    lines.append(_clean(" ".join(current)))
    return [line for line in lines if line]


@dataclass
class _GridCell:
    text: str
    start: int
    end: int  # last grid column covered
    line: int


def _grid(table) -> list[list[_GridCell]]:
    rows: list[list[_GridCell]] = []
    pending_rowspans: dict[int, int] = {}
    for tr in table.iter("tr"):
        if tr.getparent() is not None and _enclosing_table(tr) is not table:
            continue
        column, row = 0, []
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            while pending_rowspans.get(column, 0) > 0:
                pending_rowspans[column] -= 1
                column += 1
            span = _int(cell.get("colspan"), 1)
            rowspan = _int(cell.get("rowspan"), 1)
            if rowspan > 1:
                for covered in range(column, column + span):
                    pending_rowspans[covered] = rowspan - 1
            row.append(_GridCell(_clean(cell.text_content()), column, column + span - 1,
                                 cell.sourceline or tr.sourceline or 0))
            column += span
            if column > MAX_TABLE_COLUMNS:
                raise over_limit("columns in one table", column, MAX_TABLE_COLUMNS, "")
        rows.append(row)
    return rows


def _enclosing_table(element):
    parent = element.getparent()
    while parent is not None and (not isinstance(parent.tag, str) or parent.tag.lower() != "table"):
        parent = parent.getparent()
    return parent


def _int(value, default: int) -> int:
    try:
        return max(1, min(int(value), 50))
    except (TypeError, ValueError):
        return default


def _is_value(text: str) -> bool:
    return parse_amount(text).kind in ("amount", "dash", "percent")


def _merge_marks(row: list[_GridCell]) -> list[_GridCell]:
    """Join "$", "(" to the amount after them and ")", "%" to the amount before them."""
    cells = [c for c in row if c.text]
    merged: list[_GridCell] = []
    carry = ""
    for cell in cells:
        if cell.text in ("$", "(", "$(", "($"):
            carry += cell.text
            continue
        if cell.text in (")", "%", ")%") and merged and _is_value(merged[-1].text + cell.text):
            merged[-1] = _GridCell(merged[-1].text + cell.text, merged[-1].start, merged[-1].end,
                                   merged[-1].line)
            continue
        merged.append(_GridCell(carry + cell.text if carry and _is_value(carry + cell.text) else cell.text,
                                cell.start, cell.end, cell.line))
        carry = ""
    return merged


def _value_columns(rows: list[list[_GridCell]]) -> list[int]:
    """Grid positions where amounts end, adjacent positions merged when no row uses both."""
    used: dict[int, set[int]] = {}
    for index, row in enumerate(rows):
        for cell in row[1:] if row and not _is_value(row[0].text) else row:
            if _is_value(cell.text):
                used.setdefault(cell.end, set()).add(index)
    positions = sorted(used)
    merged: list[list[int]] = []
    for position in positions:
        if merged and position - merged[-1][-1] <= 1 and not (
                used[position] & set().union(*(used[p] for p in merged[-1]))):
            merged[-1].append(position)
        else:
            merged.append([position])
    support = max(1, len(rows) // 25)
    return [group[-1] for group in merged
            if len(set().union(*(used[p] for p in group))) >= support]


def _column_of(position: int, columns: list[int]) -> int | None:
    for index, column in enumerate(columns):
        if column - 1 <= position <= column:
            return index
    return None


def _split_rows(rows: list[list[_GridCell]], offset: int) -> list[SplitLine]:
    merged_rows = [_merge_marks(r) for r in rows]
    columns = _value_columns(merged_rows)
    splits: list[SplitLine] = []
    seen_data = False
    for row in merged_rows:
        if not row:
            continue
        line = row[0].line + offset
        left_of_values = not columns or row[0].end < columns[0] - 1
        label = row[0].text if left_of_values and not _is_value(row[0].text) else ""
        body = row[1:] if label else row
        values = [c for c in body if _is_value(c.text)]
        years = bool(values) and all(re.fullmatch(r"(19|20)\d\d", c.text) for c in values)
        if values and len(values) == len(body) and not (years and not seen_data):
            cells = [""] * len(columns)
            placed = True
            for cell in values:
                index = _column_of(cell.end, columns)
                if index is None or cells[index]:
                    placed = False
                    break
                cells[index] = cell.text
            if placed:
                seen_data = True
                splits.append(SplitLine(line, label, tuple(cells), "data", True))
                continue
            splits.append(SplitLine(line, label, ("(amounts not aligned with the columns)",), "text"))
            continue
        heads = [""] * len(columns)
        for cell in body:
            for index, column in enumerate(columns):
                if cell.start <= column <= cell.end or cell.start <= column - 1 <= cell.end:
                    heads[index] = f"{heads[index]} {cell.text}".strip()
        if any(heads) and (not seen_data or is_header_text(" ".join(heads))):
            splits.append(SplitLine(line, label if seen_data else "", tuple(heads), "header", True))
        elif label or (seen_data and len(body) == 1):
            # a label row (a wide first cell spanning the value columns is still a label)
            splits.append(SplitLine(line, label or body[0].text, tuple("" for _ in columns), "label", True))
    return splits


def _title_and_scale(preceding: str, rows: list[list[_GridCell]]) -> tuple[str, Scale]:
    leading = " ".join(c.text for row in rows[:4] for c in row)
    title = ""
    for text in (preceding[-600:], leading):
        matches = list(TITLE_RE.finditer(text))
        if matches:
            title = _title_around(text, matches[-1])
    scale = read_scale(preceding[-300:] + " " + leading) or Scale()
    return title, scale


def _title_around(text: str, match: re.Match) -> str:
    start = max(text.rfind("  ", 0, match.start()), text.rfind(".", 0, match.start()), 0)
    return " ".join(text[start:match.end()].split()).strip(". ")


def read_html_tables(text: str, first_line: int = 1) -> tuple[list[Table], list[Notice], list]:
    """Statement tables and the amount-stating prose of an HTML page."""
    events: list = []
    _walk(parse_html(text), events)
    offset = first_line - 1
    tables: list[Table] = []
    notices: list[Notice] = []
    narrative: list[tuple[int, str]] = []
    preceding = ""
    paragraph: list[str] = []
    paragraph_line = 0
    follows_table = False  # no text since the last statement table ended
    for kind, value, line in events:
        if kind == "text":
            paragraph.append(value)
            paragraph_line = paragraph_line or line
            if value.strip():
                follows_table = False
            continue
        sentence = _clean(" ".join(paragraph))
        if len(sentence) > 60 and states_amounts(sentence):
            narrative.append((paragraph_line + offset, sentence))
        preceding = f"{preceding}  {sentence}"[-2000:] if sentence else preceding
        paragraph, paragraph_line = [], 0
        if kind == "table":
            check_deadline()
            found, found_notices = _read_table(value, preceding, offset)
            if not found and follows_table and tables:
                found, found_notices = _continuation(value, tables[-1], offset)
                if found:
                    tables[-1] = replace(tables[-1], rows=tables[-1].rows + found[0].rows)
                    notices.extend(found_notices)
                    continue
            tables.extend(found)
            notices.extend(found_notices)
            if found:
                preceding = ""
                follows_table = True
    return tables, notices, narrative


def _continuation(table, statement: Table, offset: int) -> tuple[list[Table], list[Notice]]:
    """A table with no title of its own printed right after a statement table (nothing but
    space between), whose columns are the statement's: the statement continued (a page break
    in the release). Anything else is not read."""
    rows = _grid(table)
    found, notices = tables_from_lines(statement.title, (table.sourceline or 0) + offset,
                                       statement.scale, _split_rows(rows, offset))
    if len(found) != 1 or found[0].columns != statement.columns or found[0].statement != statement.statement:
        return [], []
    return found, notices


def _read_table(table, preceding: str, offset: int) -> tuple[list[Table], list[Notice]]:
    rows = _grid(table)
    title, scale = _title_and_scale(preceding, rows)
    if not title:
        return [], []
    found, notices = tables_from_lines(title, (table.sourceline or 0) + offset, scale,
                                       _split_rows(rows, offset))
    if _NON_GAAP.search(title):
        found = [_as_non_gaap(t) for t in found]
    return found, notices


def _as_non_gaap(table: Table) -> Table:
    return replace(table, columns=tuple(replace(c, basis="non-gaap") for c in table.columns))


def looks_like_html(text: str) -> bool:
    """An HTML page: it says so at its start, or it holds table markup (text readers take the rest)."""
    head = text[:4096].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<html" in head:
        return True
    start = text[:200000]
    if "<t" not in start and "<T" not in start:  # (plain text: no table markup to look for)
        return False
    start = start.lower()
    return "<table" in start and "<td" in start


def read_exhibit(text: str, first_line: int) -> tuple[list[Table], list[Notice], list]:
    """An HTML exhibit of a submission: its tables, notices and narrative (line numbers offset
    to the submission)."""
    return read_html_tables(text, first_line)


def read_html(text: str, source: str) -> Document:
    """A bare HTML exhibit or press-release page."""
    tables, notices, narrative = read_html_tables(text)
    cover = read_cover(html_lines(text))
    if not tables:
        notices.append(Notice("warning", 0, "no financial statement tables found"))
    return Document(source, "html", tuple(cover), tuple(tables), tuple(notices), tuple(narrative))
