"""What a review page shows, as plain data: ConversionResult -> ReviewPage.

Takes the result of one conversion (its document's numbered source lines, the tables after the
passes, the instance and its notices). Gives the page's content, with nothing left to decide in
the template:
- blocks of source lines, as the reader numbered them: the cover page lines that gave dei facts,
  each statement from its title to its last row (overlapping statements are one block), and
  the other lines a notice is about;
- each line cut into spans: plain text, a printed number (or cover value) that became a fact
  (linked to the fact's row), a refused cell or value (linked to the refusal, with its reason);
- each notice under its line (notices about no line are listed apart);
- one row per fact: concept, value, period, basis, unit, decimals, how it was confirmed.

The link from a fact to its printed cell goes through the tables: a fact keeps its row's line
and label, and a column's period gives the fact's context (the period itself, or its end or the
day before its start for a balance). HTML sources are shown with their markup taken out (each
line keeps its number). Nothing here changes a fact.
"""
from __future__ import annotations

import html
import re
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


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a source line: plain (`kind` ""), a fact ("fact") or a refusal ("refused");
    `ref` is the anchor it links to, `title` what it is, `css` its colour class."""

    text: str
    kind: str = ""
    ref: str = ""
    title: str = ""
    css: str = ""


@dataclass(frozen=True, slots=True)
class ShownNotice:
    id: str
    kind: str  # warning | refusal | note
    line: int
    message: str
    detail: str


@dataclass(frozen=True, slots=True)
class ShownLine:
    number: int
    spans: tuple[Span, ...]
    notices: tuple[ShownNotice, ...]


@dataclass(frozen=True, slots=True)
class Block:
    id: str
    title: str
    lines: tuple[ShownLine, ...]


@dataclass(frozen=True, slots=True)
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
    shown: bool  # the printed number is marked in a block


@dataclass(frozen=True, slots=True)
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
    texts = display_lines(document.lines, document.format)
    notices = tuple(ShownNotice(f"n{index}", n.kind, n.line, n.message, n.detail)
                    for index, n in enumerate(instance.notices, 1))
    contexts = {c.id: c for c in instance.contexts}
    marks: dict[int, list[tuple[int, int, Span]]] = {}
    placed = _place_table_facts(result.tables or document.tables, instance.facts, texts, marks,
                                document.format)
    placed |= _place_cover_facts(instance.facts, texts, marks)
    _place_refusals(notices, texts, marks)
    facts = tuple(_fact_row(index, fact, contexts, index in placed)
                  for index, fact in enumerate(instance.facts))
    ranges = _block_ranges(result, texts)
    by_line: dict[int, list[ShownNotice]] = {}
    for notice in notices:
        if 0 < notice.line <= len(texts):
            by_line.setdefault(notice.line, []).append(notice)
    blocks = [Block(f"b{index}", title, tuple(_shown(number, texts, marks, by_line)
                                              for number in range(first, last + 1)
                                              if texts[number - 1].strip() or number in by_line))
              for index, (first, last, title) in enumerate(ranges, 1)]
    covered = {n for first, last, _ in ranges for n in range(first, last + 1)}
    elsewhere = sorted(n for n in by_line if n not in covered)
    if elsewhere:
        blocks.append(Block(f"b{len(blocks) + 1}", "Other lines with notices",
                            tuple(_shown(n, texts, marks, by_line) for n in elsewhere)))
    general = tuple(n for n in notices if not 0 < n.line <= len(texts))
    counts = {"facts": len(instance.facts), "refusals": len(result.refusals),
              "warnings": len(result.warnings), "tables": len(document.tables)}
    return ReviewPage(result.source, result.reader, f"{instance.entity.identifier} "
                      f"({instance.entity.scheme})", counts, tuple(blocks), facts, general)


# ---------------------------------------------------------------- the lines as shown

_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\xa0]{2,}")


def display_lines(lines: tuple[str, ...], format: str) -> list[str]:
    """The lines as the page shows them: tabs expanded; for HTML (a page, or a submission that
    may hold HTML exhibits) markup taken out and entities read, every line keeping its number."""
    if format not in ("html", "edgar-submission"):
        return [line.expandtabs(8).rstrip() for line in lines]
    text = _TAG.sub(lambda tag: "\n" * tag.group().count("\n") or " ", "\n".join(lines))
    shown = []
    for line in text.split("\n"):
        line = html.unescape(line) if "&" in line else line
        shown.append(_SPACES.sub("   ", line.expandtabs(8)).strip() if format == "html"
                     else line.expandtabs(8).rstrip())
    return shown


def _block_ranges(result: ConversionResult, texts: list[str]) -> list[tuple[int, int, str]]:
    """(first line, last line, title) of each block, in line order, overlapping ones merged."""
    ranges: list[tuple[int, int, str]] = []
    cover = sorted({f.line for f in result.instance.facts if f.concept.startswith("dei:")
                    and 0 < f.line <= len(texts)})
    start = None
    for index, line in enumerate(cover):
        start = line if start is None else start
        if index + 1 == len(cover) or cover[index + 1] - line > MAX_COVER_SPAN:
            ranges.append((start, line, "Cover page"))
            start = None
    for table in result.tables or result.document.tables:
        last = max([table.line] + [row.line for row in table.rows]
                   + [c.line for row in table.rows for c in row.cells if c is not None])
        if result.document.format in ("html", "edgar-submission"):
            last = _html_table_end(result.document.lines, last)
        first = max(1, min(table.line, last))
        ranges.append((first, min(last, len(texts)), table.title or table.statement))
    ranges.sort()
    merged: list[tuple[int, int, str]] = []
    for first, last, title in ranges:
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


def _shown(number: int, texts: list[str], marks: dict, by_line: dict) -> ShownLine:
    text = texts[number - 1]
    spans: list[Span] = []
    position = 0
    for start, end, span in sorted(marks.get(number, ()), key=lambda m: m[0]):
        if start > position:
            spans.append(Span(text[position:start]))
        spans.append(Span(text[start:end], span.kind, span.ref, span.title, span.css))
        position = end
    if position < len(text) or not spans:
        spans.append(Span(text[position:]))
    return ShownLine(number, tuple(spans), tuple(by_line.get(number, ())))


# ---------------------------------------------------------------- facts and refusals placed


def _core(text: str) -> str:
    """The printed figure without its dollar sign, parentheses and percent sign."""
    return text.strip().lstrip("$(").rstrip(")%").strip().lstrip("$").strip()


def _find(texts: list[str], marks: dict, line: int, wanted: str, after: int = 0,
          figure: bool = True) -> tuple[int, int] | None:
    """Where `wanted` is printed on `line` at or after `after`, overlapping no earlier mark; a
    figure must stand alone (not part of a larger number); other text is found in any case."""
    if not wanted or not 0 < line <= len(texts):
        return None
    text = haystack = texts[line - 1]
    needle = wanted
    if not figure and len(text.lower()) == len(text):
        haystack, needle = text.lower(), wanted.lower()
    taken = marks.get(line, ())
    start = haystack.find(needle, after)
    while start >= 0:
        end = start + len(needle)
        if (not figure or _stands_alone(text, start, end)) and not any(
                start < e and s < end for s, e, _ in taken):
            return start, end
        start = haystack.find(needle, start + 1)
    return None


def _stands_alone(text: str, start: int, end: int) -> bool:
    """No digit, comma or decimal point joins the figure at text[start:end] to a larger one."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isdigit() or before in ",." or after.isdigit() or after == ",":
        return False
    return not (after == "." and text[end + 1:end + 2].isdigit())


