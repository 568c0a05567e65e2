"""The one public entry: filing bytes -> ConversionResult (the model, what the writers rendered,
the report). The pipeline is read -> passes -> build -> writers -> validate:

- read: readers/ sniffs the bytes and reads them into a Document (cover page, tables, narrative);
- passes/: repair, calendar, claims, periods, map, duplicates, arithmetic, cross-check, over one
  working state;
- build: the settled values become an Instance (entity, contexts, units, facts), and the
  calculation relationships its facts satisfy;
- writers/: each requested format is rendered from the result (the XBRL 2.1 instance,
  xBRL-JSON, xBRL-CSV);
- validate: the XML instance checked against the XBRL and generated schemas (optional).

`convert_bytes` touches no files, so any engine can map it over many inputs; `convert_file`
reads a path and `write_outputs` (`write_result` for the XML instance alone) writes a result's
files atomically.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import orjson  # a compiled JSON encoder: the standard library's took a twentieth of a conversion

from .build import Overrides, asserted_calculations, build_instance
from .errors import ConverterError, InputError, InternalError, ValidationFailed
from .invariants import check_result
from .limits import MAX_INPUT_BYTES, check_deadline, check_tables, deadline, read_input, too_large
from .outputs import check_instance_target, is_reserved, same_text, write_atomically
from .passes import run_passes
from .readers import read_filing
from .result import ConversionResult
from .taxonomy import load_taxonomy
from .validate import instance_text_problems, year_schema
from .writers import writer
from .writers.linkbases import STATEMENT_TEMPLATES
from .writers.xbrl import environment, render_taxonomy


def compact_json(data: dict) -> bytes:
    """`data` as compact UTF-8 JSON ending in a newline (what a batch writes for each report).
    Through orjson when it accepts the data; else, as for a source name holding undecodable bytes
    (lone surrogates), through json with non-ASCII escaped."""
    try:
        return orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE)
    except (orjson.JSONEncodeError, TypeError):
        pass
    return (json.dumps(data, separators=(",", ":"), check_circular=False) + "\n").encode("ascii")


def warm_up(year: int = 2024, validate: bool = False, review: bool = False) -> None:
    """Build what every conversion uses once per process (the taxonomy, compiled templates, the
    shared taxonomy files, the compiled validation schema; with `review`, the review page's
    template). A batch calls this before starting its workers, so that forked workers share it
    instead of each building it again."""
    load_taxonomy(year)
    render_taxonomy(year)
    environment().get_template("instance.xml.j2")
    for template in STATEMENT_TEMPLATES:  # (and the module that writes them, imported here)
        environment().get_template(template)
    if review:
        environment().get_template("review.html.j2")
    if validate:
        year_schema(year)


def convert_bytes(data: bytes, name: str = "<bytes>", overrides: Overrides = Overrides(),
                  year: int = 2024, schema_ref: str = "local", validate: bool = False,
                  timings: dict | None = None, formats: tuple[str, ...] = ("xml",),
                  timeout: float | None = None, stem: str = "") -> ConversionResult:
    """Convert one filing held in memory (see the module docstring). `formats` names the
    writers to render (xml, json, csv; `stem` is the name their main files will be written
    under, without suffix: the xBRL-CSV metadata names its table `<stem>.csv`; default: the
    input's name made safe); `validate` checks the XML instance against the XBRL and generated
    schemas; `timings` collects seconds per stage (read, each pass, build, render, validate);
    `timeout` (seconds) raises ConversionTimeout once a stage ends past it. Every failure is a
    ConverterError: one the library raises on purpose, or InternalError ("internal error:
    <type>: <message>") for a defect."""
    try:
        with deadline(timeout, name):
            return _convert(data, name, overrides, year, schema_ref, validate, timings, formats, stem)
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
             validate: bool, timings: dict | None, formats: tuple[str, ...], stem: str) -> ConversionResult:
    if len(data) > MAX_INPUT_BYTES:
        raise too_large(len(data), name)
    started = time.perf_counter()
    reader, document = read_filing(data, name)
    check_tables(len(document.tables), name)
    check_deadline()
    _lap(timings, "read", started)
    taxonomy = load_taxonomy(year)
    state = run_passes(document, taxonomy, timings, between=check_deadline)
    started = time.perf_counter()
    instance, calculations = asserted_calculations(build_instance(state, overrides), taxonomy)
    result = ConversionResult(name, document, instance, calculations, tuple(state.tables), reader)
    result.checks = tuple(check.to_dict() for check in check_result(result, taxonomy))
    check_deadline()
    _lap(timings, "build", started)
    started = time.perf_counter()
    wanted = list(dict.fromkeys(formats))
    if validate and "xml" not in wanted:  # what is validated is the XML instance
        wanted.insert(0, "xml")
    for output in wanted:
        result.outputs[output] = writer(output).render(result, schema_ref, stem)
    check_deadline()
    _lap(timings, "render", started)
    if validate:
        started = time.perf_counter()
        problems = instance_text_problems(result.instance_xml, year, name)
        if problems:
            raise ValidationFailed("the written instance is not schema-valid (a defect of "
                                   "xbrl-export: please report it)", [str(p) for p in problems], name)
        _lap(timings, "validate", started)
    return result


def _lap(timings: dict | None, stage: str, started: float) -> None:
    if timings is not None:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


def convert_file(path: str | os.PathLike, **options) -> ConversionResult:
    """Read a filing (a regular file within the size limit, checked before reading) and
    convert it; `options` are those of `convert_bytes`."""
    return convert_bytes(read_input(path), str(path), **options)


_CHECKED: set[Path] = set()  # taxonomy files this process found (or wrote) with the right content


def write_result(result: ConversionResult, instance_path: Path,
                 shared_written: bool = False, durable: bool = True) -> list[Path]:
    """Write the XML instance and the taxonomy files beside it (`write_outputs` with the xml
    format alone); return what was written."""
    return write_outputs(result, {"xml": instance_path}, shared_written, durable)


def output_targets(base: Path, formats: tuple[str, ...] | list[str]) -> dict[str, Path]:
    """Where each format's main file goes for outputs named `base` (a path without suffix):
    `<base>.xml`, `<base>.json`, `<base>.csv-metadata.json` (whose table is `<base>.csv`)."""
    return {name: base.with_name(base.name + writer(name).suffix) for name in formats}


def write_outputs(result: ConversionResult, targets: dict[str, Path],
                  shared_written: bool = False, durable: bool = True) -> list[Path]:
    """Write each rendered format's main file at its target (format name -> path), after the
    files it references, beside it; return what was written. A taxonomy file already there with
    the same content is left alone (its content is compared once per process; that it still
    exists, every time); a file of one output alone (the xBRL-CSV table) is always written.
    With `shared_written`, the files shared by every instance are already there."""
    for target in targets.values():
        check_instance_target(target)
    written: list[Path] = []
    shared = set(render_taxonomy(result.instance.taxonomy_year)) if shared_written else set()
    for name, target in targets.items():
        for file_name, text in sorted(result.outputs[name].files.items()):
            path = target.parent / file_name
            if file_name in shared or path in written:
                continue
            if is_reserved(file_name):
                _write_taxonomy_file(path, text, durable)
            else:
                check_instance_target(path)
                write_atomically(path, text, durable)
            written.append(path)
    for name, target in targets.items():
        write_atomically(target, result.outputs[name].text, durable)
        written.append(target)
    return written


def _write_taxonomy_file(target: Path, text: str, durable: bool) -> None:
    exists = target.is_file() and not target.is_symlink()  # a planted link is replaced
    if not exists or target not in _CHECKED:
        if not exists or not same_text(target, text):
            write_atomically(target, text, durable)
        _CHECKED.add(target)
