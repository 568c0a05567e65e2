"""What a review page shows, as plain data: ConversionResult -> ReviewPage.

Takes the result of one conversion (its document's numbered source lines, the tables after the
passes, the instance and its notices). Gives the page's content, with nothing left to decide in
the writer:
- blocks of source lines, as the reader numbered them: the cover page lines that gave dei facts,
  each statement from its title to its last row (overlapping statements are one block), and
  the other lines a notice is about;
- each line cut into pieces: plain text, or a `Mark` for a printed number (or cover value) that
  became a fact (linked to the fact's row) or for a refused cell or value (linked to the
  refusal, with its reason);
- each notice under its line (notices about no line are listed apart);
- one row per fact: concept, value, period, basis, unit, decimals, how it was confirmed.

The link from a fact to its printed cell goes through the tables: a fact keeps its row's line
and label, and a column's period gives the fact's context (the period itself, or its end or the
day before its start for a balance); the cell's figure is then found on its line, left to
right. HTML sources are shown with their markup taken out (each line keeps its number). Only
the lines shown are prepared. Nothing here changes a fact.
"""
from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from ..build import context_id
from ..model import Context, Fact
from ..periods import Period
from ..result import ConversionResult

CONFIRMATIONS = ("read clean", "recovered", "corrected by arithmetic")
MAX_COVER_SPAN = 80  # cover lines further apart than this are shown as separate blocks
HTML_TABLE_END = 400  # how far past a table's last row its closing tag is looked for
HTML_ROW_LINES = 60  # how far below its row's first line an HTML cell is looked for
HTML_FORMATS = ("html", "edgar-submission")  # a submission may hold HTML exhibits


@dataclass(slots=True)
class Mark:
    """What a marked piece of a line is: a fact ("fact") or a refusal ("refused"); `ref` is the
    anchor it links to, `title` what it is in words, `css` its colour class."""

    kind: str
    ref: str
    title: str
    css: str


@dataclass(slots=True)
class ShownNotice:
    id: str
    kind: str  # warning | refusal | note
    line: int
    message: str
    detail: str


@dataclass(slots=True)
class ShownLine:
    number: int
    pieces: tuple[tuple[str, Mark | None], ...]  # (text, None) or (printed text, its mark)
    notices: tuple[ShownNotice, ...]


@dataclass(slots=True)
class Block:
    id: str
    title: str
    lines: tuple[ShownLine, ...]


@dataclass(slots=True)
class FactRow:
    id: str
    number: int
    concept: str
    value: str
    period: str
    basis: str
    unit: str
    decimals: str
    confirmation: str  # one of CONFIRMATIONS
    how: str  # the conversion's own words
    line: int
    label: str
    marked: bool = False  # its printed number is marked on its line
    linked: bool = False  # its line is on the page


@dataclass(slots=True)
class ReviewPage:
    source: str
    reader: str
    entity: str
    counts: dict[str, int]
    blocks: tuple[Block, ...]
    facts: tuple[FactRow, ...]
    general: tuple[ShownNotice, ...]  # notices about no line


def confirmation_kind(text: str) -> str:
    """The confirmation's category (CONFIRMATIONS) from the conversion's words."""
    if text == "read cleanly":
        return "read clean"
    if "corrected" in text:
        return "corrected by arithmetic"
    return "recovered"


