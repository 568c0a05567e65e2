"""The registrant's name as a press release prints it, for a release that gives no CIK.

Takes: a Document (its narrative sentences). Gives: the name before a stock-exchange ticker
("NVIDIA (NASDAQ: NVDA) today reported ...") or before "today announced/reported" ("Apple(R)
today announced ..."), without trademark signs; None when the release names no one that way.
"""
from __future__ import annotations

import re

from .model import Document

_NAME = r"([A-Z][A-Za-z0-9&.,'\- ]{0,60}?)\s*[\u00ae\u2122]?"
_BEFORE_TICKER = re.compile(_NAME + r"\s*\((?:NASDAQ|Nasdaq|NYSE|AMEX|NYSE American|NYSE MKT)"
                            r"(?:\s*(?:GS|GM|CM))?\s*:\s*[A-Z][A-Z.]{0,6}\)")
_BEFORE_TODAY = re.compile(_NAME + r"\s+today\s+(?:announced|reported)\b")
_LEADING_PLACE = re.compile(r"^.*?\b(?:19|20)\d\d\b\s*(?:[-\u2013\u2014/]+\s*)?")  # "CUPERTINO, ... 2004"


def name_in_release(document: Document) -> str | None:
    """See the module docstring."""
    for _, sentence in document.narrative:
        for pattern in (_BEFORE_TICKER, _BEFORE_TODAY):
            found = pattern.search(sentence)
            if found:
                name = _LEADING_PLACE.sub("", found.group(1)).strip(" ,.-")
                if name and name[0].isupper() and len(name) >= 2:
                    return name
    return None
