"""Benchmark: how fast xbrl-export converts an archive (run as a script, never by pytest).

    python benchmarks/run_benchmark.py [--inputs 2000] [--large 20000] [--workdir DIR] [--repeat 3]

Builds a corpus from the bundled samples (each sample repeated until there are --inputs files),
then reports:
  - inputs per second for a batch run with validation on and off, with --jobs 1 and --jobs 2,
    and the scaling from 1 to 2 workers;
  - seconds per stage (read, each pass of converter/passes, build, render, validate) measured in
    one process (the pass runner times each pass);
  - the slowest stage timed alone over the same inputs, so a regression there is visible;
  - peak memory per worker (and, with --large, whether it stays flat on a 10x bigger corpus);
  - the start-up of a batch run (a run over one input per sample), and each run's throughput
    once started, which is what an archive of many thousands of inputs sees;
  - what creating one file costs the file system under --workdir (a batch writes two files per
    input, so on a slow folder that alone can cost more than a conversion), and the CPU time per
    input the batch processes used (steadier than the wall clock on a shared machine).
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from converter.batch import RUN_REPORT  # noqa: E402
from converter.build import build_instance  # noqa: E402
from converter.passes import run_passes  # noqa: E402
from converter.pipeline import convert_bytes  # noqa: E402
from converter.readers import read_document  # noqa: E402
from converter.taxonomy import load_taxonomy  # noqa: E402

SAMPLES = sorted((ROOT / "samples").glob("*.txt"))


def build_corpus(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        sample = SAMPLES[index % len(SAMPLES)]
        target = folder / f"{index:06d}-{sample.name}"
        shutil.copyfile(sample, target)
        paths.append(target)
    return paths


def batch_run(folder: Path, out: Path, jobs: int, validate: bool) -> dict:
    """The CLI over a folder, in a fresh process (so its workers carry none of this script's
    memory); throughput from the wall clock, memory from the run report. `out` must be a new
    folder: deleting thousands of files just before a run makes the file system charge that
    run for the deletion (here, seconds of system time), so outputs are removed at the end."""
    command = [sys.executable, "-m", "converter", "convert", str(folder), "-o", str(out),
               "--jobs", str(jobs), "--quiet", "--validate" if validate else "--no-validate"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    records = [json.loads(line) for line in (out / RUN_REPORT).read_text().splitlines()]
    user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    return {"jobs": jobs, "validate": validate, "inputs": len(records), "seconds": round(seconds, 2),
            "inputs_per_second": round(len(records) / seconds, 1),
            "cpu_ms_per_input": {"user": round(user / len(records) * 1000, 3),
                                 "system": round(system / len(records) * 1000, 3)},
            "failed": sum(r["status"] == "failed" for r in records), "exit_code": completed.returncode,
            "peak_memory_mb_per_worker": max(r.get("peak_memory_mb") or 0 for r in records)}


def file_creation_cost(folder: Path, count: int = 1000, size: int = 40000) -> dict:
    """Milliseconds to create, write and rename one file of an output's size in `folder`, the
    way a batch writes each output (ext4 on a long-lived machine has shown 0.02 to 0.8 ms here,
    depending on the folder)."""
    folder.mkdir(parents=True)
    data = b"x" * size
    before = os.times()
    started = time.perf_counter()
    for index in range(count):
        temporary, final = folder / f".{index}.tmp", folder / f"{index}.xml"
        with open(temporary, "wb", buffering=0) as stream:
            stream.write(data)
        os.replace(temporary, final)
    seconds = time.perf_counter() - started
    after = os.times()
    shutil.rmtree(folder)
    return {"folder": str(folder.parent), "ms_per_file": round(seconds / count * 1000, 3),
            "system_ms_per_file": round((after.system - before.system) / count * 1000, 3)}


def start_up_seconds(folder: Path) -> float:
    """The fixed cost of a batch run: the same command over one input per sample (imports,
    caches warmed, workers forked, one conversion each), the least of three runs. What a run
    spends beyond it is the throughput an archive of many thousands of inputs sees."""
    corpus = folder / "start-up"
    build_corpus(corpus, len(SAMPLES))
    seconds = [batch_run(corpus, folder / f"start-up-out-{index}", 1, True)["seconds"]
               for index in range(3)]
    return round(min(seconds), 2)


def stage_times(datas: list[tuple[str, bytes]]) -> dict:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    for name, data in datas:
        convert_bytes(data, name, validate=True, timings=timings)
    total = time.perf_counter() - started
    per_input = {stage: round(seconds / len(datas) * 1000, 3) for stage, seconds in timings.items()}
    return {"ms_per_input": per_input, "inputs_per_second": round(len(datas) / total, 1)}


def slowest_stage_alone(datas: list[tuple[str, bytes]], stage: str) -> dict:
    """The slowest stage by itself on the same inputs (read, or the passes and build when a pass
    or build is slowest)."""
    taxonomy = load_taxonomy(2024)
    documents = [read_document(data, name) for name, data in datas]
    started = time.perf_counter()
    if stage == "read":
        for name, data in datas:
            read_document(data, name)
    else:
        for document in documents:
            build_instance(run_passes(document, taxonomy))
    seconds = time.perf_counter() - started
    return {"stage": stage if stage == "read" else "passes+build", "ms_per_input":
            round(seconds / len(datas) * 1000, 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=2000)
    parser.add_argument("--large", type=int, default=0, help="also run this many inputs (memory check)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--repeat", type=int, default=1, help="run the four batch settings this "
                        "many rounds and keep each one's median run (the clock of a shared machine "
                        "drifts between runs)")
    parser.add_argument("--workdir", type=Path, help="where the corpus and the outputs are written "
                        "(a new folder inside it, removed at the end; default: the system's "
                        "temporary folder)")
    args = parser.parse_args()
    results: dict = {"machine": {"python": platform.python_version(), "platform": platform.platform(),
                                 "cpus": os.cpu_count()}}
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xbrl-export-bench-", dir=args.workdir) as folder:
        results["file_creation"] = file_creation_cost(Path(folder) / "probe")
        paths = build_corpus(Path(folder) / "in", args.inputs)
        datas = [(p.name, p.read_bytes()) for p in paths]
        convert_bytes(datas[0][1], datas[0][0], validate=True)  # warm the per-process caches
        results["stages"] = stage_times(datas)
        slowest = max(results["stages"]["ms_per_input"], key=results["stages"]["ms_per_input"].get)
        results["slowest_stage_alone"] = slowest_stage_alone(datas, slowest)
        corpus = Path(folder) / "in"
        runs = [(1, True), (2, True), (1, False), (2, False)]
        rounds = [[batch_run(corpus, Path(folder) / f"out-{round_}-{index}", jobs, validate)
                   for index, (jobs, validate) in enumerate(runs)]
                  for round_ in range(args.repeat)]  # in rounds: drift reaches every setting
        # each setting's median run by throughput (with --repeat 1, its only run)
        results["batch"] = [sorted(by_setting, key=lambda r: r["inputs_per_second"])[len(by_setting) // 2]
                            for by_setting in zip(*rounds)]
        if args.repeat > 1:
            results["batch_inputs_per_second_each_round"] = [
                [run["inputs_per_second"] for run in by_setting] for by_setting in zip(*rounds)]
        results["start_up"] = start_up_seconds(Path(folder))
        for run in results["batch"]:
            busy = run["seconds"] - results["start_up"]
            run["inputs_per_second_after_start_up"] = round(run["inputs"] / busy, 1)
        one, two = results["batch"][0], results["batch"][1]
        results["scaling_jobs2_over_jobs1"] = round(two["inputs_per_second"] / one["inputs_per_second"], 2)
        if args.large:
            build_corpus(Path(folder) / "large", args.large)
            results["large"] = batch_run(Path(folder) / "large", Path(folder) / "out-large", 2, True)
    print(json.dumps(results, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
