"""Issue 16, the Parquet dataset: parts partitioned by filing year, one row group per table and
batch, the same rows as the SQLite dataset; a part whose `sub` files never landed is removed
when the folder is opened again; resuming adds only what is missing."""
import shutil
import sqlite3
from decimal import Decimal

import pytest

from converter.batch import BatchOptions, expand_inputs, run_batch
from converter.dataset import parquet
from converter.dataset.columns import TABLES
from converter.dataset.rows import input_digest, rows_for, submission_header
from converter.errors import UsageError
from converter.pipeline import convert_file
from tests.conftest import SAMPLES, SEED_000, SEED_002
from tests.test_dataset import _instance_facts

pq = pytest.importorskip("pyarrow.parquet")


def _table(folder, table):
    """Every row of a table, without the run's id and time, sorted."""
    rows = []
    for path in sorted((folder / table).rglob("*.parquet")):
        for row in pq.read_table(path).to_pylist():
            row.pop("run", None), row.pop("converted", None)
            rows.append(row)
    return sorted(rows, key=repr)


def _samples(tmp_path, names=None):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for sample in sorted(SAMPLES.glob("*.txt")):
        if names is None or sample.name in names:
            shutil.copy(sample, folder / sample.name)
    return folder


def test_a_parquet_dataset_holds_the_same_rows_as_sqlite_by_filing_year(tmp_path):
    folder = _samples(tmp_path)
    run_batch(expand_inputs([str(folder)]), BatchOptions(tmp_path / "out", jobs=1, dataset=tmp_path / "pq",
                                                       dataset_format="parquet"))
    run_batch(expand_inputs([str(folder)]), BatchOptions(tmp_path / "out2", jobs=1, dataset=tmp_path / "d.sqlite"))
    pq_folder = tmp_path / "pq"
    # no filing date (no EDGAR header): the year of the 8-K's date of report, 2003 for seed 002
    assert sorted(str(p.relative_to(pq_folder).parent) for p in pq_folder.rglob("*.parquet")) == [
        "num/filed_year=2003", "num/filed_year=2004", "pre/filed_year=2003", "pre/filed_year=2004",
        "sub/filed_year=2003", "sub/filed_year=2004", "tag"]
    for path in pq_folder.rglob("*.parquet"):
        assert pq.ParquetFile(path).metadata.num_row_groups == 1
    with sqlite3.connect(tmp_path / "d.sqlite") as connection:
        connection.row_factory = sqlite3.Row
        for table in TABLES:
            expected = [dict(r) for r in connection.execute(f"SELECT * FROM {table}")]
            for row in expected:
                row.pop("run", None), row.pop("converted", None)
            got = _table(pq_folder, table)
            if table == "num":
                for row in got:
                    row["value"] = float(row["value"])
            assert got == sorted(expected, key=repr), table
    revenue = next(r for r in pq.read_table(next((pq_folder / "num" / "filed_year=2004").glob("*.parquet")))
                   .to_pylist() if r["tag"] == "Revenues")
    assert revenue["value"] == Decimal("42361000.0000") and revenue["ddate"] == 20040630


def test_a_part_whose_sub_files_never_landed_is_removed(tmp_path):
    folder = tmp_path / "pq"
    data = SEED_000.read_bytes()
    rows = rows_for(convert_file(SEED_000), SEED_000.stem, str(SEED_000), input_digest(data),
                    submission_header(data))
    written = parquet.write_part([rows], folder, "run1-00001", "run1", "2026-01-01T00:00:00Z")
    assert [p.relative_to(folder).parts[0] for p in written] == ["num", "pre", "tag", "sub"]
    data2 = SEED_002.read_bytes()
    rows2 = rows_for(convert_file(SEED_002), SEED_002.stem, str(SEED_002), input_digest(data2),
                     submission_header(data2))
    crashed = parquet.write_part([rows2], folder, "run1-00002", "run1", "2026-01-01T00:00:01Z")
    crashed[-1].unlink()  # the program died before the part's sub file was renamed into place
    dataset = parquet.ParquetDataset(folder)
    assert dataset.finished() == {str(SEED_000): {input_digest(data)}}
    assert all(not p.exists() for p in crashed) and all(p.exists() for p in written)
    assert {r["adsh"] for r in _table(folder, "num")} == {SEED_000.stem}
    assert dataset.tags == {(t["tag"], t["version"]) for t in rows.tag}


def test_resuming_a_parquet_dataset_adds_only_what_is_missing(tmp_path):
    folder = _samples(tmp_path, {"000_b9bdeb844bb02c76.txt", "003_0e315d5e1cee0acc.txt"})
    options = BatchOptions(tmp_path / "out", jobs=1, dataset=tmp_path / "pq", dataset_format="parquet",
                           skip_existing=True)
    run_batch(expand_inputs([str(folder)]), options)
    _samples(tmp_path)  # the third sample arrives
    records = []
    run_batch(expand_inputs([str(folder)]), options, records.append)
    assert sorted(r["status"] for r in records) == ["converted-with-warnings", "skipped", "skipped"]
    fresh = BatchOptions(tmp_path / "fresh", jobs=2, dataset=tmp_path / "fresh-pq", dataset_format="parquet")
    run_batch(expand_inputs([str(folder)]), fresh)
    for table in TABLES:
        assert _table(tmp_path / "pq", table) == _table(tmp_path / "fresh-pq", table), table
    assert len(_table(tmp_path / "pq", "sub")) == 3


def test_without_pyarrow_the_parquet_format_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(parquet, "pa", None)
    with pytest.raises(UsageError, match=r"pip install 'xbrl-export\[parquet\]'"):
        parquet.ParquetDataset(tmp_path / "pq")
    assert not (tmp_path / "pq").exists()


def test_the_command_line_writes_a_parquet_dataset(tmp_path):
    from typer.testing import CliRunner

    from converter.cli import app

    folder = _samples(tmp_path, {"000_b9bdeb844bb02c76.txt"})
    result = CliRunner().invoke(app, ["convert", str(folder), "-o", str(tmp_path / "out"), "--quiet",
                                      "--dataset", str(tmp_path / "pq"), "--dataset-format", "parquet"])
    assert result.exit_code == 0, result.output
    (sub,) = _table(tmp_path / "pq", "sub")
    assert (sub["adsh"], sub["fy"], sub["fp"], sub["status"]) == ("000_b9bdeb844bb02c76", 2004, "Q2",
                                                                 "converted-with-warnings")
    instance = _instance_facts(tmp_path / "out" / "000_b9bdeb844bb02c76.xml")  # its numeric facts
    assert len(_table(tmp_path / "pq", "num")) == sum(instance.values()) > 150
    wrong = CliRunner().invoke(app, ["convert", str(folder), "-o", str(tmp_path / "out"),
                                     "--dataset", str(tmp_path / "x"), "--dataset-format", "csv"])
    assert wrong.exit_code == 2
