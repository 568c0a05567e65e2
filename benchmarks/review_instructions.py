"""What a review page costs in instructions (valgrind), free of the machine's clock noise.

    python benchmarks/review_instructions.py [--inputs 60]

Builds inputs that never repeat (compare_versions.build_inputs), then counts, with valgrind's
callgrind, the instructions of four fresh processes: converting 0 and N inputs the way the batch
does (validation on, the XML instance), and the same with the review page rendered too. The
differences give the instructions per conversion and what the page adds to each, so the ratio
is the review page's share of a conversion, whatever else runs on the machine. (The batch also
writes each input's files and report: review_overhead.py measures the whole run.) Takes about
ten minutes for 60 inputs.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare_versions import build_inputs  # noqa: E402  (the same non-repeating inputs)

ROOT = Path(__file__).resolve().parent.parent


def convert_all(folder: Path, count: int, review: bool) -> None:
    """The child: convert the first `count` inputs of `folder` (and render their pages)."""
    from converter.pipeline import convert_bytes, warm_up

    warm_up(2024, True, True)
    formats = ("xml", "review") if review else ("xml",)
    for path in sorted(folder.iterdir())[:count]:
        convert_bytes(path.read_bytes(), path.name, validate=True, formats=formats)


def instructions(folder: Path, count: int, review: bool) -> int:
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
               __file__, "--child", str(folder), str(count), "review" if review else "plain"]
    env = os.environ | {"PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
    output = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stderr
    return int(re.search(r"Collected : (\d+)", output).group(1))


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        convert_all(Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "review")
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xbrl-export-review-instr-") as tmp:
        folder = Path(tmp) / "inputs"
        build_inputs(folder, args.inputs)
        plain = (instructions(folder, args.inputs, False) - instructions(folder, 0, False)) / args.inputs
        review = (instructions(folder, args.inputs, True) - instructions(folder, 0, True)) / args.inputs
    print(f"{args.inputs} inputs: {plain / 1e6:.1f} M instructions per conversion, "
          f"{(review - plain) / 1e6:.2f} M more with its review page ({(review - plain) / plain:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
