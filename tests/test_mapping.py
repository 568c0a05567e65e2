"""Mapping and sign rules: values stored as the concept defines them, not as printed."""

import pytest

from converter.build import build_instance
from converter.model import Row
from converter.passes import run_passes
from converter.passes.p5_map import map_table
from converter.readers import read_document
from converter.taxonomy import load_taxonomy
from tests.conftest import SEED_000


@pytest.fixture(scope="module")
def facts():
    document = read_document(SEED_000.read_bytes(), SEED_000.name)
    instance = build_instance(run_passes(document, load_taxonomy(2024)))
    contexts = {c.id: c.period.key() for c in instance.contexts}
    return {(f.concept, contexts[f.context_id], f.line): f.value for f in instance.facts}


@pytest.mark.parametrize("concept, period, line, value", [
    ("us-gaap:InterestExpense", "2004-04-01--2004-06-30", 129, "121000"),          # printed (121)
    ("us-gaap:IncreaseDecreaseInAccountsReceivable", "2004-04-01--2004-06-30", 235, "-152000"),
    ("us-gaap:IncreaseDecreaseInAccountsReceivable", "2003-04-01--2003-06-30", 235, "6250000"),
    ("us-gaap:TreasuryStockValue", "2004-06-30", 219, "267000"),                    # printed (267)
    ("us-gaap:RetainedEarningsAccumulatedDeficit", "2004-06-30", 217, "-800614000"),
    ("us-gaap:PaymentsToAcquirePropertyPlantAndEquipment", "2004-04-01--2004-06-30", 243, "2063000"),
    ("us-gaap:PaymentsToAcquireLongtermInvestments", "2003-04-01--2003-06-30", 246, "-115000"),
    ("us-gaap:EarningsPerShareBasic", "2003-04-01--2003-06-30", 138, "-0.03"),
    ("us-gaap:WeightedAverageNumberOfDilutedSharesOutstanding", "2004-04-01--2004-06-30", 142, "250127000"),
    ("us-gaap:CashAndCashEquivalentsAtCarryingValue", "2004-03-31", 261, "151971000"),  # beginning
    ("us-gaap:CashAndCashEquivalentsAtCarryingValue", "2004-06-30", 263, "126235000"),  # end
    ("us-gaap:Assets", "2004-06-30", 200, "378778000"),                              # unlabelled
    ("us-gaap:LiabilitiesAndStockholdersEquity", "2003-12-31", 221, "358424000"),
    ("us-gaap:AllocatedShareBasedCompensationExpense", "2004-04-01--2004-06-30", 124, "136000"),
    ("us-gaap:ShareBasedCompensation", "2004-04-01--2004-06-30", 232, "136000"),
])
def test_values_as_the_concept_defines_them(facts, concept, period, line, value):
    assert facts[(concept, period, line)] == value


def test_percent_rows_are_not_written(facts):
    assert not [key for key in facts if key[2] in (119, 154)]


def test_same_label_depends_on_statement_and_section():
    taxonomy = load_taxonomy(2024)
    per_share = ("Net income (loss) per share",)
    shares = ("Net income (loss) per share", "Shares used in computation")
    assert taxonomy.rule_for("Basic", per_share, "income")[0].concept.name == "EarningsPerShareBasic"
    assert taxonomy.rule_for("Basic", shares, "income")[0].concept.name == \
        "WeightedAverageNumberOfSharesOutstandingBasic"
    changes = ("Changes in current assets and liabilities",)
    assert taxonomy.rule_for("Accounts receivable", changes, "cash_flow")[0].sign == "negate"
    assert taxonomy.rule_for("Basic", (), "income") == (None, "label is ambiguous here")


def test_unlabelled_total_that_does_not_add_up_is_refused():
    text = (b"Condensed Consolidated Balance Sheets\n(In thousands)\n\tJune 30, 2004\n"
            b"Assets\t\nCurrent assets:\t\nCash\t100\nInventory\t50\nTotal current assets\t150\n"
            b"Other assets\t10\n\t170\n")
    document = read_document(text, "damaged.txt")
    values, notices = map_table(document.tables[0], load_taxonomy(2024))
    assert [v.concept.name for v in values] == ["Cash", "InventoryNet", "AssetsCurrent", "OtherAssetsNoncurrent"]
    assert any(n.kind == "refusal" and n.line == 10 for n in notices)


