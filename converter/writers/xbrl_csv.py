"""The xBRL-CSV writer (OIM 1.0): a ConversionResult -> a metadata JSON file and one CSV table,
referencing the same generated taxonomy as the XML instance.

Takes: the result (its instance), the schema reference mode and the stem the files are named
after. Gives a `Rendered`: the metadata (`<stem>.csv-metadata.json`: documentInfo with
documentType https://xbrl.org/2021/xbrl-csv, namespaces and taxonomy; one table template,
`facts`; the table `<stem>.csv`, the stem made safe as a URL: `table_name`) as its text, and as
its files the table and the taxonomy files (the same as the XML writer's).

The table has a row per fact, in the instance's order, with the columns concept, period, unit,
decimals, one per non-GAAP axis any fact uses (its member; empty for GAAP facts) and value.
The value column is the fact column; the others give its dimensions through parameter
references ("$concept"), and an empty cell leaves that dimension (or decimals) out. The entity
is the same for every fact: written in the metadata, not in each row. A text value that is
empty or starts with "#" is written as xBRL-CSV's special values require ("#empty", "##...").
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..result import ConversionResult, Rendered
from .oim import CSV_DOCUMENT_TYPE, OimFact, OimReport, oim_report
from .xbrl import safe_stem

METADATA_SUFFIX = ".csv-metadata.json"
TABLE = "facts"


def table_name(stem: str) -> str:
    """The table written beside `<stem>.csv-metadata.json`, named after it with only letters,
    digits and `._-` (the metadata references it by a relative URL that needs no escaping)."""
    return f"{safe_stem(stem)}.csv"


def render(result: ConversionResult, schema_ref: str = "local", stem: str = "") -> Rendered:
    """The writer's entry (writers/__init__.py). `stem` names the table the metadata references
    (default: the input's name made safe); write the metadata as `<stem>.csv-metadata.json`
    beside it."""
    stem = stem or safe_stem(Path(result.source).stem)
    report = oim_report(result, schema_ref)
    axes = {axis: axis.split(":", 1)[1] for axis in report.axes}  # axis -> its column
    columns = ["concept", "period", "unit", "decimals", *axes.values(), "value"]
    dimensions = {"concept": "$concept", "entity": report.entity, "period": "$period", "unit": "$unit"}
    dimensions |= {axis: f"${column}" for axis, column in axes.items()}
    fact_column = {"dimensions": dimensions, "decimals": "$decimals"}
    template: dict[str, dict] = {"columns": {name: {} for name in columns[:-1]} | {"value": fact_column}}
    metadata = {"documentInfo": {"documentType": CSV_DOCUMENT_TYPE, "namespaces": report.namespaces,
                                 "taxonomy": report.taxonomy},
                "tableTemplates": {TABLE: template},
                "tables": {TABLE: {"template": TABLE, "url": table_name(stem)}}}
    text = json.dumps(metadata, indent=1, ensure_ascii=False) + "\n"
    return Rendered(text, {table_name(stem): _table(report, columns, list(axes))} | report.files)


def _table(report: OimReport, columns: list[str], axes: list[str]) -> str:
    out = io.StringIO()
    rows = csv.writer(out, lineterminator="\r\n")
    rows.writerow(columns)
    for fact in report.facts:
        members = dict(fact.dimensions)
        rows.writerow([fact.concept, fact.period, fact.unit, fact.decimals,
                       *(members.get(axis, "") for axis in axes), _cell(fact)])
    return out.getvalue()


def _cell(fact: OimFact) -> str:
    """The value as a cell: xBRL-CSV reads "" as no fact and "#..." as a special value."""
    if fact.unit:
        return fact.value
    if fact.value == "":
        return "#empty"
    return "#" + fact.value if fact.value.startswith("#") else fact.value