def build_page(result: ConversionResult) -> ReviewPage:
    """The review page of one conversion (see the module docstring)."""
    document, instance = result.document, result.instance
    tables = result.tables or document.tables
    table_ranges = _table_ranges(result)
    texts = SourceText(document.lines, document.format, table_ranges)
    notices = tuple(ShownNotice(f"n{index}", n.kind, n.line, n.message, n.detail)
                    for index, n in enumerate(instance.notices, 1))
    periods = _period_texts(instance.contexts)
    fact_marks = [_fact_mark(number, fact) for number, fact in enumerate(instance.facts, 1)]
    marks: dict[int, list[tuple[int, int, Mark]]] = {}
    placed = _place_table_facts(tables, instance.facts, fact_marks, texts, marks)
    cover = _place_cover_facts(instance.facts, fact_marks, texts, marks)
    cover_ranges = _cover_ranges(sorted({instance.facts[i].line for i in cover}))
    texts.prepare(cover_ranges)
    ranges = _merged(table_ranges + cover_ranges)
    _place_refusals(notices, texts, marks)
    by_line: dict[int, list[ShownNotice]] = {}
    for notice in notices:
        if 0 < notice.line <= texts.count:
            by_line.setdefault(notice.line, []).append(notice)
    blocks = [Block(f"b{index}", title, tuple(_shown(number, texts, marks, by_line)
                                              for number in _block_lines(texts, by_line, first, last)))
              for index, (first, last, title) in enumerate(ranges, 1)]
    covered = {n for first, last, _ in ranges for n in range(first, last + 1)}
    elsewhere = sorted(n for n in by_line if n not in covered)
    if elsewhere:
        blocks.append(Block(f"b{len(blocks) + 1}", "Other lines with notices",
                            tuple(_shown(n, texts, marks, by_line) for n in elsewhere)))
    shown_lines = {line.number for block in blocks for line in block.lines}
    counts = {"facts": len(instance.facts), "refusals": len(result.refusals),
              "warnings": len(result.warnings), "tables": len(document.tables)}
    return ReviewPage(result.source, result.reader, f"{instance.entity.identifier} "
                      f"({instance.entity.scheme})", counts, tuple(blocks),
                      _fact_rows(instance.facts, periods, placed | cover, shown_lines),
                      tuple(n for n in notices if not 0 < n.line <= texts.count))


# ---------------------------------------------------------------- the lines as shown

_TAG = re.compile(r"<[^>]*>")
_HTML_TAG = re.compile(r"<(?:td|tr|p|div|table|span|font|br)\b", re.I)
_SPACES = re.compile(r"[ \t\xa0]{2,}")


class SourceText:
    """The source lines as the page shows them: tabs expanded; for HTML, markup taken out and
    entities read (each block's lines at once, so a tag spanning lines goes as a whole; every
    line keeps its number; the text exhibits of a submission keep their fixed width). The
    lines of the blocks are made at once, with the list of those that are not blank (an HTML
    table is mostly lines of markup only); any other line when first asked for."""

    def __init__(self, lines: tuple[str, ...], format: str, ranges: list[tuple[int, int, str]]):
        self.lines = lines
        self.count = len(lines)
        self.markup = format in HTML_FORMATS  # HTML, or a submission that may hold some
        self.page = format == "html"
        self.shown: dict[int, str] = {}
        self.filled: list[int] = []  # the block lines that are not blank, in order
        self.prepare(ranges)

    def prepare(self, ranges: list[tuple[int, int, str]]) -> None:
        """Make the lines of these blocks."""
        filled = set(self.filled)
        for first, last, _ in ranges:
            chunk = "\n".join(self.lines[first - 1:last])
            markup = self._is_markup(chunk)
            if markup:  # (most lines of an HTML table are markup only: their spaces are not shortened)
                stripped = (text.strip() for text in _unescape(_without_tags(chunk)).split("\n"))
                texts = [_SPACES.sub("   ", text) if text else text for text in stripped]
            else:
                texts = [text.rstrip() for text in chunk.expandtabs(8).split("\n")]
            numbers = range(first, first + len(texts))
            self.shown.update(zip(numbers, texts))
            filled.update(number for number, text in zip(numbers, texts) if text)
        self.filled = sorted(filled)

    def line(self, number: int) -> str:
        """Line `number` as shown ("" past the end)."""
        text = self.shown.get(number)
        if text is None:
            if not 0 < number <= self.count:
                return ""
            raw = self.lines[number - 1]
            if self._is_markup(raw):
                text = _SPACES.sub("   ", _unescape(_TAG.sub(" ", raw))).strip()
            else:
                text = raw.expandtabs(8).rstrip() if "\t" in raw else raw.rstrip()
            self.shown[number] = text
        return text

    def _is_markup(self, text: str) -> bool:
        """HTML to take the markup out of: an HTML page, or HTML in a submission (whose text
        exhibits keep their fixed width)."""
        return self.page or (self.markup and _HTML_TAG.search(text) is not None)

    def filled_between(self, first: int, last: int) -> list[int]:
        """The block lines from `first` to `last` that are not blank."""
        return self.filled[bisect_left(self.filled, first):bisect_right(self.filled, last)]

    def raw(self, number: int) -> str:
        """Line `number` as the source has it ("" past the end)."""
        return self.lines[number - 1] if 0 < number <= self.count else ""


