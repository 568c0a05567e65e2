"""The review writer: a ConversionResult -> one self-contained HTML page for a person to check
the conversion against the filing; and the index page of a batch's review pages.

The page (content from review_page.py, layout in templates/review.html.j2) shows each statement
as printed, every number that became a fact marked and linked to its fact, every refusal and
warning at its line, and a table of the facts (sortable and filterable with the page's own
script; readable without it). Everything from the filing is escaped (autoescape); the page
fetches nothing (its style and script are inline, and its Content-Security-Policy allows no
other source and only its own script).
"""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from markupsafe import Markup

from .. import __version__
from ..result import ConversionResult, Rendered
from .review_page import CONFIRMATIONS, build_page
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


def render(result: ConversionResult, schema_ref: str = "local") -> Rendered:
    """The writer's entry (writers/__init__.py): the review page (`schema_ref` is not used)."""
    style, script, script_hash = _assets()
    text = environment().get_template("review.html.j2").render(
        page=build_page(result), confirmations=CONFIRMATIONS, style=style, script=script,
        script_hash=script_hash, version=__version__)
    return Rendered(text)


def render_index(records: list[dict], title: str = "xbrl-export review pages") -> str:
    """The index page of a batch: one row per input (its status, facts, refusals, warnings, the
    error of a failed one, and a link to its review page when one was written: `review` in the
    record, a name in the same folder)."""
    style, script, script_hash = _assets()
    return environment().get_template("review-index.html.j2").render(
        records=records, title=title, style=style, script=script, script_hash=script_hash,
        version=__version__)
