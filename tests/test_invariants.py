"""Invariant checks that need no golden file: each on a small statement built in the shape of a
public release, holding and failing."""
from converter.pipeline import convert_bytes
from tests.conftest import SEED_000

INCOME = ("Condensed Consolidated Statements of Operations\n"
          "(In thousands, except per share data)\n"
          "\tThree Months Ended June 30, 2004\n"
          "Revenues\t$42,361\nNet income\t$4,934\n"
          "Net income per share:\t\nBasic\t$0.02\n"
          "Shares used in computing net income per share:\t\nBasic\t{shares}\n")
BALANCE = ("Condensed Consolidated Balance Sheets\n(In thousands)\n\tJune 30, 2004\n"
           "Assets\t\nCurrent assets:\t\nCash and cash equivalents\t100\nInventories\t50\n"
           "Total current assets\t150\nTotal assets\t{assets}\n"
           "Liabilities and stockholders' equity\t\nAccounts payable\t60\n"
           "Total liabilities and stockholders' equity\t150\n")
CASH_FLOW = ("Condensed Consolidated Statements of Cash Flows\n(In thousands)\n"
             "\tThree Months Ended June 30, 2004\n"
             "Net income\t4,934\nNet increase in cash and cash equivalents\t10\n"
             "Cash and cash equivalents, beginning of period\t90\n"
             "Cash and cash equivalents, end of period\t{cash}\n")


def _checks(text: str) -> list[dict]:
    return convert_bytes(text.encode(), "fragment.txt").report()["invariants"]


def test_seed_000_satisfies_every_invariant():
    checks = convert_bytes(SEED_000.read_bytes(), SEED_000.name).report()["invariants"]
    assert {c["check"] for c in checks} == {"per-share", "equal-totals", "section-balance"}
    assert all(c["status"] == "holds" for c in checks)
    per_share = [c for c in checks if c["check"] == "per-share" and c["where"] == "D2004-04-01_2004-06-30"]
    assert per_share[0]["detail"].startswith("NetIncomeLoss 4,934,000 / WeightedAverageNumberOfSharesOutstandingBasic")


def test_per_share_holds():
    checks = [c for c in _checks(INCOME.format(shares="246,646")) if c["check"] == "per-share"]
    assert checks == [{"check": "per-share", "where": "D2004-04-01_2004-06-30", "status": "holds",
                       "detail": "NetIncomeLoss 4,934,000 / WeightedAverageNumberOfSharesOutstandingBasic "
                                 "246,646,000 = 0.0200; EarningsPerShareBasic 0.02"}]


def test_assets_equal_liabilities_and_equity():
    checks = [c for c in _checks(BALANCE.format(assets="150")) if c["check"] == "equal-totals"]
    assert checks == [{"check": "equal-totals", "where": "I2004-06-30", "status": "holds",
                       "detail": "Assets 150,000; LiabilitiesAndStockholdersEquity 150,000"}]


def test_ending_cash_against_the_balance_sheet():
    text = BALANCE.format(assets="150") + "\n" + CASH_FLOW.format(cash="100")
    checks = [c for c in _checks(text) if c["check"] == "ending-cash"]
    assert [(c["where"], c["status"]) for c in checks] == [("2004-06-30", "holds")]
    text = BALANCE.format(assets="150") + "\n" + CASH_FLOW.format(cash="101")
    checks = [c for c in _checks(text) if c["check"] == "ending-cash"]
    assert checks[0]["status"] == "fails" and "101,000" in checks[0]["detail"]
    assert checks[0]["detail"].startswith("CashAndCashEquivalentsAtCarryingValue at the end of the period")


def test_a_liability_label_under_assets_is_refused_and_contra_lines_are_not():
    text = BALANCE.format(assets="150").replace("Inventories\t50", "Accrued liabilities\t50")
    facts, notices = _facts(text)
    assert "AccruedLiabilitiesCurrent" not in facts and facts["AssetsCurrent"][0] == "150000"
    assert any(n.kind == "refusal" and "AccruedLiabilitiesCurrent is a credit item but sits under "
               "'Assets'" in n.message for n in notices)
    checks = convert_bytes(SEED_000.read_bytes(), SEED_000.name).report()["invariants"]
    treasury = [c for c in checks if c["check"] == "section-balance" and "TreasuryStockValue" in c["detail"]]
    assert [c["status"] for c in treasury] == ["holds"]  # printed as a deduction under equity


def _facts(text: str) -> tuple[dict, list]:
    result = convert_bytes(text.encode(), "fragment.txt")
    facts = {f.concept.split(":")[1]: (f.value, f.decimals, f.confirmation) for f in result.instance.facts}
    return facts, result.instance.notices


def test_share_count_in_whole_shares_under_a_thousands_header_is_rescaled_with_evidence():
    # "(in thousands, except share and per share data)" read as thousands for the shares too
    facts, notices = _facts(INCOME.format(shares="246,646"))
    assert facts["WeightedAverageNumberOfSharesOutstandingBasic"][:2] == ("246646000", "-3")
    facts, notices = _facts(INCOME.format(shares="246,646,000"))
    value, decimals, confirmation = facts["WeightedAverageNumberOfSharesOutstandingBasic"]
    assert (value, decimals) == ("246646000", "0")
    assert confirmation.startswith("rescaled by 0.001: net income (line 5) / this count")
    assert any(n.kind == "note" and "rescaled by 0.001" in n.message for n in notices)


def test_share_count_that_no_scale_explains_is_refused():
    facts, notices = _facts(INCOME.format(shares="123,456"))
    assert "WeightedAverageNumberOfSharesOutstandingBasic" not in facts
    assert facts["EarningsPerShareBasic"][0] == "0.02" and facts["NetIncomeLoss"][0] == "4934000"
    assert any(n.kind == "refusal" and "its scale is not proven" in n.message for n in notices)


def test_corpus_check_records_each_input_and_never_raises(tmp_path):
    from converter.corpus_check import check_paths, totals
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    records = list(check_paths([SEED_000, empty]))
    assert [r["status"] for r in records] == ["converted", "failed"]
    assert records[1]["error"] == "the file is empty"
    assert records[0]["failures"] == [] and records[0]["facts"] > 190
    assert totals(records)["equal-totals"] == {"holds": 2, "fails": 0}
