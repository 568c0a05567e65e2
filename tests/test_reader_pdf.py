"""The PDF reader on small PDFs the tests write (tests/pdfmaker.py): tables from positions,
page furniture, continued statements, wrapped and cut rows, the cover page, and the failure
modes (encrypted, no text layer, corrupt, truncated, too many pages, nested too deeply)."""
from datetime import date
from decimal import Decimal

import pytest

from converter.errors import InputError
from converter.pipeline import convert_bytes
from converter.readers import read_document
from converter.readers.pdf import MAX_PAGES, looks_like_pdf, read_pdf
from tests.pdfmaker import Text, centred, pages_pdf, raw_pdf, row, shapes_pdf, statement_pdf, width

COLUMNS = (330, 400, 470, 540)


def _values(table, label):
    found = [r for r in table.rows if r.label == label]
    assert len(found) == 1, [r.label for r in table.rows]
    return [None if c is None else c.value for c in found[0].cells]


def _income_page() -> list[Text]:
    """A statement page: running head, title, scale, three header lines (a phrase centred over
    each pair of columns, a date centred under it, years), rows, a page number at the foot."""
    glued_label = "Selling, general and administrative expenses"
    items = [centred(306, 40, "ACME WIDGETS, INC."),
             centred(306, 70, "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS"),
             centred(306, 84, "(In thousands, except per share data)"),
             centred(340, 110, "Three Months Ended", 9), centred(480, 110, "Six Months Ended", 9),
             centred(340, 121, "June 30,", 9), centred(480, 121, "June 30,", 9)]
    items += [Text(x, 133, year, right=True, size=9) for x, year in zip(COLUMNS, ("2004", "2003") * 2)]
    items += [Text(72, 150, "Revenues"), Text(282, 150, "$"), Text(425, 150, "$")]
    items += [Text(x, 150, v, right=True) for x, v in zip(COLUMNS, ("12,345", "10,000", "24,000", "20,500"))]
    items += row(162, "Cost of revenues", "7,000", "6,000", "14,000", "12,000", columns=COLUMNS)
    items += row(174, "Gross profit", "5,345", "4,000", "10,000", "8,500", columns=COLUMNS)
    # a label ending 4 points before its first amount: glued in a text dump, apart by position
    items += [Text(330 - width("5,430") - 4 - width(glued_label), 186, glued_label)]
    items += [Text(x, 186, v, right=True) for x, v in zip(COLUMNS, ("5,430", "4,100", "10,200", "8,600"))]
    # "(85 )": the parenthesis printed apart, hanging right of the digits
    items += [Text(72, 198, "Operating income (loss)")]
    for x, value in zip(COLUMNS, ("(85", "(100", "(200", "(100")):
        items += [Text(x, 198, value, right=True), Text(x + 2.5, 198, ")")]
    # a label wrapped below its amounts
    items += row(210, "Earnings before income taxes and equity in income", "(85)", "(100)", "(200)",
                 "(100)", columns=COLUMNS)
    items += [Text(72, 221, "(loss) of affiliates")]
    items += [Text(72, 240, "Net income (loss) per share:")]
    items += row(252, "Basic", "$(0.01)", "$0.02", "$0.03", "$0.04", columns=COLUMNS, indent=80)
    items += [centred(306, 760, "- 5 -")]
    return items


def test_statement_read_from_positions():
    document = read_pdf(statement_pdf([_income_page()]), "release.pdf")
    assert document.format == "pdf"
    [table] = document.tables
    assert table.statement == "income"
    assert table.scale.amounts == 1000
    assert [(c.period.start, c.period.end) for c in table.columns] == [
        (date(2004, 4, 1), date(2004, 6, 30)), (date(2003, 4, 1), date(2003, 6, 30)),
        (date(2004, 1, 1), date(2004, 6, 30)), (date(2003, 1, 1), date(2003, 6, 30))]
    assert _values(table, "Revenues") == [12345, 10000, 24000, 20500]
    assert _values(table, "Selling, general and administrative expenses") == [5430, 4100, 10200, 8600]
    assert _values(table, "Operating income (loss)") == [-85, -100, -200, -100]
    assert _values(table, "Earnings before income taxes and equity in income (loss) of affiliates") == [
        -85, -100, -200, -100]
    assert _values(table, "Basic") == [Decimal("-0.01"), Decimal("0.02"), Decimal("0.03"), Decimal("0.04")]
    labels = [r.label for r in table.rows]
    assert "- 5 -" not in labels and "ACME WIDGETS, INC." not in labels


