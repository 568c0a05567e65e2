"""Reader -> model seam: the seed filings read into Documents, checked against golden JSON and
by specific rows (wrapped labels, sections, unlabelled totals, dashes)."""
from decimal import Decimal

from converter.model import Document
from converter.readers import read_document
from converter.readers.text import find_tables, read_scale
from tests.conftest import SEED_000, SEED_003, as_json


def read(path):
    return read_document(path.read_bytes(), path.name)


def test_seed_000_document_matches_golden(golden):
    golden("reader/000_b9bdeb844bb02c76.json", as_json(read(SEED_000).to_dict()))


def test_document_round_trips_through_dict():
    document = read(SEED_000)
    assert Document.from_dict(document.to_dict()) == document


def test_seed_000_tables_and_periods():
    tables = read(SEED_000).tables
    assert [t.statement for t in tables] == ["income", "income", "balance", "cash_flow"]
    assert [c.period.key() for c in tables[0].columns] == [
        "2004-04-01--2004-06-30", "2003-04-01--2003-06-30", "2004-01-01--2004-03-31"]
    assert [c.period.key() for c in tables[2].columns] == ["2004-06-30", "2003-12-31"]
    assert tables[0].scale.amounts == 1000 and tables[0].scale.per_share == 1


def test_sections_and_negative_values():
    income = read(SEED_000).tables[0]
    rows = {(r.line, r.label): r for r in income.rows}
    assert rows[(121, "Research and development")].sections == ("Operating expenses",)
    assert rows[(141, "Basic")].section == "Shares used in computation"
    assert rows[(138, "Basic")].section == "Net income (loss) per share"
    assert rows[(129, "Interest expense")].cells[0].value == Decimal(-121)


def test_unlabelled_totals_and_dashes_in_balance_sheet():
    balance = read(SEED_000).tables[2]
    unlabelled = [r for r in balance.rows if not r.label]
    assert [(r.line, r.cells[0].value) for r in unlabelled] == [(200, 378778), (221, 378778)]
    securities = next(r for r in balance.rows if r.label == "Long-term marketable securities")
    assert securities.cells[1].kind == "dash" and securities.cells[1].value == 0


def test_wrapped_label_is_merged():
    lines = ["Condensed Consolidated Balance Sheets", "(In thousands)", "",
             "\tJune 30, 2003\tDecember 31, 2002", "Current assets:\t\t",
             "Cash, cash equivalents and marketable\t\t", "securities\t$161,064\t$111,167"]
    tables, _, _ = find_tables(lines)
    header, row = tables[0].rows
    assert (header.label, header.cells) == ("Current assets:", (None, None))
    assert row.label == "Cash, cash equivalents and marketable securities"
    assert row.line == 6 and row.sections == ("Current assets",)


def test_space_aligned_table():
    lines = ["CONSOLIDATED STATEMENTS OF OPERATIONS", "(in millions, except per share amounts)",
             "                     Three Months Ended June 30, 2004    Three Months Ended June 30, 2003",
             "Net sales                  $ 2,014            $ 1,545",
             "Net income (loss)              (61)                 19"]
    tables, _, _ = find_tables(lines)
    table = tables[0]
    assert table.scale.amounts == 1000000
    assert [c.period.key() for c in table.columns] == ["2004-04-01--2004-06-30", "2003-04-01--2003-06-30"]
    assert [r.label for r in table.rows] == ["Net sales", "Net income (loss)"]
    assert [c.value for c in table.rows[1].cells] == [Decimal(-61), Decimal(19)]


def test_scale_phrases():
    assert read_scale("(In thousands, except per share data)").shares == 1000
    assert read_scale("(in millions, except share amounts)").shares == 1
    assert read_scale("(In millions, except per share amounts; shares in thousands)").shares == 1000
    assert read_scale("Revenues were strong") is None


def test_seed_003_has_no_tables_and_warns():
    document = read(SEED_003)
    assert document.tables == ()
    assert any("no financial statement tables" in n.message for n in document.notices)
