"""Fixed-width statements (EDGAR ASCII exhibits, w3m renderings of HTML releases): issue 13's
recall classes, each on a fragment written in the shape of such a filing (not copied text)."""
from decimal import Decimal

from converter.readers.fixedwidth import damaged_tail, find_columns
from converter.readers.text import find_tables, is_title, unglue
from tests.test_damaged import facts_of

# Right-aligned amounts; negatives printed with a space before the closing parenthesis.
RIGHT_HEAD = """\
EXAMPLE CORP.
CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS
(In millions, except per share amounts)

                                              THREE MONTHS ENDED           NINE MONTHS ENDED
                                            June 30,     June 30,       June 30,     June 30,
                                              2005         2004           2005         2004

Net sales                                 $    1,210   $      980    $    3,400   $    2,950
Cost of sales                                    800          700         2,300        2,100
Gross margin                                     410          280         1,100          850
Operating expenses:
Research and development                          90           85           270          250
Selling, general and administrative              240          215           720          660
Restructuring costs                               16          (12 )          60           32
Total operating expenses                         346          288         1,050          942
Operating income (loss)                           64           (8 )          50          (92 )
Interest and other income, net                    10            9            30          110
Income before provision for income taxes          74            1            80           18
Provision for income taxes                        20            0            22            5
Income before accounting change                   54            1            58           13
"""


def statement(rows: str) -> str:
    return RIGHT_HEAD + rows


CLEAN_END = """\
Cumulative effect of accounting change, net                                               (4 )
Net income                                $       54   $        1    $       58   $        9
"""
NINE_2004 = "2003-10-01--2004-06-30"
THREE_2004 = "2004-04-01--2004-06-30"


def test_negatives_with_a_space_before_the_parenthesis_are_amounts():
    facts, _ = facts_of(statement(CLEAN_END))
    assert facts[("OperatingIncomeLoss", THREE_2004)].value == "-8000000"
    assert facts[("OperatingIncomeLoss", NINE_2004)].value == "-92000000"
    assert facts[("NetIncomeLoss", NINE_2004)].value == "9000000"


def test_a_printed_value_that_cannot_be_read_is_a_refused_row_not_a_section():
    damaged = CLEAN_END.replace("(4 )", "4 )")  # a parenthesis lost in conversion
    tables, notices, _ = find_tables(statement(damaged).split("\n"))
    row = next(r for r in tables[0].rows if r.label.startswith("Cumulative effect"))
    assert [c.kind for c in row.cells] == ["refused"] * 4
    assert all(r.label != "Net income" or r.sections == () for r in tables[0].rows)
    facts, _ = facts_of(statement(damaged))
    # Net income 9 is not "corrected" to 13 (= income before the change, the unread row left
    # out): a group holding a printed row it could not read proves no sum wrong
    assert facts[("NetIncomeLoss", NINE_2004)].value != "13000000"
    assert facts[("OperatingIncomeLoss", NINE_2004)].value == "-92000000"


def test_damaged_tail_is_only_found_in_the_columns():
    columns = find_columns(statement(CLEAN_END).split("\n"))
    assert damaged_tail("Cumulative effect, net" + " " * 60 + "4 )", columns) > 0
    assert damaged_tail("Common stock; 9,000 authorized; 3,819", columns) == -1
    assert damaged_tail("Cumulative effect of accounting change, net", columns) == -1


def test_footnote_marks_after_amounts_are_skipped():
    rows = CLEAN_END.replace("16          (12 )", "16          (12 )(a)")
    tables, _, _ = find_tables(statement(rows).split("\n"))
    row = next(r for r in tables[0].rows if r.label == "Restructuring costs")
    assert [c.value for c in row.cells] == [Decimal(16), Decimal(-12), Decimal(60), Decimal(32)]


def test_a_number_ending_a_wrapped_label_left_of_the_columns_is_label_text():
    values = f"{'2,369':>10}{'1,926':>15}{'2,369':>12}{'1,926':>15}"  # right edges on the columns
    rows = ("Common stock; 9,000 authorized; 3,819\n"
            f"{'shares issued and outstanding, respectively':<42}{values}\n" + CLEAN_END)
    tables, _, _ = find_tables(statement(rows).split("\n"))
    row = next(r for r in tables[0].rows if r.label.startswith("Common stock"))
    assert row.label.endswith("outstanding, respectively")
    assert row.cells[0].value == Decimal(2369)


