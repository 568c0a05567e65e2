"""The vocabulary (taxonomy/us-gaap.yaml): where each concept comes from, that no printed label
can name two concepts in one place, and, per class of wrong fact it prevents (issue 13), a
statement fragment in the shape public filings print with the concept and value each line gets.
The fragments are built for these tests; no filing's text is copied."""
import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

from converter.build import Overrides, build_instance
from converter.model import Row
from converter.passes import run_passes
from converter.readers import read_document
from converter.taxonomy import load_taxonomy, normalise_label, read_taxonomy_yaml

REFERENCE = Path(__file__).resolve().parents[1] / ".." / "shared" / "reference" / "us-gaap-concepts.tsv"
UNITS = {"monetary": "USD", "perShare": "USD/shares", "shares": "shares"}


def _concepts() -> dict:
    return read_taxonomy_yaml("us-gaap.yaml")["concepts"]


def match_rule(row: Row, statement: str, taxonomy, above: tuple[str, ...] = ()):
    return taxonomy.rule_for(row.label, row.sections, statement, above)


def _facts(text: str) -> dict[tuple[str, str], Decimal]:
    """(concept name, period) -> value for a small text filing."""
    instance = build_instance(run_passes(read_document(text.encode(), "fragment.txt"), load_taxonomy(2024)))
    periods = {c.id: c.period.key() for c in instance.contexts}
    return {(f.concept.split(":", 1)[1], periods[f.context_id]): Decimal(f.value) for f in instance.facts}


# ------------------------------------------------------------------ provenance and consistency

@pytest.mark.skipif(not REFERENCE.exists(), reason="../shared/reference is not here")
def test_every_concept_is_in_the_reference_list_with_its_units_or_says_why_not():
    with open(REFERENCE, encoding="utf-8") as handle:
        reference = {row["concept"]: row for row in csv.DictReader(handle, delimiter="\t")}
    instant = re.compile(r"as of the (balance sheet|reporting) date|at the end of the (reporting )?period", re.I)
    duration = re.compile(r"during the (reporting )?period|for the period|cash (inflow|outflow)", re.I)
    outside = []
    for name, spec in _concepts().items():
        source = spec.get("source", "")
        assert source, f"{name} has no source"
        row = reference.get(name)
        if row is None:
            assert source.startswith("outside the reference list"), name
            outside.append(name)
            continue
        assert UNITS[spec["type"]] in row["units"].split(), (name, row["units"])
        assert row["deprecated"] != "yes" or "deprecated" in source, name
        assert row["standard_label"] in source, name
        # the reference gives no period type or balance; its definition sometimes says the period
        says_instant, says_duration = instant.search(row["definition"]), duration.search(row["definition"])
        if says_instant and not says_duration:
            assert spec["period"] == "instant", name
        if says_duration and not says_instant:
            assert spec["period"] == "duration", name
    assert len(outside) < len(_concepts()) / 4  # the reference list is where the vocabulary comes from


def test_every_concept_has_a_standard_label():
    for prefix in ("us-gaap", "dei"):
        for name, spec in read_taxonomy_yaml(f"{prefix}.yaml")["concepts"].items():
            label = spec.get("label")
            assert isinstance(label, str) and label.strip() == label and label, f"{prefix}:{name}"
    taxonomy = load_taxonomy(2024)
    assert taxonomy.concept("us-gaap:CostOfRevenue").label == "Cost of Revenue"
    assert taxonomy.concept("dei:EntityRegistrantName").label == "Entity Registrant Name"


@pytest.mark.skipif(not REFERENCE.exists(), reason="../shared/reference is not here")
def test_standard_labels_are_the_reference_lists_own():
    with open(REFERENCE, encoding="utf-8") as handle:
        reference = {row["concept"]: row["standard_label"] for row in csv.DictReader(handle, delimiter="\t")}
    for name, spec in _concepts().items():
        if name in reference:  # a deprecated concept's label without its "(Deprecated ...)"
            assert reference[name].startswith(spec["label"]), name


def test_period_type_and_balance_follow_the_concept_name():
    for name, spec in _concepts().items():
        if re.search(r"(Current|Noncurrent)$", name) and spec["type"] == "monetary":
            assert spec["period"] == "instant", name
        if re.match(r"(IncreaseDecrease|PaymentsTo|PaymentsFor|PaymentsOf|ProceedsFrom|Repayments)", name):
            assert spec["period"] == "duration", name
        if re.match(r"(PaymentsTo|PaymentsFor|PaymentsOf|Repayments)", name):
            assert spec.get("balance") == "credit", name
        if re.match(r"ProceedsFrom", name):
            assert spec.get("balance") == "debit", name
        if spec["type"] in ("perShare", "shares"):
            assert spec.get("balance") is None, name


def test_calculation_weights_follow_the_balances():
    """Same balance +1, opposite -1: what makes the calculation linkbase valid XBRL."""
    concepts = _concepts()
    for item in read_taxonomy_yaml("calculations.yaml")["relationships"]:
        if item.get("linkbase", True) is False:
            continue
        total = concepts[item["total"]]
        for child, weight in item["children"].items():
            same = concepts[child]["balance"] == total["balance"]
            assert weight == (1 if same else -1), (item["total"], child)
            assert concepts[child]["period"] == total["period"], (item["total"], child)