def test_disagreeing_duplicates_are_both_refused():
    text = (b"Statements of Operations\n(In thousands)\n\tThree Months Ended June 30, 2004\n"
            b"Revenues\t100\nNet income\t10\n\nStatements of Cash Flows\n(In thousands)\n"
            b"\tThree Months Ended June 30, 2004\nNet income\t11\n")
    instance = build_instance(run_passes(read_document(text, "dup.txt"), load_taxonomy(2024)))
    assert [f.concept for f in instance.facts] == ["us-gaap:Revenues"]
    assert any("read differently" in n.message for n in instance.notices)


def test_taxonomy_refuses_a_concept_name_that_is_not_an_xml_name():
    from converter.errors import TaxonomyError
    from converter.taxonomy import _vocabulary

    good = {"prefix": "us-gaap", "namespace": "http://fasb.org/us-gaap/{year}",
            "official_schema": "x-{year}.xsd",
            "concepts": {"Revenues": {"period": "duration", "type": "monetary", "label": "Revenues"}}}
    assert _vocabulary(good, 2024).concepts["Revenues"].label == "Revenues"
    bad = dict(good, concepts={'Revenues"><x': {"period": "duration", "type": "monetary"}})
    with pytest.raises(TaxonomyError, match="NCName"):
        _vocabulary(bad, 2024)


def test_label_normal_form():
    from converter.taxonomy import normalise_label
    assert normalise_label("  Total  Current\tAssets: ") == "total current asset"  # plurals singular
    assert normalise_label("Net income (loss) (a)") == "net income (loss)"
    assert normalise_label("Revenues*") == "revenue"
    assert normalise_label("Stockholder\u2019s equity [1]") == "stockholder's equity"
    assert normalise_label("Revenue (a):") == "revenue (a)"  # a mark before the colon stays


@pytest.mark.parametrize("title", [
    "Unaudited Pro Forma Condensed Consolidated Statements of Operations",
    "Condensed Consolidating Balance Sheets",
    "Statements of Operations of the Acquired Business",
    "Guarantor Subsidiaries Statements of Cash Flows"])
def test_statements_that_are_not_the_filers_are_left_out(title):
    from converter.pipeline import convert_bytes
    text = (f"{title}\n(In thousands)\n\tThree Months Ended June 30, 2004\n"
            "Revenues\t100\nNet income\t10\n")
    result = convert_bytes(text.encode(), "other.txt")
    assert [f.concept for f in result.instance.facts if f.unit_id] == []
    assert any("not the filer's own consolidated statement" in n.message for n in result.instance.notices)


def test_a_refused_cell_reports_why_it_is_not_an_amount():
    from converter.pipeline import convert_bytes
    text = ("Statements of Operations\n(In thousands)\n\tThree Months Ended June 30, 2004\n"
            "Revenues\t(1,234\nNet income\t12 34 x\n")
    notices = [n for n in convert_bytes(text.encode(), "r.txt").instance.notices if n.kind == "refusal"]
    assert ("value refused: '(1,234': unbalanced parenthesis", "Revenues") in [(n.message, n.detail) for n in notices]
def test_a_share_row_scaled_by_its_own_000s_heading():
    from converter.model import Scale, Table
    from converter.passes.p5_map import _row_share_scale

    table = Table("Statements of Income", "income", 1, Scale(1000000, 1000000, 1, "(in millions)"), (), ())
    assert _row_share_scale(Row("Basic", 1, (), ("Shares used in calculation (000s)",)), table) == 1000
    assert _row_share_scale(Row("Diluted (000's)", 1, ()), table) == 1000
    assert _row_share_scale(Row("Basic", 1, (), ("Shares (in millions)",)), table) == 1000000
    assert _row_share_scale(Row("Basic", 1, ()), table) == 1000000


