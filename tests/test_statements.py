"""The statement view (converter/statements.py): each face statement's rows in printed order,
with their sections, concept, facts per column, totals, negated lines and refusals."""
import pytest

from converter.pipeline import convert_bytes
from converter.statements import ROLE_PREFIX, statement_view
from tests.conftest import SEED_000, SEED_002, SEED_003


@pytest.fixture(scope="module")
def seed_000():
    return statement_view(convert_bytes(SEED_000.read_bytes(), SEED_000.name))


def _row(statement, label, concept=None):
    return next(r for r in statement.rows if r.label == label and (concept is None or r.concept == concept))


def test_one_statement_per_face_table_with_title_kind_and_role(seed_000):
    assert [(s.title, s.kind, s.line) for s in seed_000] == [
        ("Condensed Consolidated Statements of Operations", "income", 112),
        ("Condensed Consolidated Statements of Operations", "income", 145),
        ("Condensed Consolidated Balance Sheets", "balance", 181),
        ("Condensed Consolidated Statements of Cash Flows", "cash_flow", 224)]
    # the six-month statement prints the same rows as the three-month one: one role for both
    assert seed_000[0].role == seed_000[1].role == ROLE_PREFIX + "CondensedConsolidatedStatementsOfOperations"
    assert seed_000[2].role == ROLE_PREFIX + "CondensedConsolidatedBalanceSheets"
    assert not any(s.non_gaap for s in seed_000)


def test_rows_in_printed_order_with_facts_per_column(seed_000):
    income = seed_000[0]
    assert [c.period for c in income.columns] == ["2004-04-01--2004-06-30", "2003-04-01--2003-06-30",
                                                  "2004-01-01--2004-03-31"]
    assert [r.label for r in income.rows[:5]] == ["Revenues", "Cost of revenues", "Gross profit",
                                                  "Gross profit %", "Operating expenses:"]
    assert [r.line for r in income.rows] == sorted(r.line for r in income.rows)
    revenues = income.rows[0]
    assert revenues.concept == "us-gaap:Revenues"
    assert [f.value for f in revenues.facts] == ["42361000", "15366000", "36532000"]
    assert [f.context_id for f in revenues.facts] == ["D2004-04-01_2004-06-30", "D2003-04-01_2003-06-30",
                                                      "D2004-01-01_2004-03-31"]
    assert revenues.printed == ("$42,361", "$15,366", "$36,532")
    percent = _row(income, "Gross profit %")
    assert percent.concept is None and percent.facts == (None, None, None) and not percent.is_heading
    heading = _row(income, "Operating expenses:")
    assert heading.is_heading and heading.concept is None
    research = _row(income, "Research and development")
    assert research.sections == ("Operating expenses",)
    shares = _row(income, "Basic", "us-gaap:WeightedAverageNumberOfSharesOutstandingBasic")
    assert shares.sections == ("Net income (loss) per share", "Shares used in computation")


def test_totals_and_lines_printed_with_the_other_sign(seed_000):
    income = seed_000[0]
    assert _row(income, "Total operating expenses").is_total
    interest = _row(income, "Interest expense")  # printed (121), InterestExpense = 121000
    assert interest.negated and interest.facts[0].value == "121000"
    assert not _row(income, "Net income (loss)").negated  # $(7,301) is a loss of 7,301,000
    cash_flow = seed_000[3]
    assert _row(cash_flow, "Accounts receivable").negated  # 152 printed, a decrease: -152000


def test_instant_rows_of_a_cash_flow_statement_take_their_own_instants(seed_000):
    cash_flow = seed_000[3]
    beginning = _row(cash_flow, "Cash and cash equivalents, beginning of period")
    end = _row(cash_flow, "Cash and cash equivalents, end of period")
    assert [f.context_id for f in beginning.facts] == ["I2004-03-31", "I2003-03-31"]
    assert [f.value for f in beginning.facts] == ["151971000", "45636000"]
    assert [f.context_id for f in end.facts] == ["I2004-06-30", "I2003-06-30"]


def test_a_line_written_once_from_another_statement_takes_that_fact(seed_000):
    # the cash-flow statement's "Net income (loss)" was dropped as a duplicate of the income
    # statement's; the view shows the income statement's facts, which hold the printed amounts
    net_income = _row(seed_000[3], "Net income (loss)")
    assert net_income.concept == "us-gaap:NetIncomeLoss"
    assert [f.value for f in net_income.facts] == ["4934000", "-7301000"]
    assert {f.line for f in net_income.facts} == {135}


def test_an_unlabelled_total_keeps_its_concept(seed_000):
    balance = seed_000[2]
    totals = [r for r in balance.rows if not r.label]
    assert [r.concept for r in totals] == ["us-gaap:Assets", "us-gaap:LiabilitiesAndStockholdersEquity"]
    assert [f.value for f in totals[0].facts] == ["378778000", "358424000"]


def test_refusals_are_kept_with_their_rows_and_reconciliations_are_marked():
    statements = statement_view(convert_bytes(SEED_002.read_bytes(), SEED_002.name))
    reconciliations = [s for s in statements if s.non_gaap]
    assert len(reconciliations) == 5
    assert reconciliations[0].role == ROLE_PREFIX + "NonGaapReconciliation"
    assert reconciliations[1].role == ROLE_PREFIX + "NonGaapReconciliation2"
    assert {c.basis for c in reconciliations[0].columns} == {"gaap", "adjustments", "non-gaap"}
    refused = [r for s in statements for r in s.rows if r.refusals]
    assert refused
    titter = next(r for r in refused if r.label == "Titter est Tittome")  # a damaged label
    assert titter.concept is None
    assert titter.refusals[0].message == "row refused: no concept for this label"
    assert all(n.line == r.line for r in refused for n in r.refusals)


def test_a_filing_without_statements_has_an_empty_view():
    assert statement_view(convert_bytes(SEED_003.read_bytes(), SEED_003.name)) == ()


def test_a_statement_the_mapping_left_out_borrows_no_facts():
    text = (b"Statements of Operations\n(In thousands)\n\tThree Months Ended June 30, 2004\n"
            b"Revenues\t100\nNet income\t90\n\n"
            b"Pro Forma Statements of Operations\n(In thousands)\n\tThree Months Ended June 30, 2004\n"
            b"Revenues\t100\nNet income\t90\n")
    consolidated, pro_forma = statement_view(convert_bytes(text, "pro-forma.txt"))
    assert [r.concept for r in consolidated.rows] == ["us-gaap:Revenues", "us-gaap:NetIncomeLoss"]
    assert pro_forma.title == "Pro Forma Statements of Operations"
    assert [(r.concept, r.facts) for r in pro_forma.rows] == [(None, (None,)), (None, (None,))]
