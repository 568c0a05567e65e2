"""A scale simulation (run as a script, never by pytest): the local batch and the Dask recipe
over inputs that never repeat, measured, and the arithmetic for the whole EDGAR 8-K archive.

    python benchmarks/simulate_archive.py [--inputs 20000] [--workers 2] [--workdir DIR]
                                          [--partition-size 100] [--json FILE] [--keep]

Builds `--inputs` files from the samples and the text/HTML files of ../shared/corpus, each copy
with every number's last digit shifted and a copy mark in the company name (compare_versions.py's
`build_inputs`: no two inputs share their cells, so no per-process cache is warmer than on a
real archive), then runs, one after the other:

  - the local batch: `xbrl-export convert INPUTS -o OUT --jobs W --quiet --dataset OUT/dataset.sqlite`
    in a fresh process (its instances, reports, run report and the SQLite dataset);
  - the Dask recipe (converter/cluster.py) on a LocalCluster of W worker processes, writing the
    Parquet dataset and its run report.

For each: wall seconds, inputs per second, inputs per second per core (the CPU seconds the
converting processes used, so a machine shared with other work is not charged to us), the
resident memory of each worker process sampled every 0.2 s with psutil (the largest sample of
any worker), statuses from the run report, and the dataset's size on disk per 1,000 converted
filings. Then the arithmetic for `--archive` filings (default 1.5 million EX-99 exhibits):
core-hours, storage, and the workers needed to finish in `--night` hours.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from compare_versions import build_inputs, sources  # noqa: E402

from converter.cluster import ClusterOptions, list_inputs, local_client, run_on_dask  # noqa: E402


class MemorySampler:
    """The largest resident memory seen for each of some processes, sampled every 0.2 s."""

    def __init__(self, pids: Callable[[], list[int]]):
        self.pids = pids
        self.peak: dict[int, int] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(0.2):
            for pid in self.pids():
                try:
                    rss = psutil.Process(pid).memory_info().rss
                except psutil.Error:
                    continue
                self.peak[pid] = max(self.peak.get(pid, 0), rss)

    def __enter__(self) -> MemorySampler:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()

    def largest_mb(self, exclude: set[int] = frozenset()) -> float:  # type: ignore[assignment]
        sizes = [rss for pid, rss in self.peak.items() if pid not in exclude]
        return round(max(sizes, default=0) / 2**20, 1)


def size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def statuses(report: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in report.read_bytes().splitlines():
        status = json.loads(line)["status"]
        counts[status] = counts.get(status, 0) + 1
    return counts


def per_thousand(mb: float, counts: dict[str, int]) -> float:
    converted = sum(n for status, n in counts.items() if status != "failed")
    return round(mb / max(converted, 1) * 1000, 2)


def local_batch(inputs: Path, out: Path, workers: int) -> dict:
    """The CLI in a fresh process; CPU from the children's rusage, memory sampled per worker."""
    command = [str(Path(sys.executable).with_name("xbrl-export")), "convert", str(inputs), "-o", str(out),
               "--jobs", str(workers), "--quiet", "--dataset", str(out / "dataset.sqlite")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    parent = psutil.Process(process.pid)

    def tree() -> list[int]:
        try:
            return [parent.pid] + [child.pid for child in parent.children(recursive=True)]
        except psutil.Error:
            return []

    with MemorySampler(tree) as sampler:
        _, errors = process.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in (0, 6):  # 6: some inputs failed (counted below)
        raise SystemExit(f"the local batch failed ({process.returncode}): {errors.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    counts = statuses(out / "run-report.jsonl")
    total = sum(counts.values())
    dataset = size_mb(out / "dataset.sqlite")
    return {"seconds": round(seconds, 1), "inputs_per_second": round(total / seconds, 1),
            "cpu_seconds": round(cpu, 1), "inputs_per_cpu_second": round(total / cpu, 1),
            "worker_peak_rss_mb": sampler.largest_mb(exclude={parent.pid}),
            "parent_peak_rss_mb": round(sampler.peak.get(parent.pid, 0) / 2**20, 1),
            "statuses": counts, "dataset": "SQLite", "dataset_mb": round(dataset, 1),
            "dataset_mb_per_1000": per_thousand(dataset, counts),
            "all_outputs_mb_per_1000": per_thousand(size_mb(out), counts)}


def dask_recipe(inputs: Path, out: Path, workers: int, partition_size: int) -> dict:
    """The recipe on a LocalCluster started here; CPU and memory of its worker processes."""
    cluster, client = local_client(workers)
    try:
        pids = list(client.run(os.getpid).values())
        processes = [psutil.Process(pid) for pid in pids]
        cpu_before = sum(sum(p.cpu_times()[:2]) for p in processes)
        with MemorySampler(lambda: pids) as sampler:
            summary = run_on_dask(list_inputs(str(inputs)), ClusterOptions(str(out), partition_size), client)
        cpu = sum(sum(p.cpu_times()[:2]) for p in processes) - cpu_before
    finally:
        client.close()
        cluster.close()
    counts = dict(summary.statuses)
    dataset = size_mb(out) - size_mb(out / "run-report.jsonl")
    return {"seconds": round(summary.seconds, 1), "inputs_per_second": round(summary.total / summary.seconds, 1),
            "cpu_seconds": round(cpu, 1), "inputs_per_cpu_second": round(summary.total / cpu, 1),
            "worker_peak_rss_mb": sampler.largest_mb(), "partitions": summary.partitions,
            "partition_size": partition_size, "statuses": counts, "dataset": "Parquet",
            "dataset_mb": round(dataset, 1), "dataset_mb_per_1000": per_thousand(dataset, counts)}


def archive(run: dict, filings: int, night_hours: float, input_mb_per_1000: float) -> dict:
    """The whole archive at this run's measured rates (CPU time per input, size per 1,000)."""
    core_hours = filings / run["inputs_per_cpu_second"] / 3600
    return {"filings": filings, "core_hours": round(core_hours, 1),
            "dataset_gb": round(run["dataset_mb_per_1000"] * filings / 1000 / 1024, 1),
            "inputs_gb": round(input_mb_per_1000 * filings / 1000 / 1024, 1),
            "cores_for_the_night": int(-(-core_hours // night_hours)), "night_hours": night_hours}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partition-size", type=int, default=100)
    parser.add_argument("--workdir", type=Path, help="where inputs and outputs go (default: a "
                        "temporary folder, removed afterwards unless --keep)")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--archive", type=int, default=1_500_000, help="filings in the archive")
    parser.add_argument("--night", type=float, default=8.0, help="hours in one night")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="xbrl-export-simulate-"))
    try:
        inputs = workdir / "inputs"
        if not inputs.is_dir():
            build_inputs(inputs, args.inputs)
        input_mb = size_mb(inputs)
        print(f"{args.inputs} inputs ({input_mb:.0f} MB) from {len(sources())} sources in {inputs}",
              file=sys.stderr)
        runs = {}
        for label, folder, run in (
                ("local_batch", "batch", lambda out: local_batch(inputs, out, args.workers)),
                ("dask_recipe", "dask", lambda out: dask_recipe(inputs, out, args.workers, args.partition_size))):
            shutil.rmtree(workdir / folder, ignore_errors=True)  # a run of its own into a new folder
            print(f"running the {label.replace('_', ' ')} ...", file=sys.stderr)
            runs[label] = run(workdir / folder)
            print(json.dumps(runs[label]), file=sys.stderr)
        per_1000 = input_mb / args.inputs * 1000
        result = {"inputs": args.inputs, "input_mb_per_1000": round(per_1000, 1),
                  "sources": [p.name for p in sources()], "workers": args.workers,
                  "machine": {"cores": os.cpu_count(), "load_average_after": os.getloadavg(),
                              "python": platform.python_version(), "platform": platform.platform()},
                  "runs": runs,
                  "archive": {label: archive(run, args.archive, args.night, per_1000)
                              for label, run in runs.items()}}
        print(json.dumps(result, indent=1))
        if args.json:
            args.json.write_text(json.dumps(result, indent=1) + "\n")
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