def _unescape(text: str) -> str:
    """HTML text with its entities read (the no-break spaces that fill tables first, cheaply)."""
    if "&" not in text:
        return text
    text = text.replace("&nbsp;", " ").replace("&#160;", " ")
    return html.unescape(text) if "&" in text else text


def _without_tags(text: str) -> str:
    """HTML with each tag taken out: a space, or the line breaks of a tag that spans lines (so
    the lines keep their numbers; such tags are rare, and looked for only when there is one)."""
    plain = _TAG.sub(" ", text)
    if plain.count("\n") != text.count("\n"):
        plain = _TAG.sub(_tag_gap, text)
    return plain


def _tag_gap(tag: re.Match) -> str:
    """What a tag leaves: its line breaks (so the lines keep their numbers), else a space."""
    return "\n" * tag.group().count("\n") or " "


def _table_ranges(result: ConversionResult) -> list[tuple[int, int, str]]:
    """(first line, last line, title) of each statement."""
    count = len(result.document.lines)
    ranges = []
    for table in result.tables or result.document.tables:
        last = max([table.line] + [row.line for row in table.rows]
                   + [c.line for row in table.rows for c in row.cells if c is not None])
        if result.document.format in HTML_FORMATS and "<" in _line(result.document.lines, last):
            last = _html_table_end(result.document.lines, last)  # an HTML table, not a text one
        first = max(1, min(table.line, last))
        if first <= count:
            ranges.append((first, min(last, count), table.title or table.statement))
    return ranges


