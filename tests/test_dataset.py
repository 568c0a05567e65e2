"""Issue 16, the dataset: a batch with --dataset writes every converted fact to sub/num/tag/pre
(SQLite by default, Parquet by filing year), rows that restate the instances it wrote; a run
killed mid-way and resumed with --skip-existing gives the same tables as one uninterrupted run."""
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from converter.batch import BatchOptions, expand_inputs, run_batch
from converter.cli import app
from converter.dataset.columns import TABLES
from tests.conftest import ROOT, SAMPLES, SEED_000, SHARED

CORPUS = SHARED / "corpus"
runner = CliRunner()
XBRLI = "{http://www.xbrl.org/2003/instance}"
IGNORED = {"run", "converted"}  # the run's id and time: all a resumed run may change


def _rows(database: Path, table: str) -> list[tuple]:
    """A table's rows without the run's id and time, sorted (order of arrival does not matter)."""
    names = [c.name for c in TABLES[table] if c.name not in IGNORED]
    with sqlite3.connect(database) as connection:
        rows = connection.execute(f"SELECT {', '.join(names)} FROM {table}").fetchall()
    return sorted(rows, key=repr)


def _as_dicts(database: Path, table: str) -> list[dict]:
    with sqlite3.connect(database) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute(f"SELECT * FROM {table}")]


def _day(text: str) -> int:
    return int(text.replace("-", ""))


def _instance_facts(path: Path) -> Counter:
    """The numeric facts of an instance file as FSDS would key them: (tag, startdate, enddate,
    unit, value), counted."""
    root = etree.parse(str(path)).getroot()
    periods = {}
    for context in root.iter(f"{XBRLI}context"):
        period = context.find(f"{XBRLI}period")
        instant = period.findtext(f"{XBRLI}instant")
        periods[context.get("id")] = ((None, _day(instant)) if instant else
                                      (_day(period.findtext(f"{XBRLI}startDate")),
                                       _day(period.findtext(f"{XBRLI}endDate"))))
    units = {}
    for unit in root.iter(f"{XBRLI}unit"):
        measures = [m.text.split(":")[-1] for m in unit.iter(f"{XBRLI}measure")]
        units[unit.get("id")] = "/".join(measures)  # USD, shares, USD/shares
    found = Counter()
    for element in root:
        if element.get("unitRef") is None:
            continue
        start, end = periods[element.get("contextRef")]
        found[(etree.QName(element).localname, start, end, units[element.get("unitRef")],
               Decimal(element.text))] += 1
    return found


def _date(day: int) -> date:
    return date(day // 10000, day // 100 % 100, day % 100)


def _month_end_within_half_a_month(ddate: int, enddate: int) -> bool:
    rounded = _date(ddate)
    return (rounded + timedelta(days=1)).day == 1 and abs((rounded - _date(enddate)).days) <= 15


def _check_against_instances(database: Path, out: Path) -> int:
    """Every sub row's num rows are its instance's numeric facts, with FSDS's ddate and qtrs."""
    subs = _as_dicts(database, "sub")
    num = _as_dicts(database, "num")
    instances = {p.stem for p in out.glob("*.xml") if not p.name.startswith("xbrl-export-")}
    assert {sub["input"] for sub in subs} == instances  # a row for every instance written
    checked = 0
    for sub in subs:
        mine = [r for r in num if r["adsh"] == sub["adsh"]]
        instance = out / f"{sub['input']}.xml"
        expected = _instance_facts(instance)
        assert Counter((r["tag"], r["startdate"], r["enddate"], r["uom"], Decimal(str(r["value"])))
                       for r in mine) == expected, sub["input"]
        for row in mine:
            assert _month_end_within_half_a_month(row["ddate"], row["enddate"]), row
            if row["startdate"] is None:
                assert row["qtrs"] == 0, row
            else:
                start, end = _date(row["startdate"]), _date(row["enddate"])
                assert row["qtrs"] in (1, 2, 3, 4), row
                # the nearest whole number of quarters (Costco's 36-week year to date is 3)
                assert abs((end - start).days + 1 - row["qtrs"] * 91.3125) <= 91.3125 / 2, row
        checked += len(mine)
    return checked


def _samples_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, folder / sample.name)
    return folder


