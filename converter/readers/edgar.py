"""EDGAR full submissions (`<SEC-DOCUMENT>` SGML): split into documents, read the header into
dei fields, and pick the exhibits that hold earnings statements.

The header gives the CIK (the entity identifier), and the fallbacks for every cover field; the
cover page of the 8-K document itself wins where it can be read, because that is what the
registrant printed ("SEARS, ROEBUCK AND CO.", file number 1-416) rather than EDGAR's conformed
spelling. Exhibits are chosen by type (EX-99*) and by content (a statement title); each keeps
the line number at which it starts in the submission, so every source line stays true.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..limits import MAX_DOCUMENTS, MAX_EXHIBITS, over_limit
from ..model import CoverField
from ..taxonomy import load_taxonomy

# Sections are found by scanning for their opening and closing tags once (linear time): a lazy
# `<DOCUMENT>(.*?)</DOCUMENT>` search starts again at every unclosed tag (quadratic time).
_DOCUMENT_TAG = re.compile(r"<(/?)DOCUMENT>", re.I)
_TAG = re.compile(r"^<(TYPE|SEQUENCE|FILENAME|DESCRIPTION)>([^\n<]*)", re.M | re.I)
_TEXT_OPEN = re.compile(r"<TEXT>\n?", re.I)
_TEXT_CLOSE = re.compile(r"</TEXT>", re.I)
_HEADER_OPEN = re.compile(r"<SEC-HEADER>", re.I)
_HEADER_CLOSE = re.compile(r"</SEC-HEADER>", re.I)


@dataclass(frozen=True, slots=True)
class EdgarDocument:
    type: str
    filename: str
    description: str
    text: str
    first_line: int  # line number (1-based) of the document text's first line in the submission

    @property
    def is_html(self) -> bool:
        head = self.text[:2000].lower()
        return "<html" in head or "<table" in self.text.lower() and "<td" in self.text.lower()


def is_submission(text: str) -> bool:
    head = text[:5000]
    return "<SEC-DOCUMENT>" in head or "<SEC-HEADER>" in head or "<IMS-HEADER>" in head


def _sections(text: str, opening: re.Pattern, closing: re.Pattern, start: int = 0,
              end: int | None = None) -> tuple[int, int] | None:
    """(start, end) of the text between the first opening tag that has a closing tag after it
    and that closing tag (what a lazy `open(.*?)close` search finds), in linear time."""
    end = len(text) if end is None else end
    found = opening.search(text, start, end)
    if found is None:
        return None
    closed = closing.search(text, found.end(), end)
    return None if closed is None else (found.end(), closed.start())


def _document_bodies(text: str):
    """(start, end) of each `<DOCUMENT>...</DOCUMENT>` body, as a lazy regex pairs them."""
    start = None
    for tag in _DOCUMENT_TAG.finditer(text):
        if not tag.group(1):
            if start is None:
                start = tag.end()
        elif start is not None:
            yield start, tag.start()
            start = None


def split_documents(text: str, source: str = "") -> list[EdgarDocument]:
    documents = []
    line, counted_to = 1, 0  # line numbers counted once through the text, not from its start
    for number, (body_start, body_end) in enumerate(_document_bodies(text), 1):
        if number > MAX_DOCUMENTS:
            raise over_limit("documents", sum(1 for _ in _document_bodies(text)), MAX_DOCUMENTS,
                             source)
        body = text[body_start:body_end]
        tags = {m.group(1).upper(): m.group(2).strip() for m in _TAG.finditer(body)}
        content = _sections(body, _TEXT_OPEN, _TEXT_CLOSE)
        if content is None:
            continue
        start = body_start + content[0]
        line += text.count("\n", counted_to, start)
        counted_to = start
        documents.append(EdgarDocument(tags.get("TYPE", ""), tags.get("FILENAME", ""),
                                       tags.get("DESCRIPTION", ""), body[content[0]:content[1]],
                                       line))
    return documents


def header_fields(text: str) -> dict[str, tuple[str, int]]:
    """`KEY: value` pairs of the SEC header, with their line numbers: the submission's own
    (accession number, form type, period) and those of its registrant (see `filer_blocks`)."""
    blocks = filer_blocks(text)
    if not blocks:
        return {}
    return blocks[0] | blocks[_registrant_block(blocks)] if len(blocks) > 1 else blocks[0]


def co_registrants(text: str) -> list[str]:
    """The other filers of a submission filed jointly (a holding company and its subsidiaries),
    by name and CIK, for the report."""
    blocks = filer_blocks(text)
    if len(blocks) <= 2:
        return []
    chosen = _registrant_block(blocks)
    return [f"{b.get('COMPANY CONFORMED NAME', ('?', 0))[0]} (CIK {b.get('CENTRAL INDEX KEY', ('?', 0))[0]})"
            for index, b in enumerate(blocks[1:], 1) if index != chosen]


def _registrant_block(blocks: list[dict[str, tuple[str, int]]]) -> int:
    """The filer block of the registrant: the one whose CIK is the accession number's prefix
    (the filer that submitted it), else the first."""
    accession = blocks[0].get("ACCESSION NUMBER", ("", 0))[0]
    prefix = accession.split("-", 1)[0]
    for index, block in enumerate(blocks[1:], 1):
        cik = block.get("CENTRAL INDEX KEY", ("", 0))[0]
        if prefix.isdigit() and cik.isdigit() and int(cik) == int(prefix):
            return index
    return 1


def filer_blocks(text: str) -> list[dict[str, tuple[str, int]]]:
    """The SEC header's `KEY: value` pairs (the first of each key, with its line number): the
    submission's own, then one dict per FILER block (a joint filing has several)."""
    match = _sections(text, _HEADER_OPEN, _HEADER_CLOSE, 0, min(len(text), 200000))
    if not match:
        return []
    offset = text.count("\n", 0, match[0]) + 1
    blocks: list[dict[str, tuple[str, int]]] = [{}]
    section = ""
    for number, line in enumerate(text[match[0]:match[1]].split("\n"), offset):
        if ":" not in line:
            continue
        key, _, value = line.partition(":")
        key, value = key.strip().upper(), value.strip()
        if key in ("FILER", "FILED BY", "SUBJECT COMPANY") and not value:
            blocks.append({})
            section = key
            continue
        if not value:
            section = key
            continue
        name = f"{section}/{key}" if section in ("BUSINESS ADDRESS", "MAIL ADDRESS") else key
        blocks[-1].setdefault(name, (value, number))
    return blocks


