"""Batch conversion of an archive: many inputs, N worker processes, one record per input.

Takes: input names (files, folders, globs, a list file) and BatchOptions.
Gives: for each input, `<name>.xml` (and/or `<name>.json`, `<name>.csv-metadata.json` with its
table `<name>.csv`: the formats asked for) and `<name>.report.json` in the output folder and one line
in that run's report (`run-report.jsonl`; an earlier run's report is kept as
`run-report-<time>.jsonl`), each line carrying the run's id and the time it was written.

Nothing one input does stops the others: every input's conversion has a catch-all at its
boundary ("internal error: <type>: <message>"), runs in a worker process that the parent
replaces when it dies or does not answer within the time limit (see workers.py), and writes its
files atomically. Output names come from input names made safe (never outside the output folder,
never a name the folder keeps for its shared files); two inputs with the same name get a short
hash of their path. The same file given twice (by any path) is converted once, and nothing
inside the output folder is read as an input. The run report is flushed at least every half
second and whenever the run ends (Ctrl-C included), so an interrupted run keeps what it
finished and `skip_existing` resumes it.

With `dataset` (converter/dataset), each worker also builds its input's dataset rows and sends
them back with its record as plain data; the parent takes them off the record and writes them
(one transaction, or Parquet part, per batch of inputs), and `skip_existing` then also needs an
input's rows in the dataset with the same digest.
"""
from __future__ import annotations

import gc
import glob
import hashlib
import json
import os
import secrets
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .build import Overrides
from .dataset.rows import input_digest, input_status, rows_for, submission_header
from .dataset.store import DatasetWriter
from .errors import EXIT_INTERRUPTED, EXIT_SOME_FAILED, ConverterError, InputError, InternalError, OutputError
from .limits import ConversionTimeout, read_input, valid_timeout
from .memory import peak_mb, reset_peak
from .outputs import (
    RUN_REPORT,
    is_reserved,
    open_run_report,
    prepare_folder,
    remove_quietly,
    same_text,
    write_atomically,
)
from .pipeline import compact_json, convert_bytes, output_targets, warm_up, write_outputs
from .workers import WorkersCannotStart, run_tasks
from .writers import writer
from .writers.xbrl import render_taxonomy, safe_stem
from .writers.xbrl_csv import table_name

__all__ = ["BatchOptions", "ConversionTimeout", "EXIT_SOME_FAILED", "RUN_REPORT", "RunSummary",
           "collect_inputs", "convert_one", "expand_inputs", "output_names", "run_batch"]

INPUT_SUFFIXES = {".txt", ".htm", ".html", ".xml", ".sgml", ".nc", ".pdf", ""}
MAX_JOBS = 256
TEST_FAULTS = "XBRL_EXPORT_TEST_FAULTS"  # tests only: {"input name": "kill" | "hang" | ...}
DATASET_ROWS = "dataset_rows"  # a worker's record: the input's dataset rows, taken off by the parent


class Interrupted(ConverterError):
    """The run was interrupted (Ctrl-C); what finished is in the run report."""

    exit_code = EXIT_INTERRUPTED


@dataclass(frozen=True, slots=True)
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
    durable: bool = True  # fsync each file before it is renamed into place
    formats: tuple[str, ...] = ("xml",)  # writers/__init__.py: xml, json, csv
    dataset: Path | None = None  # also write every fact to this dataset (converter/dataset)
    dataset_format: str = "sqlite"  # or "parquet"


@dataclass
class InputSet:
    """The inputs of a run, and what the search left out (counted in the summary)."""

    paths: list[Path] = field(default_factory=list)
    hidden: int = 0            # hidden files and folders a folder search skipped
    in_output_folder: int = 0  # files inside the output folder, never read as inputs
    duplicates: int = 0        # the same file given again (by any path)


def expand_inputs(inputs: list[str], from_list: Path | None = None) -> list[Path]:
    """Files, folders (recursively), glob patterns and the lines of a list file, in order,
    without duplicates. A name that matches nothing is kept, so its failure is reported."""
    return collect_inputs(inputs, from_list).paths


def collect_inputs(inputs: list[str], from_list: Path | None = None,
                   output_dir: Path | None = None) -> InputSet:
    """`expand_inputs`, counting what it leaves out: hidden files, files inside `output_dir`,
    and the same file given twice (compared by real path)."""
    names = list(inputs)
    if from_list is not None:
        try:
            listed = read_input(from_list).decode("utf-8", errors="replace").splitlines()
        except InputError as error:
            raise InputError(f"cannot read the list: {error.message}", str(from_list)) from None
        names += [line.strip() for line in listed if line.strip() and not line.startswith("#")]
    found = InputSet()
    output_real = os.path.realpath(output_dir) if output_dir is not None else None
    seen: set[str] = set()
    for name in names:
        for path in _expand_one(name, found):
            real = os.path.realpath(path)
            if output_real is not None and (real == output_real
                                            or real.startswith(output_real + os.sep)):
                found.in_output_folder += 1
                continue
            if real in seen:
                found.duplicates += 1
                continue
            seen.add(real)
            found.paths.append(path)
    return found


