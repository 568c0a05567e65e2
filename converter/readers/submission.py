"""An EDGAR full submission -> Document: the cover page of the 8-K (with the SEC header filling
what it does not say, and always giving the CIK), and the tables and narrative of the exhibits
that hold the earnings statements. Line numbers are those of the submission file."""
from __future__ import annotations

from .. import readers
from ..limits import MAX_MARKUP_TAGS, check_deadline, over_limit
from ..model import CoverField, Document, Notice
from ..taxonomy import dei_name
from . import html
from .cover import read_cover
from .edgar import co_registrants, cover_from_header, earnings_exhibits, header_fields, split_documents


def _padded(document, lines: list[str]) -> list[str]:
    """The document's lines placed at their line numbers in the submission."""
    return [""] * (document.first_line - 1) + lines


def merge_cover(printed: list[CoverField], header: list[CoverField]) -> list[CoverField]:
    """The cover page's own fields, then the header's for whatever the page did not give."""
    names = {f.name for f in printed}
    merged = list(printed)
    for item in header:
        if item.name == dei_name("cik") or item.name not in names:
            merged.append(item)
            names.add(item.name)
    return merged


def read_submission(text: str, source: str) -> Document:
    documents = split_documents(text, source)
    header = cover_from_header(header_fields(text))
    main = next((d for d in documents if d.type.upper().startswith(("8-K", "6-K", "10-Q"))),
                documents[0] if documents else None)
    printed: list[CoverField] = []
    if main is not None:
        main_lines = html.html_lines(main.text) if main.is_html else main.text.split("\n")
        printed = read_cover(main_lines if main.is_html else _padded(main, main_lines))
    tables, notices, narrative = [], [], []
    markup = 0
    for exhibit in earnings_exhibits(documents, source):
        check_deadline()
        if exhibit.is_html:
            markup += exhibit.text.count("<")  # every exhibit's tags count towards one limit
            if markup > MAX_MARKUP_TAGS:
                raise over_limit("tags in the HTML exhibits", markup, MAX_MARKUP_TAGS, source)
        read_exhibit = readers.exhibit_reader(exhibit.text)
        found, found_notices, prose = read_exhibit(exhibit.text, exhibit.first_line)
        tables.extend(found)
        notices.extend(found_notices)
        narrative.extend(prose)
    if not tables:
        notices.append(Notice("warning", 0, "no financial statement tables found in the exhibits"))
    others = co_registrants(text)
    if others:
        notices.append(Notice("note", 0, "filed jointly: the facts are the registrant's whose CIK "
                              "begins the accession number; co-registrants: " + "; ".join(others)))
    return Document(source, "edgar-submission", tuple(merge_cover(printed, header)), tuple(tables),
                    tuple(notices), tuple(narrative))
