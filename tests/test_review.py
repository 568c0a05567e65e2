"""The review page without a browser: the command, the batch option and its index page, the
source lines the readers number, escaping of hostile input, and every corpus file.
(tests/test_review_browser.py loads pages in headless Chromium.)"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import html
from typer.testing import CliRunner

from converter.cli import app
from converter.pipeline import convert_bytes, convert_file
from converter.writers.review_page import build_page, confirmation_kind
from tests.conftest import SEED_000, SEED_002, SEED_003, SHARED

runner = CliRunner()
CORPUS = SHARED / "corpus"


def _tree(path: Path):
    return html.fromstring(path.read_text(encoding="utf-8"))


def test_review_command_writes_one_self_contained_page(tmp_path):
    target = tmp_path / "seed.html"
    expected = convert_file(SEED_002)
    result = runner.invoke(app, ["review", str(SEED_002), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert f"{len(expected.instance.facts)} facts, 6 tables" in result.output
    assert f"wrote {target}" in result.output
    text = target.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)  # nothing fetched
    assert "default-src 'none'" in text
    tree = html.fromstring(text)
    assert len(tree.xpath('//tbody/tr')) == len(expected.instance.facts)
    assert len(tree.xpath('//*[contains(@class, "notice refusal")]')) == len(expected.refusals)
    assert not list(tmp_path.glob("*.xml"))  # the command writes the page only


def test_review_command_default_name_and_one_line_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["review", str(SEED_003)]).exit_code == 0
    assert (tmp_path / "003_0e315d5e1cee0acc.review.html").is_file()
    missing = runner.invoke(app, ["review", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 3
    assert missing.output.count("\n") == 1 and "nope.txt" in missing.output
    assert "Traceback" not in missing.output
    (tmp_path / "file").write_text("a file, not a folder")
    blocked = runner.invoke(app, ["review", str(SEED_003), "-o", str(tmp_path / "file" / "x.html")])
    assert blocked.exit_code == 4 and "Traceback" not in blocked.output


def test_convert_with_review_for_one_input(tmp_path):
    result = runner.invoke(app, ["convert", str(SEED_000), "-o", str(tmp_path / "a.xml"),
                                 "--review", str(tmp_path / "pages")])
    assert result.exit_code == 0, result.output
    page = tmp_path / "pages" / "000_b9bdeb844bb02c76.review.html"
    assert (tmp_path / "a.xml").is_file() and page.is_file()
    assert len(_tree(page).xpath('//tbody/tr')) == len(convert_file(SEED_000).instance.facts)


def test_batch_writes_a_page_per_input_and_a_sortable_index(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in (SEED_000, SEED_002, SEED_003):
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "broken.txt").write_bytes(b"\x00\x01 not a filing")
    out, pages = tmp_path / "out", folder / "pages"  # the pages may sit inside the input folder
    result = runner.invoke(app, ["convert", str(folder), "-o", str(out), "--review", str(pages),
                                 "--quiet", "--jobs", "1"])
    assert result.exit_code == 6, result.output  # the broken input failed
    assert sorted(p.name for p in pages.glob("*.review.html")) == [
        "000_b9bdeb844bb02c76.review.html", "002_a20aa652e07729f8.review.html",
        "003_0e315d5e1cee0acc.review.html"]
    index = _tree(pages / "review-index.html")
    rows = {tr.xpath("./td")[0].text_content().rsplit("/", 1)[-1]: tr for tr in index.xpath("//tbody/tr")}
    assert set(rows) == {"000_b9bdeb844bb02c76.txt", "002_a20aa652e07729f8.txt",
                         "003_0e315d5e1cee0acc.txt", "broken.txt"}
    seed = convert_file(SEED_002).summary()
    cells = [td.text_content() for td in rows["002_a20aa652e07729f8.txt"].xpath("./td")]
    assert cells[1:5] == ["converted-with-warnings", str(seed["facts"]), str(seed["refusals"]),
                          str(seed["warnings"])]
    assert rows["002_a20aa652e07729f8.txt"].xpath(".//a/@href") == ["002_a20aa652e07729f8.review.html"]
    broken = [td.text_content() for td in rows["broken.txt"].xpath("./td")]
    assert broken[1] == "failed" and "binary" in broken[5] and not rows["broken.txt"].xpath(".//a")
    assert index.xpath('//table[@class="sortable"]//th/button')  # the headers sort
    # a second run with --skip-existing reads none of the pages as inputs and keeps the links
    again = runner.invoke(app, ["convert", str(folder), "-o", str(out), "--review", str(pages),
                                "--quiet", "--jobs", "1", "--skip-existing", "--log-format", "jsonl"])
    records = [json.loads(line) for line in again.stdout.splitlines() if line.startswith("{")]
    assert len(records) == 4 and sum(r["status"] == "skipped" for r in records) == 3
    assert len(_tree(pages / "review-index.html").xpath("//tbody//a")) == 3


def test_hostile_text_is_escaped_everywhere(tmp_path):
    filing = (SEED_000.read_text(encoding="utf-8")
              .replace("SONUS NETWORKS, INC.", "SONUS <script>alert(1)</script> INC.", 1)
              .replace("Total current assets", "Total current assets <img src=x onerror=alert(2)>"))
    result = convert_bytes(filing.encode("utf-8"), "<b>evil</b>.txt", formats=("review",))
    page = result.outputs["review"].text
    assert "<script>alert" not in page and "<img" not in page and "<b>evil" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script") == 1  # the page's own, allowed by its hash only
    tree = html.fromstring(page)
    assert not tree.xpath("//img") and not tree.xpath("//@onerror")
    assert any("<img src=x onerror=alert(2)>" in line.text_content()
               for line in tree.xpath('//pre/span[@class="l"]'))


def test_source_lines_are_the_readers_numbering():
    result = convert_file(SEED_000)
    assert result.document.lines == tuple(SEED_000.read_text(encoding="utf-8").split("\n"))
    page = build_page(result)
    marked = [f for f in page.facts if f.marked]
    assert len(marked) == len(page.facts) - 2 and all(f.linked for f in marked)  # not DE, MA
    lines = {line.number: line for block in page.blocks for line in block.lines}
    net_loss = next(f for f in page.facts if f.concept == "us-gaap:NetIncomeLoss")
    pieces = lines[net_loss.line].pieces
    assert [text for text, mark in pieces if mark is not None and mark.ref == net_loss.id] == [
        format(abs(int(net_loss.value)) // 1000, ",")]


def test_confirmation_kinds():
    assert confirmation_kind("read cleanly") == "read clean"
    assert confirmation_kind("printed '1,2S4'; corrected to the value X implies") == "corrected by arithmetic"
    assert confirmation_kind("confirmed by A = B + C") == "recovered"


def test_merged_line_values_are_marked_one_by_one():
    page = build_page(convert_file(SEED_002))
    lines = {line.number: line for block in page.blocks for line in block.lines}
    marked = [text for text, mark in lines[105].pieces if mark is not None]
    assert marked == ["185,156", "7,271", "128,705", "11,174"]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*")
                                        if p.suffix in (".txt", ".html", ".pdf"))
                         if CORPUS.is_dir() else [])
def test_review_page_of_every_corpus_file(name, tmp_path):
    target = tmp_path / "page.html"
    result = runner.invoke(app, ["review", str(CORPUS / name), "-o", str(target)])
    assert result.exit_code == 0, result.output
    tree = _tree(target)
    facts = int(re.search(r"(\d+) facts", result.output).group(1))
    assert len(tree.xpath("//tbody/tr")) == facts > 0
    marks = tree.xpath('//pre//a[contains(@class, "fact")]')
    assert len(marks) >= facts * 0.8  # most facts are marked where they are printed
    targets = {a.get("href")[1:] for a in marks}
    assert targets <= set(tree.xpath("//tbody/tr/@id"))


def test_a_text_statement_in_a_submission_ends_at_its_last_row():
    """An HTML statement's block runs to its `</table>` (its cells sit on the lines below its
    row); a text statement's ends at its last row, even when an HTML exhibit follows it in the
    same submission."""
    text = (Path(__file__).parent / "fragments" / "submission.txt").read_text(encoding="utf-8")
    html_exhibit = ("<DOCUMENT>\n<TYPE>EX-99.2\n<SEQUENCE>3\n<TEXT>\n<html><body>\n"
                    "<p>Other matters</p>\n<table>\n<tr><td>Employees</td><td>1,200</td></tr>\n"
                    "</table>\n</body></html>\n</TEXT>\n</DOCUMENT>\n")
    submission = text.replace("</SEC-DOCUMENT>", html_exhibit + "</SEC-DOCUMENT>")
    result = convert_bytes(submission.encode(), "joint.txt")
    lines = result.document.lines
    last_row = next(n for n, line in enumerate(lines, 1) if line.lstrip().startswith("NET INCOME"))
    page = build_page(result)
    statement = next(b for b in page.blocks if "INCOME" in b.title.upper())
    assert statement.lines[-1].number == last_row
    assert all("Employees" not in piece for line in statement.lines for piece, _ in line.pieces)