SECTIONS = {  # the header stacks rows of each statement sit under, as the readers record them
    "income": [(), ("Operating expenses",), ("Other income (expense)",), ("Net income (loss) per share",),
               ("Earnings per share",), ("Basic",), ("Diluted",),
               ("Weighted average shares outstanding",), ("Shares used in per share computation",)],
    "balance": [(), ("Assets",), ("Assets", "Current assets"), ("Current assets",),
                ("Liabilities and stockholders' equity",),
                ("Liabilities and stockholders' equity", "Current liabilities"),
                ("Current liabilities",), ("Liabilities and stockholders' equity", "Stockholders' equity"),
                ("Stockholders' equity",), ("Long-term liabilities",)],
    "cash_flow": [(), ("Cash flows from operating activities",),
                  ("Cash flows from operating activities", "Changes in operating assets and liabilities"),
                  ("Cash flows from investing activities",), ("Cash flows from financing activities",),
                  ("Reconciliation of cash, cash equivalents and restricted cash to the balance sheet",)],
}


ABOVE = [(), ("total current asset",), ("total current asset", "total current liability")]


def test_a_label_of_x_and_other_things_never_takes_the_concept_of_x_alone():
    """"Restructuring and other charges" is more than restructuring, "Interest and other income"
    more than interest: such a label takes a concept of the whole ("...AndOther...", or one
    whose definition covers the rest), never the concept of its first word alone."""
    covers_the_rest = {"AccruedLiabilitiesCurrent", "IntangibleAssetsNetExcludingGoodwill",
                       "RestructuringSettlementAndImpairmentProvisions"}
    for (_, label), rules in load_taxonomy(2024).by_label.items():
        if re.search(r"\band other\b", label):
            for rule in rules:
                assert "Other" in rule.concept.name or rule.concept.name in covers_the_rest, (label, rule.concept.name)


def test_no_label_maps_to_two_concepts_in_the_same_statement_and_section():
    taxonomy = load_taxonomy(2024)
    for statement, label in taxonomy.by_label:
        for sections in SECTIONS[statement]:
            for above in ABOVE:
                rule, reason = match_rule(Row(label, 1, (), sections), statement, taxonomy, above)
                assert "several concepts" not in reason, (statement, label, sections, above, reason)


# ------------------------------------------------------------------ label structure

@pytest.mark.parametrize("printed, same_as", [
    ("Net (loss) income", "Net income (loss)"),
    ("Net income/ (loss)", "Net income (loss)"),
    ("(Gains) losses on investments, net", "Loss (gain) on investments - net"),
    ("Research & development", "Research and development"),
    ("Selling, general, and administrative", "Selling, general and administrative"),
    ("Marketable securities, non-current", "Marketable securities, noncurrent"),
    ("Stock-based compensation expense", "Stock based compensation expenses"),
    ("Goodwill (Note 4)", "Goodwill"),
    ("NET INCOME AS REPORTED (See Note)", "Net income as reported"),
    ("Net income (see notes)", "Net income"),
    ("Accrued salaries and bene\ufb01ts", "Accrued salaries and benefits"),  # a PDF's ligature
    ("Other assets (see notes 3 and 5)", "Other assets"),
    ("Inventories (a)(b)", "Inventory"),
    ("Total stockholders\u2019 equity", "Total stockholders equity"),
    ("Less: accumulated depreciation", "Accumulated depreciation"),
    ("Net income per share \u2013 basic", "Net income per share, basic"),
    ("Accounts receivable (net)", "Accounts receivable, net"),
    ("Net cash (used in) provided by operating activities", "Net cash provided by (used in) operating activities"),
    # as text extraction glues and spaces them (issue 14)
    ("Earnings(loss) per common share", "Earnings (loss) per common share"),
    ("Number of shares (in thousands)used in computing:", "Number of shares (in thousands) used in computing"),
    ("Net (loss) income- Basic", "Net income (loss) - basic"),
    ("Net income -Basic", "Net income - basic"),
    ("-basic earnings per common share", "Basic earnings per common share"),
    ("Sales, general & admin.", "Sales, general and administrative"),
    ("Less accum. depr.", "Accumulated depreciation"),
    ("Net cash (used) provided by operating activities", "Net cash provided by (used in) operating activities"),
    ("Net cash provided (used) by investing activities", "Net cash provided by (used in) investing activities"),
])
def test_printings_of_one_line_share_one_key(printed, same_as):
    assert normalise_label(printed) == normalise_label(same_as)


@pytest.mark.parametrize("one, other", [
    ("Property and equipment", "Property and equipment, net"),           # gross or net: not the same
    ("Total stockholder's equity", "Total stockholders' equity"),         # a singular possessive stays apart
    ("(Gain) loss on investments", "Gain (loss) on investments"),         # the sign convention differs
    ("Other income, net", "Other income (expense), net"),
    ("Deferred revenue", "Deferred revenue, noncurrent"),
    ("Non-cash items", "Non- cash items"),  # a hyphen spaced after "non" is no separator
    ("Stock-based compensation", "Stock, based compensation"),
])
def test_labels_that_mean_different_things_keep_different_keys(one, other):
    assert normalise_label(one) != normalise_label(other)


# ------------------------------------------------------------------ classes of wrong facts

