"""A plain-text filing (cover page, narrative, tab- or space-aligned tables) -> Document."""
from __future__ import annotations

import re

from .cover import read_cover
from ..model import Document, Notice
from .text import find_tables

_SENTENCE_HINT = re.compile(r"\$\s*\d|\bper share\b", re.I)


def narrative_lines(lines: list[str], table_lines: set[int]) -> tuple[tuple[int, str], ...]:
    """Prose lines outside the tables that state amounts (for cross-checks)."""
    found = []
    for index, text in enumerate(lines):
        number = index + 1
        if len(text) <= 60 or number in table_lines or "\t" in text:
            continue  # (cleaning never lengthens a line)
        cleaned = " ".join(text.replace("\\$", "$").split())
        if len(cleaned) > 60 and _SENTENCE_HINT.search(cleaned):
            found.append((number, cleaned))
    return tuple(found)


def read_plain_text(text: str, source: str) -> Document:
    lines = text.split("\n")
    cover = read_cover(lines)
    tables, notices, used = find_tables(lines)
    if not tables:
        notices.append(Notice("warning", 0, "no financial statement tables found"))
    return Document(source, "text", tuple(cover), tuple(tables), tuple(notices),
                    narrative_lines(lines, used))
