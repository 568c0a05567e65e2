"""Beyond one machine: the batch mapped over an object store by Dask (the `[dask]` extra).

Takes: input names from a glob any fsspec file system reads (a local path or folder, `file://`,
`s3://`, `gs://`, ...: `list_inputs`), an output location (the same kinds), ClusterOptions, and a
`dask.distributed` Client (a real cluster's scheduler, or `local_client`'s LocalCluster).
Gives: in the output location, the dataset's Parquet files in the local batch's layout
(converter/dataset/parquet.py: `<table>/filed_year=<YYYY>/part-<partition>.parquet`, one part
per partition of inputs, written by the worker that converted them), `_done/<partition>.jsonl`
(a finished partition's records) and `run-report.jsonl` (one line per input, the local batch's
fields); a ClusterSummary.

Dask schedules, retries and moves work; this module only says what one task is: read each
input of a partition through fsspec, `convert_bytes` (the pure function), the dataset rows,
write the partition's part, then its done-file. A failed input is a run-report line with its
error, like the local batch's, and its partition goes on. A partition whose task fails as a
whole (its worker died and Dask gave up on it) runs again input by input, so only the input that
kills its worker is lost. Each file is written whole (a temporary file renamed into place on a
disk; one put on an object store); a partition is named by a digest of its inputs' names, so a
rerun with `skip_existing` finds what an earlier run finished and writes nothing twice.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .batch import INPUT_SUFFIXES, RunSummary, _test_fault, new_run_id, output_names
from .dataset.rows import DatasetRows, input_digest, input_status, rows_for, submission_header
from .errors import ConverterError, InputError, InternalError, OutputError, UsageError
from .limits import MAX_INPUT_BYTES, too_large
from .memory import peak_mb, reset_peak
from .outputs import RUN_REPORT, open_run_report, prepare_folder, write_atomically
from .pipeline import compact_json, convert_bytes, warm_up

NEEDS_EXTRA = "needs the [dask] extra: pip install 'xbrl-export[dask]'"
DONE_FOLDER = "_done"  # a finished partition's records (a leading _: dataset readers skip it)


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    output: str                      # a local folder or an fsspec URL (s3://bucket/xbrl)
    partition_size: int = 100        # inputs per task: one part of the dataset per partition
    skip_existing: bool = False      # leave what an earlier run finished (its done-files)
    timeout: float = 60.0            # seconds per input (cooperative, as in the local batch)
    validate: bool = True
    year: int = 2024
    schema_ref: str = "local"
    storage_options: dict[str, Any] = field(default_factory=dict)  # fsspec's (credentials, ...)


@dataclass(frozen=True, slots=True)
class Partition:
    name: str                 # a digest of its inputs' names
    inputs: tuple[str, ...]   # paths or URLs
    names: tuple[str, ...]    # each input's name as the local batch gives it (sub.input)


@dataclass
class ClusterSummary(RunSummary):
    """The local batch's counts, and the partitions run and skipped."""

    partitions: int = 0
    skipped_partitions: int = 0


def _fsspec():
    try:
        import fsspec
    except ImportError:
        raise UsageError(f"reading inputs by URL {NEEDS_EXTRA}") from None
    return fsspec


def filesystem(url: str, storage_options: dict[str, Any] | None = None) -> tuple[Any, str]:
    """The fsspec file system of `url` and the path within it."""
    fs, path = _fsspec().core.url_to_fs(url, **(storage_options or {}))
    return fs, path


def list_inputs(pattern: str, storage_options: dict[str, Any] | None = None) -> list[str]:
    """The input files a glob (or a folder, searched recursively) names, sorted: files with a
    filing's suffix (as the local batch takes them), hidden names left out. Local files are
    named by their path, others by their URL."""
    fs, path = filesystem(pattern, storage_options)
    try:
        if not any(ch in pattern for ch in "*?[") and fs.isdir(path):
            path = path.rstrip("/") + "/**"
        found = fs.glob(path, detail=True)
    except (OSError, ValueError) as error:
        raise InputError(f"cannot list the inputs: {error}", pattern) from None
    names = []
    for name, info in sorted(found.items()):
        parts = name.split("/")
        if info.get("type") != "file" or any(p.startswith(".") for p in parts):
            continue
        if os.path.splitext(parts[-1])[1].lower() in INPUT_SUFFIXES:
            names.append(_url(fs, name))
    return names


def _url(fs, path: str) -> str:
    return path if _is_local(fs) else fs.unstrip_protocol(path)


