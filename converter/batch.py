"""Batch conversion of an archive: many inputs, N worker processes, one record per input.

One failing or malicious input never stops the others: each conversion runs in a worker under a
time limit (SIGALRM), every error becomes a record, and outputs are written atomically by the
worker that made them. Output names come from input names made safe (never outside the output
folder); two inputs with the same name get a short hash of their path. The run report
(run-report.jsonl) gets one line per input as results arrive (flushed at least every half
second, and whenever the run ends, Ctrl-C included), so an interrupted run keeps what it
finished and `skip_existing` resumes it.
"""
from __future__ import annotations

import gc
import glob
import hashlib
import multiprocessing
import os
import resource
import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .build import Overrides
from .errors import ConverterError, InputError
from .pipeline import compact_json, convert_bytes, warm_up, write_atomically, write_result
from .records import record
from .render import render_taxonomy, safe_stem

RUN_REPORT = "run-report.jsonl"
INPUT_SUFFIXES = {".txt", ".htm", ".html", ".xml", ".sgml", ".nc", ".pdf", ""}
EXIT_SOME_FAILED = 6


class ConversionTimeout(ConverterError):
    """A conversion took longer than the per-file time limit."""


@record
class BatchOptions:
    output_dir: Path
    jobs: int = 0  # 0: the machine's cores
    skip_existing: bool = False
    timeout: float = 60.0
    validate: bool = True
    year: int = 2024
    schema_ref: str = "local"
    overrides: Overrides = field(default_factory=Overrides)
    write_reports: bool = True


def expand_inputs(inputs: list[str], from_list: Path | None = None) -> list[Path]:
    """Files, folders (recursively), glob patterns and the lines of a list file, in order,
    without duplicates. A name that matches nothing is kept, so its failure is reported."""
    names = list(inputs)
    if from_list is not None:
        try:
            listed = from_list.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as error:
            raise InputError(f"cannot read the list: {error.strerror}", str(from_list)) from None
        names += [line.strip() for line in listed if line.strip() and not line.startswith("#")]
    seen: dict[Path, None] = {}
    for name in names:
        for path in _expand_one(name):
            seen.setdefault(path, None)
    return list(seen)


def _expand_one(name: str) -> Iterator[Path]:
    path = Path(name)
    if path.is_dir():
        for found in sorted(path.rglob("*")):
            if found.is_file() and found.suffix.lower() in INPUT_SUFFIXES and not found.name.startswith("."):
                yield found
        return
    if any(ch in name for ch in "*?[") and not path.exists():
        matches = sorted(glob.glob(name, recursive=True))
        yield from (Path(m) for m in matches if Path(m).is_file())
        return
    yield path


def output_names(paths: list[Path]) -> dict[Path, str]:
    """A safe, unique output stem per input (a short hash of the path tells twins apart)."""
    stems = {path: safe_stem(path.stem) for path in paths}
    counts: dict[str, int] = {}
    for stem in stems.values():
        counts[stem] = counts.get(stem, 0) + 1
    names = {}
    for path, stem in stems.items():
        if counts[stem] > 1:
            digest = hashlib.sha1(str(path.resolve()).encode("utf-8", "replace")).hexdigest()[:8]
            stem = f"{stem}-{digest}"
        names[path] = stem
    return names


_WORKER_OPTIONS: BatchOptions | None = None  # a worker's options, set once when it starts


def _start_worker(options: BatchOptions) -> None:
    global _WORKER_OPTIONS
    _WORKER_OPTIONS = options


def _convert_in_worker(task: tuple[Path, str]) -> dict:
    """`convert_one` in a pool worker: the options came once, when the worker started, not
    pickled again with every input."""
    return convert_one((task[0], task[1], _WORKER_OPTIONS))


def _on_alarm(signum, frame):
    raise ConversionTimeout("conversion took longer than the per-file time limit")