BALANCE_SHEET = """Condensed Consolidated Balance Sheets
(In millions)
\tJune 30, 2024\tDecember 31, 2023
Assets\t\t
Current assets:\t\t
Cash and cash equivalents\t500\t400
Marketable securities\t300\t250
Accounts receivable, net\t200\t180
Vendor non-trade receivables\t40\t35
Deferred income taxes\t30\t20
Prepaid expenses and other current assets\t60\t55
Total current assets\t1,130\t940
Marketable securities\t700\t650
Property and equipment, at cost\t900\t850
Less accumulated depreciation\t(400)\t(350)
Property and equipment, net\t500\t500
Operating lease right-of-use assets\t120\t110
Deferred income taxes\t80\t70
Other assets\t50\t45
Total assets\t2,580\t2,315
Liabilities and stockholders' equity\t\t
Current liabilities:\t\t
Accounts payable\t150\t140
Accrued and other current liabilities\t90\t85
Deferred revenue\t70\t60
Commercial paper\t100\t0
Term debt\t50\t50
Operating lease liabilities\t20\t18
Income taxes payable\t15\t12
Total current liabilities\t495\t365
Term debt\t400\t450
Deferred revenue\t25\t22
Operating lease liabilities\t100\t92
Income taxes payable\t60\t58
Other long-term liabilities\t30\t28
Total liabilities\t1,110\t1,015
Stockholders' equity:\t\t
Common stock and additional paid-in capital, $0.01 par value\t800\t750
Retained earnings (accumulated deficit)\t700\t580
Accumulated other comprehensive loss\t(30)\t(30)
Total stockholders' equity\t1,470\t1,300
Total liabilities and stockholders' equity\t2,580\t2,315
"""


@pytest.fixture(scope="module")
def balance():
    return _facts(BALANCE_SHEET)


@pytest.mark.parametrize("concept, value", [
    ("MarketableSecuritiesCurrent", 300), ("MarketableSecuritiesNoncurrent", 700),
    ("DeferredTaxAssetsNetCurrent", 30), ("DeferredTaxAssetsNetNoncurrent", 80),
    ("DeferredRevenueCurrent", 70), ("DeferredRevenueNoncurrent", 25),
    ("LongTermDebtCurrent", 50), ("LongTermDebtNoncurrent", 400),
    ("OperatingLeaseLiabilityCurrent", 20), ("OperatingLeaseLiabilityNoncurrent", 100),
    ("AccruedIncomeTaxesCurrent", 15), ("AccruedIncomeTaxesNoncurrent", 60),
    ("CommercialPaper", 100), ("AccruedLiabilitiesCurrent", 90), ("NontradeReceivablesCurrent", 40),
    ("OperatingLeaseRightOfUseAsset", 120), ("OtherLiabilitiesNoncurrent", 30),
    ("CommonStocksIncludingAdditionalPaidInCapital", 800), ("RetainedEarningsAccumulatedDeficit", 700),
])
def test_current_or_noncurrent_is_decided_by_the_section(balance, concept, value):
    assert balance[(concept, "2024-06-30")] == Decimal(value) * 1_000_000


def test_gross_and_net_property_are_told_apart_by_their_labels(balance):
    assert balance[("PropertyPlantAndEquipmentGross", "2024-06-30")] == 900_000_000
    assert balance[("AccumulatedDepreciationDepletionAndAmortizationPropertyPlantAndEquipment",
                    "2024-06-30")] == 400_000_000  # printed "(400)" as a deduction
    assert balance[("PropertyPlantAndEquipmentNet", "2024-06-30")] == 500_000_000


def test_the_statement_adds_up_with_the_new_lines(balance):
    assert balance[("AssetsCurrent", "2024-06-30")] == 1_130_000_000
    assert balance[("LiabilitiesCurrent", "2024-06-30")] == 495_000_000
    assert balance[("Liabilities", "2024-06-30")] == 1_110_000_000


def test_an_html_balance_sheet_is_decided_the_same_way():
    rows = [("ASSETS", None), ("Current assets:", None), ("Cash and cash equivalents", "500"),
            ("Marketable securities", "300"), ("Total current assets", "800"), ("Marketable securities", "700"),
            ("Total assets", "1,500"), ("LIABILITIES AND SHAREHOLDERS' EQUITY", None), ("Current liabilities:", None),
            ("Deferred revenue", "50"), ("Total current liabilities", "50"), ("Deferred revenue", "20"),
            ("Total liabilities", "70"), ("Shareholders' equity", "1,430"),
            ("Total liabilities and shareholders' equity", "1,500")]
    cells = "".join(f"<tr><td>{label}</td><td>{'$' if value else ''}</td><td>{value or ''}</td></tr>"
                    for label, value in rows)
    html = ("<html><body><p align='center'><b>EXAMPLE CORPORATION<br/>CONDENSED CONSOLIDATED BALANCE SHEETS"
            "</b><br/>(In millions)</p><table><tr><td></td><td colspan='2'>June&nbsp;30, 2024</td></tr>"
            f"{cells}</table></body></html>")
    document = read_document(html.encode(), "fragment.html")
    instance = build_instance(run_passes(document, load_taxonomy(2024)), Overrides(cik="0000000001"))
    found = {f.concept.split(":", 1)[1]: Decimal(f.value) for f in instance.facts if f.concept.startswith("us-gaap")}
    assert found["MarketableSecuritiesCurrent"] == 300_000_000
    assert found["MarketableSecuritiesNoncurrent"] == 700_000_000
    assert found["DeferredRevenueCurrent"] == 50_000_000
    assert found["DeferredRevenueNoncurrent"] == 20_000_000


