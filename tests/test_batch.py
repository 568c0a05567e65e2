"""Batch runs over many inputs: bad inputs never stop the others, names stay inside the output
folder, resumption skips finished work, and the CLI's exit codes and JSON lines."""
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from converter.batch import BatchOptions, expand_inputs, output_names, run_batch
from converter.cli import app
from tests.conftest import FORK_ONLY, SAMPLES

runner = CliRunner()

MALFORMED = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 8,
    "nul.htm": b"<html>\x00\x00</html>",
    "latin1.txt": "Caf\xe9 na\xefve \xff".encode("latin-1") * 20,
    "not-utf16.txt": "\ufeffhello".encode("utf-16"),
    "prose.txt": b"Nothing to see here.\n" * 100,
    "one-long-line.txt": b"9" * 2_000_000,
    "deep.html": b"<html><body>" + b"<div>" * 5000 + b"x" + b"</div>" * 5000 + b"</body></html>",
    "table-no-title.html": b"<table><tr><td>Revenue</td><td>1</td></tr></table>",
    "title-only.txt": b"Condensed Consolidated Balance Sheets\n",
    "header-only.txt": b"Statements of Operations\n\tThree Months Ended June 30, 2004\n",
    "garbage-numbers.txt": b"Statements of Operations\n\tJune 30, 2004\nRevenues\t(((\n",
    "sgml-no-docs.txt": b"<SEC-DOCUMENT>\n<SEC-HEADER>\nCENTRAL INDEX KEY: 1\n</SEC-HEADER>\n",
    "sgml-broken.txt": b"<SEC-DOCUMENT>\n<DOCUMENT>\n<TYPE>EX-99\n<TEXT>\n\xff\xfe\n",
    "huge-colspan.html": b"<table><tr><td colspan='999999999'>x</td></tr></table>" * 3,
    "control-chars.txt": bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 500,
    "only-spaces.txt": b"   \n\t\n   ",
    "xml.xml": b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;</x>",
    "weird-dates.txt": b"Balance Sheets\n\tFebruary 30, 2004\nCash\t1\n",
    "../../escape.txt": b"FORM 8-K\n",
}


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in SAMPLES.glob("*.txt"):
        (folder / sample.name).write_bytes(sample.read_bytes())
    for name, data in MALFORMED.items():
        target = folder / name.replace("../", "")
        target.write_bytes(data)
    return folder


def test_batch_over_samples_and_malformed_inputs(inputs, tmp_path):
    out = tmp_path / "out"
    records = []
    summary = run_batch(expand_inputs([str(inputs)]), BatchOptions(out, jobs=2, timeout=20),
                        records.append)
    by_name = {json.loads(line)["input"].rsplit("/", 1)[-1]: json.loads(line)
               for line in (out / "run-report.jsonl").read_text().splitlines()}
    assert summary.total == 3 + len(MALFORMED)
    for sample in ("000_b9bdeb844bb02c76.txt", "002_a20aa652e07729f8.txt"):
        assert by_name[sample]["status"] == "converted-with-warnings"
        assert by_name[sample]["facts"] > 190
    assert by_name["003_0e315d5e1cee0acc.txt"]["status"] == "no-tables"
    for name in ("empty.txt", "binary.txt", "nul.htm", "prose.txt", "control-chars.txt"):
        assert by_name[name]["status"] == "failed" and by_name[name]["error"], name
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary leftovers
    written = {p.stem for p in out.glob("*.xml") if not p.name.startswith("xbrl-export-")}  # not the linkbases
    assert written == {r["output"].rsplit("/", 1)[-1][:-4] for r in records if r["status"] != "failed"}


def test_every_failure_has_a_reason_and_no_output(inputs, tmp_path):
    out = tmp_path / "out"
    run_batch(expand_inputs([str(inputs)]), BatchOptions(out, jobs=1, timeout=20))
    for line in (out / "run-report.jsonl").read_text().splitlines():
        record = json.loads(line)
        if record["status"] == "failed":
            assert record["error"] and "Traceback" not in record["error"]
            assert record["output"] == ""  # nothing was written
            stem = output_names([Path(record["input"])])[Path(record["input"])]
            assert not (out / f"{stem}.xml").exists()


def test_output_names_stay_inside_and_are_unique(tmp_path):
    paths = [tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt", tmp_path / "..weird name$.txt"]
    names = output_names(paths)
    assert len(set(names.values())) == 3
    assert all("/" not in n and not n.startswith(".") for n in names.values())


def test_skip_existing_resumes(tmp_path):
    out = tmp_path / "out"
    paths = expand_inputs([str(SAMPLES / "003_0e315d5e1cee0acc.txt")])
    run_batch(paths, BatchOptions(out, jobs=1))
    summary = run_batch(paths, BatchOptions(out, jobs=1, skip_existing=True))
    assert summary.statuses == {"skipped": 1}


@FORK_ONLY
def test_time_limit_stops_a_slow_input(tmp_path, monkeypatch):
    import converter.batch as batch

    def slow(*args, **kwargs):
        import time
        time.sleep(5)

    monkeypatch.setattr(batch, "convert_bytes", slow)
    records = []
    run_batch([SAMPLES / "003_0e315d5e1cee0acc.txt"], BatchOptions(tmp_path / "o", jobs=1, timeout=0.2),
              records.append)
    assert records[0]["status"] == "failed" and "time limit" in records[0]["error"]


def test_list_file_and_globs(tmp_path):
    listing = tmp_path / "list.txt"
    listing.write_text(f"# samples\n{SAMPLES / '000_b9bdeb844bb02c76.txt'}\n")
    paths = expand_inputs([str(SAMPLES / "00[23]_*.txt")], listing)
    assert sorted(p.name for p in paths) == ["000_b9bdeb844bb02c76.txt", "002_a20aa652e07729f8.txt",
                                             "003_0e315d5e1cee0acc.txt"]


def test_cli_batch_jsonl_and_exit_code(inputs, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["convert", str(inputs / "000_b9bdeb844bb02c76.txt"),
                                 str(inputs / "empty.txt"), "-o", str(out), "--jobs", "1",
                                 "--log-format", "jsonl"])
    assert result.exit_code == 6
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["status"] for line in lines] == ["converted-with-warnings", "failed"]