def _expand_one(name: str, found: InputSet) -> Iterator[Path]:
    path = Path(name)
    if path.is_dir():
        for folder, subfolders, files in os.walk(path):
            found.hidden += sum(1 for d in subfolders if d.startswith("."))
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            for file_name in sorted(files):
                if file_name.startswith("."):
                    found.hidden += 1
                    continue
                candidate = Path(folder) / file_name
                if candidate.suffix.lower() in INPUT_SUFFIXES and candidate.is_file():
                    yield candidate
        return
    if any(ch in name for ch in "*?[") and not path.exists():
        matches = sorted(glob.glob(name, recursive=True))
        yield from (Path(m) for m in matches if Path(m).is_file())
        return
    yield path


def file_names(stem: str, formats: tuple[str, ...] = ("xml",)) -> list[str]:
    """The files one input writes under `stem`: each format's main file (and the xBRL-CSV
    table), then its report."""
    names = [f"{stem}{writer(name).suffix}" for name in formats]
    if "csv" in formats:
        names.append(table_name(stem))
    return names + [f"{stem}.report.json"]


def output_names(paths: list[Path], formats: tuple[str, ...] = ("xml",)) -> dict[Path, str]:
    """A safe, unique output stem per input (a short hash of the path tells twins apart, and
    inputs whose files would take the same name, such as `a.report.json` as the report of `a` and
    the xBRL-JSON of `a.report`; a stem the output folder keeps for itself, such as
    `xbrl-export-2024-def`, gets `input-` before it)."""
    stems = {}
    for path in paths:
        stem = safe_stem(path.stem)
        if any(is_reserved(name) for name in file_names(stem, formats)):
            stem = f"input-{stem}"
        stems[path] = stem
    owners: dict[str, int] = {}  # file name -> how many inputs would write it
    for stem in stems.values():
        for name in file_names(stem, formats):
            owners[name] = owners.get(name, 0) + 1
    names = {}
    for path, stem in stems.items():
        if any(owners[name] > 1 for name in file_names(stem, formats)):
            digest = hashlib.sha1(str(path.resolve()).encode("utf-8", "replace")).hexdigest()[:8]
            stem = f"{stem}-{digest}"
        names[path] = stem
    return names


_WORKER_OPTIONS: BatchOptions | None = None  # a worker's options, set once when it starts


def _start_worker(options: BatchOptions) -> None:
    global _WORKER_OPTIONS
    _WORKER_OPTIONS = options
    warm_up(options.year, options.validate)  # already warm under fork; built once under spawn


def _convert_in_worker(task: tuple[Path, str]) -> dict:
    """`convert_one` in a pool worker: the options came once, when the worker started, not
    pickled again with every input."""
    assert _WORKER_OPTIONS is not None, "the worker was started without its options"
    return convert_one((task[0], task[1], _WORKER_OPTIONS))


def new_record(path: Path, status: str = "failed", error: str | None = None) -> dict:
    return {"input": str(path), "output": "", "outputs": [], "status": status, "facts": 0, "refusals": 0,
            "warnings": 0, "error": error}


def convert_one(task: tuple[Path, str, BatchOptions]) -> dict:
    """Convert and write one input (runs in a worker); always returns a record."""
    path, stem, options = task
    started = time.perf_counter()
    measured = reset_peak()
    record = new_record(path)
    try:
        _test_fault(path)
        record.update(_convert_and_write(path, stem, options))
    except ConverterError as error:
        record["error"] = error.user_message()
    except (MemoryError, RecursionError) as error:
        record["error"] = f"{path}: input too large or too deeply nested ({type(error).__name__})"
    except Exception as error:  # the catch-all at the input's boundary
        record["error"] = InternalError.wrapping(error, str(path)).user_message()
    record["seconds"] = round(time.perf_counter() - started, 4)
    record["peak_memory_mb"] = peak_mb() if measured else None
    return record