def test_a_label_with_no_section_to_decide_it_is_left_out():
    text = ("Condensed Consolidated Balance Sheets\n(In thousands)\n\tJune 30, 2024\n"
            "Cash\t100\nMarketable securities\t50\nDeferred revenue\t20\nIncome taxes payable\t5\n"
            "Operating lease liabilities\t7\n")
    found = {concept for concept, _ in _facts(text)}
    assert found == {"Cash"}


def test_a_bare_property_line_is_neither_gross_nor_net():
    text = ("Condensed Consolidated Balance Sheets\n(In thousands)\n\tJune 30, 2024\n"
            "Assets\t\nProperty and equipment\t900\nLess accumulated depreciation\t(400)\n\t500\n")
    found = _facts(text)
    assert not any(c.startswith("PropertyPlantAndEquipment") for c, _ in found)
    assert found[("AccumulatedDepreciationDepletionAndAmortizationPropertyPlantAndEquipment", "2024-06-30")] == 400_000


def test_a_liability_label_never_takes_an_equity_or_asset_concept():
    taxonomy = load_taxonomy(2024)
    above = ("total current asset", "total current liability")
    row = Row("Deferred income taxes", 1, (), ("Liabilities and stockholders' equity",))
    assert match_rule(row, "balance", taxonomy, above)[0].concept.name == "DeferredIncomeTaxLiabilitiesNet"
    row = Row("Deferred revenue", 1, (), ("Liabilities and stockholders' equity", "Stockholders' equity"))
    assert match_rule(row, "balance", taxonomy, above)[0] is None


def test_an_equity_line_needs_the_equity_header_not_the_liabilities_and_equity_one():
    taxonomy = load_taxonomy(2024)
    under_liabilities = ("Liabilities and stockholders' equity",)
    under_equity = ("Liabilities and stockholders' equity", "Stockholders' equity")
    for label in ("Deferred compensation", "Common stock", "Preferred stock"):
        assert match_rule(Row(label, 1, (), under_liabilities), "balance", taxonomy)[0] is None, label
        rule = match_rule(Row(label, 1, (), under_equity), "balance", taxonomy)[0]
        assert rule is not None and rule.concept.balance in ("credit", "debit"), label
    rule = match_rule(Row("Deferred compensation", 1, (), under_equity), "balance", taxonomy)[0]
    assert rule.concept.name == "DeferredCompensationEquity"
    rule = match_rule(Row("Deferred compensation", 1, (), under_liabilities), "balance", taxonomy,
                      ("total current liability",))[0]
    assert rule.concept.name == "DeferredCompensationLiabilityClassifiedNoncurrent"


def test_without_a_current_header_only_the_total_tells_current_from_noncurrent():
    """An "Assets" header but no "Current assets" one: the rows before "Total current assets"
    sit under the same header as the ones after it. Only the total row between them decides."""
    text = ("Condensed Consolidated Balance Sheets\n(In thousands)\n\tJune 30, 2024\n"
            "Assets\t\nCash\t100\nMarketable securities\t50\nDeferred income taxes\t5\n"
            "Total current assets\t155\nMarketable securities\t70\nTotal assets\t225\n"
            "Liabilities and stockholders' equity\t\nAccounts payable\t10\nDeferred revenue\t20\n"
            "Operating lease liabilities\t3\nTotal current liabilities\t33\nDeferred revenue\t8\n"
            "Operating lease liabilities\t9\nTotal liabilities\t50\n")
    found = _facts(text)
    concepts = {concept for concept, _ in found}
    assert not concepts & {"MarketableSecuritiesNoncurrent", "DeferredTaxAssetsNetNoncurrent"}  # not 50 or 5
    assert found[("DeferredRevenueNoncurrent", "2024-06-30")] == 8_000
    assert found[("OperatingLeaseLiabilityNoncurrent", "2024-06-30")] == 9_000
    assert not concepts & {"DeferredRevenueCurrent", "OperatingLeaseLiabilityCurrent"}  # no header says so


CASH_FLOWS = """Condensed Consolidated Statements of Cash Flows
(In millions)
\tSix Months Ended June 30, 2024
Cash flows from operating activities:\t
Net income\t500
Adjustments to reconcile net income to net cash provided by operating activities:\t
Depreciation and amortization\t60
Stock-based compensation expense\t40
Deferred income taxes\t(10)
(Gains) losses on investments, net\t(5)
Changes in operating assets and liabilities:\t
Accounts receivable\t(30)
Vendor non-trade receivables\t(4)
Other long-term liabilities\t9
Net cash provided by operating activities\t560
Cash flows from investing activities:\t
Purchases of marketable securities\t(200)
Proceeds from maturities of marketable securities\t150
Payments for acquisition of property, plant and equipment\t(80)
Acquisitions, net of cash acquired\t(20)
Other\t(5)
Net cash used in investing activities\t(155)
Cash flows from financing activities:\t
Payments for repurchases of common stock\t(250)
Payments for dividends and dividend equivalents\t(60)
Proceeds from (repayments of) commercial paper, net\t100
Repayments of term debt\t(50)
Payments for taxes related to net share settlement of equity awards\t(20)
Other\t3
Net cash used in financing activities\t(277)
Effect of exchange rate changes on cash and cash equivalents\t(8)
Net increase (decrease) in cash and cash equivalents\t120
Cash and cash equivalents, beginning of period\t380
Cash and cash equivalents, end of period\t500
Supplemental cash flow disclosure:\t
Cash paid for income taxes, net\t90
"""


