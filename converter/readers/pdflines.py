"""The pages of a PDF -> lines of positioned words (what the PDF reader builds tables from).

Takes pdfplumber pages; gives `PdfLine`s in reading order, each with its words and their boxes
(points from the top of the page). The rules follow from how PDFs print text:

- A word is what pdfplumber groups from characters; two words that touch (no visual gap, a
  space character printed at zero width: "$2" "3,410,820") are one word.
- Rotated characters (watermarks, vertical margin text) are not text of the page.
- A line is the words whose vertical extents overlap by most of the smaller one's height (a
  value printed a point lower than its label is on the label's line; "August 28," printed half a
  line above "May 7, 2023" is not).
- A small word raised above its line's baseline is a footnote mark ("2023" + superscript "1"):
  it is dropped.
- Page furniture is not text: a page number at the top or foot of a page ("5", "- 5 -",
  "Page 3 of 15", "Company/Page 3") and a line repeated at the same height among the first or
  last two lines of three or more pages (running heads, repeated company names).
Line numbers count every text line from the first page (furniture included), so a notice's line
can be found in the PDF's text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .text import is_title

_PAGE_NUMBER = re.compile(
    r"^[\W_]*(?:[A-Za-z][\w.&' ]{0,30}/\s*)?(?:page\s*)?\d{1,4}(?:\s*of\s*\d{1,4})?[\W_]*$", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
LINE_OVERLAP = 0.6  # share of the smaller height two words must share to be on one line
TOUCHING = 0.12  # a gap below this share of the font size is no gap
SUPERSCRIPT_SIZE = 0.8  # a word smaller than this share of its line's size may be a mark
FURNITURE_PAGES = 3


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)


@dataclass(frozen=True, slots=True)
class PdfLine:
    number: int  # counted from the first line of the first page
    page: int  # 0-based
    top: float
    bottom: float
    size: float  # the font size of the line's largest word
    words: tuple[Word, ...]
    page_width: float = 612.0

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def spaced_text(self) -> str:
        """The words with wide gaps kept as three spaces (as a text filing prints columns)."""
        parts: list[str] = []
        for index, word in enumerate(self.words):
            if index:
                gap = word.x0 - self.words[index - 1].x1
                parts.append("   " if gap > self.size else " ")
            parts.append(word.text)
        return "".join(parts)


def page_words(page) -> list[Word]:
    """The upright words of one pdfplumber page."""
    upright = page.filter(lambda obj: obj.get("object_type") != "char" or obj.get("upright", True))
    found = upright.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"])
    words: list[Word] = []
    for w in found:
        word = Word(_CONTROL.sub("\ufffd", w["text"]), float(w["x0"]), float(w["x1"]),
                    float(w["top"]), float(w["bottom"]), float(w["size"]))
        words.extend(_split_spaces(word))
    return words


def _split_spaces(word: Word) -> list[Word]:
    """A word holding other spaces (no-break spaces: "(225\xa0)") is split there, each part
    placed by its share of the characters."""
    if word.text.isprintable() and " " not in word.text:
        parts = word.text.split()
        if len(parts) == 1:
            return [word]
    width = (word.x1 - word.x0) / max(len(word.text), 1)
    words = [Word(part.group(), word.x0 + part.start() * width, word.x0 + part.end() * width,
                  word.top, word.bottom, word.size) for part in re.finditer(r"\S+", word.text)]
    return words or [word]


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Words -> lines (see the module docstring), each sorted left to right, top to bottom."""
    lines: list[tuple[Word, list[Word]]] = []  # (the word that set the line's extent, words)
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        best, best_share = None, LINE_OVERLAP
        for anchor, members in lines[-6:]:
            overlap = min(anchor.bottom, word.bottom) - max(anchor.top, word.top)
            share = overlap / min(anchor.height, word.height)
            if share >= best_share:
                best, best_share = members, share
        if best is None:
            lines.append((word, [word]))
        else:
            best.append(word)
    result = [sorted(members, key=lambda w: w.x0) for _, members in lines]
    result.sort(key=lambda members: min(w.top for w in members))
    return [_merge_touching(_drop_marks(members)) for members in result]


_ORDINAL = re.compile(r"st|nd|rd|th")


def _drop_marks(words: list[Word]) -> list[Word]:
    size = max(w.size for w in words)
    bottom = max(w.bottom for w in words if w.size == size)
    kept: list[Word] = []
    for word in words:
        raised = word.bottom < bottom - 0.15 * size
        if word.size < SUPERSCRIPT_SIZE * size and raised and len(word.text) <= 4:
            if kept and _ORDINAL.fullmatch(word.text) and kept[-1].text[-1:].isdigit():
                last = kept[-1]  # "85" and a raised "th": the ordinal "85th", not a mark
                kept[-1] = Word(last.text + word.text, last.x0, word.x1, last.top, last.bottom, last.size)
            continue
        kept.append(word)
    return kept or words


def _merge_touching(words: list[Word]) -> list[Word]:
    merged: list[Word] = []
    for word in words:
        if merged:
            last = merged[-1]
            if word.x0 - last.x1 < TOUCHING * min(word.size, last.size) and word.size == last.size:
                merged[-1] = Word(last.text + word.text, last.x0, max(last.x1, word.x1),
                                  min(last.top, word.top), max(last.bottom, word.bottom), last.size)
                continue
        merged.append(word)
    return merged


def build_lines(pages_words: list[tuple[list[Word], float]]) -> list[PdfLine]:
    """Every page's words (and the page's width) -> numbered lines."""
    lines: list[PdfLine] = []
    for page_index, (words, width) in enumerate(pages_words):
        for members in group_lines(words) if words else []:
            size = max(w.size for w in members)
            lines.append(PdfLine(len(lines) + 1, page_index, min(w.top for w in members),
                                 max(w.bottom for w in members), size, tuple(members), width))
    return lines


def furniture(lines: list[PdfLine]) -> set[int]:
    """Line numbers of page numbers, running heads and feet (see the module docstring)."""
    by_page: dict[int, list[PdfLine]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    edges = [line for page_lines in by_page.values()
             for line in (page_lines[:2] + page_lines[-2:] if len(page_lines) > 4 else page_lines)]
    found = {line.number for line in edges if _PAGE_NUMBER.match(line.text)}
    pages_of: dict[tuple, set[int]] = {}
    for line in edges:
        pages_of.setdefault(_furniture_key(line), set()).add(line.page)
    for line in edges:
        if len(pages_of[_furniture_key(line)]) >= FURNITURE_PAGES and not is_title(line.text):
            found.add(line.number)
    return found


def _furniture_key(line: PdfLine) -> tuple[str, int]:
    return re.sub(r"\d+", "#", line.text.lower()), round(line.top / 4)