def convert_one(task: tuple[Path, str, BatchOptions]) -> dict:
    """Convert and write one input (runs in a worker); always returns a record."""
    path, stem, options = task
    started = time.perf_counter()
    record = {"input": str(path), "output": str(options.output_dir / f"{stem}.xml"),
              "status": "failed", "facts": 0, "refusals": 0, "warnings": 0, "error": None}
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, options.timeout)
    try:
        record.update(_convert_and_write(path, stem, options))
    except ConverterError as error:
        record["error"] = error.user_message()
    except (MemoryError, RecursionError) as error:
        record["error"] = f"{path}: input too large or too deeply nested ({type(error).__name__})"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    record["seconds"] = round(time.perf_counter() - started, 4)
    record["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return record


def _convert_and_write(path: Path, stem: str, options: BatchOptions) -> dict:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", str(path)) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", str(path)) from None
    result = convert_bytes(data, str(path), overrides=options.overrides, year=options.year,
                           schema_ref=options.schema_ref, validate=options.validate)
    target = options.output_dir / f"{stem}.xml"
    write_result(result, target, shared_written=True)
    if options.write_reports:
        write_atomically(options.output_dir / f"{stem}.report.json", compact_json(result.report()))
    summary = result.summary()
    status = "converted-with-warnings" if summary["warnings"] else "converted"
    if not result.document.tables:
        status = "no-tables"
    return {"status": status, "facts": summary["facts"], "refusals": summary["refusals"],
            "warnings": summary["warnings"]}


@dataclass
class RunSummary:
    total: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    facts: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return self.statuses.get("failed", 0)

    def add(self, record: dict) -> None:
        self.total += 1
        self.statuses[record["status"]] = self.statuses.get(record["status"], 0) + 1
        self.facts += record.get("facts", 0)


GC_THRESHOLD = (10000, 10, 10)


@contextmanager
def _tuned_garbage_collector():
    """While a batch runs (its workers fork inside): what was built before is frozen (no
    collection walks it again, and the workers' copies of its pages stay shared), and a
    collection starts after 10,000 net new objects instead of 700. A conversion's objects die
    by reference counting, so collections then almost never run (they took about 4% of a
    conversion); cyclic garbage, if any, is still collected, in larger batches. The calling
    process gets its own settings back afterwards."""
    threshold = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _write_shared_taxonomy(options: BatchOptions) -> None:
    if options.schema_ref != "local":
        return
    for name, text in render_taxonomy(options.year).items():
        target = options.output_dir / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            write_atomically(target, text)


def run_batch(paths: list[Path], options: BatchOptions,
              on_record: Callable[[dict], None] = lambda record: None) -> RunSummary:
    """Convert every input; call `on_record` with each record as it arrives."""
    options.output_dir.mkdir(parents=True, exist_ok=True)
    warm_up(options.year, options.validate)  # before the workers fork: they inherit it
    _write_shared_taxonomy(options)
    names = output_names(paths)
    summary = RunSummary()
    started = time.perf_counter()
    tasks = []
    with _tuned_garbage_collector(), open(options.output_dir / RUN_REPORT, "ab") as stream:
        log = _RunReport(stream)
        for path in paths:
            if options.skip_existing and (options.output_dir / f"{names[path]}.xml").exists():
                record = {"input": str(path), "output": str(options.output_dir / f"{names[path]}.xml"),
                          "status": "skipped", "facts": 0, "refusals": 0, "warnings": 0,
                          "error": None, "seconds": 0.0}
                _emit(record, log, summary, on_record)
            else:
                tasks.append((path, names[path]))
        for record in _results(tasks, options, options.jobs or os.cpu_count() or 1):
            _emit(record, log, summary, on_record)
    summary.seconds = time.perf_counter() - started
    return summary


class _RunReport:
    """The run report's lines, written as results arrive and flushed at least every half
    second (not once per line: the parent shares the machine's cores with the workers)."""

    FLUSH_EVERY = 0.5

    def __init__(self, stream):
        self.stream = stream
        self.flushed = time.monotonic()

    def write(self, record: dict) -> None:
        self.stream.write(compact_json(record))
        now = time.monotonic()
        if now - self.flushed >= self.FLUSH_EVERY:
            self.stream.flush()
            self.flushed = now


def _emit(record: dict, log: _RunReport, summary: RunSummary, on_record) -> None:
    log.write(record)
    summary.add(record)
    on_record(record)


def _results(tasks: list[tuple[Path, str]], options: BatchOptions, jobs: int) -> Iterator[dict]:
    if len(tasks) <= 1:
        yield from (convert_one((path, stem, options)) for path, stem in tasks)
        return
    # even one job runs in a worker process: the run survives what a conversion does to its
    # process, and memory is measured per worker
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_start_worker, initargs=(options,),
                      maxtasksperchild=2000) as pool:
        yield from pool.imap_unordered(_convert_in_worker, tasks, chunksize=8)