@pytest.mark.parametrize("concept, value", [
    ("ShareBasedCompensation", 40), ("DeferredIncomeTaxExpenseBenefit", -10),
    ("GainLossOnInvestments", 5),                                   # a gain, deducted
    ("IncreaseDecreaseInAccountsReceivable", 30), ("IncreaseDecreaseInOtherReceivables", 4),
    ("IncreaseDecreaseInOtherNoncurrentLiabilities", 9),
    ("PaymentsToAcquirePropertyPlantAndEquipment", 80), ("PaymentsToAcquireBusinessesNetOfCashAcquired", 20),
    ("PaymentsForProceedsFromOtherInvestingActivities", 5),
    ("PaymentsForRepurchaseOfCommonStock", 250), ("PaymentsOfDividends", 60),
    ("ProceedsFromRepaymentsOfCommercialPaper", 100), ("RepaymentsOfLongTermDebt", 50),
    ("PaymentsRelatedToTaxWithholdingForShareBasedCompensation", 20),
    ("ProceedsFromPaymentsForOtherFinancingActivities", 3),
    ("NetCashProvidedByUsedInFinancingActivities", -277),
    ("EffectOfExchangeRateOnCashAndCashEquivalents", -8), ("CashAndCashEquivalentsPeriodIncreaseDecrease", 120),
    ("IncomeTaxesPaidNet", 90),
])
def test_cash_flow_lines_are_stored_as_their_concepts_define_them(concept, value):
    assert _facts(CASH_FLOWS)[(concept, "2024-01-01--2024-06-30")] == Decimal(value) * 1_000_000


INCOME_STATEMENT = """Condensed Consolidated Statements of Operations
(In thousands, except per share amounts)
\tThree Months Ended June 30, 2024
Revenues\t1,000
Cost of revenues\t400
Gross profit\t600
Operating expenses:\t
Research & development\t200
Selling, general, and administrative\t150
Stock-based compensation\t50
Goodwill impairment\t40
Total operating expenses\t440
Operating income\t160
Interest and dividend income\t12
Interest expense\t(2)
Other expense, net\t(10)
Income before taxes\t160
Provision for (benefit from) income taxes\t40
Net income\t120
Net income per share - basic\t$ 1.20
Net income per share - diluted\t$ 1.10
Weighted average shares outstanding - basic\t100
Weighted average shares outstanding - diluted\t109
Cash dividends declared per common share\t$ 0.25
"""


@pytest.mark.parametrize("concept, value", [
    ("ResearchAndDevelopmentExpense", 200_000), ("SellingGeneralAndAdministrativeExpense", 150_000),
    ("AllocatedShareBasedCompensationExpense", 50_000), ("GoodwillImpairmentLoss", 40_000),
    ("InvestmentIncomeInterestAndDividend", 12_000), ("OtherNonoperatingIncomeExpense", -10_000),
    ("IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest", 160_000),
    ("IncomeTaxExpenseBenefit", 40_000), ("EarningsPerShareBasic", Decimal("1.20")),
    ("EarningsPerShareDiluted", Decimal("1.10")), ("WeightedAverageNumberOfSharesOutstandingBasic", 100_000),
    ("WeightedAverageNumberOfDilutedSharesOutstanding", 109_000),
    ("CommonStockDividendsPerShareDeclared", Decimal("0.25")),
])
def test_income_statement_lines_and_their_printed_variants(concept, value):
    assert _facts(INCOME_STATEMENT)[(concept, "2024-04-01--2024-06-30")] == Decimal(value)


# ------------------------------------------------------------------ lines older and smaller filers print (issue 14)

NO_CURRENT_HEADER = """Balance Sheets
\tJune 30, 2024\tDecember 31, 2023
Current assets:\t\t
Cash and cash equivalents\t500\t400
Deferred income tax asset\t30\t20
Total current assets\t530\t420
Property and equipment, net\t470\t480
Total assets\t1,000\t900
Liabilities and stockholders' equity:\t\t
Current portion of capital lease obligations\t10\t12
Bank revolving line of credit\t0\t50
Note payable\t100\t0
Accounts payable and accrued liabilities\t200\t180
Customer deposits\t40\t8
Total current liabilities\t350\t250
Capital lease obligations, net of current portion\t5\t15
Note payable\t45\t35
Total liabilities\t400\t300
Stockholders' equity:\t\t
Common stock\t1\t1
Additional paid in capital\t399\t399
Retained earnings\t200\t200
Total stockholders' equity\t600\t600
Total liabilities and stockholders' equity\t1,000\t900
"""


def test_liabilities_above_total_current_liabilities_are_current_without_a_header():
    """No "Current liabilities:" header: "Note payable" and "Customer deposits" above "Total
    current liabilities" are current; the same "Note payable" after it is not (left out)."""
    found = _facts(NO_CURRENT_HEADER)
    expected = {"CapitalLeaseObligationsCurrent": 10, "LinesOfCreditCurrent": 0, "NotesPayableCurrent": 100,
                "CustomerDepositsCurrent": 40, "CapitalLeaseObligationsNoncurrent": 5,
                "DeferredTaxAssetsNetCurrent": 30, "LiabilitiesCurrent": 350, "Liabilities": 400}
    for concept, value in expected.items():
        assert found[(concept, "2024-06-30")] == value, concept
    assert found[("NotesPayableCurrent", "2023-12-31")] == 0
    assert 45 not in {v for (c, p), v in found.items() if p == "2024-06-30"}