def _is_local(fs) -> bool:
    return "file" in (fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,))


def partitions(inputs: list[str], size: int) -> list[Partition]:
    """The inputs in runs of `size`, each named by a digest of its inputs' names (so the same
    inputs make the same partition again: a rerun finds what it finished)."""
    stems = output_names([Path(url) for url in inputs])
    found = []
    for start in range(0, len(inputs), max(size, 1)):
        chunk = tuple(inputs[start:start + max(size, 1)])
        found.append(Partition(_digest(chunk), chunk, tuple(stems[Path(url)] for url in chunk)))
    return found


def _digest(chunk: tuple[str, ...]) -> str:
    return hashlib.sha256("\n".join(chunk).encode("utf-8", "surrogateescape")).hexdigest()[:20]


def read_url(url: str, storage_options: dict[str, Any] | None = None) -> bytes:
    """The bytes of one input through fsspec, refused past the size limit before reading."""
    fs, path = filesystem(url, storage_options)
    try:
        info = fs.info(path)
        if info.get("type") == "directory":
            raise InputError("is a directory, not a filing", url)
        size = info.get("size")
        if size is not None and size > MAX_INPUT_BYTES:
            raise too_large(size, url)
        with fs.open(path, "rb") as stream:
            data = stream.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise InputError("no such file", url) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", url) from None
    if len(data) > MAX_INPUT_BYTES:
        raise too_large(len(data), url)
    return data


def convert_input(url: str, name: str, options: ClusterOptions) -> tuple[dict, DatasetRows | None]:
    """One input's run-report record and its dataset rows (None when it failed). Never
    raises: every failure is the record's error, in one line."""
    started = time.perf_counter()
    measured = reset_peak()
    record: dict[str, Any] = {"input": url, "output": "", "status": "failed", "facts": 0,
                              "refusals": 0, "warnings": 0, "error": None}
    rows = None
    try:
        _test_fault(Path(url))  # tests only: a planted fault (XBRL_EXPORT_TEST_FAULTS), as in the batch
        data = read_url(url, options.storage_options)
        result = convert_bytes(data, url, year=options.year, schema_ref=options.schema_ref,
                               validate=options.validate, timeout=options.timeout)
        rows = rows_for(result, name, url, input_digest(data), submission_header(data))
        summary = result.summary()
        record.update(status=input_status(result), facts=summary["facts"],
                      refusals=summary["refusals"], warnings=summary["warnings"])
    except ConverterError as error:
        record["error"] = error.user_message()
    except (MemoryError, RecursionError) as error:
        record["error"] = f"{url}: input too large or too deeply nested ({type(error).__name__})"
    except Exception as error:  # the catch-all at the input's boundary
        record["error"] = InternalError.wrapping(error, url).user_message()
    record["seconds"] = round(time.perf_counter() - started, 4)
    record["peak_memory_mb"] = peak_mb() if measured else None
    return record, rows


def convert_partition(partition: Partition, options: ClusterOptions, run_id: str) -> list[dict]:
    """What a Dask task does: convert a partition's inputs, write its part of the dataset (the
    local batch's Parquet layout, converter/dataset/parquet.py: one file per table and filing
    year, `sub` last), then its done-file (its records, written last: a partition with a
    done-file is finished), and return its run-report records."""
    warm_up(options.year, options.validate)  # once per worker process: cached after the first
    records: list[dict] = []
    found: list[DatasetRows] = []
    for url, name in zip(partition.inputs, partition.names, strict=True):
        record, rows = convert_input(url, name, options)
        if rows is not None:
            found.append(rows)
        records.append(record)
    fs, root = filesystem(options.output, options.storage_options)
    written = write_dataset_part(found, fs, root, partition.name, run_id)
    subs = iter(written)
    for record in records:
        record["output"] = next(subs) if record["status"] != "failed" else ""
    _put(fs, done_path(root, partition), b"".join(compact_json(r) for r in records), _is_local(fs))
    return records


def write_dataset_part(found: list[DatasetRows], fs, root: str, part_id: str, run_id: str) -> list[str]:
    """Write a partition's rows as one part of the Parquet dataset under `root` (on a disk
    directly; for an object store into a local temporary folder first, then each file put in
    the same order, `sub` last); return the `sub` file of each input, in order."""
    from .dataset.parquet import PARTITION, UNKNOWN_YEAR, write_part

    stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
    if _is_local(fs):
        write_part(found, Path(root), part_id, run_id, stamp, durable=True)
    else:
        with tempfile.TemporaryDirectory(prefix="xbrl-export-part-") as folder:
            for path in write_part(found, Path(folder), part_id, run_id, stamp, durable=False):
                target = f"{root.rstrip('/')}/{path.relative_to(folder).as_posix()}"
                _put(fs, target, path.read_bytes(), local=False)
    base = _url(fs, root.rstrip("/"))
    return [f"{base}/sub/{PARTITION}={rows.filed_year or UNKNOWN_YEAR}/part-{part_id}.parquet"
            for rows in found]


