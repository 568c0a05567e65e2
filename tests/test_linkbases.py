"""The label and presentation linkbases (writers/linkbases.py): the statements schema named by
digest beside the calculation schema, rows in printed order under their headings, printed
labels in the roles their arcs prefer, and what Arelle's presentation view shows."""
import re

import pytest
from lxml import etree

from converter.build import Overrides
from converter.pipeline import convert_bytes, write_result
from converter.writers.linkbases import NEGATED, PERIOD_END, PERIOD_START, STANDARD, TERSE, TOTAL, VERBOSE
from tests.arelle_view import presentation
from tests.conftest import SEED_000, SEED_002, SEED_003

LINK = "{http://www.xbrl.org/2003/linkbase}"
XLINK = "{http://www.w3.org/1999/xlink}"
XS = "{http://www.w3.org/2001/XMLSchema}"


@pytest.fixture(scope="module")
def seed_000():
    return convert_bytes(SEED_000.read_bytes(), SEED_000.name)


def _files(result):
    names = sorted(n for n in result.taxonomy_files if "-statements-" in n)
    schema = next(n for n in names if n.endswith(".xsd"))
    stem = schema.removesuffix(".xsd")
    assert names == [stem + "-lab.xml", stem + "-pre.xml", schema]
    return {kind: etree.fromstring(result.taxonomy_files[name].encode())
            for kind, name in (("xsd", schema), ("pre", stem + "-pre.xml"), ("lab", stem + "-lab.xml"))}, schema


def _children(pre, role: str) -> dict[str, list[tuple[str, str]]]:
    """parent locator -> [(child concept id, preferredLabel)] in arc order, for one role."""
    link = next(x for x in pre.iter(LINK + "presentationLink") if x.get(XLINK + "role") == role)
    href = {loc.get(XLINK + "label"): loc.get(XLINK + "href").split("#")[1] for loc in link.iter(LINK + "loc")}
    found: dict[str, list[tuple[int, str, str]]] = {}
    for arc in link.iter(LINK + "presentationArc"):
        found.setdefault(href[arc.get(XLINK + "from")], []).append(
            (int(arc.get("order")), href[arc.get(XLINK + "to")], arc.get("preferredLabel", "")))
    return {parent: [(c, p) for _, c, p in sorted(arcs)] for parent, arcs in found.items()}


def test_the_instance_references_the_statements_schema_named_by_digest(seed_000):
    files, schema = _files(seed_000)
    assert re.fullmatch(r"xbrl-export-2024-statements-[0-9a-f]{12}\.xsd", schema)
    refs = re.findall(r'<link:schemaRef xlink:type="simple" xlink:href="([^"]+)"/>', seed_000.instance_xml)
    assert refs[1] == schema and refs[0].startswith("xbrl-export-2024-calc-")
    linkbases = [r.get(XLINK + "href") for r in files["xsd"].iter(LINK + "linkbaseRef")]
    assert linkbases == [schema.replace(".xsd", "-pre.xml"), schema.replace(".xsd", "-lab.xml")]


def test_roles_with_the_printed_titles_and_abstract_headings(seed_000):
    files, _ = _files(seed_000)
    roles = {r.get("roleURI"): r.findtext(LINK + "definition") for r in files["xsd"].iter(LINK + "roleType")}
    assert roles == {
        "urn:xbrl-export:role:statement:CondensedConsolidatedStatementsOfOperations":
            "Condensed Consolidated Statements of Operations",
        "urn:xbrl-export:role:statement:CondensedConsolidatedBalanceSheets": "Condensed Consolidated Balance Sheets",
        "urn:xbrl-export:role:statement:CondensedConsolidatedStatementsOfCashFlows":
            "Condensed Consolidated Statements of Cash Flows"}
    elements = {e.get("name"): e for e in files["xsd"].iter(XS + "element")}
    assert {"IncomeStatementAbstract", "StatementOfFinancialPositionAbstract", "StatementOfCashFlowsAbstract",
            "OperatingExpensesAbstract", "CurrentAssetsAbstract"} <= set(elements)
    heading = elements["OperatingExpensesAbstract"]
    assert (heading.get("abstract"), heading.get("nillable"), heading.get("substitutionGroup"),
            heading.get("{http://www.xbrl.org/2003/instance}periodType")) == ("true", "true", "xbrli:item", "duration")


def test_rows_in_printed_order_with_preferred_labels(seed_000):
    files, _ = _files(seed_000)
    income = _children(files["pre"], "urn:xbrl-export:role:statement:CondensedConsolidatedStatementsOfOperations")
    assert income["xbs_IncomeStatementAbstract"][:6] == [
        ("us-gaap_Revenues", ""), ("us-gaap_CostOfRevenue", VERBOSE), ("us-gaap_GrossProfit", TERSE),
        ("xbs_OperatingExpensesAbstract", ""), ("us-gaap_OperatingIncomeLoss", VERBOSE),
        ("us-gaap_InterestExpense", NEGATED)]
    assert income["xbs_OperatingExpensesAbstract"][-1] == ("us-gaap_OperatingExpenses", TOTAL)
    cash = _children(files["pre"], "urn:xbrl-export:role:statement:CondensedConsolidatedStatementsOfCashFlows")
    # the cash balance twice under one parent: at the start and at the end of the period
    assert cash["xbs_StatementOfCashFlowsAbstract"][-2:] == [
        ("us-gaap_CashAndCashEquivalentsAtCarryingValue", PERIOD_START),
        ("us-gaap_CashAndCashEquivalentsAtCarryingValue", PERIOD_END)]