def test_common_stock_printed_with_its_paid_in_capital_is_not_common_stock_alone():
    taxonomy = load_taxonomy(2024)
    both = ("Common stock, $0.001 par value, 10,000 shares authorized; 4,137 shares issued and "
            "outstanding and capital in excess of par value")
    assert taxonomy.rule_for(both, ("Stockholders' equity",), "balance")[0] is None
    alone = "Common stock, $.01 par value: authorized 1,000,000,000 shares, issued and outstanding"
    rule, _ = taxonomy.rule_for(alone, ("Stockholders' equity",), "balance")
    assert rule.concept.qname == "us-gaap:CommonStockValue"


def test_total_equity_below_noncontrolling_interests_is_not_stockholders_equity():
    head = ("Consolidated Balance Sheets\n(In thousands)\n\n\tJune 30, 2004\tDecember 31, 2003\n"
            "Total assets\t1,500\t1,300\nTotal liabilities\t300\t200\nStockholders' equity:\t\t\n"
            "Common stock\t10\t10\nRetained earnings\t1,090\t990\n")
    parent = read_document((head + "Total stockholders' equity\t1,100\t1,000\n"
                            "Noncontrolling interests\t100\t100\nTotal equity\t1,200\t1,100\n").encode(), "a.txt")
    concepts = {f.concept for f in build_instance(run_passes(parent, load_taxonomy(2024))).facts}
    assert "us-gaap:StockholdersEquity" in concepts
    both = read_document((head + "Noncontrolling interests\t100\t100\n"
                          "Total stockholders' equity\t1,200\t1,100\n").encode(), "b.txt")
    instance = build_instance(run_passes(both, load_taxonomy(2024)))
    assert "us-gaap:StockholdersEquity" not in {f.concept for f in instance.facts}
    assert any("noncontrolling" in n.message for n in instance.notices)


def test_net_income_above_a_noncontrolling_deduction_is_not_net_income_loss():
    text = ("Consolidated Statements of Operations\n(In thousands)\n\n"
            "\tThree Months Ended June 30, 2004\tThree Months Ended June 30, 2003\n"
            "Revenues\t1,000\t900\nIncome before income taxes\t300\t250\n"
            "Provision for income taxes\t100\t50\nNet income\t200\t200\n"
            "Less: Net income attributable to noncontrolling interests\t20\t10\n"
            "Net income attributable to Acme\t180\t190\n")
    instance = build_instance(run_passes(read_document(text.encode(), "nci.txt"), load_taxonomy(2024)))
    assert not [f for f in instance.facts if f.concept == "us-gaap:NetIncomeLoss" and f.value == "200000"]
    assert any("noncontrolling" in n.message and n.detail == "Net income" for n in instance.notices)


def test_net_income_above_a_subsidiary_s_preferred_dividends_is_not_net_income_loss():
    text = ("Consolidated Statements of Income\n(in millions)\n\n"
            "\tThree Months Ended June 30, 2023\tThree Months Ended June 30, 2022\n"
            "Income before income taxes\t75\t32\nIncome tax benefit\t(335)\t(328)\n"
            "Net income\t410\t360\nPreferred stock dividend requirement of subsidiary\t4\t4\n"
            "Income available for common shareholders\t406\t356\n")
    instance = build_instance(run_passes(read_document(text.encode(), "utility.txt"), load_taxonomy(2024)))
    assert "us-gaap:NetIncomeLoss" not in {f.concept for f in instance.facts}


def test_total_cost_of_products_sold_and_an_ending_cash_balance():
    taxonomy = load_taxonomy(2024)
    assert taxonomy.rule_for("Total operating profit", (), "income")[0].concept.name == "OperatingIncomeLoss"
    assert taxonomy.rule_for("Total cost of products sold", (), "income")[0].concept.name == \
        "CostOfGoodsAndServicesSold"
    assert taxonomy.rule_for("Prepaids and other assets", ("Assets", "Current assets"), "balance")[0] \
        .concept.name == "PrepaidExpenseAndOtherAssetsCurrent"
    from converter.pipeline import convert_bytes
    text = ("Statements of Cash Flows\n\tSix Months Ended June 30, 2003\n"
            "Net increase in cash\t100\nBeginning cash balance\t400\nEnding cash balance\t500\n")
    facts = {(f.concept, f.context_id): f.value for f in convert_bytes(text.encode(), "c.txt").instance.facts}
    assert facts[("us-gaap:CashAndCashEquivalentsAtCarryingValue", "I2003-06-30")] == "500"
    assert not any(c == "us-gaap:CashAndCashEquivalentsAtCarryingValue" and v == "400"
                   for (c, _), v in facts.items())  # "beginning ..." is not placed at the end


