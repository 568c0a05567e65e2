"""Progress and summaries for batch runs: a rich progress bar (files done, facts written,
failures, rate), per-input lines, JSON lines for scripts, and the closing summary table."""
from __future__ import annotations

import json
import sys
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from .batch import RUN_REPORT, RunSummary


@lru_cache(maxsize=1)
def _console():
    """rich is imported only when something is drawn: a quiet or JSON-lines run (what scripts
    and long unattended batches use) starts about 30 ms sooner without it."""
    from rich.console import Console

    return Console(stderr=True)


@contextmanager
def progress_reporter(total: int, quiet: bool, log_format: str):
    """A callback taking each record, showing progress as the user asked."""
    if log_format == "jsonl":
        yield lambda record: print(json.dumps(record), flush=True)
        return
    if quiet or not sys.stderr.isatty():
        yield (lambda record: None) if quiet else _plain_line
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    counts = {"facts": 0, "failed": 0, "done": 0, "start": time.perf_counter()}
    with Progress(TextColumn("converting"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[facts]} facts, {task.fields[failed]} failed, "
                             "{task.fields[rate]:.0f} files/s"), TimeRemainingColumn(),
                  console=_console()) as progress:
        task = progress.add_task("convert", total=total, facts=0, failed=0, rate=0.0)

        def on_record(record: dict) -> None:
            counts["facts"] += record.get("facts", 0)
            counts["failed"] += record["status"] == "failed"
            counts["done"] += 1
            rate = counts["done"] / max(time.perf_counter() - counts["start"], 1e-9)
            progress.update(task, advance=1, facts=counts["facts"], failed=counts["failed"], rate=rate)
            if record["status"] == "failed":
                progress.console.print(f"[red]failed[/red] {record['error']}")

        yield on_record


def _plain_line(record: dict) -> None:
    if record["status"] == "failed":
        print(f"failed: {record['error']}", file=sys.stderr)
    else:
        print(f"{record['status']}: {record['input']} ({record['facts']} facts)", file=sys.stderr)


def print_summary_table(summary: RunSummary, output_dir: Path) -> None:
    from rich.table import Table

    table = Table(title="xbrl-export run")
    table.add_column("status")
    table.add_column("inputs", justify="right")
    for status, count in sorted(summary.statuses.items()):
        table.add_row(status, str(count))
    table.add_row("total", str(summary.total))
    for count, what in ((summary.hidden, "hidden files skipped"),
                        (summary.in_output_folder, "in the output folder, skipped"),
                        (summary.duplicates, "given twice, converted once")):
        if count:
            table.add_row(what, str(count))
    _console().print(table)
    rate = summary.total / summary.seconds if summary.seconds else 0.0
    _console().print(f"{summary.facts} facts in {summary.seconds:.1f} s ({rate:.0f} inputs/s); "
                   f"one line per input in {output_dir / RUN_REPORT}")