def _convert_and_write(path: Path, stem: str, options: BatchOptions) -> dict:
    data = read_input(path)
    result = convert_bytes(data, str(path), overrides=options.overrides, year=options.year,
                           schema_ref=options.schema_ref, validate=options.validate,
                           timeout=options.timeout, formats=options.formats, stem=stem)
    rows = None
    if options.dataset is not None:  # built before any file is written: a failure leaves none
        rows = rows_for(result, stem, str(path), input_digest(data), submission_header(data))
    targets = output_targets(options.output_dir / stem, options.formats)
    outputs = [options.output_dir / name for name in file_names(stem, options.formats)[:-1]]
    try:
        write_outputs(result, targets, shared_written=True, durable=options.durable)
        if options.write_reports:
            write_atomically(options.output_dir / f"{stem}.report.json", compact_json(result.report()),
                             options.durable)
    except OutputError:
        for output in outputs:  # outputs without their report are not a finished input
            remove_quietly(output)
        raise
    summary = result.summary()
    record = {"output": str(outputs[0]), "outputs": [str(output) for output in outputs],
              "status": input_status(result), "facts": summary["facts"],
              "refusals": summary["refusals"], "warnings": summary["warnings"]}
    if rows is not None:  # plain data, written by the parent (run_batch)
        record[DATASET_ROWS] = rows
    return record


def _test_fault(path: Path) -> None:
    """Tests only (off unless XBRL_EXPORT_TEST_FAULTS is set): make this worker die, hang,
    raise or take memory on a named input, as a real fault would."""
    faults = os.environ.get(TEST_FAULTS)
    if not faults:
        return
    action = json.loads(faults).get(path.name)
    if action == "kill":
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
        time.sleep(60)
    elif action == "hang":
        time.sleep(3600)
    elif action == "raise":
        raise RuntimeError("a fault planted by a test")
    elif action == "memory":
        block = bytearray(300 * 1024 * 1024)
        block[::4096] = b"x" * len(block[::4096])


@dataclass
class RunSummary:
    total: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    facts: int = 0
    seconds: float = 0.0
    run_id: str = ""
    hidden: int = 0            # hidden files a folder search skipped
    in_output_folder: int = 0  # files inside the output folder, not read
    duplicates: int = 0        # the same file given more than once

    @property
    def failed(self) -> int:
        return self.statuses.get("failed", 0)

    @property
    def warned(self) -> int:
        return self.statuses.get("converted-with-warnings", 0)

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
        if not (target.is_file() and not target.is_symlink() and same_text(target, text)):
            write_atomically(target, text, options.durable)


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(3)


def run_batch(paths: list[Path], options: BatchOptions,
              on_record: Callable[[dict], None] = lambda record: None,
              inputs: InputSet | None = None) -> RunSummary:
    """Convert every input; call `on_record` with each record as it arrives. Raises
    OutputError when the output folder or the run report cannot be written (the disk full),
    Interrupted on Ctrl-C (after writing what finished)."""
    if not valid_timeout(options.timeout):
        raise ValueError(f"the time limit must be a positive number of seconds, not {options.timeout!r}")
    prepare_folder(options.output_dir)
    warm_up(options.year, options.validate)  # before the workers fork: they inherit it
    _write_shared_taxonomy(options)
    names = output_names(paths, options.formats)
    summary = RunSummary(run_id=new_run_id())
    if inputs is not None:
        summary.hidden, summary.in_output_folder = inputs.hidden, inputs.in_output_folder
        summary.duplicates = inputs.duplicates
    earlier = _earlier_records(options.output_dir) if options.skip_existing else {}
    started = time.perf_counter()
    tasks = []
    jobs = min(options.jobs or os.cpu_count() or 1, MAX_JOBS)
    # written by this process only, as results arrive; opened before the run report, so a
    # dataset that cannot be opened leaves the earlier run report where it was
    dataset = (DatasetWriter(options.dataset, options.dataset_format, summary.run_id, options.durable)
               if options.dataset is not None else None)
    try:
        stream = open_run_report(options.output_dir)
    except BaseException:
        if dataset is not None:
            dataset.close()
        raise
    try:
        in_dataset = dataset.finished() if dataset is not None and options.skip_existing else None
        with _tuned_garbage_collector():
            log = _RunReport(stream, summary.run_id)

            def tick() -> None:
                log.flush_if_due()
                if dataset is not None:
                    dataset.flush_if_due()

            try:
                for path in paths:
                    skipped = (_skipped(path, names[path], options, earlier)
                               if options.skip_existing else None)
                    if skipped is not None and in_dataset is not None and not _in(path, in_dataset):
                        skipped = None  # its instance is there, its rows are not: convert it again
                    if skipped is not None:
                        _emit(skipped, log, summary, on_record)
                    else:
                        tasks.append((path, names[path]))
                for record in run_tasks(tasks, jobs, options.timeout, _start_worker, (options,),
                                        _convert_in_worker, _lost, tick):
                    rows = record.pop(DATASET_ROWS, None)
                    if dataset is not None and rows is not None:
                        dataset.add(rows)
                    _emit(record, log, summary, on_record)
                if dataset is not None:
                    dataset.flush()
            except KeyboardInterrupt:
                log.flush()
                if dataset is not None:
                    dataset.flush()  # what finished is kept: --skip-existing resumes from it
                raise Interrupted(f"interrupted after {summary.total} of {len(paths)} inputs "
                                  f"(each finished one is in {options.output_dir / RUN_REPORT}); "
                                  "run the same command with --skip-existing to resume") from None
            except WorkersCannotStart as error:
                raise InternalError.wrapping(error) from None
            log.flush()
    finally:
        try:
            stream.close()
        except OSError:  # only after a failure already raised (a flush that succeeded empties it)
            pass
        if dataset is not None:
            dataset.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _lost(task: tuple[Path, str], reason: str) -> dict:
    """The record of an input whose worker died or was ended."""
    record = new_record(task[0], error=f"{task[0]}: {reason}")
    record.update(seconds=None, peak_memory_mb=None)
    return record


