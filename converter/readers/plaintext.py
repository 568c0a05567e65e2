"""A plain-text filing (cover page, narrative, tab- or space-aligned tables) -> Document."""
from __future__ import annotations

import re

from ..model import Document, Notice
from .cover import read_cover
from .text import find_tables

_DOLLARS = re.compile(r"\$\s*\d")
_PER_SHARE = re.compile(r"\bper share\b", re.I)


def states_amounts(text: str) -> bool:
    """A dollar amount or "per share" in the text (substring tests first: a case-insensitive
    search over every long line of a filing was most of this reader's time)."""
    if "$" in text and _DOLLARS.search(text):
        return True
    return "per share" in text.lower() and bool(_PER_SHARE.search(text))


def narrative_lines(lines: list[str], table_lines: set[int]) -> tuple[tuple[int, str], ...]:
    """Prose lines outside the tables that state amounts (for cross-checks)."""
    found = []
    for index, text in enumerate(lines):
        number = index + 1
        if len(text) <= 60 or number in table_lines or "\t" in text:
            continue  # (cleaning never lengthens a line)
        cleaned = " ".join(text.replace("\\$", "$").split())
        if len(cleaned) > 60 and states_amounts(cleaned):
            found.append((number, cleaned))
    return tuple(found)


def read_exhibit(text: str, first_line: int) -> tuple[list, list[Notice], tuple[tuple[int, str], ...]]:
    """A plain-text exhibit of a submission: its tables, notices and narrative, with the line
    numbers of the submission (the exhibit's text starts on `first_line`)."""
    lines = [""] * (first_line - 1) + text.split("\n")
    tables, notices, used = find_tables(lines)
    return tables, notices, narrative_lines(lines, used)


def read_plain_text(text: str, source: str) -> Document:
    lines = text.split("\n")
    cover = read_cover(lines)
    tables, notices, used = find_tables(lines)
    if not tables:
        notices.append(Notice("warning", 0, "no financial statement tables found"))
    return Document(source, "text", tuple(cover), tuple(tables), tuple(notices),
                    narrative_lines(lines, used))
