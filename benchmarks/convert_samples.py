"""Convert the bundled samples N times in one process (what `count_instructions.sh` counts).

    python benchmarks/convert_samples.py N [--stage read|passes|build|full] [--batch DIR]

The samples are converted once before the N rounds (every per-process cache warmed), so the
difference between N and 0 rounds is the cost of N rounds alone. `--batch DIR` runs a batch
worker's whole per-input path instead (convert, report, write into DIR).
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from converter.batch import BatchOptions, _write_shared_taxonomy, convert_one  # noqa: E402
from converter.build import build_instance  # noqa: E402
from converter.passes import run_passes  # noqa: E402
from converter.pipeline import convert_bytes  # noqa: E402
from converter.readers import read_document  # noqa: E402
from converter.taxonomy import load_taxonomy  # noqa: E402

SAMPLES = sorted((ROOT / "samples").glob("*.txt"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rounds", type=int)
    parser.add_argument("--stage", choices=("read", "passes", "build", "full"), default="full")
    parser.add_argument("--batch", type=Path, help="run convert_one, writing into this folder")
    args = parser.parse_args()
    datas = [(path, path.read_bytes()) for path in SAMPLES]
    taxonomy = load_taxonomy(2024)

    def stage_once(path: Path, data: bytes) -> None:
        if args.stage == "read":
            read_document(data, path.name)
        elif args.stage == "passes":
            run_passes(read_document(data, path.name), taxonomy)
        elif args.stage == "build":
            document = read_document(data, path.name)
            build_instance(run_passes(document, taxonomy))
        else:
            convert_bytes(data, path.name, validate=True)

    written = []

    def batch_once(path: Path, data: bytes) -> None:  # a batch worker's whole per-input path
        written.append(path)
        convert_one((path, f"{path.stem}-{len(written)}", options))

    once = stage_once
    if args.batch:
        shutil.rmtree(args.batch, ignore_errors=True)
        args.batch.mkdir(parents=True)
        options = BatchOptions(output_dir=args.batch)
        _write_shared_taxonomy(options)
        once = batch_once

    for path, data in datas:
        convert_bytes(data, path.name, validate=True)
        once(path, data)
    for _ in range(args.rounds):
        for path, data in datas:
            once(path, data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