def _skipped(path: Path, stem: str, options: BatchOptions, earlier: dict[str, dict]) -> dict | None:
    """The record of an input finished by an earlier run (its outputs in every format asked for,
    and its report unless reports are off, all there), or None when it must be converted."""
    outputs = [options.output_dir / name for name in file_names(stem, options.formats)[:-1]]
    report = options.output_dir / f"{stem}.report.json"
    if not all(output.is_file() for output in outputs) or (options.write_reports and not report.is_file()):
        return None
    record = new_record(path, "skipped")
    record.update(output=str(outputs[0]), outputs=[str(output) for output in outputs], seconds=0.0,
                  peak_memory_mb=None)
    previous = earlier.get(str(path))
    if previous is None and report.is_file():
        try:
            counts = json.loads(report.read_bytes())["summary"]
            previous = {"status": "converted-with-warnings" if counts["warnings"] else "converted",
                        "facts": counts["facts"], "refusals": counts["refusals"],
                        "warnings": counts["warnings"], "run": None}
        except (OSError, ValueError, KeyError, TypeError):
            previous = None
    if previous is not None:
        record.update(facts=previous.get("facts", 0), refusals=previous.get("refusals", 0),
                      warnings=previous.get("warnings", 0))
        record["earlier"] = {"status": previous.get("status"), "run": previous.get("run")}
    return record


def _in(path: Path, in_dataset: dict[str, set[str]]) -> bool:
    """Whether the dataset holds this input's rows, from these very bytes (its digest)."""
    digests = in_dataset.get(str(path))
    if not digests:
        return False
    try:
        return input_digest(path.read_bytes()) in digests
    except OSError:
        return False


def _earlier_records(folder: Path) -> dict[str, dict]:
    """The last record of each input that an earlier run finished (not skipped, not failed),
    from the run reports in the folder, oldest first."""
    reports = sorted(p for p in folder.glob("run-report*.jsonl") if p.is_file() and not p.is_symlink())
    reports.sort(key=lambda p: p.stat().st_mtime)
    found: dict[str, dict] = {}
    for report in reports:
        try:
            lines = report.read_bytes().splitlines()
        except OSError:
            continue
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line cut by a crash
            if isinstance(entry, dict) and entry.get("status") not in (None, "skipped", "failed"):
                found[str(entry.get("input"))] = entry
    return found


class _RunReport:
    """The run report's lines, each with the run's id and the time, written as results arrive
    and flushed at least every half second (not once per line: the parent shares the
    machine's cores with the workers). A write or flush that fails (the disk full) is an
    OutputError: the run stops, since its record could no longer be kept."""

    FLUSH_EVERY = 0.5

    def __init__(self, stream, run_id: str):
        self.stream = stream
        self.run_id = run_id
        self.flushed = time.monotonic()
        self.pending = False

    def write(self, record: dict) -> None:
        line = {"run": self.run_id,
                "time": datetime.now(UTC).isoformat(timespec="milliseconds")} | record
        try:
            self.stream.write(compact_json(line))
        except OSError as error:
            raise self._error(error) from None
        self.pending = True
        self.flush_if_due()

    def flush_if_due(self) -> None:
        """Flush when lines wait and the last flush is half a second old (also called while
        the parent waits for its workers, so a line never waits longer)."""
        if self.pending and time.monotonic() - self.flushed >= self.FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as error:
            raise self._error(error) from None
        self.pending = False
        self.flushed = time.monotonic()

    def _error(self, error: OSError) -> OutputError:
        from .outputs import reason

        return OutputError(f"cannot write the run report: {reason(error)}", getattr(self.stream, "name", RUN_REPORT))


def _emit(record: dict, log: _RunReport, summary: RunSummary, on_record) -> None:
    log.write(record)
    summary.add(record)
    on_record(record)
