"""The xBRL-JSON writer (OIM 1.0): a ConversionResult -> one JSON report referencing the same
generated taxonomy as the XML instance.

Takes: the result (its instance) and the schema reference mode; gives a `Rendered`: the JSON
text (documentInfo with documentType https://xbrl.org/2021/xbrl-json, namespaces and taxonomy;
facts keyed "f1", "f2", ... in the instance's order, each with its value, decimals and
dimensions: concept, entity, period, unit and the non-GAAP reporting basis) and the taxonomy
files, the same as the XML writer's. Numbers stay strings, as printed in the XML instance, so
no value goes through a float.
"""
from __future__ import annotations

import orjson

from ..result import ConversionResult, Rendered
from .oim import JSON_DOCUMENT_TYPE, OimFact, oim_report


def render(result: ConversionResult, schema_ref: str = "local", stem: str = "") -> Rendered:
    """The writer's entry (writers/__init__.py); `stem` is unused (the file names no other)."""
    report = oim_report(result, schema_ref)
    document = {"documentInfo": {"documentType": JSON_DOCUMENT_TYPE, "namespaces": report.namespaces,
                                 "taxonomy": report.taxonomy},
                "facts": {fact.id: _fact(fact, report.entity) for fact in report.facts}}
    # orjson: the standard library's indenting encoder took ten times the XML's rendering. It
    # refuses lone surrogates, and none reach it: text values lose them as they do in the XML
    # (oim.py); concept names are NCNames, entity identifiers digits or [A-Za-z0-9-] (build.py)
    text = orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()
    return Rendered(text, report.files)


def _fact(fact: OimFact, entity: str) -> dict:
    dimensions = {"concept": fact.concept, "entity": entity, "period": fact.period}
    if fact.unit:
        dimensions["unit"] = fact.unit
    dimensions |= dict(fact.dimensions)
    entry: dict = {"value": fact.value}
    if fact.decimals:
        entry["decimals"] = int(fact.decimals)
    entry["dimensions"] = dimensions
    return entry