def test_standard_and_printed_labels(seed_000):
    files, _ = _files(seed_000)
    labels = {(x.get(XLINK + "label"), x.get(XLINK + "role")): x.text for x in files["lab"].iter(LINK + "label")}
    assert labels[("label_us-gaap_CostOfRevenue", STANDARD)] == "Cost of Revenue"  # taxonomy/us-gaap.yaml
    assert labels[("label_us-gaap_CostOfRevenue", VERBOSE)] == "Cost of revenues"  # as printed
    assert labels[("label_us-gaap_InterestExpense", NEGATED)] == "Interest expense"
    assert labels[("label_us-gaap_OperatingExpenses", TOTAL)] == "Total operating expenses"
    assert labels[("label_xbs_OperatingExpensesAbstract", STANDARD)] == "Operating expenses"
    assert labels[("label_dei_EntityRegistrantName", STANDARD)] == "Entity Registrant Name"  # a cover fact
    assert labels[("label_us-gaap_CashAndCashEquivalentsAtCarryingValue", PERIOD_START)] == \
        "Cash and cash equivalents, beginning of period"


def test_identical_statements_share_their_files_and_others_do_not(seed_000):
    other_entity = convert_bytes(SEED_000.read_bytes(), "elsewhere.txt", overrides=Overrides(cik="1105472"))
    assert _files(other_entity)[1] == _files(seed_000)[1]
    assert _files(convert_bytes(SEED_002.read_bytes(), SEED_002.name))[1] != _files(seed_000)[1]


def test_no_statements_no_statements_schema():
    result = convert_bytes(SEED_003.read_bytes(), SEED_003.name)
    assert not any("-statements-" in name for name in result.taxonomy_files)
    assert "-statements-" not in result.instance_xml


def test_official_schema_ref_writes_no_generated_linkbases():
    result = convert_bytes(SEED_000.read_bytes(), SEED_000.name, schema_ref="official")
    assert result.taxonomy_files == {} and "-statements-" not in result.instance_xml


def test_arelle_shows_each_statement_in_printed_order_with_printed_labels(seed_000, tmp_path):
    target = tmp_path / "seed.xml"
    write_result(seed_000, target)
    views = presentation(target)
    definition, rows = views["urn:xbrl-export:role:statement:CondensedConsolidatedStatementsOfOperations"]
    assert definition == "Condensed Consolidated Statements of Operations"
    assert rows[:8] == [
        (0, "Income statement", "xbs:IncomeStatementAbstract"),
        (1, "Revenues", "us-gaap:Revenues"),
        (1, "Cost of revenues", "us-gaap:CostOfRevenue"),
        (1, "Gross profit", "us-gaap:GrossProfit"),
        (1, "Operating expenses", "xbs:OperatingExpensesAbstract"),
        (2, "Research and development", "us-gaap:ResearchAndDevelopmentExpense"),
        (2, "Sales and marketing", "us-gaap:SellingAndMarketingExpense"),
        (2, "General and administrative", "us-gaap:GeneralAndAdministrativeExpense")]
    _, balance = views["urn:xbrl-export:role:statement:CondensedConsolidatedBalanceSheets"]
    assert (2, "Assets", "us-gaap:Assets") in balance  # an unlabelled total: its standard label
    _, cash = views["urn:xbrl-export:role:statement:CondensedConsolidatedStatementsOfCashFlows"]
    cash_balance = "us-gaap:CashAndCashEquivalentsAtCarryingValue"
    assert cash[-2:] == [(1, "Cash and cash equivalents, beginning of period", cash_balance),
                         (1, "Cash and cash equivalents, end of period", cash_balance)]


def test_printed_labels_and_titles_are_escaped():
    text = (b"Statements of Operations & <Other> Items\n(In thousands)\n\tThree Months Ended June 30, 2004\n"
            b"Revenues\t100\nResearch & development\t10\nNet income\t90\n")
    files, _ = _files(convert_bytes(text, "amp.txt"))
    labels = {x.get(XLINK + "role"): x.text for x in files["lab"].iter(LINK + "label")
              if x.get(XLINK + "label") == "label_us-gaap_ResearchAndDevelopmentExpense"}
    assert labels == {STANDARD: "Research and Development Expense", TERSE: "Research & development"}
    definitions = [r.findtext(LINK + "definition") for r in files["xsd"].iter(LINK + "roleType")]
    assert definitions == ["Statements of Operations & <Other> Items"]