def done_path(root: str, partition: Partition) -> str:
    return f"{root.rstrip('/')}/{DONE_FOLDER}/{partition.name}.jsonl"


def _put(fs, path: str, data: bytes, local: bool) -> None:
    """Write one file whole: through a temporary file on a disk, in one put on an object store."""
    if local:
        write_atomically(path, data, durable=True)
        return
    try:
        fs.pipe_file(path, data)
    except OSError as error:
        raise OutputError(f"cannot write: {error}", path) from None


def lost(partition: Partition, error: BaseException) -> list[dict]:
    """The records of a partition whose task failed as a whole (its worker died again and
    again, or its files could not be written)."""
    if isinstance(error, ConverterError):
        reason = error.message
    else:
        reason = f"the partition's task failed ({type(error).__name__}: {' '.join(str(error).split())[:300]})"
    return [{"input": url, "output": "", "status": "failed", "facts": 0, "refusals": 0,
             "warnings": 0, "error": f"{url}: {reason}", "seconds": None, "peak_memory_mb": None}
            for url in partition.inputs]


class RunReport:
    """`run-report.jsonl` in the output: on a local disk written as records arrive (an earlier
    run's report renamed aside, as the local batch does); on an object store put once, whole,
    when the run ends (it is written then even when the run is interrupted)."""

    def __init__(self, output: str, run_id: str, storage_options: dict[str, Any]):
        self.fs, self.root = filesystem(output, storage_options)
        self.run_id = run_id
        self.local = _is_local(self.fs)
        if self.local:
            prepare_folder(Path(self.root))
            self.stream = open_run_report(Path(self.root))
        else:
            self.stream = io.BytesIO()
            self._set_aside_earlier()

    def _set_aside_earlier(self) -> None:
        """On an object store, an earlier run's report is first renamed `run-report-<run>.jsonl`
        (by this run's id: the store keeps no times a rename could use everywhere)."""
        path = f"{self.root.rstrip('/')}/{RUN_REPORT}"
        try:
            if self.fs.exists(path):
                self.fs.mv(path, f"{self.root.rstrip('/')}/run-report-before-{self.run_id}.jsonl")
        except OSError as error:
            raise OutputError(f"cannot set the earlier run report aside: {error}", path) from None

    def write(self, records: list[dict]) -> None:
        stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
        try:
            for record in records:
                self.stream.write(compact_json({"run": self.run_id, "time": stamp} | record))
            self.stream.flush()
        except OSError as error:
            raise OutputError(f"cannot write the run report: {error.strerror}", RUN_REPORT) from None

    def close(self) -> None:
        if self.local:
            self.stream.close()
        else:
            _put(self.fs, f"{self.root.rstrip('/')}/{RUN_REPORT}", self.stream.getvalue(), local=False)


def run_on_dask(inputs: list[str], options: ClusterOptions, client,
                on_records: Callable[[list[dict]], None] = lambda records: None) -> ClusterSummary:
    """Convert the inputs (from `list_inputs`) on the client's cluster: one task per partition,
    records written to the run report as partitions finish (in the order they finish). A
    partition whose task fails as a whole (its worker died: Dask gave up after its retries) is
    split, and each of its inputs runs again as a partition of its own, so only the input that
    kills its worker is lost. With `skip_existing`, a finished partition's inputs are `skipped`
    lines."""
    from distributed import as_completed

    started = time.perf_counter()
    summary = ClusterSummary(run_id=new_run_id())
    work = partitions(inputs, options.partition_size)
    summary.partitions = len(work)
    report = RunReport(options.output, summary.run_id, options.storage_options)
    try:
        if options.skip_existing:
            work = _unfinished(work, options, lambda records: _record(records, report, summary, on_records),
                               summary)
        pending: dict[Any, Partition] = {}
        finished = as_completed()

        def submit(partition: Partition) -> None:
            future = client.submit(convert_partition, partition, options, summary.run_id,
                                   key=f"xbrl-export-{partition.name}", pure=False)
            pending[future] = partition
            finished.add(future)

        for partition in work:
            submit(partition)
        for future in finished:
            partition = pending.pop(future)
            try:
                records = future.result()
            except Exception as error:  # the task as a whole: a worker that died, a write that failed
                records = lost(partition, error)
                if len(partition.inputs) > 1 and not isinstance(error, ConverterError):
                    records = []
                    remove_part(partition, options)
                    for single in split(partition):
                        submit(single)
            future.release()
            if records:
                _record(records, report, summary, on_records)
    finally:
        report.close()
    summary.seconds = time.perf_counter() - started
    return summary


