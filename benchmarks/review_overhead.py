"""What review pages add to a batch: the same batch with and without `--review`, side by side.

    python benchmarks/review_overhead.py [--inputs 200] [--rounds 5] [--jobs 2] [--json FILE]

Builds one set of inputs that never repeat (compare_versions.build_inputs: every bundled sample
and every text/HTML file of ../shared/corpus, each copy with a different last digit in every
number and a copy number in the company name), then runs the CLI batch over them
(`xbrl-export convert INPUTS -o DIR --quiet --jobs N`, a fresh process each time, each run into
a new folder) without and with `--review DIR/review`, alternating which goes first round by
round (the machine's speed drifts from minute to minute: alternating puts both under the same
drift). Reports each run's wall time and the CPU time of the process and its workers, the
medians and their ratio with / without, and the median of the rounds' own ratios (each round's
two runs follow each other: a round's ratio is the least touched by the drift); the review
run's time includes every review page and the index page.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare_versions import build_inputs  # noqa: E402  (the same non-repeating inputs)

ROOT = Path(__file__).resolve().parent.parent


def _cli() -> list[str]:
    installed = Path(sys.executable).parent / "xbrl-export"
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "converter"]


def run_once(inputs: Path, out: Path, jobs: int, review: bool) -> dict:
    command = _cli() + ["convert", str(inputs), "-o", str(out), "--quiet", "--jobs", str(jobs)]
    if review:
        command += ["--review", str(out / "review")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env=os.environ | {"PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    pages = len(list((out / "review").glob("*.review.html"))) if review else 0
    return {"review": review, "wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "pages": pages,
            "index": (out / "review" / "review-index.html").is_file()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    runs: dict[str, list[dict]] = {"without": [], "with": []}
    with tempfile.TemporaryDirectory(prefix="xbrl-export-review-bench-") as tmp:
        folder = Path(tmp)
        build_inputs(folder / "inputs", args.inputs)
        for round_ in range(args.rounds):
            order = ("without", "with") if round_ % 2 == 0 else ("with", "without")
            for label in order:
                out = folder / f"out-{round_}-{label}"
                runs[label].append(run_once(folder / "inputs", out, args.jobs, label == "with"))
    medians = {label: {key: statistics.median(r[key] for r in rounds) for key in ("wall_s", "cpu_s")}
               for label, rounds in runs.items()}
    paired = {key: round(statistics.median(w[key] / o[key] for w, o in zip(runs["with"], runs["without"])), 3)
              for key in ("wall_s", "cpu_s")}
    result = {"inputs": args.inputs, "rounds": args.rounds, "jobs": args.jobs,
              "median": medians,
              "with_over_without": {key: round(medians["with"][key] / medians["without"][key], 3)
                                    for key in ("wall_s", "cpu_s")},
              "median_of_round_ratios": paired,
              "runs": runs}
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
