"""What a row's label says about the statement's structure: a total closes the section above
it ("Total current assets", "Net cash used in ..."), a major header starts a new part of the
statement ("Assets", "Liabilities and ...", "Cash flows from investing activities")."""
from __future__ import annotations

import re

TOTAL_RE = re.compile(r"^(total\b|net cash\b|net (increase\b|decrease\b|\(increase\)|\(decrease\)))", re.I)
MAJOR_RE = re.compile(r"^(assets|liabilities\b.*|cash flows? (from|provided|used)\b.*|.*\bactivities)$",
                      re.I)


def is_total(label: str) -> bool:
    return bool(TOTAL_RE.match(label.strip()))


def is_major(label: str) -> bool:
    return bool(MAJOR_RE.match(label.strip().rstrip(":").strip()))
