"""The CLI through typer's CliRunner: exit codes, files written, one-line errors."""
import pytest
from typer.testing import CliRunner

from converter.cli import app
from tests.conftest import SEED_000, SEED_003

runner = CliRunner()


def test_convert_writes_instance_and_schema(tmp_path):
    target = tmp_path / "out" / "sonus.xml"
    result = runner.invoke(app, ["convert", str(SEED_000), "-o", str(target),
                                 "--report", str(tmp_path / "report.json")])
    assert result.exit_code == 0, result.output
    assert target.exists() and (target.parent / "xbrl-export-2024.xsd").exists()
    assert "205 facts, 4 tables" in result.output
    assert (tmp_path / "report.json").read_text().count('"line": 129') >= 3


def test_convert_to_stdout(tmp_path):
    result = runner.invoke(app, ["convert", str(SEED_003), "-o", "-"])
    assert result.exit_code == 0
    assert "<dei:EntityRegistrantName" in result.stdout


def test_convert_then_validate(tmp_path):
    target = tmp_path / "003.xml"
    assert runner.invoke(app, ["convert", str(SEED_003), "-o", str(target)]).exit_code == 0
    result = runner.invoke(app, ["validate", str(target)])
    assert result.exit_code == 0, result.output
    assert "valid" in result.stdout


@pytest.mark.parametrize("content, message", [
    (None, "no such file"), (b"", "the file is empty"), (b"\x00\x01\x02binary", "binary"),
    (b"Just a shopping list.\nMilk\n", "not a filing"),
])
def test_bad_input_is_one_clear_line(tmp_path, content, message):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "out.xml"
    result = runner.invoke(app, ["convert", str(path), "-o", str(out)])
    assert result.exit_code == 3
    assert message in result.output and "Traceback" not in result.output
    assert str(path) in result.output
    assert not out.exists() and not list(tmp_path.glob(".out.xml*"))


def test_validate_reports_a_missing_file(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "missing.xml")])
    assert result.exit_code == 3 and "no such file" in result.output


def test_every_command_has_help_text():
    for command in app.registered_commands:
        assert command.callback.__doc__, command.name


def test_a_deleted_schema_is_written_again_by_the_same_process(tmp_path):
    from converter.pipeline import convert_file, write_result

    result = convert_file(SEED_000)
    target = tmp_path / "a.xml"
    write_result(result, target)
    schemas = sorted(tmp_path.glob("xbrl-export-2024-calc-*"))
    assert schemas
    for schema in schemas:
        schema.unlink()
    write_result(result, tmp_path / "b.xml")
    assert sorted(tmp_path.glob("xbrl-export-2024-calc-*")) == schemas


def test_the_console_entry_point_keeps_exit_codes_and_output(tmp_path):
    """`main` ends the process with os._exit: the exit code and everything printed survive."""
    import subprocess
    import sys

    ok = subprocess.run([sys.executable, "-m", "converter", "convert", str(SEED_003), "-o",
                         str(tmp_path / "out.xml")], capture_output=True, text=True)
    assert ok.returncode == 0 and (tmp_path / "out.xml").is_file()
    assert "12 facts" in ok.stderr and "wrote" in ok.stderr
    missing = subprocess.run([sys.executable, "-m", "converter", "convert", str(tmp_path / "nope.txt"),
                              "-o", str(tmp_path / "x.xml")], capture_output=True, text=True)
    assert missing.returncode == 3 and "no such file" in missing.stderr
    version = subprocess.run([sys.executable, "-m", "converter", "version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.strip()


def test_check_command_reports_invariants_per_input(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["check", str(SEED_000), str(empty)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{SEED_000}: 205 facts, 35 checks hold, 0 fail"
    assert lines[1] == f"{empty}: the file is empty"
    assert "equal-totals: 2 hold, 0 fail" in lines
