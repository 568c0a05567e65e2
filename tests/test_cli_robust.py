"""Issue 11, the command line: options checked (exit 2, one line), --version, internal errors
(exit 7, one line), never a write over an input or to an output that cannot be one (exit 4),
--strict the same for one input and a batch, Ctrl-C (exit 130 with how to resume), the CIK
written with ten digits, an HTML release with no CIK."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from converter import __version__
from converter.cli import app
from tests.conftest import ROOT, SAMPLES, SEED_000, SEED_003

runner = CliRunner()


def _one_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize("option", [["--jobs", "-1"], ["--jobs", "100000"], ["--timeout", "-1"],
                                    ["--timeout", "nan"], ["--timeout", "0"], ["--timeout", "inf"]])
def test_options_out_of_range_are_usage_errors(tmp_path, option):
    result = runner.invoke(app, ["convert", str(SEED_000), str(SEED_003), "-o", str(tmp_path / "out"),
                                 *option])
    assert result.exit_code == 2
    assert option[0] in _one_line(result)
    assert not (tmp_path / "out").exists()


def test_a_tiny_time_limit_fails_each_input_and_never_the_run(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["convert", str(SAMPLES), "-o", str(out), "--timeout", "1e-9",
                                 "--jobs", "2", "--quiet"])
    assert result.exit_code == 6, result.output
    records = [json.loads(line) for line in (out / "run-report.jsonl").read_text().splitlines()]
    assert len(records) == 3 and all("time limit" in r["error"] for r in records)


def test_a_time_limit_in_single_mode(tmp_path):
    result = runner.invoke(app, ["convert", str(SEED_000), "-o", str(tmp_path / "a.xml"),
                                 "--timeout", "1e-9"])
    assert result.exit_code == 3 and "time limit" in _one_line(result)
    assert not (tmp_path / "a.xml").exists()


def test_version_flag():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == __version__


def test_an_internal_error_in_single_mode_is_one_line_and_exit_7(tmp_path, monkeypatch):
    import converter.pipeline as pipeline

    def broken(*args, **kwargs):
        raise ValueError("month must be in 1..12")

    monkeypatch.setattr(pipeline, "build_instance", broken)
    result = runner.invoke(app, ["convert", str(SEED_003), "-o", str(tmp_path / "a.xml")])
    assert result.exit_code == 7
    assert "internal error: ValueError: month must be in 1..12" in _one_line(result)


def test_an_impossible_header_date_is_not_a_date_of_report(tmp_path):
    filing = (b"<SEC-DOCUMENT>\n<SEC-HEADER>\nCONFORMED SUBMISSION TYPE:\t8-K\n"
              b"CONFORMED PERIOD OF REPORT:\t20051325\nCENTRAL INDEX KEY:\t0000123456\n"
              b"</SEC-HEADER>\n<DOCUMENT>\n<TYPE>EX-99.1\n<TEXT>\n"
              b"Condensed Consolidated Statements of Operations\n(In thousands)\n"
              b"\tThree Months Ended June 30, 2004\tJune 30, 2003\n"
              b"Revenues\t100\t90\nCost of revenues\t60\t50\nGross profit\t40\t40\n"
              b"</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n")
    (tmp_path / "f.txt").write_bytes(filing)
    result = runner.invoke(app, ["convert", str(tmp_path / "f.txt"), "-o", str(tmp_path / "f.xml")])
    assert result.exit_code == 0, result.output
    assert "2005-13-25" not in (tmp_path / "f.xml").read_text()


def test_an_input_is_never_written_over(tmp_path, monkeypatch):
    source = tmp_path / "filing.xml"
    shutil.copy(SEED_003, source)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["convert", "filing.xml"])
    assert result.exit_code == 4 and "write over the input" in _one_line(result)
    assert source.read_bytes() == SEED_003.read_bytes()


@pytest.mark.parametrize("several", [False, True])
def test_an_output_that_is_a_file_or_under_one_is_exit_4(tmp_path, several):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    inputs = [str(SEED_003)] + ([str(SEED_000)] if several else [])
    for output in ([str(blocker), str(blocker / "sub")] if several else [str(blocker / "a.xml")]):
        result = runner.invoke(app, ["convert", *inputs, "-o", output, "--quiet"])
        assert result.exit_code == 4, result.output
        assert str(blocker) in _one_line(result)
    assert blocker.read_text() == "x"


def test_an_instance_file_name_with_several_inputs_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["convert", str(SEED_000), str(SEED_003), "-o", str(tmp_path / "two.xml")])
    assert result.exit_code == 2 and "folder" in _one_line(result)
    assert not (tmp_path / "two.xml").exists()


def test_strict_is_the_same_rule_for_a_batch(tmp_path):
    single = runner.invoke(app, ["convert", str(SEED_000), "-o", str(tmp_path / "a.xml"), "--strict"])
    batch = runner.invoke(app, ["convert", str(SEED_000), str(SEED_003), "-o", str(tmp_path / "out"),
                                "--strict", "--quiet", "--jobs", "1"])
    assert single.exit_code == batch.exit_code == 5


def test_the_cik_is_written_with_ten_digits(tmp_path):
    result = runner.invoke(app, ["convert", str(SEED_003), "--cik", "1045810", "-o", str(tmp_path / "a.xml")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "a.xml").read_text()
    assert ">0001045810</xbrli:identifier>" in text
    assert ">0001045810</dei:EntityCentralIndexKey>" in text
    assert ">1045810<" not in text


def test_a_hidden_file_skipped_is_counted_in_the_summary(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_003, folder / "a.txt")
    shutil.copy(SEED_003, folder / ".b.txt")
    result = runner.invoke(app, ["convert", str(folder), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "hidden files skipped" in result.output


RELEASE = (ROOT / "tests" / "fragments" / "release.html").read_bytes()
LEAD = b"<p>Revenues for the second quarter were $8.2 billion.</p>"


def test_an_html_release_without_a_cik_is_named_by_the_release_or_refused(tmp_path):
    named = tmp_path / "named.html"
    named.write_bytes(RELEASE.replace(LEAD, b"<p>SANTA CLARA, Calif. - Aug. 23, 2023 - Example Corp. "
                                      b"(NASDAQ: EXMP) today reported revenue of $8.2 billion for the quarter.</p>"))
    result = runner.invoke(app, ["convert", str(named), "-o", str(tmp_path / "named.xml")])
    assert result.exit_code == 0, result.output
    assert ">Example-Corp</xbrli:identifier>" in (tmp_path / "named.xml").read_text()
    anonymous = tmp_path / "anonymous.html"
    anonymous.write_bytes(RELEASE)  # it names no registrant
    result = runner.invoke(app, ["convert", str(anonymous), "-o", str(tmp_path / "anonymous.xml")])
    assert result.exit_code == 3
    line = _one_line(result)
    assert "--cik" in line and "--entity-name" in line
    result = runner.invoke(app, ["convert", str(anonymous), "--entity-name", "Example Corporation",
                                 "-o", str(tmp_path / "anonymous.xml")])
    assert result.exit_code == 0, result.output


def test_ctrl_c_exits_130_with_how_to_resume(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(6):
        shutil.copy(SEED_003, folder / f"f{number}.txt")
    out = tmp_path / "out"
    environment = dict(os.environ, XBRL_EXPORT_TEST_FAULTS=json.dumps(
        {f"f{number}.txt": "hang" for number in range(1, 6)}))
    process = subprocess.Popen([sys.executable, "-m", "converter", "convert", str(folder), "-o", str(out),
                                "--jobs", "1", "--quiet"], cwd=ROOT, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               # as from a terminal (a shell's background jobs ignore Ctrl-C)
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    report = out / "run-report.jsonl"
    for _ in range(600):  # until the first input is recorded (at most a minute)
        if report.exists() and report.stat().st_size:
            break
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "--skip-existing" in lines[0]
    assert len(report.read_text().splitlines()) == 1


def test_a_read_only_output_folder_is_exit_4(tmp_path, monkeypatch):
    import converter.outputs as outputs

    folder = tmp_path / "read-only"
    folder.mkdir()
    # (the tests may run as root, which writes anywhere: the folder's answer is simulated)
    monkeypatch.setattr(outputs.os, "access", lambda path, mode: False)
    result = runner.invoke(app, ["convert", str(SEED_000), str(SEED_003), "-o", str(folder), "--quiet"])
    assert result.exit_code == 4 and "not writable" in _one_line(result)
    assert list(folder.iterdir()) == []