# w3m renders HTML cells left-aligned and padded to the cell's width.
LEFT = """\
                               EXAMPLE CORP.
           CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS
                               (In millions)

                                              Three Months Ended        Six Months Ended
                                              July 31,     July 31,     July 31,     July 31,
                                                2023         2022         2023         2022
Cash flows from operating activities:
Net income                                    $ 5,100      $ 610        $ 7,950      $ 2,100
  Depreciation and amortization                 301          288          611          570
  Deferred income taxes                         (702   )     (401   )     (1,820 )     (905   )
  Other                                         (61    )     7            (90    )     12
  Accounts receivable                           (2,806 )     130          (3,100 )     (601   )
Net cash provided by operating activities       1,832        634          3,551        1,176

                                                Three Months Ended        Six Months Ended
                                                July 31,     July 31,     July 31,     July 31,
                                                  2023         2022         2023         2022

Cash flows from financing activities:
  Dividends paid                                   (97    )     (99    )     (195   )     (198   )
  Repayment of debt                                (1,100 )     —            (1,100 )     —
Net cash used in financing activities              (1,197 )     (99    )     (1,295 )     (198   )
"""


def test_left_aligned_padded_cells_are_placed_by_their_left_edges():
    tables, _, _ = find_tables(LEFT.split("\n"))
    rows = {r.label.strip(): r for r in tables[0].rows}
    assert [c.value for c in rows["Deferred income taxes"].cells] == [-702, -401, -1820, -905]
    assert [c.value for c in rows["Other"].cells] == [-61, 7, -90, 12]
    assert [c.value for c in rows["Accounts receivable"].cells] == [-2806, 130, -3100, -601]


def test_a_label_ending_in_a_colon_is_not_a_title():
    assert not is_title("Consolidated Balance Sheet:")
    assert is_title("CONDENSED CONSOLIDATED BALANCE SHEETS")


def test_a_later_table_with_its_own_title_block_ends_the_statement():
    text = LEFT + """

                               EXAMPLE CORP.
           RECONCILIATION OF GAAP TO NON-GAAP FINANCIAL MEASURES
                               (In millions)

                                                Three Months Ended        Six Months Ended
                                                July 31,     July 31,     July 31,     July 31,
                                                  2023         2022         2023         2022
GAAP net income                                   5,100        610          7,950        2,100
Non-GAAP net income                               5,900        1,100        9,100        3,400
"""
    tables, _, _ = find_tables(text.split("\n"))
    labels = [r.label for t in tables for r in t.rows]
    assert "Non-GAAP net income" not in labels


def test_statement_titles_without_the_word_statement_only_as_whole_lines():
    assert is_title("CONSOLIDATED RESULTS OF OPERATIONS")
    assert is_title("Condensed Consolidated Financial Position (Unaudited)")
    assert is_title("Consolidated Statements of Income (Unaudited)")
    assert is_title("Statement of Cash Flow")
    assert not is_title("Item 2.02. Results of Operations and Financial Condition.")
    assert not is_title("Financial Position")  # a heading over prose in a release
    assert not is_title("Financial Overview")  # names no statement
    assert not is_title("Financial Highlights")


def test_headers_glued_by_extraction_are_read():
    assert unglue("Three Months EndedMarch 31, 2004") == "Three Months Ended March 31, 2004"
    assert unglue("YEAR ENDEDDECEMBER 31, 2004") == "YEAR ENDED DECEMBER 31, 2004"
    assert unglue("Weeks Ended July 3, 2004") == "Weeks Ended July 3, 2004"
    glued = RIGHT_HEAD.replace("THREE MONTHS ENDED           NINE MONTHS ENDED",
                               "THREE MONTHS ENDEDJUNE 30    NINE MONTHS ENDEDJUNE 30")
    glued = glued.replace("June 30,     June 30,       June 30,     June 30,", "")
    tables, _, _ = find_tables((glued + CLEAN_END).split("\n"))
    assert [c.period.key() for c in tables[0].columns][::3] == ["2005-04-01--2005-06-30", NINE_2004]