OTHER_AMONG_PARTS = """Statements of Income
(In millions, except per share data)
\tThree Months Ended June 30, 2024\tThree Months Ended June 30, 2023
Net sales\t1,000\t900
Cost of products sold\t600\t550
Gross margin\t400\t350
Sales, general & admin.\t250\t230
Income from operations\t150\t120
Interest income\t10\t8
Interest expense\t4\t5
Other income (expense)\t(6)\t2
Income before income taxes\t150\t125
Income tax\t60\t50
Net income\t90\t75
Comprehensive (loss) income\t90\t75
Earnings(loss) per common share:\t\t
Net income - Basic\t0.90\t0.75
Diluted\t0.88\t0.74
Weighted average shares outstanding:\t\t
Basic\t100\t100
Diluted\t102\t101
"""


def test_other_income_printed_among_its_parts_is_the_other_part_not_the_total():
    found = _facts(OTHER_AMONG_PARTS)
    quarter = "2024-04-01--2024-06-30"
    assert found[("OtherNonoperatingIncomeExpense", quarter)] == -6_000_000
    assert found[("OtherNonoperatingIncomeExpense", "2023-04-01--2023-06-30")] == 2_000_000
    assert not any(c == "NonoperatingIncomeExpense" for c, _ in found)
    assert found[("SellingGeneralAndAdministrativeExpense", quarter)] == 250_000_000
    assert found[("ComprehensiveIncomeNetOfTax", quarter)] == 90_000_000
    assert found[("EarningsPerShareBasic", quarter)] == Decimal("0.90")
    assert found[("EarningsPerShareDiluted", quarter)] == Decimal("0.88")
    assert found[("WeightedAverageNumberOfSharesOutstandingBasic", quarter)] == 100_000_000


@pytest.mark.parametrize("lines, value", [
    # alone between operating income and income before taxes: the total of the nonoperating items
    ("Other income (expense), net\t(6)\t2\n", -6),
    # below its parts and their sum: their total, though unlabelled as one
    ("Interest income\t10\t8\nInterest expense\t(4)\t(5)\nOther income (expense), net\t6\t3\n", 6),
])
def test_other_income_that_is_the_total_stays_the_total(lines, value):
    text = OTHER_AMONG_PARTS.split("Interest income")[0] + lines + \
        f"Income before income taxes\t{150 + value}\t{120 + (2 if value < 0 else 3)}\n"
    found = _facts(text)
    assert found[("NonoperatingIncomeExpense", "2024-04-01--2024-06-30")] == value * 1_000_000
    assert not any(c == "OtherNonoperatingIncomeExpense" for c, _ in found)


DEFERRED_TAX_BOTH_PARTS = """Balance Sheets
\tJune 30, 2005\tDecember 31, 2004
Current assets:\t\t
Cash and cash equivalents\t500\t400
Income tax receivable\t5\t6
Current deferred income tax asset\t30\t20
Total current assets\t535\t426
Property and equipment, net\t300\t310
Deferred income tax asset\t165\t164
Total assets\t1,000\t900
Liabilities and stockholders' equity:\t\t
Accounts payable and accrued liabilities\t200\t180
Total current liabilities\t200\t180
Total liabilities\t200\t180
Stockholders' equity:\t\t
Common stock\t1\t1
Additional paid in capital\t599\t519
Retained earnings\t200\t200
Total stockholders' equity\t800\t720
Total liabilities and stockholders' equity\t1,000\t900
"""


def test_a_whole_balance_concept_is_only_the_noncurrent_part_when_the_current_part_is_printed():
    """Before 2016 deferred taxes were split: with a current line printed, the line after "Total
    current assets" is the non-current part, not the whole net deferred tax asset."""
    found = _facts(DEFERRED_TAX_BOTH_PARTS)
    assert found[("DeferredTaxAssetsNetCurrent", "2005-06-30")] == 30
    assert found[("DeferredTaxAssetsNetNoncurrent", "2005-06-30")] == 165
    assert found[("IncomeTaxesReceivable", "2005-06-30")] == 5
    assert not any(c == "DeferredIncomeTaxAssetsNet" for c, _ in found)
    alone = DEFERRED_TAX_BOTH_PARTS.replace("Current deferred income tax asset\t30\t20\n", "").replace(
        "Cash and cash equivalents\t500\t400", "Cash and cash equivalents\t530\t420")
    assert _facts(alone)[("DeferredIncomeTaxAssetsNet", "2005-06-30")] == 165


def test_per_share_heading_that_says_shares_is_not_a_share_count_heading():
    text = """Statements of Income
\tThree Months Ended September 30, 2008\tThree Months Ended September 30, 2007
Net sales\t100\t90
Net income\t10\t9
Income per common and common equivalent shares\t\t
Basic\t$0.10\t$0.09
Diluted\t$0.09\t$0.08
Weighted average number of common and common equivalent shares outstanding\t\t
Basic\t100\t100
Diluted\t111\t112
"""
    found = _facts(text)
    quarter = "2008-07-01--2008-09-30"
    assert found[("EarningsPerShareBasic", quarter)] == Decimal("0.10")
    assert found[("EarningsPerShareDiluted", quarter)] == Decimal("0.09")
    assert found[("WeightedAverageNumberOfSharesOutstandingBasic", quarter)] == 100
    assert found[("WeightedAverageNumberOfDilutedSharesOutstanding", quarter)] == 111