def test_a_batch_writes_rows_that_restate_its_instances(tmp_path):
    folder = _samples_folder(tmp_path)
    out, database = tmp_path / "out", tmp_path / "facts.sqlite"
    result = runner.invoke(app, ["convert", str(folder), "-o", str(out), "--dataset", str(database),
                                 "--jobs", "2", "--quiet"])
    assert result.exit_code == 0, result.output
    assert _check_against_instances(database, out) > 300  # seeds 000 and 002; 003 has no tables
    subs = {r["input"]: r for r in _as_dicts(database, "sub")}
    assert set(subs) == {"000_b9bdeb844bb02c76", "002_a20aa652e07729f8", "003_0e315d5e1cee0acc"}
    assert subs["003_0e315d5e1cee0acc"]["status"] == "no-tables"
    assert subs["000_b9bdeb844bb02c76"]["path"] == str(folder / "000_b9bdeb844bb02c76.txt")
    assert len({r["run"] for r in subs.values()}) == 1
    revenue = [r for r in _as_dicts(database, "num") if r["adsh"] == "000_b9bdeb844bb02c76"
               and r["tag"] == "Revenues" and r["ddate"] == 20040630]
    assert sorted((r["qtrs"], r["value"]) for r in revenue) == [(1, 42361000.0), (2, 78893000.0)]
    tags = {r["tag"]: r for r in _as_dicts(database, "tag")}
    assert tags["Revenues"]["version"] == "us-gaap/2024" and tags["Revenues"]["iord"] == "D"
    assert len(_as_dicts(database, "pre")) > 100


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
def test_the_corpus_and_the_samples_give_rows_that_restate_the_instances(tmp_path):
    out, database = tmp_path / "out", tmp_path / "facts.sqlite"
    result = runner.invoke(app, ["convert", str(SAMPLES), str(CORPUS), "-o", str(out),
                                 "--dataset", str(database), "--jobs", "2", "--quiet"])
    assert result.exit_code == 0, result.output
    assert _check_against_instances(database, out) > 2000
    subs = {r["input"]: r for r in _as_dicts(database, "sub")}
    inputs = [p for p in CORPUS.iterdir() if p.suffix not in (".json", ".tsv")] + list(SAMPLES.glob("*.txt"))
    assert len(subs) == len(inputs)
    sears = subs["sears-2004q2-8k-0000891092-04-003383"]
    assert (sears["adsh"], sears["cik"], sears["form"], sears["filed"], sears["period"], sears["fy"],
            sears["fp"]) == ("0000891092-04-003383", 319256, "8-K", 20040722, 20040630, 2004, "Q2")
    nvidia = subs["nvidia-fy2024q2-newsroom-pr"]
    assert (nvidia["adsh"], nvidia["name"], nvidia["period"], nvidia["fy"], nvidia["fp"]) == (
        "nvidia-fy2024q2-newsroom-pr", "NVIDIA", 20230731, 2024, "Q2")  # no cover: the release's name
    assert subs["intel-2022q4-pr"]["fp"] == "FY" and subs["apple-fy2004q3-8k-0001104659-04-019574"]["fp"] == "Q3"
    num = _as_dicts(database, "num")
    # a 13-week quarter ending Saturday July 3, 2004 is the quarter of June 2004
    sears_quarter = [r for r in num if r["adsh"] == sears["adsh"] and r["tag"] == "SalesRevenueNet"
                     and r["enddate"] == 20040703]
    assert sorted((r["ddate"], r["qtrs"], r["value"]) for r in sears_quarter) == [
        (20040630, 1, 8.7e9), (20040630, 2, 16.403e9)]
    # intel's 53-week year 2022 is 4 quarters
    intel_year = [r for r in num if r["adsh"] == "intel-2022q4-pr" and r["startdate"] == 20211226]
    assert intel_year and {(r["ddate"], r["qtrs"]) for r in intel_year} == {(20221231, 4)}
    # costco's year to date in Q3 is 36 weeks (12 + 12 + 12): 2.76 quarters, rounded to 3
    costco = {(r["startdate"], r["enddate"], r["ddate"], r["qtrs"]) for r in num
              if r["adsh"] == "costco-fy2023q3-pr" and r["tag"] == "OperatingIncomeLoss"}
    assert (20220829, 20230507, 20230430, 3) in costco and (20230213, 20230507, 20230430, 1) in costco
    assert {r["qtrs"] for r in num} == {0, 1, 2, 3, 4}