def _balance_page(title: str, page: int, rows: list[tuple[str, str, str]]) -> list[Text]:
    items = [centred(306, 40, "ACME WIDGETS, INC."), centred(306, 70, title),
             centred(306, 84, "(In thousands)"),
             Text(430, 110, "June 30, 2004", right=True, size=9),
             Text(540, 110, "December 31, 2003", right=True, size=9)]
    for index, (label, now, before) in enumerate(rows):
        items += row(130 + 12 * index, label, now, before, columns=(430, 540))
    items += [centred(306, 760, f"Page {page} of 3")]
    return items


def test_continued_statement_is_one_table_without_repeated_headings():
    first = _balance_page("CONSOLIDATED BALANCE SHEETS", 1, [
        ("Cash and cash equivalents", "1,000", "900"), ("Accounts receivable", "500", "400"),
        ("Total current assets", "1,500", "1,300"), ("Total assets", "1,500", "1,300")])
    second = _balance_page("CONSOLIDATED BALANCE SHEETS (continued)", 2, [
        ("Accounts payable", "300", "200"), ("Total liabilities", "300", "200"),
        ("Total stockholders' equity", "1,200", "1,100"),
        ("Total liabilities and stockholders' equity", "1,500", "1,300")])
    third = [centred(306, 40, "ACME WIDGETS, INC."), Text(72, 100, "About Acme: it makes widgets."),
             centred(306, 760, "Page 3 of 3")]
    document = read_pdf(statement_pdf([first, second, third]), "balance.pdf")
    [table] = document.tables
    assert [c.period.end for c in table.columns] == [date(2004, 6, 30), date(2003, 12, 31)]
    assert all(c.period.is_instant for c in table.columns)
    assert [r.label for r in table.rows if r.cells] == [
        "Cash and cash equivalents", "Accounts receivable", "Total current assets", "Total assets",
        "Accounts payable", "Total liabilities", "Total stockholders' equity",
        "Total liabilities and stockholders' equity"]
    assert _values(table, "Total liabilities and stockholders' equity") == [1500, 1300]


def test_row_cut_at_the_page_foot_is_read_once():
    first = _balance_page("CONSOLIDATED BALANCE SHEETS", 1, [
        ("Cash and cash equivalents", "1,000", "900"), ("Accounts receivable", "500", "400")])
    first += row(740, "Sh i", "1215", "846", columns=(430, 540))  # the glyphs a page cut left
    second = row(60, "Short-term investments", "1,215", "846", columns=(430, 540))
    second += row(72, "Total current assets", "2,715", "2,146", columns=(430, 540))
    [table] = read_pdf(statement_pdf([first, second]), "cut.pdf").tables
    assert [r.label for r in table.rows if r.cells] == [
        "Cash and cash equivalents", "Accounts receivable", "Short-term investments",
        "Total current assets"]


def test_three_and_six_month_statements_under_one_title_stay_apart():
    def page(length: str) -> list[Text]:
        items = [centred(306, 70, "Statements of Income"),
                 centred(483, 100, f"{length} Months Ended", 9), centred(483, 111, "June 30,", 9),
                 Text(470, 122, "2003", right=True, size=9), Text(540, 122, "2002", right=True, size=9)]
        items += row(140, "Net sales", "4,184,018", "2,735,840", columns=(470, 540))
        items += row(152, "Cost of sales", "1,708,571", "1,205,617", columns=(470, 540))
        return items + row(164, "Gross margin", "2,475,447", "1,530,223", columns=(470, 540))
    tables = read_pdf(statement_pdf([page("Three"), page("Six")]), "two.pdf").tables
    assert [(t.columns[0].period.start, t.columns[1].period.start) for t in tables] == [
        (date(2003, 4, 1), date(2002, 4, 1)), (date(2003, 1, 1), date(2002, 1, 1))]


def test_cover_page_of_a_printed_8k():
    cover = [centred(306, 60, "UNITED STATES SECURITIES AND EXCHANGE COMMISSION"),
             centred(306, 90, "FORM 8-K"),
             centred(306, 120, "Date of Report (Date of earliest event reported): July 21, 2004"),
             centred(306, 150, "ACME WIDGETS, INC."),
             centred(306, 162, "(Exact name of registrant as specified in its charter)"),
             Text(90, 190, "Delaware"), Text(270, 190, "000-12345"), Text(430, 190, "04-1234567"),
             Text(60, 202, "(State or other jurisdiction"), Text(250, 202, "(Commission"),
             Text(410, 202, "(IRS Employer"),
             Text(60, 214, "of incorporation)"), Text(250, 214, "File Number)"),
             Text(410, 214, "Identification No.)"),
             centred(306, 240, "100 Main Street, Springfield, Massachusetts 01101"),
             centred(306, 252, "(Address of principal executive offices)"),
             centred(306, 280, "Registrant\u2019s telephone number, including area code: (413) 555-0100")]
    document = read_pdf(statement_pdf([cover, _income_page()]), "8k.pdf")
    fields = {f.name: f.value for f in document.cover}
    assert fields == {
        "DocumentType": "8-K", "DocumentPeriodEndDate": "2004-07-21",
        "EntityRegistrantName": "ACME WIDGETS, INC.", "EntityIncorporationStateCountryCode": "DE",
        "EntityFileNumber": "000-12345", "EntityTaxIdentificationNumber": "04-1234567",
        "EntityAddressAddressLine1": "100 Main Street", "EntityAddressCityOrTown": "Springfield",
        "EntityAddressStateOrProvince": "MA", "EntityAddressPostalZipCode": "01101",
        "CityAreaCode": "413", "LocalPhoneNumber": "555-0100"}