def cover_from_header(fields: dict[str, tuple[str, int]]) -> list[CoverField]:
    """dei fields from the SEC header (fallbacks for what the cover page does not give), as
    taxonomy/roles.yaml (`sec_header`) maps its keys."""
    out: list[CoverField] = []
    for item in load_taxonomy().roles["sec_header"]:
        found = fields.get(item["key"])
        if not found or not found[0]:
            continue
        names = item["field"] if isinstance(item["field"], list) else [item["field"]]
        values = _HEADER_FORMATS[item["format"]](found[0])
        out.extend(CoverField(name, value, found[1], "SEC header")
                   for name, value in zip(names, values) if value)
    return out


def _phone(value: str) -> list[str]:
    digits = re.sub(r"\D", "", value)
    return [digits[:3], f"{digits[3:6]}-{digits[6:]}"] if len(digits) == 10 else []


_HEADER_FORMATS = {
    "as_is": lambda v: [v],
    "cik": lambda v: [v.zfill(10)],
    "date": lambda v: [_iso_date(v)],
    "tax_id": lambda v: [f"{v[:2]}-{v[2:]}" if re.fullmatch(r"\d{9}", v) else v],
    "month_day": lambda v: [f"--{v[:2]}-{v[2:]}" if re.fullmatch(r"\d{4}", v) else ""],
    "phone": _phone,
}


def _iso_date(value: str) -> str:
    """YYYYMMDD as YYYY-MM-DD; "" when it is not a date (20051325)."""
    if not re.fullmatch(r"\d{8}", value):
        return ""
    text = f"{value[:4]}-{value[4:6]}-{value[6:8]}"
    try:
        date.fromisoformat(text)
    except ValueError:
        return ""
    return text


_STATEMENT_HINT = re.compile(r"statements?\s+of\s+(operations|income|earnings|cash)|balance\s+sheet|"
                             r"consolidated\s+(income|operations|earnings)", re.I)


def earnings_exhibits(documents: list[EdgarDocument], source: str = "") -> list[EdgarDocument]:
    """EX-99 exhibits, those with a statement title first; others only if no EX-99 has one.
    More than MAX_EXHIBITS of them is refused (no filing has that many)."""
    exhibits = [d for d in documents if d.type.upper().startswith("EX-99")]
    with_statements = [d for d in exhibits if _STATEMENT_HINT.search(d.text)]
    if not with_statements:
        with_statements = [d for d in documents
                           if not d.type.upper().startswith(("EX-99", "GRAPHIC", "ZIP"))
                           and _STATEMENT_HINT.search(d.text)]
    if len(with_statements) > MAX_EXHIBITS:
        raise over_limit("exhibits with statements", len(with_statements), MAX_EXHIBITS, source)
    return with_statements
