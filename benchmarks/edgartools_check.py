"""Downstream proof, optional: takes instances written by xbrl-export (with their taxonomy files
beside them) and golden files (../shared/golden/NAME.csv), and gives what edgartools' statements
API reads from them: for the income statement and the balance sheet, how many of its values
agree with the golden file, differ from it, or are not in it (and which differ).

edgartools is never a dependency of xbrl-export: run this in a throwaway virtual environment,

    python3 -m venv /tmp/edgar && /tmp/edgar/bin/pip install edgartools
    /tmp/edgar/bin/python benchmarks/edgartools_check.py out/seed.xml ../shared/golden/000_....csv

(more pairs may follow; `--json` prints one record per instance). tests/test_edgartools.py runs
the same check on the seeds and the corpus when edgartools is installed, and skips otherwise.
edgartools reads a filing's files from a folder by the names the SEC gives them; here each file
an instance references (its schemas, their imports and linkbases) is handed to its parser.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from decimal import Decimal
from pathlib import Path

from lxml import etree

LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
STATEMENTS = ("income_statement", "balance_sheet")


def referenced_files(instance: Path) -> tuple[list[Path], list[Path]]:
    """The local schemas an instance references (with the ones they import) and their linkbases."""
    root = etree.parse(str(instance)).getroot()
    pending = [instance.parent / r.get(f"{{{XLINK}}}href") for r in root.iter(f"{{{LINK}}}schemaRef")]
    schemas: list[Path] = []
    linkbases: list[Path] = []
    while pending:
        schema = pending.pop(0)
        if schema in schemas or not schema.is_file():
            continue
        schemas.append(schema)
        tree = etree.parse(str(schema)).getroot()
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            location = element.get("schemaLocation", "")
            if element.tag.endswith("}import") and not location.startswith("http"):
                pending.append(schema.parent / location)
            if element.tag.endswith("}linkbaseRef"):
                linkbases.append(schema.parent / element.get(f"{{{XLINK}}}href"))
    return schemas, linkbases


def load(instance: Path):
    """edgartools' XBRL object for one instance and the files it references."""
    from edgar.xbrl import XBRL

    xbrl = XBRL()
    parser = xbrl.parser
    schemas, linkbases = referenced_files(instance)
    for schema in schemas:
        parser.parse_schema(schema)
    for suffix, parse in (("-lab.xml", parser.parse_labels), ("-pre.xml", parser.parse_presentation),
                          ("-cal.xml", parser.parse_calculation), ("-def.xml", parser.parse_definition)):
        for linkbase in linkbases:
            if linkbase.name.endswith(suffix):
                parse(linkbase)
    parser.parse_instance(instance)
    return xbrl


def golden_values(path: Path) -> dict[tuple[str, str], list[str]]:
    """(concept, period) -> the acceptable values ('*': unverifiable) of a golden file."""
    found: dict[tuple[str, str], list[str]] = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for concept in row["concept"].split("|"):
                for period in row["period"].split("|"):
                    found.setdefault((concept, period), []).extend(row["value"].split("|"))
    return found


def plain_facts(instance: Path) -> set[tuple[str, str]]:
    """(concept, period) of every fact of the instance without dimensions (the GAAP facts)."""
    root = etree.parse(str(instance)).getroot()
    xbrli = "http://www.xbrl.org/2003/instance"
    periods = {}
    for context in root.iter(f"{{{xbrli}}}context"):
        if context.find(f".//{{{xbrli}}}segment") is not None:
            continue
        instant = context.findtext(f".//{{{xbrli}}}instant")
        periods[context.get("id")] = instant or (context.findtext(f".//{{{xbrli}}}startDate") + "--"
                                                 + context.findtext(f".//{{{xbrli}}}endDate"))
    found = set()
    for fact in root:
        if isinstance(fact.tag, str) and fact.get("contextRef") in periods:
            namespace, local = fact.tag[1:].split("}")
            found.add((f"{fact.prefix}:{local}", periods[fact.get("contextRef")]))
    return found


def _period(key: str) -> str:
    """edgartools' 'duration_2004-04-01_2004-06-30' / 'instant_2004-06-30' as the golden files
    write it ('2004-04-01--2004-06-30' / '2004-06-30')."""
    kind, _, rest = key.partition("_")
    return rest.replace("_", "--") if kind == "duration" else rest


def check(instance: Path, golden: Path | None) -> dict:
    """For each statement of STATEMENTS: its rows and values (the rows of its line items; the
    breakdown rows edgartools adds for the non-GAAP and adjustments members are only counted):
    values agreeing with the golden file, differing from it (listed), not in it, and sums
    edgartools made of the members where the instance has no GAAP fact."""
    xbrl = load(instance)
    truth = golden_values(golden) if golden is not None else {}
    written = plain_facts(instance)
    record: dict = {"instance": str(instance), "golden": golden.name if golden is not None else None}
    for name in STATEMENTS:
        statement = getattr(xbrl.statements, name)()
        if statement is None:
            record[name] = None
            continue
        counts = {"rows": 0, "values": 0, "agree": 0, "differ": 0, "not_in_golden": 0, "sums": 0,
                  "member_rows": 0, "differences": []}
        for row in statement.get_raw_data():
            if row.get("is_abstract") or not row.get("values"):
                continue
            if row.get("is_dimension"):  # a breakdown row: a non-GAAP or adjustments member
                counts["member_rows"] += 1
                continue
            counts["rows"] += 1
            concept = row["concept"].replace("_", ":", 1)
            for key, value in row["values"].items():
                counts["values"] += 1
                expected = truth.get((concept, _period(key)))
                if (concept, _period(key)) not in written:  # no such fact: edgartools added up
                    counts["sums"] += 1  # the non-GAAP and adjustment members (its gh #646)
                elif expected is None:
                    counts["not_in_golden"] += 1
                elif "*" in expected or any(Decimal(str(value)) == Decimal(e) for e in expected):
                    counts["agree"] += 1
                else:
                    counts["differ"] += 1
                    counts["differences"].append(f"{concept} {_period(key)}: {value} (golden {expected})")
        record[name] = counts
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pairs", nargs="+", help="INSTANCE.xml GOLDEN.csv [INSTANCE.xml GOLDEN.csv ...] "
                        "('-' for an instance with no golden file)")
    parser.add_argument("--json", action="store_true", help="one JSON record per instance")
    args = parser.parse_args(argv)
    if len(args.pairs) % 2:
        parser.error("give instances and golden files in pairs")
    for instance, golden in zip(args.pairs[::2], args.pairs[1::2]):
        record = check(Path(instance), None if golden == "-" else Path(golden))
        if args.json:
            print(json.dumps(record))
            continue
        print(instance)
        for name in STATEMENTS:
            counts = record[name]
            if counts is None:
                print(f"  {name}: not found")
                continue
            print(f"  {name}: {counts['rows']} rows, {counts['values']} values: {counts['agree']} agree "
                  f"with the golden file, {counts['differ']} differ, {counts['not_in_golden']} not in it, "
                  f"{counts['sums']} sums of members edgartools made where no GAAP fact is "
                  f"({counts['member_rows']} rows of non-GAAP members beside)")
            for difference in counts["differences"]:
                print(f"    differs: {difference}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