def test_a_label_wrapped_under_its_values_joins_its_row():
    values = f"{'2,369':>10}{'1,926':>15}{'2,369':>12}{'1,926':>15}"
    rows = (f"{'Common stock, no par value;':<42}{values}\n"
            "   authorized 900 shares; issued 385 and 366\n" + CLEAN_END)
    tables, _, _ = find_tables(statement(rows).split("\n"))
    labels = [r.label for r in tables[0].rows]
    assert "Common stock, no par value; authorized 900 shares; issued 385 and 366" in labels
    assert not any(label.startswith("authorized") for label in labels)


def test_a_row_with_more_values_than_columns_is_kept_unread():
    from tests.test_damaged import INCOME_ROWS, income
    rows = [r.replace("Interest income\t891\t461", "Interest income\t891\t461\t12") for r in INCOME_ROWS]
    tables, notices, _ = find_tables(income(rows).split("\n"))
    row = next(r for r in tables[0].rows if r.label == "Interest income")
    assert [c.kind for c in row.cells] == ["refused", "refused"]
    assert any("3 values for 2 columns" in n.message for n in notices)


def test_a_total_is_not_corrected_by_one_digit_when_a_child_is_absent():
    # a cumulative-effect row of (2) lost without a trace: net income 11 is one digit away from
    # income before the change, 13, yet it is right; without every child read, no correction
    lost = "Net income                                $       54   $        1    $       58   $       11\n"
    facts, _ = facts_of(statement(lost))
    net = facts.get(("NetIncomeLoss", NINE_2004))
    assert net is None or net.value == "11000000"


def test_a_label_on_one_line_and_its_values_on_the_next():
    rows = ("Net cash provided by (used in) investing\n"
            f"{'  activities':<42}{'(447 )':>11}{'1,618':>14}{'(1,287 )':>13}{'4,230':>14}\n" + CLEAN_END)
    tables, _, _ = find_tables(statement(rows).split("\n"))
    row = next(r for r in tables[0].rows if r.label.startswith("Net cash"))
    assert row.label == "Net cash provided by (used in) investing activities"
    assert [c.value for c in row.cells] == [-447, 1618, -1287, 4230]


def test_a_row_starting_with_a_scale_word_does_not_end_the_statement():
    values = f"{'12':>10}{'11':>15}{'36':>12}{'33':>15}"
    rows = f"{'Millions of units shipped':<42}{values}\n" + CLEAN_END
    tables, _, _ = find_tables(statement(rows).split("\n"))
    assert any(r.label == "Net income" for r in tables[0].rows)


def test_a_lower_case_less_line_is_a_row_of_its_own():
    values = f"{'2,369':>10}{'1,926':>15}{'2,369':>12}{'1,926':>15}"
    rows = (f"{'Property and equipment':<42}{values}\n"
            "  less accumulated depreciation\n" + CLEAN_END)
    tables, _, _ = find_tables(statement(rows).split("\n"))
    assert any(r.label == "Property and equipment" for r in tables[0].rows)


def test_a_statement_continued_under_a_repeated_title_keeps_its_kind_and_periods():
    first, second = LEFT.split("\n\n                                                Three Months Ended")
    continued = (first + "\n\n           CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS (Continued)\n"
                 "                               (In millions)\n\n"
                 "                                                Three Months Ended" + second)
    tables, _, _ = find_tables(continued.split("\n"))
    assert [t.statement for t in tables] == ["cash_flow", "cash_flow"]
    assert tables[1].columns[2].period.key() == "2023-02-01--2023-07-31"
    rows = {r.label.strip(): r for r in tables[1].rows}
    assert [c.value for c in rows["Dividends paid"].cells] == [-97, -99, -195, -198]


def test_a_statement_continued_after_a_page_break_keeps_its_periods():
    tables, _, _ = find_tables(LEFT.split("\n"))
    assert len(tables) == 2 and tables[1].statement == "cash_flow"
    assert [c.period.key() for c in tables[1].columns] == [c.period.key() for c in tables[0].columns]
    rows = {r.label.strip(): r for r in tables[1].rows}
    assert [c.value for c in rows["Repayment of debt"].cells] == [-1100, 0, -1100, 0]
