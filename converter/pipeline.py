"""The one public entry: filing bytes -> ConversionResult (instance XML, taxonomy files, report).

`convert_bytes` touches no files, so any engine can map it over many inputs; `convert_file`
reads a path and `write_result` writes the instance and its taxonomy files atomically.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import field, replace
from decimal import Decimal
from pathlib import Path

from .build import Overrides, build_instance, prepare_tables
from .consistency import Relationship, linkbase_relationships, relationships
from .errors import ConverterError, InputError, InternalError, ValidationFailed
from .limits import MAX_INPUT_BYTES, check_deadline, check_tables, deadline, read_input, too_large
from .model import Document, Instance
from .readers import read_document
from .records import record
from .render import calculation_taxonomy, environment, render_instance, render_taxonomy
from .repair import vocabulary_for
from .taxonomy import load_states, load_taxonomy
from .outputs import check_instance_target, same_text, write_atomically
from .validate import instance_text_problems, year_schema

try:  # a compiled JSON encoder: a batch writes every input's report, and the standard
    import orjson  # library's encoder took about a twentieth of a conversion's time
except ImportError:  # pragma: no cover - orjson is a dependency; json is the fallback
    orjson = None


@record
class ConversionResult:
    source: str
    document: Document
    instance: Instance
    instance_xml: str
    taxonomy_files: dict[str, str] = field(default_factory=dict)
    calculations: tuple[Relationship, ...] = ()
    tables: tuple = ()  # the tables after repair and period recovery

    @property
    def warnings(self) -> list:
        return [n for n in self.instance.notices if n.kind == "warning"]

    @property
    def refusals(self) -> list:
        return [n for n in self.instance.notices if n.kind == "refusal"]

    def summary(self) -> dict:
        periods = sorted({c.period.key() for c in self.instance.contexts})
        return {"source": self.source, "facts": len(self.instance.facts),
                "tables": len(self.document.tables), "periods": periods,
                "warnings": len(self.warnings), "refusals": len(self.refusals)}

    def report(self) -> dict:
        """The conversion report: every fact with its line and confirmation, every notice."""
        return {"source": self.source, "summary": self.summary(),
                "facts": [{"concept": f.concept, "context": f.context_id, "value": f.value,
                           "line": f.line, "label": f.label, "confirmation": f.confirmation}
                          for f in self.instance.facts],
                "refusals": [n.to_dict() for n in self.refusals],
                "warnings": [n.to_dict() for n in self.warnings],
                "notes": [n.to_dict() for n in self.instance.notices if n.kind == "note"],
                "tables": [{"title": t.title, "line": t.line, "statement": t.statement,
                            "columns": [c.to_dict() for c in t.columns]}
                           for t in self.tables or self.document.tables],
                "calculations": [r.describe() for r in self.calculations]}


def compact_json(data: dict) -> bytes:
    """`data` as compact UTF-8 JSON ending in a newline (what a batch writes for each report).
    Through orjson when it is installed and accepts the data; else, as for a source name holding
    undecodable bytes (lone surrogates), through json with non-ASCII escaped."""
    if orjson is not None:
        try:
            return orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE)
        except (orjson.JSONEncodeError, TypeError):
            pass
    return (json.dumps(data, separators=(",", ":"), check_circular=False) + "\n").encode("ascii")


def facts_by_context(instance: Instance) -> dict[str, dict[str, Decimal]]:
    """Monetary us-gaap values by context id and concept name (what calculations check)."""
    table: dict[str, dict[str, Decimal]] = {}
    for fact in instance.facts:
        if fact.unit_id == "USD" and fact.concept.startswith("us-gaap:"):
            table.setdefault(fact.context_id, {})[fact.concept.split(":", 1)[1]] = Decimal(fact.value)
    return table


class _Clock:
    """Seconds spent per stage, accumulated into a caller's dict (for the benchmark)."""

    def __init__(self, timings: dict | None):
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        if self.timings is not None:
            now = time.perf_counter()
            self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
            self.last = now


