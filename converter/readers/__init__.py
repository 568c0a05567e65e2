"""Readers: bytes of a filing -> Document. `read_document` sniffs the format and picks a reader
from READERS; every reader produces the same model."""
from __future__ import annotations

from typing import Callable

from ..errors import InputError
from ..model import Document
from .decode import decode_filing
from .plaintext import read_plain_text

READERS: dict[str, Callable[[str, str], Document]] = {
    "text": read_plain_text,
}


def sniff_format(text: str) -> str:
    """The reader name for a decoded filing."""
    return "text"


def read_document(data: bytes, source: str) -> Document:
    """Decode and read one filing (see the module docstring)."""
    text = decode_filing(data, source)
    document = READERS[sniff_format(text)](text, source)
    if not document.cover and not document.tables:
        raise InputError("not a filing: no cover page and no financial tables found", source)
    return document
