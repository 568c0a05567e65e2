"""Splitting one line of a plain-text table into a label and value cells.

Tab-separated lines split on tabs; other lines on runs of two or more spaces, and trailing
single-space amounts ("$378,778 $358,424") are peeled off a label-less line. A "$" alone in a
cell joins the amount after it. The result says whether the line is a separator, a header or data.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..numbers import clean_cell_text, is_numeric_token, parse_amount
from ..periods import DATE_RE, LENGTH_RE

_SEPARATOR = re.compile(r"^[\s\-=_]+$")
_RULE_CELL = re.compile(r"^([-_]{4,}|=+)$")
_GAP = re.compile(r"\s{2,}")
_DAMAGED_AMOUNT = re.compile(r"[\$\(\)\d,.\s\-%]+")
_HEADER_WORDS = re.compile(
    r"\b(months?|weeks?|quarter|year|ended|ending|as of|fiscal|unaudited|audited|results|"
    r"adjustments|gaap|pro forma|restated|actual)\b", re.I)


@dataclass(frozen=True, slots=True)
class SplitLine:
    """A line of a table: its label, its cell texts and what kind of line it is."""

    number: int
    label: str
    cells: tuple[str, ...]
    kind: str  # blank | separator | header | data | label | text
    tabbed: bool = False

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c for c in self.cells if c)


def _join_currency(cells: list[str]) -> list[str]:
    """A "$" cell joins the amount after it; a ")" cell joins the amount before it. A "$" before
    an amount that has its own "$" (or before nothing) is an empty cell of its own."""
    if "$" not in cells and ")" not in cells:
        return list(cells)  # nothing to join (the usual case)
    joined: list[str] = []
    for index, cell in enumerate(cells):
        following = cells[index + 1] if index + 1 < len(cells) else ""
        if cell == "$" and following and not following.startswith("$") and is_numeric_token(
                following.replace(" ", "")):
            continue
        if cell == ")" and joined:
            joined[-1] += ")"
            continue
        previous = cells[index - 1] if index else ""
        joined.append("$" + cell if previous == "$" and cell and not cell.startswith("$")
                      and is_numeric_token(cell.replace(" ", "")) else cell)
    return joined


def _split_spaces(text: str) -> tuple[str, list[str]]:
    parts = [p for p in _GAP.split(text.strip()) if p]
    if not parts:
        return "", []
    tokens = parts[0].split()
    if len(parts) == 1 and tokens and all(is_numeric_token(t) or t == "$" for t in tokens):
        return "", _join_currency(tokens)
    label, cells = clean_cell_text(parts[0]), [clean_cell_text(p) for p in parts[1:]]
    if text[:1].isspace() and is_header_text(label):
        label, cells = "", [label] + cells  # an indented header cell, not a row label
    if is_numeric_token(label.replace(" ", "")) and not cells:
        return "", [label]
    return label, _join_currency(cells)


_ALNUM = re.compile(r"[^\W_]")  # what str.isalnum() accepts
_KEPT_MARKS = frozenset(("$", "-", "--", "—", "–"))


def _drop_junk(text: str) -> str:
    """A cell or label of punctuation and bullets only ("," "_" "•") is empty."""
    if not text or text in _KEPT_MARKS or _ALNUM.search(text):
        return text
    return ""


def _tab_cell(text: str) -> str:
    """One tab-separated cell, spaces normalised (the line's escapes are already undone)."""
    if not text:
        return text
    if "\\" in text:
        cell = clean_cell_text(text)
    elif text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        cell = text  # spaces already normal (isprintable: no whitespace but " ")
    else:
        cell = " ".join(text.split())
    return cell if cell and cell[0].isalnum() else _drop_junk(cell)


def split_line(number: int, raw: str) -> SplitLine:
    """Classify and split one line (see the module docstring)."""
    text = raw.replace("\\$", "$").replace("\xa0", " ").rstrip(" \r\n")
    if not text.strip():
        return SplitLine(number, "", (), "blank")
    if _SEPARATOR.match(text):
        return SplitLine(number, "", (), "separator")
    if "\t" in text:
        parts = [_tab_cell(p) if p else p for p in text.split("\t")]
        label, cells = parts[0], _join_currency(parts[1:])
    else:
        label, cells = _split_spaces(text)
    cells = ["" if c and c[0] in "-_=" and _RULE_CELL.match(c) else c for c in cells]
    filled = [c for c in cells if c and c != "$"]
    tabbed = "\t" in text
    if not filled:
        return SplitLine(number, label, tuple(cells), "label" if label else "separator", tabbed)
    return SplitLine(number, label, tuple(cells), _kind_of(label, filled), tabbed)


def is_header_text(text: str) -> bool:
    return bool(DATE_RE.search(text) or LENGTH_RE.search(text) or _HEADER_WORDS.search(text))


_VALUE_KINDS = frozenset(("amount", "dash", "percent"))


def _kind_of(label: str, filled: list[str]) -> str:
    for cell in filled:
        if not _is_value_text(cell):
            break
    else:
        return "data"
    if any(is_header_text(c) for c in filled) and not any(_is_value_text(c) for c in filled):
        return "header"
    return "text"


def _is_value_text(cell: str) -> bool:
    if parse_amount(cell).kind in _VALUE_KINDS:
        return True
    # A damaged amount still sits in a value cell: digits, commas, parentheses, stray spaces.
    return bool(_DAMAGED_AMOUNT.fullmatch(cell)) and any(ch.isdigit() for ch in cell)
