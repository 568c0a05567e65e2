"""The invariant checks over many filings, labelled or not (what `xbrl-export check` runs).

Takes input paths; gives one plain record per input: how it converted, how many facts, and for
every invariant (invariants.py) how many checks hold and fail, with each failure's detail. A
filing that cannot be converted is a record with its error, never an exception.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import ConverterError
from .pipeline import convert_file


def check_paths(paths: Iterable[Path]) -> Iterator[dict]:
    """One record per input (see the module docstring)."""
    for path in paths:
        try:
            result = convert_file(path)
        except ConverterError as error:
            yield {"input": str(path), "status": "failed", "error": error.message, "facts": 0,
                   "checks": {}, "failures": []}
            continue
        counts: dict[str, dict[str, int]] = {}
        failures = []
        for check in result.checks:
            entry = counts.setdefault(check["check"], {"holds": 0, "fails": 0})
            entry[check["status"]] += 1
            if check["status"] == "fails":
                failures.append(check)
        yield {"input": str(path), "status": "converted", "error": "",
               "facts": len(result.instance.facts), "checks": counts, "failures": failures,
               "assumed_periods": result.summary()["assumed_periods"]}


def totals(records: list[dict]) -> dict[str, dict[str, int]]:
    """Per invariant, how many checks hold and fail over every record."""
    found: dict[str, dict[str, int]] = {}
    for record in records:
        for name, counts in record["checks"].items():
            entry = found.setdefault(name, {"holds": 0, "fails": 0})
            entry["holds"] += counts["holds"]
            entry["fails"] += counts["fails"]
    return found
