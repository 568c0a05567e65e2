"""An HTML statement continued in a second table (a page break in the release): a table with no
title of its own, right after the statement, under the same column headings."""
from converter.build import Overrides
from converter.pipeline import convert_bytes

HEAD = ("<tr><td></td><td></td><td>Six Months Ended</td></tr>"
        "<tr><td></td><td></td><td>July 30,</td></tr><tr><td></td><td></td><td>2023</td></tr>")
PAGE = """<html><body><p>ACME CORPORATION (NASDAQ: ACME)</p>
<p>CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS</p><p>(In millions)</p>
<table>{head}
<tr><td>Cash flows from operating activities:</td><td></td><td></td></tr>
<tr><td>Net income</td><td></td><td>8,232</td></tr>
<tr><td>Net cash provided by operating activities</td><td></td><td>9,259</td></tr>
</table>
{between}
<table>{head}
<tr><td>Cash flows from financing activities:</td><td></td><td></td></tr>
<tr><td>Repayment of debt</td><td></td><td>(1,250)</td></tr>
<tr><td>Net cash used in financing activities</td><td></td><td>(1,250)</td></tr>
</table></body></html>"""


def _facts(between: str) -> dict:
    result = convert_bytes(PAGE.format(head=HEAD, between=between).encode(), "release.html",
                           overrides=Overrides(entity_name="Acme"))
    return {f.concept: f.value for f in result.instance.facts if f.unit_id}


def test_a_statement_continued_in_a_second_table_is_one_statement():
    facts = _facts("")
    assert facts["us-gaap:NetCashProvidedByUsedInOperatingActivities"] == "9259000000"
    assert facts["us-gaap:RepaymentsOfDebt"] == "1250000000"
    assert facts["us-gaap:NetCashProvidedByUsedInFinancingActivities"] == "-1250000000"


def test_a_table_after_prose_is_not_a_continuation():
    facts = _facts("<p>The company also reports the following figures for its segments.</p>")
    assert "us-gaap:NetCashProvidedByUsedInOperatingActivities" in facts
    assert "us-gaap:RepaymentsOfDebt" not in facts
