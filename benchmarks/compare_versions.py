"""Old and new side by side, in one run, on inputs that do not repeat (run as a script).

    python benchmarks/compare_versions.py OLD_REF [NEW_REF] [--inputs 600] [--rounds 5]

Checks out each git ref into a temporary worktree, builds one set of inputs that never repeat
(every bundled sample and every text/HTML file of ../shared/corpus, each copy with its amounts
and labels changed: a different last digit in every number, a different word order in no label
but a copy number in the company name, so no two inputs share their cells), and converts them
with each version in turn, alternating versions round by round (this machine's clock drifts by a
third from minute to minute: alternating puts both versions under the same drift). Each round
is a fresh process converting every input through `convert_bytes(validate=True)`; its CPU time
per input is reported, with the median of the rounds and the ratio new / old.

`--instructions N` also counts, with valgrind's callgrind, the instructions each version needs
for the first N inputs (the count for N inputs minus the count for none, divided by N):
repeatable whatever else the machine is doing.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

_ROUND = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from converter.pipeline import convert_bytes
paths = sorted(Path(sys.argv[2]).iterdir())[:int(sys.argv[3]) if len(sys.argv) > 3 else None]
datas = [(p.name, p.read_bytes()) for p in paths]
failed = 0
start = resource.getrusage(resource.RUSAGE_SELF)
wall = time.perf_counter()
for name, data in datas:
    try:
        convert_bytes(data, name, validate=True)
    except Exception:
        failed += 1
end = resource.getrusage(resource.RUSAGE_SELF)
cpu = (end.ru_utime + end.ru_stime) - (start.ru_utime + start.ru_stime)
print(json.dumps({"cpu_ms_per_input": cpu / max(len(datas), 1) * 1000,
                  "wall_ms_per_input": (time.perf_counter() - wall) / max(len(datas), 1) * 1000,
                  "failed": failed, "inputs": len(datas)}))
"""


def sources() -> list[Path]:
    found = sorted((ROOT / "samples").glob("*.txt"))
    corpus = SHARED / "corpus"
    if corpus.is_dir():
        found += sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".html"))
    return found


def variant(text: str, copy: int) -> str:
    """The text with every number's last digit shifted by `copy` and a copy mark in the first
    line that names the company (so no cell, label or header repeats across copies)."""
    shift = copy % 9 + 1

    def number(match: re.Match) -> str:
        digits = match.group(0)
        return digits[:-1] + str((int(digits[-1]) + shift) % 10)

    changed = re.sub(r"(?<![\d.])\d{2,}(?![\d])", number, text)
    return changed.replace("Inc.", f"Inc. {copy}", 1).replace("INC.", f"INC. {copy}", 1)


def build_inputs(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    files = sources()
    for index in range(count):
        source = files[index % len(files)]
        text = source.read_bytes().decode("utf-8", "replace")
        target = folder / f"{index:05d}-{source.name}"
        target.write_text(variant(text, index // len(files)), encoding="utf-8")


def instructions(tree: Path, inputs: Path, count: int) -> float:
    """Millions of instructions per input for the first `count` inputs (callgrind)."""
    def collected(n: int) -> int:
        out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                              sys.executable, "-c", _ROUND, str(tree), str(inputs), str(n)],
                             capture_output=True, text=True, env={"PYTHONHASHSEED": "0"}, check=True)
        return int(re.search(r"Collected : (\d+)", out.stderr)[1])
    return (collected(count) - collected(0)) / count / 1e6


def checkout(ref: str, folder: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder), ref],
                   check=True, capture_output=True)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new", nargs="?", default="HEAD")
    parser.add_argument("--inputs", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--instructions", type=int, default=0, metavar="N",
                        help="also count instructions per input over the first N inputs")
    args = parser.parse_args()
    counted: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="xbrl-export-compare-") as tmp:
        folder = Path(tmp)
        build_inputs(folder / "inputs", args.inputs)
        trees = {}
        try:
            for label, ref in (("old", args.old), ("new", args.new)):
                trees[label] = checkout(ref, folder / label)
            runs: dict[str, list[dict]] = {"old": [], "new": []}
            for round_ in range(args.rounds):
                order = ("old", "new") if round_ % 2 == 0 else ("new", "old")
                for label in order:
                    out = subprocess.run([sys.executable, "-c", _ROUND, str(trees[label]),
                                          str(folder / "inputs")], check=True, capture_output=True,
                                         text=True)
                    runs[label].append(json.loads(out.stdout))
            if args.instructions:
                counted = {label: round(instructions(tree, folder / "inputs", args.instructions), 2)
                           for label, tree in trees.items()}
        finally:
            for tree in trees.values():
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                               capture_output=True)
    medians = {label: statistics.median(r["cpu_ms_per_input"] for r in rounds)
               for label, rounds in runs.items()}
    result = {"old": args.old, "new": args.new, "inputs": args.inputs, "rounds": args.rounds,
              "cpu_ms_per_input_median": {k: round(v, 3) for k, v in medians.items()},
              "new_over_old": round(medians["new"] / medians["old"], 3),
              "failed": {label: rounds[0]["failed"] for label, rounds in runs.items()},
              "million_instructions_per_input": counted,
              "runs": runs}
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