def _mark(marks: dict, line: int, where: tuple[int, int], span: Span) -> None:
    """Mark the printed text at `where` on `line` as `span` (its text is filled when shown)."""
    marks.setdefault(line, []).append((where[0], where[1], span))


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


def _place_table_facts(tables, facts: tuple[Fact, ...], texts: list[str], marks: dict,
                       format: str) -> set[int]:
    """Mark each table cell that became a fact; the indexes of the facts marked."""
    index: dict[tuple[int, str, str], int] = {}
    for position, fact in enumerate(facts):
        index.setdefault((fact.line, fact.label, fact.context_id), position)
    placed: set[int] = set()
    reach = HTML_TABLE_END if format in ("html", "edgar-submission") else 0
    for table in tables:
        columns = [_column_contexts(c.period, c.basis) for c in table.columns]
        for row in table.rows:
            cursor: dict[int, int] = {}
            for ids, cell in zip(columns, row.cells):
                if cell is None or not cell.text:
                    continue
                number = next((index[key] for key in ((row.line, row.label, i) for i in ids)
                               if key in index and index[key] not in placed), None)
                printed = cell.text if number is None else _printed_figure(cell.text, facts[number])
                where = _locate(texts, marks, printed, cell.line, cursor, reach)
                if where is None:
                    continue
                line, span = where
                if number is not None:
                    placed.add(number)
                    _mark(marks, line, span, _fact_span(number, facts[number]))
                elif cell.kind == "refused":
                    _mark(marks, line, span, Span("", "refused", f"L{line}", "refused: "
                                                  f"{cell.refusal or 'not a clean amount'}", "refused"))
    return placed


