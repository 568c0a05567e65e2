"""Readers: bytes of a filing -> Document (cover page, tables, narrative). Every reader gives the
same model (model.py), so every later stage works whatever the format.

`READERS` lists them in the order they are tried: each declares what it can read (`sniff`) and
reads it (`read`). A `text` reader's sniff and read are given the decoded text (decoded once,
readers/decode.py); a `bytes` reader's are given the bytes (for binary formats). The last reader,
plain text, takes any text. Adding a format is one module plus one line in READERS. The exhibits
of an EDGAR submission go through the same list: `exhibit_reader` gives the first reader that
reads exhibits (`read_exhibit`: text and its first line -> tables, notices, narrative) and
whose sniff takes the exhibit's text.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from ..errors import InputError
from ..model import Document
from . import html, plaintext
from .decode import decode_filing
from .edgar import is_submission
from .pdf import looks_like_pdf, read_pdf
from .submission import read_submission


@dataclass(frozen=True, slots=True)
class Reader:
    name: str
    takes: Literal["text", "bytes"]
    sniff: Callable  # (text or bytes, name) -> bool
    read: Callable  # (text or bytes, source) -> Document
    read_exhibit: Callable | None = None  # (text, first line) -> (tables, notices, narrative)


READERS: tuple[Reader, ...] = (
    Reader("pdf", "bytes", looks_like_pdf, read_pdf),
    Reader("edgar-submission", "text", lambda text, name: is_submission(text), read_submission),
    Reader("html", "text", lambda text, name: html.looks_like_html(text), html.read_html, html.read_exhibit),
    Reader("text", "text", lambda text, name: True, plaintext.read_plain_text, plaintext.read_exhibit),
)


def exhibit_reader(text: str) -> Callable:
    """How to read one exhibit of a submission: the `read_exhibit` of the first reader that
    reads exhibits and whose sniff takes the text (see the module docstring)."""
    for reader in READERS:
        if reader.read_exhibit is not None and reader.sniff(text, ""):
            return reader.read_exhibit
    raise InputError("no reader for this exhibit")  # (unreachable: text takes any text)


def read_filing(data: bytes, source: str) -> tuple[str, Document]:
    """The name of the reader that read the filing, and the Document it gave, holding the
    lines its line numbers count (a text reader's: the decoded text's lines; the PDF reader
    gives its own)."""
    text: str | None = None
    for reader in READERS:
        if reader.takes == "bytes":
            content: str | bytes = data
        else:
            if text is None:
                text = decode_filing(data, source)
            content = text
        if reader.sniff(content, source):
            try:
                document = reader.read(content, source)
            except RecursionError:
                raise InputError("the markup is nested too deeply to read", source) from None
            if not document.cover and not document.tables:
                raise InputError("not a filing: no cover page and no financial tables found", source)
            if reader.takes == "text" and text is not None:  # it numbered the decoded lines
                document = replace(document, lines=tuple(text.split("\n")))
            return reader.name, document
    raise InputError("no reader for this file", source)  # (unreachable: text takes any text)


def read_document(data: bytes, source: str) -> Document:
    """The Document of one filing (see the module docstring)."""
    return read_filing(data, source)[1]
