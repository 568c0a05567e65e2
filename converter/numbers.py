"""Reading printed amounts: "(1,234)", "$ 0.02", "\\$42,361", "-", "67.1%" -> a ParsedNumber.

Every cell of a financial table goes through `parse_amount`. It never guesses: a cell that is not
a clean amount comes back with `value=None` and a `refusal` saying why, so the caller can report it.
An amount of more than 24 digits is refused too: Decimal computes with 28, and a sum of
thousands of such amounts must still be exact (no real statement prints more than 15).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .kinds import CellKind
from .limits import MAX_DIGITS

DASHES = {"-", "--", "---", "\u2014", "\u2013", "\u2012", "\u2015", "\x97", "\x96"}

# A clean amount: optional currency, optional parentheses or minus, digits grouped by commas.
_AMOUNT = re.compile(
    r"""^
    (?P<lparen>\()?\s*
    (?P<currency>\$)?\s*
    (?P<lparen2>\()?\s*
    (?P<minus>-)?\s*
    (?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?
    \s*(?P<rparen>\))?
    $""",
    re.VERBOSE,
)
_PERCENT = re.compile(r"^\(?-?\d+(?:\.\d+)?\s*%\)?$")


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    """One printed cell read as a number, or refused with a reason."""

    text: str
    value: Decimal | None = None
    kind: CellKind = "amount"  # amount | dash | percent | empty | refused
    fraction_digits: int = 0
    refusal: str = ""


def clean_cell_text(text: str) -> str:
    """Undo text escapes seen in converted filings (\\$) and normalise spaces."""
    text = text.replace("\\$", "$").replace("\xa0", " ")
    return " ".join(text.split())


@lru_cache(maxsize=8192)
def parse_amount(raw: str) -> ParsedNumber:
    """Parse one table cell; see the module docstring."""
    text = clean_cell_text(raw)
    if text in ("", "$"):
        return ParsedNumber(raw, kind="empty")
    bare = text.replace("$", "").strip()
    if bare in DASHES or bare in ("(-)",):
        return ParsedNumber(raw, Decimal(0), kind="dash")
    if _PERCENT.match(bare):
        return ParsedNumber(raw, kind="percent")
    match = _AMOUNT.match(text)
    if not match:
        return ParsedNumber(raw, kind="refused", refusal="not a clean amount")
    return _amount_from_match(raw, match)


def _amount_from_match(raw: str, match: re.Match) -> ParsedNumber:
    opened = bool(match["lparen"] or match["lparen2"])
    closed = bool(match["rparen"])
    if opened != closed:
        return ParsedNumber(raw, kind="refused", refusal="unbalanced parenthesis")
    digits = match["digits"].replace(",", "")
    fraction = match["fraction"] or ""
    if len(digits.lstrip("0")) + max(len(fraction) - 1, 0) > MAX_DIGITS:
        # refused, not rounded: Decimal keeps 28 digits, and sums of amounts need room
        return ParsedNumber(raw, kind="refused", refusal=f"too many digits for an amount "
                            f"(more than {MAX_DIGITS}): {raw.strip()[:60]!r}")
    value = Decimal(digits + fraction)
    if opened or match["minus"]:
        value = -value
    return ParsedNumber(raw, value, fraction_digits=max(len(fraction) - 1, 0))


def is_numeric_token(token: str) -> bool:
    """True when a whitespace-free token reads as an amount, a dash or a percent."""
    return parse_amount(token).kind in ("amount", "dash", "percent")
