"""`xbrl-export inspect`: each statement as a terminal table, or CSV / JSON for scripts."""
import csv
import io
import json

from typer.testing import CliRunner

from converter.cli import app
from tests.conftest import SEED_000, SEED_002, SEED_003

runner = CliRunner()


def test_table_shows_labels_concepts_and_a_column_per_period():
    result = runner.invoke(app, ["inspect", str(SEED_000)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Condensed Consolidated Statements of Operations (income, line 112)")
    revenues = next(line for line in lines if "us-gaap:Revenues" in line)
    assert [cell.strip() for cell in revenues.split("│")[1:-1]] == [
        "Revenues", "us-gaap:Revenues", "42,361,000", "15,366,000", "36,532,000"]
    assert any("2004-04-01--2004-06-30" in line for line in lines)  # the column's period
    assert any("Condensed Consolidated Balance Sheets (balance, line 181)" in line for line in lines)


def test_refusals_are_marked_and_listed():
    result = runner.invoke(app, ["inspect", str(SEED_002)])
    assert result.exit_code == 0, result.output
    titter = next(line for line in result.output.splitlines() if "Titter est Tittome" in line)
    assert "Titter est Tittome *" in titter and "refused 401" in titter
    assert "  * line 149: row refused: no concept for this label" in result.output.splitlines()


def test_csv_has_one_line_per_printed_cell():
    result = runner.invoke(app, ["inspect", str(SEED_000), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    revenues = [r for r in rows if r["concept"] == "us-gaap:Revenues"]
    assert [(r["period"], r["printed"], r["value"], r["status"]) for r in revenues[:3]] == [
        ("2004-04-01--2004-06-30", "$42,361", "42361000", "written"),
        ("2003-04-01--2003-06-30", "$15,366", "15366000", "written"),
        ("2004-01-01--2004-03-31", "$36,532", "36532000", "written")]
    heading = next(r for r in rows if r["label"] == "Operating expenses:")
    assert heading["status"] == "heading" and heading["column"] == ""
    percent = next(r for r in rows if r["label"] == "Gross profit %")
    assert (percent["value"], percent["status"]) == ("", "not written")


def test_json_gives_statements_columns_and_rows():
    result = runner.invoke(app, ["inspect", str(SEED_002), "--format", "json"])
    assert result.exit_code == 0, result.output
    statements = json.loads(result.output)
    assert [s["kind"] for s in statements] == ["balance", "income", "income", "income", "income", "income"]
    reconciliation = statements[1]
    assert reconciliation["non_gaap"] is True
    assert [c["basis"] for c in reconciliation["columns"]][:3] == ["gaap", "adjustments", "non-gaap"]
    titter = next(r for s in statements for r in s["rows"] if r["label"] == "Titter est Tittome")
    assert titter["refusals"] == ["row refused: no concept for this label"]
    assert titter["cells"][0] == {"printed": "401", "value": None, "context": None, "status": "refused"}


def test_a_filing_without_statements_says_so():
    result = runner.invoke(app, ["inspect", str(SEED_003)])
    assert result.exit_code == 0
    assert result.output.strip() == "no income statement, balance sheet or cash-flow statement found"
    assert json.loads(runner.invoke(app, ["inspect", str(SEED_003), "--format", "json"]).output) == []


def test_a_missing_file_is_one_line_and_exit_3(tmp_path):
    result = runner.invoke(app, ["inspect", str(tmp_path / "missing.txt")])
    assert result.exit_code == 3
    assert result.output.strip().splitlines() == [f"xbrl-export: {tmp_path / 'missing.txt'}: no such file"]
