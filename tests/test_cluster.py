"""The Dask recipe (converter/cluster.py) on a LocalCluster of worker processes that the tests
start and close: its Parquet dataset holds the same rows as the local batch's, a bad input is a
run-report line, and a rerun with skip_existing leaves finished partitions alone."""
from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from decimal import Decimal
from pathlib import Path
from unittest.mock import ANY

import pytest

from converter.batch import TEST_FAULTS, BatchOptions, run_batch
from tests.conftest import SAMPLES, SEED_000, SEED_002

distributed = pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")

from converter.cluster import (  # noqa: E402
    ClusterOptions,
    list_inputs,
    local_client,
    partitions,
    run_on_dask,
    split,
)
from converter.dataset.columns import RUN_COLUMNS, TABLES  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster, client = local_client(2)
    assert len(client.scheduler_info()["workers"]) == 2
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.fixture
def inputs(tmp_path) -> Path:
    """The samples, plus an input that is not a filing."""
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in sorted(SAMPLES.glob("*.txt")):
        shutil.copyfile(sample, folder / sample.name)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 not a filing" * 10)
    return folder


def parquet_rows(root: Path) -> dict[str, list[dict]]:
    """Each table's rows (without the run's id and time), sorted; `tag` without repeats (each
    part of a dataset holds the tags it uses)."""
    tables = {}
    for table, columns in TABLES.items():
        names = [c.name for c in columns if c.name not in RUN_COLUMNS]
        rows = []
        for path in sorted((root / table).rglob("part-*.parquet")):
            rows += [{n: row[n] for n in names} for row in pq.read_table(path, columns=names).to_pylist()]
        tables[table] = _sorted(rows, unique=table == "tag")
    return tables


def sqlite_rows(path: Path) -> dict[str, list[dict]]:
    tables = {}
    with closing(sqlite3.connect(path)) as connection:
        connection.row_factory = sqlite3.Row
        for table, columns in TABLES.items():
            names = [c.name for c in columns if c.name not in RUN_COLUMNS]
            rows = [dict(row) for row in connection.execute(f"SELECT {', '.join(names)} FROM {table}")]
            tables[table] = _sorted(rows, unique=False)
    return tables


def _sorted(rows: list[dict], unique: bool) -> list[dict]:
    if unique:
        rows = list({repr(row): row for row in rows}.values())
    return sorted(rows, key=repr)


