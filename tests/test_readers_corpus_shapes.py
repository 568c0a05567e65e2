"""Reader -> model for the shapes real EDGAR inputs take, on small fragments written for these
tests (tests/fragments): an EDGAR full submission with a fixed-width EX-99, a <TABLE>/<S>/<C>
table, and an HTML release. Each is checked against a golden model file and by its values."""
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from converter.build import Overrides
from converter.pipeline import convert_bytes
from converter.readers import read_document, read_filing
from converter.readers.text import find_tables
from tests.conftest import as_json

FRAGMENTS = Path(__file__).resolve().parent / "fragments"
NAMED = Overrides(entity_name="Example Corporation")


def read(name: str):
    path = FRAGMENTS / name
    return read_document(path.read_bytes(), name)


@pytest.mark.parametrize("name", ["submission.txt", "release.html"])
def test_fragment_models_match_golden(golden, name):
    golden(f"reader/fragment-{name}.json", as_json(read(name).to_dict()))


def test_sniffing():
    assert read_filing((FRAGMENTS / "submission.txt").read_bytes(), "s")[0] == "edgar-submission"
    assert read_filing((FRAGMENTS / "release.html").read_bytes(), "r")[0] == "html"
    text = b"Condensed Consolidated Balance Sheets\n(In thousands)\n\tJune 30, 2004\nCash\t100\n"
    assert read_filing(text, "t")[0] == "text"


def test_submission_cover_prefers_the_printed_page_and_takes_the_cik_from_the_header():
    cover = {c.name: (c.value, c.origin) for c in read("submission.txt").cover}
    assert cover["EntityCentralIndexKey"] == ("0000123456", "SEC header")
    assert cover["EntityRegistrantName"][0] == "EXAMPLE WIDGETS, INC."   # not EXAMPLE WIDGETS CO
    assert cover["EntityFileNumber"][0] == "1-416"                      # not 001-00416
    assert cover["EntityAddressAddressLine1"][0] == "1 Main Street"
    assert cover["EntityAddressCityOrTown"][0] == "Springfield"
    assert cover["EntityAddressPostalZipCode"][0] == "62701"
    assert (cover["CityAreaCode"][0], cover["LocalPhoneNumber"][0]) == ("217", "555-0100")
    assert cover["DocumentPeriodEndDate"][0] == "2004-07-22"
    assert cover["CurrentFiscalYearEndDate"] == ("--01-03", "SEC header")


def test_fixed_width_exhibit_with_four_line_headers_and_a_year_row():
    table = read("submission.txt").tables[0]
    assert [c.period.key() for c in table.columns] == [
        "2004-04-04--2004-07-03", "2003-03-30--2003-06-28", "2004-01-04--2004-07-03",
        "2002-12-29--2003-06-28"]
    rows = {r.label: r for r in table.rows}
    wrapped = rows["Credit and financial products revenues"]
    assert [c.value for c in wrapped.cells] == [64, 912, 133, 1874]
    assert wrapped.line == 69  # the line in the submission where the label starts
    assert [c.value for c in rows["NET INCOME/ (LOSS)"].cells] == [41, 203, -512, 377]
    assert table.scale.amounts == 1000000


def test_table_markup_and_change_columns():
    lines = (FRAGMENTS / "southern_table.txt").read_text().split("\n")
    tables, notices, _ = find_tables(lines)
    periods = [c.period.key() if c.period else None for c in tables[0].columns]
    assert periods == ["2004-10-01--2004-12-31", "2003-10-01--2003-12-31", None,
                       "2004-01-01--2004-12-31", "2003-01-01--2003-12-31", None]
    revenues = next(r for r in tables[0].rows if r.cells[0] is not None)
    assert revenues.label == "Total Revenues" and revenues.cells[3].value == Decimal(7315)
    assert sum("column refused" in n.message for n in notices) == 2  # the "Change" columns


def test_html_release_grid_marks_and_dashes():
    table = read("release.html").tables[0]
    assert table.title == "CONDENSED CONSOLIDATED STATEMENTS OF INCOME"
    assert table.scale.amounts == 1000000
    assert [c.header for c in table.columns] == [
        "Three Months Ended July 30, 2023", "Three Months Ended July 31, 2022",
        "Six Months Ended July 30, 2023", "Six Months Ended July 31, 2022"]
    rows = {r.label: r for r in table.rows}
    assert [c.value for c in rows["Revenue"].cells] == [8214, 5031, 15902, 11377]
    assert [c.value for c in rows["Other, net"].cells] == [37, -3, 28, -11]
    assert [c.kind for c in rows["Acquisition termination cost (1)"].cells][:3] == ["dash"] * 3


def test_html_release_converts_with_the_narrative_checked():
    result = convert_bytes((FRAGMENTS / "release.html").read_bytes(), "release.html",
                           overrides=NAMED)  # the fragment names no registrant (issue 11)
    facts = {(f.concept, f.context_id): f.value for f in result.instance.facts}
    assert facts[("us-gaap:Revenues", "D2023-05-01_2023-07-30")] == "8214000000"
    assert facts[("us-gaap:OtherNonoperatingIncomeExpense", "D2022-05-02_2022-07-31")] == "-3000000"
    assert not [w for w in result.warnings if "narrative" in w.message]


def test_52_53_week_calendar_covers_month_end_periods_too():
    result = convert_bytes((FRAGMENTS / "release.html").read_bytes(), "release.html",
                           overrides=NAMED)  # the fragment names no registrant (issue 11)
    columns = result.tables[0].columns
    assert [c.period.key() for c in columns] == [
        "2023-05-01--2023-07-30", "2022-05-02--2022-07-31", "2023-01-30--2023-07-30",
        "2022-01-31--2022-07-31"]  # 13 and 26 weeks: the filer's other dates end on weekdays
    assert "52/53-week filer" in columns[1].period.rule
    assert columns[1].period.start == date(2022, 5, 2)


def test_exhibits_are_read_by_the_registrys_readers():
    from converter.readers import READERS, exhibit_reader
    assert [r.name for r in READERS] == ["pdf", "edgar-submission", "html", "text"]
    from converter.readers import html, plaintext
    assert exhibit_reader("<HTML><BODY><TABLE><TR><TD>1</TD></TR></TABLE>") is html.read_exhibit
    assert exhibit_reader("Consolidated Balance Sheets\n\tJune 30, 2004\nCash\t100\n") is plaintext.read_exhibit