def split(partition: Partition) -> list[Partition]:
    """A partition's inputs as partitions of one input each (named as `partition_size=1`
    names them), keeping their names."""
    return [Partition(_digest((url,)), (url,), (name,))
            for url, name in zip(partition.inputs, partition.names, strict=True)]


def _unfinished(work: list[Partition], options: ClusterOptions, emit: Callable[[list[dict]], None],
                summary: ClusterSummary) -> list[Partition]:
    """What a resumed run converts: each partition without a done-file, whole; and, as
    partitions of their own, the inputs that failed in a finished partition (tried again, as
    the local batch tries its failed inputs again) and the unfinished inputs of a partition that
    was split. `emit` takes the `skipped` lines of the rest."""
    todo = []
    for partition in work:
        earlier = skipped(partition, options)
        singles = split(partition)
        own: dict[str, list[dict] | None] = {}
        if earlier is None:
            own = {single.name: skipped(single, options) for single in singles} if len(singles) > 1 else {}
            if not any(own.values()):
                todo.append(partition)
                continue
        else:
            summary.skipped_partitions += 1
        whole = {record["input"]: record for record in earlier or []}
        for single in singles:
            record = whole.get(single.inputs[0])
            if record is None or _failed(record):
                found = own[single.name] if single.name in own else skipped(single, options)
                record = found[0] if found else None
            if record is None or _failed(record):
                todo.append(single)
            else:
                emit([record])
    return todo


def _failed(record: dict) -> bool:
    return record["earlier"]["status"] == "failed"


def remove_part(partition: Partition, options: ClusterOptions) -> None:
    """Remove whatever files a partition's failed task left (a worker that died while writing
    them), before its inputs run one by one."""
    fs, root = filesystem(options.output, options.storage_options)
    base = root.rstrip("/")
    try:
        for pattern in (f"{base}/*/part-{partition.name}.parquet", f"{base}/*/*/part-{partition.name}.parquet"):
            for path in fs.glob(pattern):
                fs.rm(path)
    except FileNotFoundError:
        pass
    except OSError as error:
        raise OutputError(f"cannot remove the files of a failed partition: {error}", base) from None


def _record(records: list[dict], report: RunReport, summary: ClusterSummary,
            on_records: Callable[[list[dict]], None]) -> None:
    report.write(records)
    for record in records:
        summary.add(record)
    on_records(records)


def skipped(partition: Partition, options: ClusterOptions) -> list[dict] | None:
    """The records of a partition an earlier run finished, from its done-file (each marked
    `skipped`, with what it was then under `earlier`), or None when it is not finished."""
    fs, root = filesystem(options.output, options.storage_options)
    try:
        with fs.open(done_path(root, partition), "rb") as stream:
            earlier = [json.loads(line) for line in stream.read().splitlines()]
    except (FileNotFoundError, ValueError):
        return None
    except OSError as error:
        raise InputError(f"cannot read what an earlier run finished: {error}", done_path(root, partition)) from None
    return [record | {"status": "skipped", "seconds": 0.0, "peak_memory_mb": None,
                      "earlier": {"status": record.get("status"), "error": record.get("error")}}
            for record in earlier]


def local_client(workers: int):
    """A LocalCluster of `workers` processes (one thread each) and its client: the recipe on
    one machine. Close both (the client first) when done."""
    Client, LocalCluster = _distributed()
    with warnings.catch_warnings():  # its HTTP server moves to a free port when 8787 is taken: fine
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
    return cluster, Client(cluster)


def remote_client(address: str, timeout: float = 10.0):
    """A client of a running Dask scheduler (`tcp://host:8786`), or a one-line error."""
    Client, _ = _distributed()
    try:
        return Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(f"cannot reach the Dask scheduler: {' '.join(str(error).split())[:300]}",
                         address) from None


def _distributed():
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(f"the cluster run {NEEDS_EXTRA}") from None
    return Client, LocalCluster
