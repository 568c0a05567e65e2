"""Issue 11, batches: whatever one input does (raise anything, kill its worker, hang, take
memory), the run goes on and keeps a true record; runs keep their own reports; resuming reads
the earlier record; the disk full is one line; inputs are never read from the output folder or
twice; names the folder keeps for itself are never taken."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from converter.batch import BatchOptions, collect_inputs, expand_inputs, run_batch
from converter.errors import OutputError
from converter.workers import START_METHOD_VARIABLE, start_method
from converter.writers.xbrl import render_taxonomy
from tests.conftest import FORK_ONLY, ROOT, SAMPLES, SEED_000, SEED_003


def _copies(folder, names, sample=SEED_003):
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_bytes(sample.read_bytes())
    return folder


def _lines(out, name="run-report.jsonl"):
    return [json.loads(line) for line in (out / name).read_text().splitlines()]


def _by_name(records):
    return {os.path.basename(r["input"]): r for r in records}


@pytest.fixture
def faults(monkeypatch):
    """Plant a fault for named inputs (read by the workers; works under every start method)."""
    def plant(**actions):
        monkeypatch.setenv("XBRL_EXPORT_TEST_FAULTS", json.dumps(
            {name.replace("_", "-") + ".txt": action for name, action in actions.items()}))
    return plant


def test_a_killed_worker_fails_its_input_and_every_other_converts(tmp_path, faults):
    folder = _copies(tmp_path / "in", [f"f{n}.txt" for n in range(8)])
    faults(f3="kill")
    out = tmp_path / "out"
    summary = run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=2, timeout=30))
    records = _by_name(_lines(out))
    assert len(records) == 8 and summary.total == 8
    assert records["f3.txt"]["status"] == "failed"
    assert "worker process died: killed by SIGKILL" in records["f3.txt"]["error"]
    assert records["f3.txt"]["output"] == ""
    assert {r["status"] for n, r in records.items() if n != "f3.txt"} == {"no-tables"}
    assert not (out / "f3.xml").exists()


def test_a_hanging_input_is_ended_from_the_parent(tmp_path, faults):
    folder = _copies(tmp_path / "in", ["slow.txt", "ok.txt"])
    faults(slow="hang")
    out = tmp_path / "out"
    run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=1, timeout=3))  # ok.txt: room on a busy machine
    records = _by_name(_lines(out))
    assert records["slow.txt"]["status"] == "failed"
    assert "time limit" in records["slow.txt"]["error"]
    assert records["ok.txt"]["status"] == "no-tables"


def test_any_exception_is_an_internal_error_record_and_the_run_goes_on(tmp_path, faults):
    folder = _copies(tmp_path / "in", ["bad.txt", "good.txt"])
    faults(bad="raise")
    out = tmp_path / "out"
    run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=1, timeout=30))
    records = _by_name(_lines(out))
    assert records["bad.txt"]["status"] == "failed"
    assert "internal error: RuntimeError: a fault planted by a test" in records["bad.txt"]["error"]
    assert records["good.txt"]["status"] == "no-tables"


@FORK_ONLY
def test_an_exception_inside_the_library_is_caught_at_the_input(tmp_path, monkeypatch):
    import converter.pipeline as pipeline

    def broken(*args, **kwargs):
        raise ValueError("month must be in 1..12")

    monkeypatch.setattr(pipeline, "build_instance", broken)
    folder = _copies(tmp_path / "in", ["a.txt", "b.txt"])
    out = tmp_path / "out"
    summary = run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=2, timeout=30))
    assert summary.failed == 2
    for record in _lines(out):
        assert "internal error: ValueError: month must be in 1..12" in record["error"]


def test_peak_memory_is_the_inputs_own(tmp_path, faults):
    if not os.access("/proc/self/clear_refs", os.W_OK):
        pytest.skip("the kernel's peak cannot be reset here")
    folder = _copies(tmp_path / "in", ["a-big.txt", "b-small.txt"])
    faults(a_big="memory")
    out = tmp_path / "out"
    run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=1, timeout=30))
    records = _by_name(_lines(out))
    assert records["a-big.txt"]["peak_memory_mb"] >= 300
    assert records["b-small.txt"]["peak_memory_mb"] < 250


def test_each_run_has_its_own_report_and_every_line_its_run(tmp_path):
    folder = _copies(tmp_path / "in", ["a.txt", "b.txt", "c.txt"])
    out = tmp_path / "out"
    first = run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=1, timeout=30))
    second = run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=1, timeout=30))
    assert first.run_id != second.run_id
    current = _lines(out)
    assert len(current) == 3 and {r["run"] for r in current} == {second.run_id}
    assert all(r["time"].startswith("20") for r in current)
    earlier = sorted(p.name for p in out.glob("run-report-*.jsonl"))
    assert len(earlier) == 1
    assert {r["run"] for r in _lines(out, earlier[0])} == {first.run_id}


def test_a_failed_input_lists_no_output(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    run_batch([folder / "empty.txt"], BatchOptions(out, jobs=1, timeout=30))
    assert _lines(out)[0]["output"] == ""


def test_skip_existing_checks_the_report_and_rereads_the_earlier_record(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_000, folder / "sonus.txt")
    shutil.copy(SEED_003, folder / "cover.txt")
    out = tmp_path / "out"
    run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=1, timeout=30))
    (out / "cover.report.json").unlink()  # as after a crash between the instance and its report
    run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=1, timeout=30, skip_existing=True))
    records = _by_name(_lines(out))
    assert records["cover.txt"]["status"] == "no-tables"  # converted again
    assert records["sonus.txt"]["status"] == "skipped"
    assert records["sonus.txt"]["facts"] == 205  # from the earlier run's record
    assert records["sonus.txt"]["earlier"]["status"] == "converted-with-warnings"
    assert (out / "cover.report.json").exists()
    for report in out.glob("run-report*.jsonl"):  # every run's record lost (kill -9, then removed)
        report.unlink()
    run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=1, timeout=30, skip_existing=True))
    records = _by_name(_lines(out))
    assert records["sonus.txt"]["status"] == "skipped" and records["sonus.txt"]["facts"] == 205
    assert records["sonus.txt"]["warnings"] > 0  # read back from its own report


@FORK_ONLY
def test_a_report_that_cannot_be_written_fails_its_input_and_removes_its_instance(tmp_path, monkeypatch):
    import converter.batch as batch

    real = batch.write_atomically

    def disk_full(path, data, *durable):
        if str(path).endswith(".report.json"):
            raise OutputError("cannot write: no space left on the device", str(path))
        real(path, data, *durable)

    monkeypatch.setattr(batch, "write_atomically", disk_full)
    folder = _copies(tmp_path / "in", ["a.txt"])
    out = tmp_path / "out"
    run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=1, timeout=30))
    record = _lines(out)[0]
    assert record["status"] == "failed" and "no space left on the device" in record["error"]
    assert record["output"] == "" and not (out / "a.xml").exists()


def test_a_full_disk_at_the_run_reports_flush_is_an_output_error(tmp_path, monkeypatch):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    import converter.batch as batch

    folder = _copies(tmp_path / "in", ["a.txt"])
    with open("/dev/full", "ab") as full:  # every write to it fails: the disk is full
        monkeypatch.setattr(batch, "open_run_report", lambda folder: full)
        with pytest.raises(OutputError, match="no space left on the device"):
            run_batch(expand_inputs([str(folder)]), BatchOptions(tmp_path / "out", jobs=1, timeout=30))


def test_the_run_report_is_never_written_through_a_planted_link(tmp_path):
    folder = _copies(tmp_path / "in", ["a.txt"])
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    (out / "run-report.jsonl").symlink_to(victim)
    run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=1, timeout=30))
    assert victim.read_text() == "keep me\n"
    assert not (out / "run-report.jsonl").is_symlink() and len(_lines(out)) == 1


def test_an_input_never_takes_a_shared_taxonomy_name(tmp_path):
    folder = _copies(tmp_path / "in", ["xbrl-export-2024-def.txt", "run-report.txt"])
    out = tmp_path / "out"
    run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=1, timeout=30))
    assert (out / "xbrl-export-2024-def.xml").read_text() == render_taxonomy(2024)["xbrl-export-2024-def.xml"]
    assert (out / "input-xbrl-export-2024-def.xml").exists()
    assert len(_lines(out)) == 2


def test_the_same_file_by_three_paths_is_converted_once(tmp_path):
    folder = _copies(tmp_path / "in", ["a.txt"])
    (tmp_path / "link.txt").symlink_to(folder / "a.txt")
    given = [str(folder / "a.txt"), str(folder / ".." / "in" / "a.txt"), str(tmp_path / "link.txt")]
    inputs = collect_inputs(given)
    assert len(inputs.paths) == 1 and inputs.duplicates == 2
    out = tmp_path / "out"
    run_batch(inputs.paths, BatchOptions(out, jobs=1, timeout=30))
    assert len(_lines(out)) == 1 and {p.name for p in out.glob("a*.xml")} == {"a.xml"}


def test_nothing_is_read_from_the_output_folder(tmp_path):
    folder = _copies(tmp_path / "in", ["a.txt", "b.txt"])
    out = folder / "out"
    for _ in range(2):
        inputs = collect_inputs([str(folder)], output_dir=out)
        summary = run_batch(inputs.paths, BatchOptions(out, jobs=1, timeout=30), inputs=inputs)
        assert summary.total == 2 and summary.failed == 0
    assert inputs.in_output_folder > 0


def test_hidden_files_are_counted(tmp_path):
    folder = _copies(tmp_path / "in", ["a.txt", ".hidden.txt"])
    (folder / ".git").mkdir()
    inputs = collect_inputs([str(folder)])
    assert [p.name for p in inputs.paths] == ["a.txt"] and inputs.hidden == 2


def test_a_fifo_and_a_device_are_refused_at_once(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    inputs = [fifo] + ([__import__("pathlib").Path("/dev/zero")] if os.path.exists("/dev/zero") else [])
    out = tmp_path / "out"
    run_batch(inputs, BatchOptions(out, jobs=1, timeout=30))
    for record in _lines(out):
        assert record["status"] == "failed" and "not a regular file" in record["error"]


def test_a_name_with_dashes_makes_a_well_formed_instance(tmp_path):
    from lxml import etree

    folder = _copies(tmp_path / "in", ["a---b--.txt"])
    out = tmp_path / "out"
    for validate in (True, False):
        run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=1, timeout=30, validate=validate))
        assert _lines(out)[0]["status"] == "no-tables"
        comment = etree.parse(str(out / "a---b.xml")).getroot().getprevious()
        assert "a- - -b- -.txt" in comment.text


def test_the_batch_runs_under_spawn(tmp_path, monkeypatch, faults):
    """What Windows and macOS use: workers that inherit nothing from the parent."""
    monkeypatch.setenv(START_METHOD_VARIABLE, "spawn")
    assert start_method() == "spawn"
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, folder / sample.name)
    _copies(folder, ["dies.txt"])
    faults(dies="kill")
    out = tmp_path / "out"
    summary = run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=2, timeout=60))
    records = _by_name(_lines(out))
    assert summary.total == 4 and summary.failed == 1
    assert "worker process died" in records["dies.txt"]["error"]
    assert records["000_b9bdeb844bb02c76.txt"]["facts"] == 205


def test_it_imports_and_runs_without_fork_resource_or_alarms(tmp_path):
    """As on Windows: no `resource` module, no fork, no SIGALRM or interval timers."""
    script = f"""