NONCONTROLLING = """Consolidated Statements of Income
(In millions, except per share data)
\tThree Months Ended June 30, 2024\tThree Months Ended June 30, 2023
Total revenue\t1,000\t900
Operating income\t200\t150
Interest expense\t(20)\t(10)
Income before income taxes\t180\t140
Provision for income taxes\t40\t30
Net income including noncontrolling interests\t140\t110
Net income attributable to noncontrolling interests\t(10)\t(5)
Net income attributable to Acme\t130\t105
Net income per common share attributable to Acme:\t\t
Basic\t$1.30\t$1.05
Diluted\t$1.29\t$1.04
Weighted average common shares outstanding\t\t
Basic\t100\t100
Diluted\t101\t101
"""


@pytest.mark.parametrize("consolidated_label", ["Net income including noncontrolling interests", "Net income"])
def test_net_income_before_and_after_the_noncontrolling_interests(consolidated_label):
    """The consolidated amount is ProfitLoss, the parent's share ("attributable to Acme") is
    NetIncomeLoss, and their difference the noncontrolling interests' share; the tax between
    income before taxes and the consolidated amount is proven by that arithmetic."""
    found = _facts(NONCONTROLLING.replace("Net income including noncontrolling interests", consolidated_label))
    quarter = "2024-04-01--2024-06-30"
    assert found[("ProfitLoss", quarter)] == 140_000_000
    assert found[("NetIncomeLossAttributableToNoncontrollingInterest", quarter)] == 10_000_000
    assert found[("NetIncomeLoss", quarter)] == 130_000_000
    assert found[("IncomeTaxExpenseBenefit", quarter)] == 40_000_000
    assert found[("EarningsPerShareBasic", quarter)] == Decimal("1.30")
    # a heading over "Basic" is a heading, not the first line of a wrapped label
    assert found[("WeightedAverageNumberOfSharesOutstandingBasic", quarter)] == 100_000_000
    assert found[("WeightedAverageNumberOfDilutedSharesOutstanding", quarter)] == 101_000_000


def test_a_line_that_a_total_below_it_names_too_is_a_part_of_that_total():
    """"Net sales" maps to revenues, but "Total revenue" below it in the same section is the
    revenues: the first is refused as a part (it was a conflict that lost both)."""
    text = """Consolidated Statements of Income
(In millions)
\tThree Months Ended June 30, 2024\tThree Months Ended June 30, 2023
Revenue\t\t
Net sales\t1,000\t900
Membership fees\t50\t45
Total revenue\t1,050\t945
Operating expenses\t\t
Merchandise costs\t800\t700
Selling, general and administrative\t100\t95
Operating income\t150\t150
"""
    found = _facts(text)
    assert found[("Revenues", "2024-04-01--2024-06-30")] == 1_050_000_000
    assert found[("Revenues", "2023-04-01--2023-06-30")] == 945_000_000


@pytest.mark.parametrize("label, concept", [
    ("Basic earnings per share", "EarningsPerShareBasic"),  # the label says basic: no heading needed
    ("Diluted earnings per share", "EarningsPerShareDiluted"),
    ("Earnings (loss) per share attributable to Acme\u2014basic", "EarningsPerShareBasic"),
    ("Earnings (loss) per share attributable to Acme\u2014diluted", "EarningsPerShareDiluted"),
    ("Weighted average shares of common stock outstanding\u2014basic", "WeightedAverageNumberOfSharesOutstandingBasic"),
    ("Weighted average shares of common stock outstanding\u2014diluted",
     "WeightedAverageNumberOfDilutedSharesOutstanding"),
])
def test_per_share_lines_that_name_their_kind_need_no_heading(label, concept):
    rule, reason = load_taxonomy(2024).rule_for(label, ("Other income (expense)",), "income")
    assert rule is not None and rule.concept.name == concept, reason


UNLABELLED_GRAND_TOTALS = """Consolidated Balance Sheets
\tDecember 31, 2022\tDecember 31, 2021
ASSETS\t\t
Current assets\t\t
Cash and cash equivalents\t500\t400
Accounts receivable, net\t100\t90
Total current assets\t600\t490
Property and equipment, net\t300\t310
Other assets\t\t
Goodwill\t50\t50
Other long-term assets, net\t20\t15
Total other assets\t70\t65
\t970\t865
LIABILITIES AND STOCKHOLDERS' EQUITY\t\t
Current liabilities\t\t
Accounts payable\t100\t90
Total current liabilities\t100\t90
Long-term debt, net\t400\t350
Stockholders' equity\t\t
Common stock\t10\t10
Retained earnings\t400\t365
Total Acme stockholders' equity\t410\t375
Noncontrolling interests\t60\t50
Total stockholders' equity\t470\t425
\t970\t865
"""


def test_unlabelled_grand_totals_after_nested_sections_and_noncontrolling_interests():
    """"Other long-term assets, net" stays one label (a comma joins what follows it), so "Total
    other assets" closes its section and the unlabelled total is the sum of the assets; the
    unlabelled total below "Total stockholders' equity" (which adds the noncontrolling interests
    to the parent's subtotal) is the liabilities and equity."""
    found = _facts(UNLABELLED_GRAND_TOTALS)
    assert found[("OtherAssetsNoncurrent", "2022-12-31")] == 20
    assert found[("Assets", "2022-12-31")] == 970
    assert found[("LiabilitiesAndStockholdersEquity", "2022-12-31")] == 970
    assert found[("LiabilitiesAndStockholdersEquity", "2021-12-31")] == 865
    # the parent's equity, the noncontrolling interests and the equity that holds both
    assert found[("StockholdersEquity", "2022-12-31")] == 410
    assert found[("MinorityInterest", "2022-12-31")] == 60
    assert found[("StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest", "2022-12-31")] == 470