def _wait_for(condition, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def _sub_count(database: Path) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
            return connection.execute("SELECT count(*) FROM sub").fetchone()[0]
    except sqlite3.Error:
        return 0


def _cli(folder: Path, out: Path, database: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "converter", "convert", str(folder), "-o", str(out),
            "--dataset", str(database), "--jobs", "1", "--quiet", *extra]


def test_a_killed_run_resumed_gives_the_same_tables_as_one_uninterrupted_run(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    samples = sorted(SAMPLES.glob("*.txt"))
    for number in range(9):  # distinct files: the same file twice is converted once
        shutil.copy(samples[number % 3], folder / f"f{number}.txt")
    # the run stops at f6 (its worker hangs, as an input can): the parent is killed there
    environment = dict(os.environ, XBRL_EXPORT_TEST_FAULTS=json.dumps({"f6.txt": "hang"}))
    out, database = tmp_path / "out", tmp_path / "facts.sqlite"
    process = subprocess.Popen(_cli(folder, out, database, "--timeout", "600"), cwd=ROOT,
                               env=environment, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: _sub_count(database) == 6)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the parent and its worker, with no warning
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert not (out / "f6.xml").exists() and not (out / "f8.xml").exists()
    resumed = subprocess.run(_cli(folder, out, database, "--skip-existing"), cwd=ROOT,
                             capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    statuses = Counter(json.loads(line)["status"] for line in (out / "run-report.jsonl").read_text().splitlines())
    assert statuses["skipped"] == 6 and sum(statuses.values()) == 9
    fresh_out, fresh = tmp_path / "fresh", tmp_path / "fresh.sqlite"
    done = subprocess.run(_cli(folder, fresh_out, fresh), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for table in TABLES:
        assert _rows(database, table) == _rows(fresh, table), table
    assert len(_rows(fresh, "sub")) == 9
    assert _check_against_instances(database, out) == len(_rows(fresh, "num")) > 900
    with sqlite3.connect(database) as connection:  # two runs wrote it, each its own inputs
        assert connection.execute("SELECT count(DISTINCT run) FROM sub").fetchone()[0] == 2


def test_an_input_whose_rows_never_landed_is_converted_again(tmp_path):
    """A crash between writing an instance and committing its rows: the instance is there, the
    rows are not, and --skip-existing converts it again instead of skipping it."""
    folder = _samples_folder(tmp_path)
    out, database = tmp_path / "out", tmp_path / "facts.sqlite"
    options = BatchOptions(out, jobs=1, dataset=database)
    run_batch(expand_inputs([str(folder)]), options)
    full = {table: _rows(database, table) for table in TABLES}
    with sqlite3.connect(database) as connection:
        for table in ("num", "pre", "sub"):
            connection.execute(f"DELETE FROM {table} WHERE adsh = '002_a20aa652e07729f8'")
    records = []
    run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=1, dataset=database, skip_existing=True),
              records.append)
    assert sorted(r["status"] for r in records) == ["converted-with-warnings", "skipped", "skipped"]
    assert {table: _rows(database, table) for table in TABLES} == full
    # a changed file is converted again and its rows replaced
    (folder / "000_b9bdeb844bb02c76.txt").write_bytes(SEED_000.read_bytes().replace(b"42,361", b"42,362"))
    records.clear()
    run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=1, dataset=database, skip_existing=True),
              records.append)
    assert Counter(r["status"] for r in records)["skipped"] == 2
    values = [r["value"] for r in _as_dicts(database, "num")
              if r["adsh"] == "000_b9bdeb844bb02c76" and r["tag"] == "Revenues" and r["startdate"] == 20040401]
    assert values == [42362000.0]
    assert len(_rows(database, "sub")) == 3


def test_dataset_errors_are_one_line(tmp_path):
    not_a_database = tmp_path / "notes.sqlite"
    not_a_database.write_text("these are notes, not a database\n" * 100)
    result = runner.invoke(app, ["convert", str(SEED_000), str(SAMPLES / "003_0e315d5e1cee0acc.txt"),
                                 "-o", str(tmp_path / "out"), "--dataset", str(not_a_database), "--quiet"])
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 4 and len(lines) == 1, result.output
    assert str(not_a_database) in lines[0] and "cannot write the dataset" in lines[0]
    assert not (tmp_path / "out" / "run-report.jsonl").exists()  # nothing was run
    single = runner.invoke(app, ["convert", str(SEED_000), "-o", str(tmp_path / "one.xml"),
                                 "--dataset", str(tmp_path / "d.sqlite")])
    assert single.exit_code == 2 and "--dataset" in single.output and "-o DIR" in single.output
    assert not (tmp_path / "d.sqlite").exists()


def test_ctrl_c_keeps_the_rows_of_every_input_that_finished(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(4):
        shutil.copy(SEED_000, folder / f"f{number}.txt")
    environment = dict(os.environ, XBRL_EXPORT_TEST_FAULTS=json.dumps(
        {f"f{number}.txt": "hang" for number in range(1, 4)}))
    out, database = tmp_path / "out", tmp_path / "facts.sqlite"
    process = subprocess.Popen(_cli(folder, out, database), cwd=ROOT, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    report = out / "run-report.jsonl"
    _wait_for(lambda: report.exists() and report.stat().st_size > 0)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130 and "--skip-existing" in stderr and "Traceback" not in stderr
    assert [r["input"] for r in _as_dicts(database, "sub")] == ["f0"]
    assert _check_against_instances(database, out) > 150
