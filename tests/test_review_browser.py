"""The review page in a real browser: headless Chromium loads pages written from disk, and the
DOM it dumps (after the page's own script ran) holds every fact of seed 000 with its value and
concept, marked in the source lines, and every refusal of seed 002 with its reason; the pages
are screenshotted (desktop and phone widths) into tests/artifacts/ (git-ignored), and at the
phone's width the page is one column and no wider than the screen.

Skips, saying so, only when no Chromium can be found (.ci/run installs Debian's `chromium`)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html

from converter.pipeline import convert_file
from tests.conftest import SEED_000, SEED_002

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


BROWSER = _browser()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium found (chromium, "
                                "chromium-browser or google-chrome on PATH, or /usr/bin/chromium): "
                                "apt-get install chromium")


def _run(tmp_path: Path, page: Path, *options: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    profile.mkdir()
    assert BROWSER is not None
    return subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={profile}", *options, page.as_uri()],
                          capture_output=True, text=True, timeout=120, check=True)


def _page(tmp_path: Path, source: Path):
    result = convert_file(source, formats=("xml", "review"))
    page = tmp_path / f"{source.stem}.review.html"
    page.write_text(result.outputs["review"].text, encoding="utf-8")
    return result, page


def _dom(tmp_path: Path, page: Path, width: int = 1400):
    out = _run(tmp_path, page, f"--window-size={width},1000", "--dump-dom")
    return html.fromstring(out.stdout)


def _screenshot(tmp_path: Path, page: Path, name: str, width: int, height: int) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / name
    target.unlink(missing_ok=True)
    _run(tmp_path, page, f"--window-size={width},{height}", f"--screenshot={target}")
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 10_000
    return target


def test_every_fact_of_seed_000_is_in_the_page(tmp_path):
    result, page = _page(tmp_path, SEED_000)
    dom = _dom(tmp_path, page)
    facts = result.instance.facts
    assert len(facts) > 200
    for number, fact in enumerate(facts, 1):
        [row] = dom.xpath(f'//tr[@id="f{number}"]')
        cells = [cell.text_content() for cell in row.xpath("./td")]
        assert cells[1:3] == [fact.concept, fact.value], number
        # its printed number (or cover value) is marked in the source lines, linked to the
        # row; not the state codes, printed as names ("DELAWARE", "MASSACHUSETTS")
        marks = dom.xpath(f'//pre//a[@href="#f{number}"]')
        if fact.concept in ("dei:EntityIncorporationStateCountryCode", "dei:EntityAddressStateOrProvince"):
            assert not marks and fact.value in ("DE", "MA")
            continue
        [mark] = marks
        assert "fact" in mark.get("class") and mark.get("title") == fact.concept
    balance = next(n for n, f in enumerate(facts, 1) if f.context_id == "I2004-06-30" and f.unit_id)
    cells = dom.xpath(f'//tr[@id="f{balance}"]/td')
    assert [td.text_content() for td in cells[3:7]] == ["2004-06-30", "GAAP", "USD", "-3"]
    quarter = next(n for n, f in enumerate(facts, 1) if f.context_id == "D2004-04-01_2004-06-30")
    assert dom.xpath(f'//tr[@id="f{quarter}"]/td')[3].text_content() == "2004-04-01 to 2004-06-30"
    # the marks sit on the printed figures: "Total revenues" 2004 Q2 is 38,017 (thousands)
    total = next(n for n, f in enumerate(facts, 1) if f.concept == "us-gaap:Revenues")
    [mark] = dom.xpath(f'//a[@href="#f{total}"]')
    assert mark.text_content().replace(",", "") == str(int(facts[total - 1].value) // 1000)
    assert dom.xpath('//html/@data-columns') == ["2"]  # the script ran: facts beside the lines
    _screenshot(tmp_path, page, "review-seed-000.png", 1400, 1000)


def test_every_refusal_of_seed_002_is_in_the_page_with_its_reason(tmp_path):
    result, page = _page(tmp_path, SEED_002)
    dom = _dom(tmp_path, page)
    refusals = result.refusals
    assert len(refusals) > 50
    shown = [n.text_content() for n in dom.xpath('//*[contains(@class, "notice") and contains(@class, "refusal")]')]
    assert len(shown) == len(refusals)
    for refusal in refusals:
        text = f"refusal: {refusal.message}" + (f" [{refusal.detail}]" if refusal.detail else "")
        assert text in shown, text
    # a refused cell is marked in the line, in the refusal colour, linked to its reason
    [line] = dom.xpath('//span[@id="L149"]')
    [mark] = line.xpath('.//a[contains(@class, "refused")]')
    assert mark.text_content() == "Titter est Tittome"
    assert mark.get("title") == "refused: row refused: no concept for this label"
    target = mark.get("href")[1:]
    assert dom.xpath(f'//*[@id="{target}"]')[0].text_content().startswith("refusal: row refused")
    # warnings about no line are listed apart, each once
    general = dom.xpath('//section[@id="general"]/p')
    assert [p.text_content() for p in general] == [f"warning: {w.message}" for w in result.warnings]
    _screenshot(tmp_path, page, "review-seed-002.png", 1400, 1000)


def test_the_page_at_a_phone_width(tmp_path):
    result, page = _page(tmp_path, SEED_002)
    dom = _dom(tmp_path, page, width=390)
    root = dom.xpath("//html")[0]
    assert root.get("data-columns") == "1"  # the facts below the statements
    assert root.get("data-overflow") == "false"  # long lines scroll inside their block
    assert len(dom.xpath('//tr[starts-with(@id, "f")]')) == len(result.instance.facts)
    _screenshot(tmp_path, page, "review-seed-002-phone.png", 390, 900)
