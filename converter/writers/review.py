"""The review writer: a ConversionResult -> one self-contained HTML page for a person to check
the conversion against the filing; and the index page of a batch's review pages.

The page (content from review_page.py, layout in templates/review.html.j2) shows each statement
as printed, every number that became a fact marked and linked to its fact, every refusal and
warning at its line, and a table of the facts (sortable and filterable with the page's own
script; readable without it). The page fetches nothing: its style and script are inline, and
its Content-Security-Policy allows no other source and only its own script.

Escaping: the template autoescapes everything it is given. The two parts that are most of a
page, the source lines and the fact rows (thousands of small pieces), are made here as
`Markup` by `_line_html` and `_fact_html`, which pass every piece of text through
`html.escape` (the same five characters autoescape escapes) and add only fixed markup, ids
and class names of their own: one expression per block in the template instead of a dozen per
line, which made the page cost a third of a conversion.
"""
from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from html import escape

from markupsafe import Markup

from .. import __version__
from ..result import ConversionResult, Rendered
from .review_page import CONFIRMATIONS, Block, FactRow, ShownLine, ShownNotice, build_page
from .xbrl import environment

INDEX_NAME = "review-index.html"


@lru_cache(maxsize=1)
def _assets() -> tuple[Markup, Markup, str]:
    """The inline style, the inline script and the script's CSP hash (read once)."""
    env = environment()
    assert env.loader is not None
    style = env.loader.get_source(env, "review-style.css.j2")[0]
    script = env.loader.get_source(env, "review-script.js.j2")[0]
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return Markup(style), Markup(script), f"sha256-{digest}"


def render(result: ConversionResult, schema_ref: str = "local", stem: str = "") -> Rendered:
    """The writer's entry (writers/__init__.py): the review page (`schema_ref` and `stem` are not used)."""
    style, script, script_hash = _assets()
    page = build_page(result)
    text = environment().get_template("review.html.j2").render(
        page=page, blocks=[(block, _block_html(block)) for block in page.blocks],
        fact_rows=Markup("".join(_fact_html(row) for row in page.facts)),
        confirmations=CONFIRMATIONS, style=style, script=script, script_hash=script_hash,
        version=__version__)
    return Rendered(text)


def _block_html(block: Block) -> Markup:
    """The lines of a block, each with its notices, as the inside of its <pre>."""
    return Markup("".join(_line_html(line) for line in block.lines))


_SPECIAL = re.compile("[&<>\"']")


def _escaped(texts: list[str]) -> list[str]:
    """Each text escaped (`html.escape`); texts holding none of the five characters are
    already what escaping them gives, so a list without any is checked once, not text by text."""
    if _SPECIAL.search("".join(texts)) is None:
        return texts
    return [escape(text) for text in texts]


def _line_html(line: ShownLine) -> str:
    number = line.number
    start = f'<span class="l" id="L{number}"><a href="#L{number}">{number:6d}</a>  '
    if len(line.pieces) == 1 and not line.notices and line.pieces[0][1] is None:
        text = line.pieces[0][0]
        return f"{start}{escape(text) if _SPECIAL.search(text) else text}</span>"
    parts = [start]
    texts = _escaped([text for text, _ in line.pieces])
    for text, (_, mark) in zip(texts, line.pieces):
        if mark is None:
            parts.append(text)
        else:
            parts.append(f'<a class="{mark.kind} {mark.css}" href="#{mark.ref}" '
                         f'title="{escape(mark.title)}">{text}</a>')
    parts.append("</span>")
    parts.extend(notice_html(notice, "span") for notice in line.notices)
    return "".join(parts)


def notice_html(notice: ShownNotice, element: str = "p") -> str:
    """A notice: its kind and message, and the printed text it is about in brackets."""
    detail = f" [{escape(notice.detail)}]" if notice.detail else ""
    return (f'<{element} class="notice {notice.kind}" id="{notice.id}">{notice.kind}: '
            f'{escape(notice.message)}{detail}</{element}>')


def _fact_html(row: FactRow) -> str:
    """One row of the facts table (cells end where the next begins, as HTML allows; the
    columns are styled by position)."""
    concept, value, period, basis, unit, decimals, how, label = _escaped(
        [row.concept, row.value, row.period, row.basis, row.unit, row.decimals, row.how, row.label])
    line = f'<a href="#L{row.line}" title="{label}">{row.line}</a>' if row.linked else row.line or ""
    title = "" if how == "read cleanly" else f' title="{how}"'  # the words of a clean reading add nothing
    return (f'<tr id="{row.id}" data-kind="{row.confirmation}"><td>{row.number}<td>{concept}'
            f'<td>{value}<td>{period}<td>{basis}<td>{unit}<td>{decimals}'
            f'<td{title}>{row.confirmation}<td>{line}</tr>\n')


def render_index(records: list[dict], title: str = "xbrl-export review pages") -> str:
    """The index page of a batch: one row per input (its status, facts, refusals, warnings, the
    error of a failed one, and a link to its review page when one was written: `review` in the
    record, a name in the same folder)."""
    style, script, script_hash = _assets()
    return environment().get_template("review-index.html.j2").render(
        records=records, title=title, style=style, script=script, script_hash=script_hash,
        version=__version__)