# ------------------------------------------------------------------ lines added in session 7

def test_affiliates_results_and_the_pretax_line_before_them():
    """An income statement that adds the share of affiliates' results after pretax income: the
    pretax line is the 'before equity method investments' concept, the share its own, a tax
    benefit printed in brackets a negative expense (the column adds up to net income)."""
    text = ("Consolidated Statements of Earnings\n(in millions)\n\n"
            "\tThree Months Ended January 28, 2023\tThree Months Ended January 29, 2022\n"
            "Revenue\t1,000\t900\nMarketing, general and administrative\t300\t280\n"
            "Operating income\t700\t620\n"
            "Interest expense, net of amounts capitalized\t(10)\t(12)\n"
            "Earnings before income tax expense and equity in income (loss) of affiliates\t690\t608\n"
            "Provision for (benefit from) taxes\t(5)\t100\n"
            "Equity in income (loss) of affiliates\t(2)\t4\nNet earnings\t693\t512\n")
    facts = _facts(text)
    q4 = "2022-10-30--2023-01-28"
    assert facts[("SellingGeneralAndAdministrativeExpense", q4)] == Decimal("300000000")
    assert facts[("InterestExpense", q4)] == Decimal("10000000")
    before_affiliates = ("IncomeLossFromContinuingOperationsBeforeIncomeTaxesMinorityInterestAnd"
                         "IncomeLossFromEquityMethodInvestments")
    assert facts[(before_affiliates, q4)] == Decimal("690000000")
    # the tax as printed, confirmed with the affiliates' results added (a sum without them would
    # "correct" it to 3: a printed value is never changed by a relation missing a printed line)
    assert facts[("IncomeTaxExpenseBenefit", q4)] == Decimal("-5000000")
    assert facts[("IncomeLossFromEquityMethodInvestments", q4)] == Decimal("-2000000")


def test_dividend_and_other_financing_lines_of_a_cash_flow_statement():
    text = ("Consolidated Statements of Cash Flows\n(In millions)\n\n"
            "\tTwelve Months Ended December 31, 2022\tTwelve Months Ended December 31, 2021\n"
            "Cash flows provided by (used for) financing activities:\n"
            "Payment of dividends to stockholders\t(5,997)\t(5,644)\nOther financing\t(689)\t(1,480)\n"
            "Net cash used for financing activities\t(6,686)\t(7,124)\n")
    facts = _facts(text)
    year = "2022-01-01--2022-12-31"
    assert facts[("PaymentsOfDividends", year)] == Decimal("5997000000")
    assert facts[("ProceedsFromPaymentsForOtherFinancingActivities", year)] == Decimal("-689000000")


def test_the_shares_employee_awards_add_to_the_basic_count():
    """Basic + the dilutive effect of employee awards = diluted (a dash is none)."""
    text = ("Consolidated Statements of Income\n(In millions, except per share amounts)\n\n"
            "\tThree Months Ended Dec 31, 2022\tThree Months Ended Dec 25, 2021\n"
            "Net income (loss)\t(661)\t4,623\n"
            "Earnings (loss) per share - basic\t(0.16)\t1.14\nEarnings (loss) per share - diluted\t(0.16)\t1.13\n"
            "Weighted average shares of common stock outstanding:\t\t\n"
            "Basic\t4,133\t4,069\nDilutive effect of employee equity incentive plans\t—\t26\n"
            "Diluted\t4,133\t4,095\n")
    facts = _facts(text)
    assert facts[("IncrementalCommonSharesAttributableToShareBasedPaymentArrangements",
                  "2021-09-26--2021-12-25")] == Decimal("26000000")
    assert facts[("WeightedAverageNumberOfDilutedSharesOutstanding", "2021-09-26--2021-12-25")] == Decimal("4095000000")


def test_a_pretax_line_with_the_affiliates_share_added_after_the_tax_is_before_that_share():
    """us-gaap's pretax concept includes the share of affiliates' results; a statement that adds
    the share after the tax prints its pretax line before it (the other pretax concept)."""
    text = ("Consolidated Statements of Income\n(in millions)\n\n"
            "\tThree Months Ended June 30, 2023\tThree Months Ended June 30, 2022\n"
            "Revenues\t1,000\t900\nOperating expenses\t300\t280\nOperating income\t700\t620\n"
            "Income before income taxes\t700\t620\nIncome taxes\t150\t130\n"
            "Equity in earnings of affiliates\t12\t(4)\nNet income\t562\t486\n")
    facts = _facts(text)
    quarter = "2023-04-01--2023-06-30"
    before_share = ("IncomeLossFromContinuingOperationsBeforeIncomeTaxesMinorityInterestAnd"
                    "IncomeLossFromEquityMethodInvestments")
    assert facts[(before_share, quarter)] == Decimal("700000000")
    pretax = "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest"
    assert (pretax, quarter) not in facts
    assert facts[("IncomeTaxExpenseBenefit", quarter)] == Decimal("150000000")
    assert facts[("IncomeLossFromEquityMethodInvestments", quarter)] == Decimal("12000000")
