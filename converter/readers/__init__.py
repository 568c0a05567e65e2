"""Readers: bytes of a filing -> Document. `read_document` sniffs the format and picks a reader
from READERS; every reader produces the same model."""
from __future__ import annotations

from typing import Callable

from ..errors import InputError
from ..model import Document
from .decode import decode_filing
from .edgar import is_submission
from .html import read_html
from .pdf import looks_like_pdf, read_pdf
from .plaintext import read_plain_text
from .submission import read_submission

READERS: dict[str, Callable[[str, str], Document]] = {
    "edgar-submission": read_submission,
    "html": read_html,
    "text": read_plain_text,
}


def sniff_format(text: str) -> str:
    """The reader name for a decoded filing: an EDGAR submission, an HTML page, or text."""
    if is_submission(text):
        return "edgar-submission"
    head = text[:4096].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<html" in head:
        return "html"
    start = text[:200000]
    if "<t" not in start and "<T" not in start:  # (plain text: no table markup to look for)
        return "text"
    start = start.lower()
    return "html" if "<table" in start and "<td" in start else "text"


def read_document(data: bytes, source: str) -> Document:
    """Decode and read one filing (see the module docstring); a PDF is read from its bytes."""
    if looks_like_pdf(data, source):
        document = read_pdf(data, source)
    else:
        text = decode_filing(data, source)
        try:
            document = READERS[sniff_format(text)](text, source)
        except RecursionError:
            raise InputError("the markup is nested too deeply to read", source) from None
    if not document.cover and not document.tables:
        raise InputError("not a filing: no cover page and no financial tables found", source)
    return document
