"""--format on the command line and in batches (xml, json, csv; repeated or a comma list), the
names of each format's files, and `validate` over xBRL-JSON and xBRL-CSV outputs."""
import json
import os
from pathlib import Path

from typer.testing import CliRunner

from converter.batch import BatchOptions, output_names, run_batch
from converter.cli import app
from tests.conftest import SAMPLES, SEED_000, SEED_003

runner = CliRunner()


def test_one_input_in_three_formats_named_after_the_output(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["convert", str(SEED_000), "-o", str(out / "sonus.xml"),
                                 "--format", "json,csv", "--format", "xml"])
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    assert {"sonus.xml", "sonus.json", "sonus.csv-metadata.json", "sonus.csv"} <= names
    assert "xbrl-export-2024.xsd" in names
    assert f"wrote {out / 'sonus.csv'}" in result.output
    metadata = json.loads((out / "sonus.csv-metadata.json").read_text())
    assert metadata["tables"]["facts"]["url"] == "sonus.csv"
    assert len(json.loads((out / "sonus.json").read_text())["facts"]) == 205
    checked = runner.invoke(app, ["validate", str(out / "sonus.xml"), str(out / "sonus.json"),
                                  str(out / "sonus.csv-metadata.json"), str(out / "sonus.csv")])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.count(": valid") == 4