def test_convert_bytes_reads_a_pdf_and_names_its_reader():
    result = convert_bytes(statement_pdf([_income_page()]), name="release.pdf", validate=True)
    assert result.summary()["reader"] == "pdf"
    facts = {(f.concept, f.value) for f in result.instance.facts}
    assert ("us-gaap:OperatingIncomeLoss", "-85000") in facts
    assert ("us-gaap:GrossProfit", "5345000") in facts


def test_sniffed_by_signature_before_decoding():
    data = statement_pdf([_income_page()])
    assert looks_like_pdf(data, "no-suffix")
    assert not looks_like_pdf(b"<html><body>%PDF</body></html>", "page.html")
    assert read_document(data, "no-suffix").format == "pdf"


def _refusal(data: bytes, name: str = "bad.pdf") -> str:
    with pytest.raises(InputError) as caught:
        read_document(data, name)
    message = str(caught.value)
    assert message.startswith(f"{name}: ") and "\n" not in message
    return message[len(name) + 2:]


def test_encrypted_pdf_is_refused():
    data = statement_pdf([_income_page()], encrypt_with="secret")
    assert _refusal(data) == "encrypted PDF: a password is needed to read it"


def test_image_only_pdf_is_refused():
    assert _refusal(shapes_pdf()) == "no text layer: run OCR first"


def test_truncated_and_corrupt_pdfs_are_refused():
    data = statement_pdf([_income_page()])
    assert _refusal(data[:len(data) // 3]).startswith(("corrupt or truncated PDF", "no text layer"))
    assert _refusal(b"%PDF-1.4\n" + bytes(range(256)) * 40).startswith("corrupt or truncated PDF")


def test_too_many_pages_is_refused():
    message = _refusal(pages_pdf(MAX_PAGES + 50))
    assert message == f"more than {MAX_PAGES} pages: not an earnings release (a PDF bomb?)"


def test_deeply_nested_objects_are_refused():
    nested = b"[" * 100_000 + b"]" * 100_000
    data = raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /X "
                    + nested + b" >>",
                    b"<< /Length 0 >>\nstream\n\nendstream"])
    assert _refusal(data)


def test_cash_flow_columns_headed_by_a_date_take_the_period_their_net_income_proves():
    from converter.model import Cell, Column, Row, Scale, Table
    from converter.periods import Period
    from converter.readers.pdfperiods import place_cash_flow_dates

    def cells(*values):
        return tuple(Cell(str(v), Decimal(v), 1) for v in values)

    quarter = Period(date(2003, 6, 30), date(2003, 4, 1), "3 calendar months")
    half = Period(date(2003, 6, 30), date(2003, 1, 1), "6 calendar months")
    income = Table("Statements of Income", "income", 1, Scale(), (
        Column("Three Months", quarter), Column("Six Months", half)),
        (Row("Net income", 2, cells(347059, 576077)),))
    flows = Table("Selected Cash Flows Information", "cash_flow", 3, Scale(), (
        Column("June 30, 2003", Period(date(2003, 6, 30))), Column("June 30, 2002", Period(date(2002, 6, 30)))),
        (Row("Net Income", 4, cells(576077, 210302)), Row("Net cash used in investing", 5, cells(-5, -6))))
    placed = place_cash_flow_dates([income, flows])[1]
    assert placed.columns[0].period.key() == "2003-01-01--2003-06-30"
    assert "year to date" in placed.columns[0].period.rule
    # no income-statement column ends on June 30, 2002 with that net income: still an instant
    assert placed.columns[1].period.is_instant


