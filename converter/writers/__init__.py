"""Writers: a ConversionResult -> files. Each writer names itself, the suffix of its main file,
and a `render(result, schema_ref)` giving a `Rendered` (main text and supporting files).

Batch and CLI ask `WRITERS` (or `writer(name)`) for what to write; adding an output format is
one module here plus one line in WRITERS.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import UsageError
from ..result import ConversionResult, Rendered
from . import review, xbrl


@dataclass(frozen=True, slots=True)
class Writer:
    name: str
    suffix: str  # of the main file, e.g. ".xml"
    description: str
    render: Callable[[ConversionResult, str], Rendered]


WRITERS: dict[str, Writer] = {
    "xml": Writer("xml", ".xml", "XBRL 2.1 instance with its generated taxonomy files", xbrl.render),
    "review": Writer("review", ".review.html", "a self-contained HTML page to check the conversion "
                     "against the filing", review.render),
}


def writer(name: str) -> Writer:
    """The writer of that name, or a usage error naming the known ones."""
    try:
        return WRITERS[name]
    except KeyError:
        raise UsageError(f"unknown output format {name!r} (known: {', '.join(WRITERS)})") from None