import os, signal, sys
sys.modules["resource"] = None
for name in ("SIGALRM", "setitimer", "alarm"):
    if hasattr(signal, name):
        delattr(signal, name)
del os.fork
import converter.cli, converter.batch
from converter.batch import BatchOptions, run_batch
from pathlib import Path
summary = run_batch([Path({str(SEED_003)!r})], BatchOptions(Path({str(tmp_path / "out")!r}), jobs=1))
print(summary.statuses)
"""
    environment = {k: v for k, v in os.environ.items() if k != START_METHOD_VARIABLE}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "{'no-tables': 1}"


def test_the_batch_tests_pass_under_spawn():
    """The batch tests once more with workers started by `spawn` (Windows' and macOS' way)."""
    if os.environ.get(START_METHOD_VARIABLE) == "spawn":
        pytest.skip("already running under spawn")
    environment = dict(os.environ, **{START_METHOD_VARIABLE: "spawn"})
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                           "tests/test_batch.py", "tests/test_batch_robust.py"],
                          cwd=ROOT, env=environment, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:]
    assert " passed" in done.stdout and " failed" not in done.stdout


@FORK_ONLY
def test_files_are_synced_before_they_are_renamed_unless_told_not_to(tmp_path, monkeypatch):
    synced = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real(fd))
    folder = _copies(tmp_path / "in", ["a.txt"])
    run_batch(expand_inputs([str(folder)]), BatchOptions(tmp_path / "out", jobs=1, timeout=30))
    assert synced  # (counted in the parent: the shared taxonomy files)
    synced.clear()
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(AssertionError("synced")))
    run_batch(expand_inputs([str(folder)]), BatchOptions(tmp_path / "fast", jobs=1, timeout=30,
                                                         durable=False))
    assert _lines(tmp_path / "fast")[0]["status"] == "no-tables"
