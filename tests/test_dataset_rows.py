"""The dataset's rows (converter/dataset/rows.py) and FSDS's conventions (fsds.py): every
numeric fact of the instance is one `num` row with its ddate and qtrs; `sub` names the filing;
`pre` places each line in its statement; the EDGAR header gives the accession number."""
from datetime import date
from decimal import Decimal

import pytest

from converter.dataset import fsds
from converter.dataset.columns import TABLES
from converter.dataset.rows import input_digest, rows_for, submission_header
from converter.periods import Period
from converter.pipeline import convert_file
from tests.conftest import SEED_000, SHARED


@pytest.mark.parametrize("day, expected", [
    (date(2004, 7, 3), date(2004, 6, 30)),     # a 52/53-week quarter ending on a Saturday
    (date(2023, 7, 30), date(2023, 7, 31)),
    (date(2004, 6, 30), date(2004, 6, 30)),
    (date(2004, 1, 1), date(2003, 12, 31)),    # across a year end
    (date(2024, 2, 14), date(2024, 1, 31)),    # 14 days back, 15 forward
    (date(2024, 2, 15), date(2024, 2, 29)),    # 15 back, 14 forward (a leap year)
])
def test_ddate_is_the_end_rounded_to_the_nearest_month_end(day, expected):
    assert fsds.nearest_month_end(day) == expected
    assert fsds.ddate(Period(day)) == int(expected.strftime("%Y%m%d"))


@pytest.mark.parametrize("start, end, quarters", [
    (None, date(2004, 6, 30), 0),
    (date(2004, 4, 1), date(2004, 6, 30), 1),
    (date(2004, 4, 4), date(2004, 7, 3), 1),     # 13 weeks
    (date(2004, 1, 1), date(2004, 6, 30), 2),
    (date(2004, 1, 4), date(2004, 7, 3), 2),     # 26 weeks
    (date(2003, 10, 1), date(2004, 6, 30), 3),
    (date(2003, 9, 28), date(2004, 6, 26), 3),   # 39 weeks
    (date(2004, 1, 1), date(2004, 12, 31), 4),
    (date(2021, 12, 26), date(2022, 12, 31), 4),  # a 53-week year
])
def test_qtrs_counts_quarters_rounded_and_0_for_an_instant(start, end, quarters):
    assert fsds.qtrs(Period(end, start)) == quarters


def test_fiscal_focus_reads_the_longest_duration_ending_on_the_report_date():
    periods = [Period(date(2023, 7, 30), date(2023, 5, 1)), Period(date(2023, 7, 30), date(2023, 1, 30)),
               Period(date(2023, 7, 30)), Period(date(2023, 1, 29)), Period(date(2022, 7, 31), date(2022, 1, 31))]
    assert fsds.fiscal_focus(periods) == (date(2023, 7, 30), 2024, "Q2", "0129")  # NVIDIA FY2024 Q2
    # a 52/53-week year ending in the first days of January is named by the year it covers
    assert fsds.fiscal_year(date(2004, 1, 4)) == 2004
    assert fsds.fiscal_year(date(2003, 9, 28)) == 2004
    assert fsds.fiscal_focus([Period(date(2004, 6, 30))]) == (date(2004, 6, 30), None, None, None)
    assert fsds.fiscal_focus([]) == (None, None, None, None)


def test_tlabel_splits_the_concept_name_when_the_taxonomy_has_no_label():
    from converter.taxonomy import load_taxonomy

    concept = load_taxonomy(2024).concept("us-gaap:NetIncomeLoss")
    expected = getattr(concept, "label", None) or "Net Income Loss"  # until taxonomy labels land
    assert fsds.tlabel(concept) == expected
    assert fsds.uom(("iso4217:USD",), ("xbrli:shares",)) == "USD/shares"
    assert fsds.statement_code("cash_flow") == "CF" and fsds.statement_code("segment") == "UN"


@pytest.fixture(scope="module")
def seed_rows():
    data = SEED_000.read_bytes()
    result = convert_file(SEED_000)
    return result, rows_for(result, SEED_000.stem, str(SEED_000), input_digest(data),
                            submission_header(data))