def test_format_alone_without_output_writes_only_that_format(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["convert", str(SEED_003), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"{SEED_003.stem}.json").is_file()
    assert not (tmp_path / f"{SEED_003.stem}.xml").exists()


def test_output_without_suffix_and_xml_alone_keep_their_rules(tmp_path):
    result = runner.invoke(app, ["convert", str(SEED_003), "-o", str(tmp_path / "a"), "--format", "xml,json"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a.xml").is_file() and (tmp_path / "a.json").is_file()
    result = runner.invoke(app, ["convert", str(SEED_003), "-o", str(tmp_path / "b.data")])
    assert result.exit_code == 0 and (tmp_path / "b.data").read_text().startswith("<?xml")
    result = runner.invoke(app, ["convert", str(SEED_003), "-o", str(tmp_path / "c.csv"), "--format", "csv"])
    assert result.exit_code == 0
    assert {p.name for p in tmp_path.glob("c.*")} == {"c.csv", "c.csv-metadata.json"}


def test_json_to_stdout_and_csv_refused_there(tmp_path):
    result = runner.invoke(app, ["convert", str(SEED_003), "-o", "-", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["documentInfo"]["documentType"] == "https://xbrl.org/2021/xbrl-json"
    result = runner.invoke(app, ["convert", str(SEED_003), "-o", "-", "--format", "csv"])
    assert result.exit_code == 2 and "the xml or the json format alone" in result.output


def test_an_unknown_format_is_one_line(tmp_path):
    result = runner.invoke(app, ["convert", str(SEED_003), "-o", str(tmp_path / "x"), "--format", "xml,pdf"])
    assert result.exit_code == 2
    assert "--format pdf is not a format (known: xml, json, csv)" in result.output
    assert not list(tmp_path.iterdir())


def test_an_output_that_is_the_input_is_refused(tmp_path, monkeypatch):
    source = tmp_path / "release.json"
    source.write_bytes(SEED_003.read_bytes())
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["convert", str(source), "--format", "json"])
    assert result.exit_code == 4 and "would write over the input" in result.output
    assert source.read_bytes() == SEED_003.read_bytes()


def test_validate_finds_a_changed_value_in_json(tmp_path):
    runner.invoke(app, ["convert", str(SEED_000), "-o", str(tmp_path / "s.json"), "--format", "json"])
    path = tmp_path / "s.json"
    path.write_text(path.read_text().replace('"value": "42361000"', '"value": "forty-two"'))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "forty-two" in result.output and "problems" in result.stdout


def test_validate_refuses_what_is_not_an_oim_output(tmp_path):
    table = tmp_path / "lonely.csv"
    table.write_text("concept,value\n")
    result = runner.invoke(app, ["validate", str(table)])
    assert result.exit_code == 3 and "lonely.csv-metadata.json is not beside it" in result.output
    other = tmp_path / "other.json"
    other.write_text('{"documentInfo": {"documentType": "https://example.com/x"}}')
    result = runner.invoke(app, ["validate", str(other)])
    assert result.exit_code == 3 and "not an xBRL-JSON report or xBRL-CSV metadata" in result.output
    leaving = tmp_path / "leaving.json"
    leaving.write_text(json.dumps({"documentInfo": {"documentType": "https://xbrl.org/2021/xbrl-csv",
                                                    "taxonomy": []},
                                   "tables": {"t": {"url": "../../etc/passwd"}}}))
    result = runner.invoke(app, ["validate", str(leaving)])
    assert result.exit_code == 3 and "leaves the instance's folder" in result.output
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    result = runner.invoke(app, ["validate", str(broken)])
    assert result.exit_code == 3 and "not well-formed JSON" in result.output
    assert "Traceback" not in result.output


def test_batch_writes_each_format_and_lists_every_output(tmp_path):
    out = tmp_path / "out"
    options = BatchOptions(out, jobs=1, formats=("json", "csv"), durable=False)
    summary = run_batch(sorted(SAMPLES.glob("*.txt")), options)
    assert summary.failed == 0 and summary.total == 3
    records = [json.loads(line) for line in (out / "run-report.jsonl").read_text().splitlines()]
    for record in records:
        stem = Path(record["input"]).stem
        expected = [str(out / f"{stem}{suffix}") for suffix in (".json", ".csv-metadata.json", ".csv")]
        assert record["outputs"] == expected and record["output"] == expected[0]
        assert all(os.path.isfile(path) for path in expected)
        assert (out / f"{stem}.report.json").is_file() and not (out / f"{stem}.xml").exists()
    (out / f"{SEED_000.stem}.csv").unlink()  # resuming converts again what lost one output
    again = []
    run_batch(sorted(SAMPLES.glob("*.txt")), BatchOptions(out, jobs=1, formats=("json", "csv"),
                                                          skip_existing=True, durable=False), again.append)
    assert sorted((Path(r["input"]).stem, r["status"]) for r in again) == [
        ("000_b9bdeb844bb02c76", "converted-with-warnings"), ("002_a20aa652e07729f8", "skipped"),
        ("003_0e315d5e1cee0acc", "skipped")]
    assert (out / f"{SEED_000.stem}.csv").is_file()


def test_batch_cli_format_option(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["convert", str(SEED_003), str(SEED_000), "-o", str(out), "--format", "json",
                                 "--quiet", "--no-fsync"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("0*")) == sorted(
        f"{s.stem}{suffix}" for s in (SEED_000, SEED_003) for suffix in (".json", ".report.json"))


def test_output_names_keep_clashing_files_apart(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "a.report.txt"
    assert output_names([first, second]) == {first: "a", second: "a.report"}
    names = output_names([first, second], ("json",))  # a.report.json: a's report, a.report's JSON
    assert names[first].startswith("a-") and names[second].startswith("a.report-")
    assert len(set(names.values())) == 2


def test_a_table_name_is_made_safe_for_its_metadata(tmp_path):
    target = tmp_path / "my report.csv"
    result = runner.invoke(app, ["convert", str(SEED_003), "-o", str(target), "--format", "csv"])
    assert result.exit_code == 0, result.output
    metadata = tmp_path / "my report.csv-metadata.json"
    assert json.loads(metadata.read_text())["tables"]["facts"]["url"] == "my-report.csv"
    assert (tmp_path / "my-report.csv").read_bytes().startswith(b"concept,period,unit,decimals,value\r\n")
    checked = runner.invoke(app, ["validate", str(metadata)])
    assert checked.exit_code == 0, checked.output


def test_an_output_that_cannot_be_written_leaves_none_of_that_input(tmp_path):
    out = tmp_path / "out"
    (out / f"{SEED_003.stem}.csv-metadata.json").mkdir(parents=True)  # the metadata cannot be written
    records = []
    summary = run_batch([SEED_003], BatchOptions(out, jobs=1, formats=("json", "csv"), durable=False),
                        records.append)
    assert summary.failed == 1
    assert f"{SEED_003.stem}.csv-metadata.json" in records[0]["error"]
    assert records[0]["outputs"] == []
    assert not (out / f"{SEED_003.stem}.json").exists() and not (out / f"{SEED_003.stem}.csv").exists()
    assert not (out / f"{SEED_003.stem}.report.json").exists()