def as_stored_in_sqlite(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """SQLite keeps `value` as a REAL."""
    return {table: _sorted([{k: float(v) if isinstance(v, Decimal) else v for k, v in row.items()}
                            for row in rows], unique=False)
            for table, rows in tables.items()}


def batch_dataset(found: list[str], out: Path, format: str) -> Path:
    """The local batch over the same inputs, with its dataset in `format`."""
    dataset = out / ("dataset.sqlite" if format == "sqlite" else "dataset")
    summary = run_batch([Path(p) for p in found], BatchOptions(out, jobs=1, dataset=dataset,
                                                              dataset_format=format))
    assert summary.total == len(found)
    return dataset


def report(root: Path) -> dict[str, dict]:
    lines = (root / "run-report.jsonl").read_text().splitlines()
    return {Path(r["input"]).name: r for r in map(json.loads, lines)}


def test_inputs_by_url_and_by_path_are_the_same_files(inputs):
    by_path = list_inputs(str(inputs / "*.txt"))
    assert list_inputs(f"file://{inputs}/*.txt") == by_path == list_inputs(str(inputs))
    assert by_path[0] == str(inputs / "000_b9bdeb844bb02c76.txt")  # local files by their path
    (inputs / ".hidden.txt").write_text("x")
    (inputs / "notes.docx").write_text("x")
    assert list_inputs(str(inputs)) == by_path  # hidden files and other suffixes left out


def test_a_run_report_on_an_object_store_is_put_whole_and_an_earlier_one_kept():
    """fsspec's in-memory file system stands for S3 or GCS here (the client's side only)."""
    import fsspec

    from converter.cluster import RunReport

    store = fsspec.filesystem("memory")
    for run in ("first", "second"):
        log = RunReport("memory://bucket/xbrl", run, {})
        log.write([{"input": "s3://bucket/a.txt", "status": "converted"}])
        assert not store.exists("/bucket/xbrl/run-report.jsonl")  # nothing until the run ends
        log.close()
    assert json.loads(store.cat("/bucket/xbrl/run-report.jsonl")) == {
        "run": "second", "time": ANY, "input": "s3://bucket/a.txt", "status": "converted"}
    assert json.loads(store.cat("/bucket/xbrl/run-report-before-second.jsonl"))["run"] == "first"
    store.rm("/bucket", recursive=True)


def test_the_recipe_gives_the_local_batchs_dataset(client, inputs, tmp_path):
    found = list_inputs(str(inputs / "*.txt"))
    assert [Path(p).name for p in found] == ["000_b9bdeb844bb02c76.txt", "002_a20aa652e07729f8.txt",
                                             "003_0e315d5e1cee0acc.txt", "broken.txt"]
    out = tmp_path / "dask"
    summary = run_on_dask(found, ClusterOptions(str(out), partition_size=2), client)
    assert summary.total == 4 and summary.partitions == 2
    assert summary.statuses == {"converted-with-warnings": 2, "no-tables": 1, "failed": 1}
    dask_rows = parquet_rows(out)
    assert dask_rows == parquet_rows(batch_dataset(found, tmp_path / "batch-parquet", "parquet"))
    assert as_stored_in_sqlite(dask_rows) == sqlite_rows(batch_dataset(found, tmp_path / "batch-sqlite", "sqlite"))
    # real values: seed 000's revenues (release line 116: three quarters; line 150: six months)
    revenue = [r for r in dask_rows["num"] if r["adsh"] == "000_b9bdeb844bb02c76" and r["tag"] == "Revenues"]
    assert sorted((r["ddate"], r["qtrs"], r["value"], r["line"]) for r in revenue) == [
        (20030630, 1, Decimal("15366000.0000"), 116), (20030630, 2, Decimal("24575000.0000"), 150),
        (20040331, 1, Decimal("36532000.0000"), 116), (20040630, 1, Decimal("42361000.0000"), 116),
        (20040630, 2, Decimal("78893000.0000"), 150)]
    assert {r["input"]: r["status"] for r in dask_rows["sub"]} == {
        "000_b9bdeb844bb02c76": "converted-with-warnings", "002_a20aa652e07729f8": "converted-with-warnings",
        "003_0e315d5e1cee0acc": "no-tables"}
    lines = report(out)
    assert lines["broken.txt"]["status"] == "failed"
    assert lines["broken.txt"]["error"].startswith(str(inputs / "broken.txt") + ": ")
    assert "\n" not in lines["broken.txt"]["error"]
    assert lines[SEED_002.name]["facts"] == 201 and lines[SEED_002.name]["run"] == summary.run_id
    assert Path(lines[SEED_000.name]["output"]).is_file()


def test_skip_existing_leaves_finished_partitions(client, inputs, tmp_path):
    found = list_inputs(str(inputs))  # a folder: searched recursively
    out = tmp_path / "dask"
    options = ClusterOptions(str(out), partition_size=3)
    first = run_on_dask(found, options, client)
    assert first.partitions == 2
    done = sorted((out / "_done").iterdir())
    assert len(done) == 2
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    # one partition lost its done-file (as if its worker died before the end): only it runs again
    partition = partitions(found, 3)[1]
    (out / "_done" / f"{partition.name}.jsonl").unlink()
    second = run_on_dask(found, ClusterOptions(str(out), partition_size=3, skip_existing=True), client)
    assert second.skipped_partitions == 1 and second.total == 4
    lines = report(out)
    for name in partition.inputs:
        assert lines[Path(name).name]["status"] != "skipped"
    skipped = [r for r in lines.values() if r["status"] == "skipped"]
    assert len(skipped) == 3
    assert {r["earlier"]["status"] for r in skipped} == {"converted-with-warnings", "no-tables"}
    assert sorted(out.glob("run-report-*.jsonl"))  # the first run's report was kept aside
    unchanged = [p for p in stamps if p.stat().st_mtime_ns == stamps[p]]
    assert unchanged and all(partitions(found, 3)[0].name in p.name for p in unchanged)


def test_a_worker_that_dies_loses_one_input(inputs, tmp_path, monkeypatch):
    """A worker killed on one input (a crash in a compiled library, the kernel's OOM killer):
    Dask gives up on that partition (at once here: allowed-failures 0), the recipe runs its
    inputs again one by one, and only the input that kills its worker is a failed line."""
    import dask

    monkeypatch.setenv(TEST_FAULTS, json.dumps({"002_a20aa652e07729f8.txt": "kill"}))  # the workers inherit it
    found = list_inputs(str(inputs / "*.txt"))
    out = tmp_path / "out"
    # one task at a time per worker, so that the dying worker holds no other partition
    with dask.config.set({"distributed.scheduler.allowed-failures": 0,
                          "distributed.scheduler.worker-saturation": 1.0}):
        cluster, client = local_client(1)
        try:
            summary = run_on_dask(found, ClusterOptions(str(out), partition_size=2), client)
        finally:
            client.close()
            cluster.close()
    lines = report(out)
    assert summary.statuses == {"failed": 2, "converted-with-warnings": 1, "no-tables": 1}
    assert lines["002_a20aa652e07729f8.txt"]["error"].startswith(
        f"{inputs / '002_a20aa652e07729f8.txt'}: the partition's task failed (KilledWorker")
    assert lines["broken.txt"]["status"] == "failed" and "KilledWorker" not in lines["broken.txt"]["error"]
    # the first partition's inputs were written as partitions of one input each
    single = split(partitions(found, 2)[0])[0]
    assert (out / "_done" / f"{single.name}.jsonl").is_file()
    assert {r["input"] for r in parquet_rows(out)["sub"]} == {"000_b9bdeb844bb02c76", "003_0e315d5e1cee0acc"}
    # a rerun skips what is done, and tries the failed input again on its own
    monkeypatch.delenv(TEST_FAULTS)
    cluster, client = local_client(1)
    try:
        again = run_on_dask(found, ClusterOptions(str(out), partition_size=2, skip_existing=True), client)
    finally:
        client.close()
        cluster.close()
    # (the input that is not a filing is tried again as well, as the local batch tries it)
    assert again.statuses == {"skipped": 2, "converted-with-warnings": 1, "failed": 1}
    assert report(out)["002_a20aa652e07729f8.txt"]["status"] == "converted-with-warnings"
    assert {r["input"] for r in parquet_rows(out)["sub"]} == {
        "000_b9bdeb844bb02c76", "002_a20aa652e07729f8", "003_0e315d5e1cee0acc"}


def test_the_command(inputs, tmp_path):
    """`xbrl-export cluster` on a LocalCluster it starts and closes: one summary line, exit 6
    when an input failed; usage and missing inputs are one line each, before any cluster."""
    from typer.testing import CliRunner

    from converter.cli import app

    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(app, ["cluster", str(inputs / "*.txt"), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 6, result.output
    assert result.output.startswith("4 inputs in ")
    assert ": 2 converted-with-warnings, 1 failed, 1 no-tables; 418 facts" in result.output
    assert len(report(out)) == 4
    result = runner.invoke(app, ["cluster", str(tmp_path / "none" / "*.txt"), "-o", str(out)])
    assert result.exit_code == 3
    assert result.output == f"xbrl-export: {tmp_path / 'none' / '*.txt'}: no inputs found\n"
    result = runner.invoke(app, ["cluster", str(inputs), "-o", str(out), "--partition-size", "0"])
    assert result.exit_code == 2 and "--partition-size must be at least 1, not 0" in result.output