def _line(lines: tuple[str, ...], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _cover_ranges(lines: list[int]) -> list[tuple[int, int, str]]:
    """The cover page's blocks: from its first marked line to its last, split where two are
    more than MAX_COVER_SPAN lines apart."""
    ranges = []
    start = None
    for index, line in enumerate(lines):
        start = line if start is None else start
        if index + 1 == len(lines) or lines[index + 1] - line > MAX_COVER_SPAN:
            ranges.append((start, line, "Cover page"))
            start = None
    return ranges


def _merged(ranges: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The ranges in line order, overlapping or adjacent ones merged (their titles joined)."""
    merged: list[tuple[int, int, str]] = []
    for first, last, title in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            old = merged[-1]
            titles = old[2] if title in old[2].split(" / ") else f"{old[2]} / {title}"
            merged[-1] = (old[0], max(old[1], last), titles)
        else:
            merged.append((first, last, title))
    return merged


def _html_table_end(lines: tuple[str, ...], last: int) -> int:
    """The line of the `</table>` closing a table whose last row starts on `last` (the row's
    other cells sit on the lines below it); `last` itself in a text exhibit."""
    for number in range(last, min(len(lines), last + HTML_TABLE_END) + 1):
        if "</table" in lines[number - 1].lower():
            return number
    return last


def _block_lines(texts: SourceText, by_line: dict, first: int, last: int) -> list[int]:
    """The lines a block shows: those not blank, and those a notice is about."""
    lines = texts.filled_between(first, last)
    noticed = [n for n in by_line if first <= n <= last]
    return sorted(set(lines).union(noticed)) if noticed else lines


def _shown(number: int, texts: SourceText, marks: dict, by_line: dict) -> ShownLine:
    text = texts.line(number)
    if number not in marks:
        return ShownLine(number, ((text, None),), tuple(by_line.get(number, ())))
    pieces: list[tuple[str, Mark | None]] = []
    position = 0
    for start, end, mark in sorted(marks.get(number, ()), key=lambda m: m[0]):
        if start > position:
            pieces.append((text[position:start], None))
        pieces.append((text[start:end], mark))
        position = end
    if position < len(text) or not pieces:
        pieces.append((text[position:], None))
    return ShownLine(number, tuple(pieces), tuple(by_line.get(number, ())))


# ---------------------------------------------------------------- facts and refusals placed


def _core(text: str) -> str:
    """The printed figure without its dollar sign, parentheses and percent sign."""
    return text.strip().lstrip("$(").rstrip(")%").strip().lstrip("$").strip()


def _find(texts: SourceText, marks: dict, line: int, wanted: str, after: int = 0,
          figure: bool = True) -> tuple[int, int] | None:
    """Where `wanted` is printed on `line` at or after `after`, standing alone and overlapping
    no earlier mark; text other than a figure is found in any case."""
    text = haystack = texts.line(line)
    if not wanted or not text:
        return None
    needle = wanted
    if not figure:
        lowered = text.lower()
        if len(lowered) == len(text):
            haystack, needle = lowered, wanted.lower()
    taken = marks.get(line, ())
    start = haystack.find(needle, after)
    while start >= 0:
        end = start + len(needle)
        if _stands_alone(text, start, end, figure) and not any(
                start < e and s < end for s, e, _ in taken):
            return start, end
        start = haystack.find(needle, start + 1)
    return None


def _stands_alone(text: str, start: int, end: int, figure: bool) -> bool:
    """Nothing joins text[start:end] to a larger word: for a figure, no digit, comma or decimal
    point ("7,271" is not the end of "127,271"); for other text, no letter or digit."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if not figure:
        return not (before.isalnum() or after.isalnum())
    if before.isdigit() or before in ",." or after.isdigit() or after == ",":
        return False
    return not (after == "." and text[end + 1:end + 2].isdigit())


def _column_contexts(period: Period | None, basis: str) -> tuple[str, ...]:
    """The context ids a fact of this column may have: the column's period, or for a balance
    its end or the day before its start."""
    if period is None:
        return ()
    ids = [context_id(period, basis)]
    if period.start is not None:
        ids.append(context_id(Period(period.end), basis))
        ids.append(context_id(Period(period.start - timedelta(days=1)), basis))
    return tuple(ids)


def _place_table_facts(tables, facts: tuple[Fact, ...], fact_marks: list[Mark], texts: SourceText,
                       marks: dict) -> set[int]:
    """Mark each table cell that became a fact; the indexes of the facts marked."""
    index: dict[tuple[int, str, str], int] = {}
    for position, fact in enumerate(facts):
        index.setdefault((fact.line, fact.label, fact.context_id), position)
    placed: set[int] = set()
    for table in tables:
        columns = [_column_contexts(c.period, c.basis) for c in table.columns]
        for row in table.rows:
            cursor: dict[int, int] = {}
            for ids, cell in zip(columns, row.cells):
                if cell is None or not cell.text:
                    continue
                number = None
                for context in ids:
                    found = index.get((row.line, row.label, context))
                    if found is not None and found not in placed:
                        number = found
                        break
                if number is None and cell.kind != "refused":
                    continue  # a figure that is neither a fact nor refused is not marked
                printed = cell.text if number is None else _printed_figure(cell.text, facts[number])
                reach = HTML_ROW_LINES if texts.markup and "<" in texts.raw(cell.line) else 0
                where = _locate(texts, marks, _core(printed), cell.line, cursor, reach)
                if where is None:
                    continue
                line, (start, end) = where
                if number is not None:
                    placed.add(number)
                    marks.setdefault(line, []).append((start, end, fact_marks[number]))
                elif cell.kind == "refused":
                    mark = Mark("refused", f"L{line}", "refused: "
                                f"{cell.refusal or 'not a clean amount'}", "refused")
                    marks.setdefault(line, []).append((start, end, mark))
    return placed


_FIGURE = re.compile(r"[\d.]+")
_FIGURE_SPLIT = re.compile(r"\s+|\|")


def _printed_figure(text: str, fact: Fact) -> str:
    """The figure of a cell that a fact was read from: the whole cell, or, when the cell holds
    the values of a merged line ("185,156 7,271"), the one whose digits give the fact's value
    at its printed scale."""
    if " " not in text and "|" not in text:
        return text
    figures = [part for part in _FIGURE_SPLIT.split(text) if any(ch.isdigit() for ch in part)]
    if len(figures) < 2 or fact.decimals is None:
        return text
    try:
        magnitude = abs(Decimal(fact.value)).scaleb(min(int(fact.decimals), 0))
        for figure in figures:
            digits = "".join(_FIGURE.findall(figure.replace(",", "")))
            if digits and Decimal(digits) == magnitude:
                return figure
    except (InvalidOperation, ValueError):
        pass
    return text


def _locate(texts: SourceText, marks: dict, wanted: str, first: int, cursor: dict[int, int],
            reach: int) -> tuple[int, tuple[int, int]] | None:
    """The line and span of a printed figure, left to right along its row (an HTML cell may
    sit on a line below its row's first cell)."""
    figure = any(ch.isdigit() for ch in wanted)
    for line in texts.filled_between(first, first + reach) if reach else (first,):
        if wanted not in texts.line(line):
            continue
        found = _find(texts, marks, line, wanted, cursor.get(line, 0), figure)
        if found is not None:
            cursor[line] = found[1]
            return line, found
    return None


def _fact_mark(number: int, fact: Fact) -> Mark:
    """The mark of fact `number` (from 1): a link to its row, titled with its concept."""
    kind = confirmation_kind(fact.confirmation)
    return Mark("fact", f"f{number}", fact.concept, "c-" + kind.split()[0])


def _printed_forms(value: str) -> tuple[str, ...]:
    """A cover value as it may be printed: itself, and a date also as "August 20, 2004"."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return (value,)
    return (value, f"{day:%B} {day.day}, {day.year}", f"{day:%B} {day.day},{day.year}",
            f"{day:%B} {day.day} {day.year}")


def _place_cover_facts(facts: tuple[Fact, ...], fact_marks: list[Mark], texts: SourceText,
                       marks: dict) -> set[int]:
    placed = set()
    for number, fact in enumerate(facts):
        if not fact.concept.startswith("dei:") or not 0 < fact.line <= texts.count:
            continue
        where = None
        for printed in _printed_forms(fact.value):
            where = where or _find(texts, marks, fact.line, printed, 0, figure=False)
        if where is not None:
            placed.add(number)
            marks.setdefault(fact.line, []).append((where[0], where[1], fact_marks[number]))
    return placed


def _place_refusals(notices: tuple[ShownNotice, ...], texts: SourceText, marks: dict) -> None:
    """Mark the printed text a refusal is about (its detail: the cells or the label) on its
    line, linked to the refusal."""
    for notice in notices:
        if notice.kind != "refusal" or not notice.detail:
            continue
        mark = Mark("refused", notice.id, f"refused: {notice.message}", "refused")
        for part in notice.detail.split(" | "):
            where = _find(texts, marks, notice.line, part.strip(), 0, figure=False)
            pieces = [where] if where is not None else [
                _find(texts, marks, notice.line, token, 0, figure=False)
                for token in part.split() if any(ch.isdigit() for ch in token)]
            for found in pieces:
                if found is not None:
                    marks.setdefault(notice.line, []).append((found[0], found[1], mark))


def _period_texts(contexts: tuple[Context, ...]) -> dict[str, tuple[str, str]]:
    """Context id -> (its period in words, its basis)."""
    periods: dict[str, tuple[str, str]] = {}
    for context in contexts:
        p = context.period
        period = p.end.isoformat() if p.start is None else f"{p.start.isoformat()} to {p.end.isoformat()}"
        basis = ", ".join(member.split(":")[-1] for _, member in context.dimensions) or "GAAP"
        periods[context.id] = (period, basis)
    return periods


def _fact_rows(facts: tuple[Fact, ...], periods: dict[str, tuple[str, str]], marked: set[int],
               shown_lines: set[int]) -> tuple[FactRow, ...]:
    rows = []
    for index, fact in enumerate(facts):
        period, basis = periods.get(fact.context_id, (fact.context_id, "GAAP"))
        rows.append(FactRow(f"f{index + 1}", index + 1, fact.concept, fact.value, period, basis,
                            fact.unit_id or "", fact.decimals or "",
                            confirmation_kind(fact.confirmation), fact.confirmation, fact.line,
                            fact.label, index in marked, fact.line in shown_lines))
    return tuple(rows)