def test_a_per_share_label_under_a_share_count_heading_is_not_earnings_per_share():
    from converter.pipeline import convert_bytes
    text = ("Consolidated Statements of Income\n(In thousands, except per share amounts)\n"
            "\tThree Months Ended June 30, 2016\nRevenues\t28,000\nNet income\t1,379\n"
            "Earnings per common share:\t\nBasic earnings per common share\t0.42\n"
            "Weighted average common shares outstanding:\t\nBasic earnings per common share\t3,261\n")
    result = convert_bytes(text.encode(), "eps.txt")
    eps = [f.value for f in result.instance.facts if f.concept == "us-gaap:EarningsPerShareBasic"]
    assert eps == ["0.42"]
    # the count used for basic EPS is the basic weighted-average share count (proven: 1,379 / 3,261)
    shares = [f.value for f in result.instance.facts
              if f.concept == "us-gaap:WeightedAverageNumberOfSharesOutstandingBasic"]
    assert shares == ["3261000"]


_INVENTORIES = ("Consolidated Balance Sheets\n(In millions)\n\n\tDec 31, 2022\tDec 25, 2021\n"
                "Assets\nCurrent assets:\nCash and cash equivalents\t100\t90\nInventories\n"
                "Raw materials\t10\t8\nWork in process\t20\t15\nFinished goods\t30\t25\n"
                "\t{total}\nOther current assets\t5\t4\nTotal current assets\t{current}\n"
                "Deferred income taxes\t7\t6\nTotal assets\t{assets}\n")


def test_an_unlabelled_subtotal_of_a_heading_is_the_heading_and_closes_it():
    """A heading without a colon or values ("Inventories"), its parts, then an unlabelled row that
    is their sum in every column: the row is the heading's total (InventoryNet), the rows below
    it are outside the heading, and "Total current assets" closes every section opened inside
    the current assets."""
    text = _INVENTORIES.format(total="60\t48", current="165\t142", assets="172\t148")
    state = run_passes(read_document(text.encode(), "inventories.txt"), load_taxonomy(2024))
    facts = {(f.concept, f.context_id): f.value for f in build_instance(state).facts}
    assert facts[("us-gaap:InventoryNet", "I2022-12-31")] == "60000000"
    assert facts[("us-gaap:InventoryNet", "I2021-12-25")] == "48000000"
    assert facts[("us-gaap:AssetsCurrent", "I2022-12-31")] == "165000000"
    sections = {row.label: row.sections for row in state.tables[0].rows}
    assert sections["Raw materials"] == ("Assets", "Current assets", "Inventories")
    assert sections["Other current assets"] == ("Assets", "Current assets")
    assert sections["Deferred income taxes"] == ("Assets",)
    assert any("unlabelled total of 'Inventories' read as InventoryNet" in n.message
               for n in build_instance(state).notices)


def test_an_unlabelled_row_that_is_not_the_heading_s_sum_is_refused():
    text = _INVENTORIES.format(total="61\t48", current="166\t142", assets="173\t148")
    instance = build_instance(run_passes(read_document(text.encode(), "inventories.txt"), load_taxonomy(2024)))
    assert "us-gaap:InventoryNet" not in {f.concept for f in instance.facts}
    assert any(n.kind == "refusal" and "unlabelled row refused" in n.message for n in instance.notices)


def test_a_total_closes_the_section_it_names_and_those_inside_it():
    from converter.sections import closed_by_total
    stack = ["Assets", "Current assets", "Inventories"]
    assert closed_by_total(stack, "Total current assets") == 2
    assert closed_by_total(stack, "Total assets") == 3
    assert closed_by_total(stack, "Total inventories") == 1
    assert closed_by_total(stack, "Net cash provided by operating activities") == 1  # the innermost
    assert closed_by_total([], "Total revenues") == 0