def test_num_holds_every_numeric_fact_with_its_period_and_unit(seed_rows):
    result, rows = seed_rows
    contexts = {c.id: c for c in result.instance.contexts}
    numeric = [f for f in result.instance.facts if f.unit_id]
    assert len(rows.num) == len(numeric) > 150
    units = {"USD": "USD", "shares": "shares", "USD_per_share": "USD/shares"}
    for fact, row in zip(numeric, rows.num, strict=True):
        period = contexts[fact.context_id].period
        assert (row["tag"], row["version"]) == (fact.concept.split(":")[1], "us-gaap/2024")
        assert row["value"] == Decimal(fact.value)
        assert row["enddate"] == int(period.end.strftime("%Y%m%d"))
        assert row["ddate"] == fsds.ddate(period) and row["qtrs"] == fsds.qtrs(period)
        assert row["uom"] == units[fact.unit_id]
        assert (row["line"], row["confirmation"]) == (fact.line, fact.confirmation)
        assert row["adsh"] == SEED_000.stem and list(row) == [c.name for c in TABLES["num"]]
    revenue = next(r for r in rows.num if r["tag"] == "Revenues" and r["startdate"] == 20040401)
    assert (revenue["ddate"], revenue["qtrs"], revenue["value"], revenue["decimals"]) == (
        20040630, 1, Decimal("42361000"), -3)
    assert {r["qtrs"] for r in rows.num} == {0, 1, 2}


def test_sub_names_the_filing(seed_rows):
    result, rows = seed_rows
    sub = rows.sub
    assert (sub["name"], sub["form"], sub["period"], sub["fy"], sub["fp"]) == (
        "SONUS NETWORKS, INC.", "8-K", 20040630, 2004, "Q2")
    assert (sub["cik"], sub["filed"], sub["status"], sub["reader"]) == (
        None, None, "converted-with-warnings", "text")
    assert sub["digest"] == input_digest(SEED_000.read_bytes()) and sub["facts"] == len(result.instance.facts)
    assert rows.filed_year == 2004  # no filing date: the report date's year


def test_tag_and_pre_rows(seed_rows):
    _, rows = seed_rows
    tags = {r["tag"]: r for r in rows.tag}
    assert len(tags) == len(rows.tag) == len({r["tag"] for r in rows.num})
    assert (tags["Revenues"]["iord"], tags["Revenues"]["crdr"], tags["Revenues"]["datatype"]) == ("D", "C", "monetary")
    assert (tags["Assets"]["iord"], tags["Assets"]["crdr"]) == ("I", "D")
    assert tags["EarningsPerShareBasic"]["datatype"] == "perShare"
    placed = {(r["stmt"], r["plabel"]): r for r in rows.pre}
    assert [r["line"] for r in rows.pre if r["report"] == 1][:3] == [1, 2, 3]
    assert placed[("IS", "Revenues")]["tag"] == "Revenues"
    # printed "(121)", written as an expense of 121: the fact negates the printed amount
    assert placed[("IS", "Interest expense")]["negating"] == 1
    assert placed[("IS", "Revenues")]["negating"] == 0
    assert placed[("CF", "Purchase of property and equipment")]["negating"] == 1
    assert {r["stmt"] for r in rows.pre} == {"IS", "BS", "CF"}


def test_submission_header_gives_the_accession_and_filing_date():
    data = (b"<SEC-DOCUMENT>0000891092-04-003383.txt : 20040722\n<SEC-HEADER>0000891092-04-003383.hdr.sgml\n"
            b"ACCESSION NUMBER:\t\t0000891092-04-003383\nCONFORMED SUBMISSION TYPE:\t8-K\n"
            b"FILED AS OF DATE:\t\t20040722\n</SEC-HEADER>\n")
    header = submission_header(data)
    assert (header.accession, header.filed) == ("0000891092-04-003383", 20040722)
    assert submission_header(SEED_000.read_bytes()).accession is None
    assert submission_header(b"%PDF-1.4 <SEC-HEADER>").accession is None


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus is not present")
def test_an_edgar_submission_is_keyed_by_its_accession_number():
    path = SHARED / "corpus" / "sears-2004q2-8k-0000891092-04-003383.txt"
    data = path.read_bytes()
    rows = rows_for(convert_file(path), path.stem, str(path), input_digest(data), submission_header(data))
    assert (rows.sub["adsh"], rows.sub["cik"], rows.sub["filed"], rows.sub["fy"], rows.sub["fp"]) == (
        "0000891092-04-003383", 319256, 20040722, 2004, "Q2")
    quarter = next(r for r in rows.num if r["tag"] == "SalesRevenueNet" and r["startdate"] == 20040404)
    assert (quarter["enddate"], quarter["ddate"], quarter["qtrs"]) == (20040703, 20040630, 1)
    assert rows.filed_year == 2004
