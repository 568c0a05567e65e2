"""Writers: a ConversionResult -> files. Each writer names itself, the suffix of its main file,
and a `render(result, schema_ref, stem)` giving a `Rendered` (main text and supporting files;
`stem` is the name the main file will have without its suffix, for a writer whose main file
names another written beside it: xBRL-CSV's metadata names its table).

xml: the XBRL 2.1 instance (xbrl.py); json: xBRL-JSON (xbrl_json.py); csv: xBRL-CSV, a metadata
JSON file and its table (xbrl_csv.py). All three reference the same generated taxonomy.

Batch and CLI ask `WRITERS` (or `writer(name)`) for what to write; adding an output format is
one module here plus one line in WRITERS.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import UsageError
from ..result import ConversionResult, Rendered
from . import xbrl, xbrl_csv, xbrl_json


@dataclass(frozen=True, slots=True)
class Writer:
    name: str
    suffix: str  # of the main file, e.g. ".xml"
    description: str
    render: Callable[[ConversionResult, str, str], Rendered]


WRITERS: dict[str, Writer] = {
    "xml": Writer("xml", ".xml", "XBRL 2.1 instance with its generated taxonomy files", xbrl.render),
    "json": Writer("json", ".json", "xBRL-JSON (OIM 1.0) report", xbrl_json.render),
    "csv": Writer("csv", xbrl_csv.METADATA_SUFFIX, "xBRL-CSV (OIM 1.0) metadata and its table <name>.csv",
                  xbrl_csv.render),
}


def writer(name: str) -> Writer:
    """The writer of that name, or a usage error naming the known ones."""
    try:
        return WRITERS[name]
    except KeyError:
        raise UsageError(f"unknown output format {name!r} (known: {', '.join(WRITERS)})") from None