def test_cli_batch_all_good_exits_zero(tmp_path):
    result = runner.invoke(app, ["convert", str(SAMPLES), "-o", str(tmp_path / "out"), "--jobs", "2",
                                 "--quiet"])
    assert result.exit_code == 0, result.output
    assert len((tmp_path / "out" / "run-report.jsonl").read_text().splitlines()) == 3
    report = json.loads((tmp_path / "out" / "000_b9bdeb844bb02c76.report.json").read_text())
    assert report["summary"]["facts"] == 205


def test_cli_batch_without_reports_writes_instances_only(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["convert", str(SAMPLES), "-o", str(out), "--jobs", "1", "--quiet",
                                 "--no-reports"])
    assert result.exit_code == 0, result.output
    assert not list(out.glob("*.report.json"))
    assert {p.name for p in out.glob("00*.xml")} == {
        "000_b9bdeb844bb02c76.xml", "002_a20aa652e07729f8.xml", "003_0e315d5e1cee0acc.xml"}
    records = [json.loads(line) for line in (out / "run-report.jsonl").read_text().splitlines()]
    assert sorted(r["facts"] for r in records)[-1] == 205


def test_instances_with_the_same_calculations_share_their_schema(tmp_path):
    """Calculation schemas are named by their content: one pair per distinct set of
    relationships, however many instances use it, and every reference resolves; so are the
    statements schemas with their presentation and label linkbases."""
    import re

    folder = tmp_path / "in"
    folder.mkdir()
    for copy in range(3):
        (folder / f"sonus-{copy}.txt").write_bytes((SAMPLES / "000_b9bdeb844bb02c76.txt").read_bytes())
    (folder / "damaged.txt").write_bytes((SAMPLES / "002_a20aa652e07729f8.txt").read_bytes())
    out = tmp_path / "out"
    run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=2, timeout=20))
    references = {}
    for instance in ("sonus-0", "sonus-1", "sonus-2", "damaged"):
        text = (out / f"{instance}.xml").read_text()
        references[instance] = re.search(r'schemaRef[^>]*href="([^"]+)"', text)[1]
    assert references["sonus-0"] == references["sonus-1"] == references["sonus-2"]
    assert references["damaged"] != references["sonus-0"]
    schemas = sorted(p.name for p in out.glob("xbrl-export-2024-calc-*.xsd"))
    assert schemas == sorted({references["sonus-0"], references["damaged"]})
    for schema in schemas:
        linkbase = out / schema.replace(".xsd", "-cal.xml")
        assert linkbase.name in (out / schema).read_text() and linkbase.exists()
    # the statements schema and its linkbases likewise: one set per distinct set of statements
    used = {name: re.findall(r'href="(xbrl-export-2024-statements-[0-9a-f]+\.xsd)"', (out / f"{name}.xml").read_text())
            for name in ("sonus-0", "sonus-1", "sonus-2", "damaged")}
    assert used["sonus-0"] == used["sonus-1"] == used["sonus-2"] != used["damaged"]
    written = sorted(p.name for p in out.glob("xbrl-export-2024-statements-*"))
    assert len(written) == 6  # two schemas, each with its -pre.xml and -lab.xml
    assert {used["sonus-0"][0], used["damaged"][0]} <= set(written)


def test_a_batch_gives_the_garbage_collector_settings_back(tmp_path):
    import gc

    before = (gc.get_threshold(), gc.get_freeze_count())
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes((SAMPLES / "003_0e315d5e1cee0acc.txt").read_bytes())
    (folder / "b.txt").write_bytes((SAMPLES / "003_0e315d5e1cee0acc.txt").read_bytes())
    run_batch(expand_inputs([str(folder)]), BatchOptions(tmp_path / "out", jobs=1, timeout=20))
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_compact_json_reads_back_as_the_report_on_every_sample():
    """The batch's report encoder (orjson) writes what json would, once read back."""
    from converter.pipeline import compact_json, convert_file

    for sample in sorted(SAMPLES.glob("*.txt")):
        report = convert_file(sample, validate=False).report()
        written = compact_json(report)
        assert written.endswith(b"\n") and b"\n" not in written[:-1]
        assert json.loads(written) == json.loads(json.dumps(report))
    assert json.loads(compact_json({"label": "Café “net” sales"})) == {"label": "Café “net” sales"}


def test_compact_json_falls_back_for_a_name_with_undecodable_bytes():
    """A file name holding bytes that are not UTF-8 reaches the report as lone surrogates,
    which orjson refuses: json writes them escaped instead of the run failing."""
    from converter.pipeline import compact_json

    name = b"filing-\xff.txt".decode("utf-8", "surrogateescape")
    written = compact_json({"source": name, "facts": []})
    assert json.loads(written) == {"source": name, "facts": []}
    assert written.isascii()


def test_folder_search_picks_up_pdf_files(tmp_path):
    from tests.pdfmaker import pages_pdf

    (tmp_path / "release.pdf").write_bytes(pages_pdf(1))
    (tmp_path / "notes.docx").write_bytes(b"not a filing")
    assert expand_inputs([str(tmp_path)]) == [tmp_path / "release.pdf"]