_FIGURE = re.compile(r"[\d.]+")


def _printed_figure(text: str, fact: Fact) -> str:
    """The figure of a cell that a fact was read from: the whole cell, or, when the cell holds
    the values of a merged line ("185,156 7,271"), the one whose digits give the fact's value
    at its printed scale."""
    figures = [part for part in re.split(r"\s+|\|", text) if any(ch.isdigit() for ch in part)]
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


def _locate(texts: list[str], marks: dict, printed: str, first: int, cursor: dict[int, int],
            reach: int) -> tuple[int, tuple[int, int]] | None:
    """The line and span of a printed figure, left to right along its row (an HTML cell may
    sit on a line below its row's first cell)."""
    wanted = _core(printed)
    figure = any(ch.isdigit() for ch in wanted)
    for line in range(first, first + reach + 1):
        found = _find(texts, marks, line, wanted, cursor.get(line, 0), figure)
        if found is not None:
            cursor[line] = found[1]
            return line, found
    return None


def _fact_span(number: int, fact: Fact) -> Span:
    kind = confirmation_kind(fact.confirmation)
    return Span("", "fact", f"f{number + 1}", f"{fact.concept} = {fact.value} "
                f"({fact.context_id}, {fact.unit_id or 'no unit'}, decimals {fact.decimals}; "
                f"{kind}: {fact.confirmation})", "c-" + kind.split()[0])


def _printed_forms(value: str) -> tuple[str, ...]:
    """A cover value as it may be printed: itself, and a date also as "August 20, 2004"."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return (value,)
    return (value, f"{day:%B} {day.day}, {day.year}", f"{day:%B} {day.day},{day.year}",
            f"{day:%B} {day.day} {day.year}")


def _place_cover_facts(facts: tuple[Fact, ...], texts: list[str], marks: dict) -> set[int]:
    placed = set()
    for number, fact in enumerate(facts):
        if not fact.concept.startswith("dei:") or not 0 < fact.line <= len(texts):
            continue
        where = None
        for printed in _printed_forms(fact.value):
            where = where or _find(texts, marks, fact.line, printed, 0, figure=False)
        if where is not None:
            placed.add(number)
            _mark(marks, fact.line, where, _fact_span(number, fact))
    return placed


def _place_refusals(notices: tuple[ShownNotice, ...], texts: list[str], marks: dict) -> None:
    """Mark the printed text a refusal is about (its detail: the cells or the label) on its
    line, linked to the refusal."""
    for notice in notices:
        if notice.kind != "refusal" or not notice.detail:
            continue
        parts = [p.strip() for p in notice.detail.split(" | ")]
        for part in parts:
            where = _find(texts, marks, notice.line, part, 0, figure=False)
            pieces = [where] if where is not None else [
                _find(texts, marks, notice.line, token, 0, figure=False)
                for token in part.split() if any(ch.isdigit() for ch in token)]
            for found in pieces:
                if found is not None:
                    _mark(marks, notice.line, found, Span("", "refused", notice.id,
                                                          f"refused: {notice.message}", "refused"))


def _fact_row(number: int, fact: Fact, contexts: dict[str, Context], shown: bool) -> FactRow:
    context = contexts.get(fact.context_id)
    period, basis = fact.context_id, "GAAP"
    if context is not None:
        p = context.period
        period = p.end.isoformat() if p.start is None else f"{p.start.isoformat()} to {p.end.isoformat()}"
        basis = ", ".join(member.split(":")[-1] for _, member in context.dimensions) or "GAAP"
    return FactRow(f"f{number + 1}", number + 1, fact.concept, fact.value, period, basis,
                   fact.unit_id or "", fact.decimals or "", confirmation_kind(fact.confirmation),
                   fact.confirmation, fact.line, fact.label, shown)