def test_a_title_printed_over_two_lines():
    page = [centred(306, 60, "CONDENSED CONSOLIDATED STATEMENTS OF"), centred(306, 72, "CASH FLOWS"),
            centred(400, 100, "Six Months Ended June 30,", 9),
            Text(360, 112, "2004", right=True, size=9), Text(440, 112, "2003", right=True, size=9)]
    page += row(130, "Net cash provided by operating activities", "1,000", "900", columns=(360, 440))
    page += row(142, "Net cash used in investing activities", "(300)", "(200)", columns=(360, 440))
    [table] = read_pdf(statement_pdf([page]), "flows.pdf").tables
    assert table.statement == "cash_flow"
    assert table.title == "CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS"
    assert [c.period.key() for c in table.columns] == ["2004-01-01--2004-06-30", "2003-01-01--2003-06-30"]


def test_statement_going_on_over_a_page_without_repeating_its_title():
    first = _balance_page("CONSOLIDATED BALANCE SHEETS", 1, [
        ("Cash and cash equivalents", "1,000", "900"), ("Total assets", "1,500", "1,300")])
    second = [Text(72, 60, "Liabilities and stockholders' equity:")]
    second += row(72, "Accounts payable", "300", "200", columns=(430, 540))
    second += row(84, "Total liabilities and stockholders' equity", "1,500", "1,300", columns=(430, 540))
    third = [centred(306, 60, "Key Operating Ratios")]
    third += row(90, "Current ratio", "5.32", "5.76", columns=(300, 380))
    third += row(102, "Employees", "68", "69", columns=(300, 380))
    [table] = read_pdf(statement_pdf([first, second, third]), "over.pdf").tables
    assert [r.label for r in table.rows if any(r.cells)] == [
        "Cash and cash equivalents", "Total assets", "Accounts payable",
        "Total liabilities and stockholders' equity"]


def test_a_closing_parenthesis_printed_apart_after_an_unclosed_amount_joins_it():
    """"(225" then ")" as two words, the first column's amount: the row keeps all four values
    (the amount was once read as part of the label, "Provision for income taxes (225 )")."""
    items = [centred(306, 70, "Statements of Income"),
             centred(340, 100, "Three Months Ended", 9), centred(480, 100, "Six Months Ended", 9),
             centred(340, 111, "March 31,", 9), centred(480, 111, "March 31,", 9)]
    items += [Text(x, 122, year, right=True, size=9) for x, year in zip(COLUMNS, ("2015", "2014") * 2)]
    items += row(140, "Income before income taxes", "(576)", "457", "1,231", "1,671", columns=COLUMNS)
    items += [Text(72, 152, "Provision for income taxes"), Text(330 + width(" )"), 152, "(225 )", right=True)]
    items += [Text(x, 152, v, right=True) for x, v in zip(COLUMNS[1:], ("178", "480", "652"))]
    items += row(164, "Net income", "(351)", "279", "751", "1,019", columns=COLUMNS)
    [table] = read_pdf(statement_pdf([items]), "closing.pdf").tables
    assert _values(table, "Provision for income taxes") == [-225, 178, 480, 652]


def test_cover_with_the_date_below_its_caption_and_a_raised_ordinal_in_the_address():
    """Later printed 8-Ks put the date of report under its caption, and the street's "85th"
    with a raised "th" (not a footnote mark); the street number has five digits like a zip."""
    cover = [centred(306, 60, "UNITED STATES SECURITIES AND EXCHANGE COMMISSION"),
             centred(306, 90, "FORM 8-K"),
             centred(306, 120, "Date of Report (Date of earliest event reported)"),
             centred(306, 132, "July 20, 2005"),
             centred(306, 160, "ACME WIDGETS, INC."),
             centred(306, 172, "(Exact name of registrant as specified in its charter)"),
             Text(90, 200, "Delaware"), Text(270, 200, "001-16391"), Text(430, 200, "86-1234567"),
             Text(60, 212, "(State or other jurisdiction of"), Text(250, 212, "(Commission File Number)"),
             Text(410, 212, "(IRS Employer"),
             Text(60, 224, "incorporation)"), Text(410, 224, "Identification No.)"),
             Text(250, 250, "17800 N. 85"), Text(250 + width("17800 N. 85"), 247, "th", size=6),
             Text(250 + width("17800 N. 85") + width("th", 6) + 3, 250, "St."),
             centred(306, 262, "Scottsdale, Arizona 85255"),
             centred(306, 274, "(Address of principal executive offices, including zip code)")]
    document = read_pdf(statement_pdf([cover, _income_page()]), "8k.pdf")
    fields = {f.name: f.value for f in document.cover}
    assert fields["DocumentPeriodEndDate"] == "2005-07-20"
    assert [fields[k] for k in ("EntityAddressAddressLine1", "EntityAddressCityOrTown",
                                "EntityAddressStateOrProvince", "EntityAddressPostalZipCode")] == [
        "17800 N. 85th St.", "Scottsdale", "AZ", "85255"]