def warm_up(year: int = 2024, validate: bool = False) -> None:
    """Build what every conversion uses once per process (taxonomy, label vocabularies, the
    relationships, compiled templates, the compiled validation schema). A batch calls this
    before forking its workers, so they share it instead of each building it again."""
    load_taxonomy(year)
    relationships()
    for statement in ("income", "balance", "cash_flow"):
        vocabulary_for(statement, year)
    load_states()
    render_taxonomy(year)
    calculation_taxonomy(year, ())
    environment().get_template("instance.xml.j2")
    if validate:
        year_schema(year)


def convert_bytes(data: bytes, name: str = "<bytes>", overrides: Overrides = Overrides(),
                  year: int = 2024, schema_ref: str = "local", validate: bool = False,
                  timings: dict | None = None, timeout: float | None = None) -> ConversionResult:
    """Convert one filing held in memory (see the module docstring). `validate` checks the
    instance against the XBRL and generated schemas; `timings` collects seconds per stage
    (read, map, check, render, validate); `timeout` (seconds) raises ConversionTimeout once a
    stage ends past it. Every failure is a ConverterError: one the library raises on purpose,
    or InternalError ("internal error: <type>: <message>") for a defect."""
    try:
        with deadline(timeout, name):
            return _convert(data, name, overrides, year, schema_ref, validate, timings)
    except ConverterError as error:
        if not error.source:  # raised deep in a reader, which knows no name
            error.source = name
        raise
    except (MemoryError, RecursionError) as error:
        raise InputError(f"input too large or too deeply nested ({type(error).__name__})",
                         name) from None
    except Exception as error:
        raise InternalError.wrapping(error, name) from error


def _convert(data: bytes, name: str, overrides: Overrides, year: int, schema_ref: str,
             validate: bool, timings: dict | None) -> ConversionResult:
    if len(data) > MAX_INPUT_BYTES:
        raise too_large(len(data), name)
    clock = _Clock(timings)
    document = read_document(data, name)
    check_tables(len(document.tables), name)
    check_deadline()
    clock.lap("read")
    taxonomy = load_taxonomy(year)
    prepared = prepare_tables(document, taxonomy)
    check_deadline()
    instance = build_instance(document, taxonomy, overrides, prepared)
    check_deadline()
    clock.lap("map")
    asserted, notices = linkbase_relationships(facts_by_context(instance))
    instance = replace(instance, notices=instance.notices + tuple(notices))
    check_deadline()
    clock.lap("check")
    entry, calculation_files = calculation_taxonomy(year, tuple(asserted))
    xml = render_instance(instance, Path(name).name, schema_ref, entry)
    files: dict[str, str] = {}
    if schema_ref == "local":
        files = dict(render_taxonomy(year)) | calculation_files
    elif any(c.dimensions for c in instance.contexts):
        files = dict(render_taxonomy(year))
    check_deadline()
    clock.lap("render")
    if validate:
        problems = instance_text_problems(xml, year, name)
        if problems:
            raise ValidationFailed("the written instance is not schema-valid (a defect of "
                                   "xbrl-export: please report it)", [str(p) for p in problems], name)
        clock.lap("validate")
    return ConversionResult(name, document, instance, xml, files, tuple(asserted), prepared.tables)


def convert_file(path: str | os.PathLike, **options) -> ConversionResult:
    """Read a filing (a regular file within the size limit, checked before reading) and
    convert it; `options` are those of `convert_bytes`."""
    return convert_bytes(read_input(path), str(path), **options)


_CHECKED: set[Path] = set()  # taxonomy files this process found (or wrote) with the right content


def write_result(result: ConversionResult, instance_path: Path,
                 shared_written: bool = False, durable: bool = True) -> list[Path]:
    """Write the taxonomy files beside the instance, then the instance; return what was written.
    A taxonomy file already there with the same content is left alone (its content is compared
    once per process; that it still exists, every time). With `shared_written`, the files
    shared by every instance are already there."""
    check_instance_target(instance_path)
    written = []
    shared = set(render_taxonomy(result.instance.taxonomy_year)) if shared_written else set()
    for name, text in sorted(result.taxonomy_files.items()):
        if name in shared:
            continue
        target = instance_path.parent / name
        exists = target.is_file() and not target.is_symlink()  # a planted link is replaced
        if not exists or target not in _CHECKED:
            if not exists or not same_text(target, text):
                write_atomically(target, text, durable)
            _CHECKED.add(target)
        written.append(target)
    write_atomically(instance_path, result.instance_xml, durable)
    written.append(instance_path)
    return written
