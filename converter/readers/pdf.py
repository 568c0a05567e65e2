"""PDF filings (releases from companies' sites, 8-Ks printed to PDF) -> Document.

`looks_like_pdf(data, name)` sniffs the `%PDF-` signature; `read_pdf(data, source)` gives the
same Document the text and HTML readers give: tables from the positions of the words
(pdflines.py, pdftables.py), the cover page and the narrative from the same words read as
lines of text. pdfplumber (over pdfminer.six, MIT) reads the PDF; nothing is written.

What cannot be read is one InputError naming the file: encrypted with a password, no text
layer (a scan: "no text layer: run OCR first"), corrupt or truncated, more than MAX_PAGES pages
or more than MAX_SECONDS of reading (a PDF bomb), objects nested too deeply.
"""
from __future__ import annotations

import io
import logging
import time
from dataclasses import replace

from ..errors import ConverterError, InputError
from ..model import Document, Notice
from .cover import read_cover
from .pdflines import PdfLine, build_lines, furniture, page_words
from .pdfperiods import place_cash_flow_dates
from .pdftables import find_regions, region_tables
from .plaintext import states_amounts

MAX_PAGES = 200
MAX_SECONDS = 60.0
MAX_CHARS_PER_PAGE = 200_000
_SIGNATURE = b"%PDF-"


def looks_like_pdf(data: bytes, name: str = "") -> bool:
    """A PDF begins with `%PDF-` (readers allow a little junk before it)."""
    return _SIGNATURE in data[:1024]


def read_pdf(data: bytes, source: str) -> Document:
    """Read one PDF (see the module docstring)."""
    lines, rotated = _read_lines(data, source)
    hidden = furniture(lines)
    content = [line for line in lines if line.number not in hidden]
    tables: list = []
    notices: list = []
    used: set[int] = set()
    for title, body in find_regions(content):
        found, found_notices = region_tables(title, body)
        tables.extend(found)
        notices.extend(found_notices)
        if found:
            used.update(line.number for line in [title] + body)
    tables = place_cash_flow_dates(tables)
    notices += [Notice("warning", 0, f"page {page}: its text is rotated (a landscape page); "
                       "what it prints is not read") for page in rotated]
    if not tables:
        notices.append(Notice("warning", 0, "no financial statement tables found"))
    cover = _cover(lines, hidden)
    narrative = _narrative([line for line in content if line.number not in used])
    return Document(source, "pdf", tuple(cover), tuple(tables), tuple(notices), tuple(narrative),
                    tuple(line.layout_text() for line in lines))


def _read_lines(data: bytes, source: str) -> tuple[list[PdfLine], list[int]]:
    """Every page's words as numbered lines, within the limits of the module docstring; and
    the pages whose text is mostly rotated (not read)."""
    import pdfplumber  # (imported here: only PDFs pay for it)
    from pdfplumber.utils.exceptions import PdfminerException

    # pdfminer logs font-metric complaints ("Could not get FontBBox") that say nothing about
    # the filing; what matters reaches the user as a notice or an InputError
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    started = time.monotonic()
    try:
        try:
            pdf = pdfplumber.PDF(io.BytesIO(data))
        except PdfminerException as error:
            raise InputError(_open_failure(error.args[0] if error.args else error), source) from None
        pages_words = []
        rotated = []
        chars = 0
        for page in _pages(pdf, source):
            if time.monotonic() - started > MAX_SECONDS:
                raise InputError(f"reading took more than {MAX_SECONDS:.0f} s (page {page.page_number}):"
                                 " not an earnings release (a PDF bomb?)", source)
            page_chars = len(page.chars)
            if page_chars > MAX_CHARS_PER_PAGE:
                raise InputError(f"page {page.page_number} holds {page_chars:,} characters: "
                                 "not an earnings release (a PDF bomb?)", source)
            chars += page_chars
            if sum(1 for c in page.chars if not c.get("upright", True)) * 2 > page_chars:
                rotated.append(page.page_number)
            pages_words.append((page_words(page) if page_chars else [], float(page.width)))
            page.close()
    except ConverterError:
        raise
    except RecursionError:
        raise InputError("the PDF's objects are nested too deeply to read", source) from None
    except MemoryError:
        raise InputError("the PDF is too large to read", source) from None
    except Exception as error:  # pdfminer raises many kinds of error on a damaged file
        raise InputError(f"corrupt or truncated PDF ({_reason(error)})", source) from None
    if not pages_words:
        raise InputError("corrupt or truncated PDF (no pages)", source)
    if not chars:
        raise InputError("no text layer: run OCR first", source)
    return build_lines(pages_words), rotated


def _pages(pdf, source: str):
    """pdfplumber pages, one at a time (a PDF claiming millions of pages is refused after
    MAX_PAGES, not listed first)."""
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    doctop = 0.0
    for index, page_object in enumerate(PDFPage.create_pages(pdf.doc)):
        if index >= MAX_PAGES:
            raise InputError(f"more than {MAX_PAGES} pages: not an earnings release (a PDF bomb?)",
                             source)
        page = Page(pdf, page_object, page_number=index + 1, initial_doctop=doctop)
        doctop += float(page.height)
        yield page


def _open_failure(error: BaseException) -> str:
    name = type(error).__name__
    if name == "PDFPasswordIncorrect":
        return "encrypted PDF: a password is needed to read it"
    if name == "PDFEncryptionError":
        return f"encrypted PDF that cannot be read ({error})"
    return f"corrupt or truncated PDF ({_reason(error)})"


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split())[:120]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _cover(lines: list[PdfLine], hidden: set[int]) -> list:
    """The cover page read from the lines as a text filing prints them: typographic quotes
    as plain ones, a blank line where the page leaves a line's height or more of space (the
    fields' line numbers stay the PDF's)."""
    texts: list[str] = []
    numbers: list[int] = []
    previous = None
    for line in lines:
        if line.number in hidden:
            continue
        if previous is not None and (line.page != previous.page
                                     or line.top - previous.bottom > 0.8 * line.size):
            texts.append("")
            numbers.append(line.number)
        texts.append(line.spaced_text().translate(_QUOTES))
        numbers.append(line.number)
        previous = line
    return [replace(field, line=numbers[field.line - 1]) if 0 < field.line <= len(numbers) else field
            for field in read_cover(texts)]


def _narrative(lines: list[PdfLine]) -> list[tuple[int, str]]:
    """Paragraphs outside the tables that state amounts: lines of one page closer together
    than their font size join into a paragraph."""
    found: list[tuple[int, str]] = []
    paragraph: list[PdfLine] = []
    for line in lines + [None]:
        if paragraph and (line is None or line.page != paragraph[-1].page
                          or line.top - paragraph[-1].bottom > 0.6 * line.size):
            text = " ".join(" ".join(p.text for p in paragraph).split())
            if len(text) > 60 and states_amounts(text):
                found.append((paragraph[0].number, text))
            paragraph = []
        if line is not None:
            paragraph.append(line)
    return found
