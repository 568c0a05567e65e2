"""Issue 11, hostile but small inputs: readers stay linear and every input is held to limits
(documents, exhibits, tables, columns, cells, tags, digits, bytes checked before reading, a time
limit in `convert_bytes`), each refusal one clear line; writes are atomic and unpredictable."""
import os
import re

import pytest

from converter.errors import ConverterError, InputError, InternalError
from converter.limits import (
    MAX_CELLS,
    MAX_DOCUMENTS,
    MAX_EXHIBITS,
    MAX_MARKUP_TAGS,
    MAX_TABLES,
    ConversionTimeout,
    LimitExceeded,
)
from converter.numbers import parse_amount
from converter.outputs import write_atomically
from converter.pipeline import convert_bytes, convert_file
from converter.readers.edgar import split_documents
from tests.conftest import SEED_000, SEED_003

HEADER = b"<SEC-DOCUMENT>\n<SEC-HEADER>\nCENTRAL INDEX KEY: 0000123456\n</SEC-HEADER>\n"
EXHIBIT = (b"<DOCUMENT>\n<TYPE>EX-99.%d\n<TEXT>\nCondensed Consolidated Statements of Operations\n"
           b"\tJune 30, 2004\nRevenues\t1\n</TEXT>\n</DOCUMENT>\n")


def _refusal(data: bytes, name: str = "hostile.txt") -> str:
    with pytest.raises(InputError) as caught:
        convert_bytes(data, name, timeout=60)
    message = caught.value.user_message()
    assert message.startswith(f"{name}: ") and "\n" not in message
    return message


def test_unclosed_documents_are_read_in_linear_time():
    data = HEADER + b"<DOCUMENT>\n<TYPE>EX-99\n<TEXT>\nx\n" * 60000  # 1.9 MB, never closed
    assert split_documents(data.decode()) == []
    result = convert_bytes(data, "unclosed.txt", timeout=60)  # the lazy regex took minutes here
    assert result.summary()["tables"] == 0 and result.instance.entity.identifier == "0000123456"


def test_split_documents_finds_what_the_lazy_regex_found():
    text = ("<SEC-DOCUMENT>\n<DOCUMENT>\n<TYPE>8-K\n<TEXT>\nfirst\n</TEXT>\n</DOCUMENT>\n"
            "<document>\n<TYPE>EX-99\n<DOCUMENT>\n<TEXT>second\n<TEXT>\n</text>\n</DOCUMENT>\n"
            "<DOCUMENT>\n<TYPE>EX-99.2\n<TEXT>\nunclosed text\n</DOCUMENT>\n<DOCUMENT>\ntrailing")
    lazy = re.compile(r"<DOCUMENT>(.*?)</DOCUMENT>", re.S | re.I)
    expected = []
    for match in lazy.finditer(text):
        content = re.search(r"<TEXT>\n?(.*?)</TEXT>", match.group(1), re.S | re.I)
        if content:
            expected.append((content.group(1), text.count("\n", 0, match.start(1) + content.start(1)) + 1))
    found = [(d.text, d.first_line) for d in split_documents(text)]
    assert found == expected and len(found) == 2


def test_too_many_documents_or_exhibits_are_refused():
    many = HEADER + b"".join(EXHIBIT % n for n in range(MAX_DOCUMENTS + 1))
    assert "documents (the limit is 2,000)" in _refusal(many)
    assert "exhibits with statements (the limit is 200)" in _refusal(
        HEADER + b"".join(EXHIBIT % n for n in range(MAX_EXHIBITS + 1)))


def test_a_filing_repeated_many_times_is_refused_for_its_tables():
    copies = MAX_TABLES // 4 + 1  # the sample has 4 tables
    assert "financial tables (the limit is 300)" in _refusal(SEED_000.read_bytes() * copies)


def test_a_very_wide_html_table_is_refused():
    row = b"<tr><td>Revenues</td>" + b"<td>1</td>" * 10000 + b"</tr>"
    page = b"<html><body><p>Condensed Consolidated Statements of Operations</p><table>" + row * 2
    assert "columns in one table (the limit is 1,000)" in _refusal(page + b"</table></body></html>", "wide.html")


def test_an_html_bomb_is_refused_before_parsing():
    page = b"<html><body><table>" + b"<tr><td>1" * (MAX_MARKUP_TAGS // 2 + 1)
    assert "tags (the limit is 2,000,000)" in _refusal(page, "bomb.html")


def test_too_many_table_cells_are_refused():
    page = b"<html><body><table>" + b"<td>1" * (MAX_CELLS + 1)
    assert "table cells (the limit is 500,000)" in _refusal(page, "cells.html")


def test_a_control_character_after_a_script_is_no_internal_error():
    page = (b"<html><body><p>a</p><script>x</script>\x01b<p>Condensed Consolidated Statements of "
            b"Operations</p></body></html>")
    with pytest.raises(InputError, match="not a filing"):
        convert_bytes(page, "script.html")


def test_an_amount_beyond_the_arithmetic_is_refused_not_rounded():
    assert parse_amount("1234567890123456789012345678901234").refusal.startswith("too many digits")
    assert parse_amount("(1,234,567,890,123,456,789,012,345)").kind == "refused"
    assert parse_amount("123,456,789,012,345").value == 123456789012345
    filing = (b"Condensed Consolidated Statements of Operations\n(In thousands)\n"
              b"\tThree Months Ended June 30, 2004\tJune 30, 2003\n"
              b"Revenues\t1234567890123456789012345678901234\t5\nCost of revenues\t1\t2\n")
    result = convert_bytes(filing, "big.txt")
    assert not [f for f in result.instance.facts if len(f.value) > 28]
    assert any("1234567890123456789012345678901234" in n.message for n in result.refusals)


def test_utf16_with_a_byte_order_mark_is_decoded():
    text = SEED_003.read_text(encoding="utf-8")
    for encoding in ("utf-16", "utf-16-be"):
        data = text.encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        result = convert_bytes(data, "unicode.txt")
        assert len(result.instance.facts) == len(convert_bytes(text.encode(), "x.txt").instance.facts) == 12


def test_the_size_is_checked_before_reading(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as stream:
        stream.truncate(1 << 40)  # a sparse terabyte: reading it first would never end
    with pytest.raises(InputError, match="too large for a filing"):
        convert_file(huge)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_refused_without_reading():
    with pytest.raises(InputError, match="not a regular file"):
        convert_file("/dev/zero")


def test_convert_bytes_takes_a_time_limit():
    with pytest.raises(ConversionTimeout, match=r"time limit \(1e-09 s\)"):
        convert_bytes(SEED_000.read_bytes(), "slow.txt", timeout=1e-9)
    assert convert_bytes(SEED_000.read_bytes(), "fast.txt", timeout=600).instance.facts


def test_convert_bytes_raises_only_converter_errors(monkeypatch):
    import converter.pipeline as pipeline

    monkeypatch.setattr(pipeline, "build_instance", lambda *a, **k: {}["missing"])
    with pytest.raises(InternalError, match="internal error: KeyError: 'missing'") as caught:
        convert_bytes(SEED_003.read_bytes(), "x.txt")
    assert isinstance(caught.value, ConverterError) and caught.value.exit_code == 7


def test_a_limit_is_one_line_naming_the_input():
    error = LimitExceeded("refused: 3 things (the limit is 2)", "a.txt")
    assert error.user_message() == "a.txt: refused: 3 things (the limit is 2)"


def test_temporary_files_are_unpredictable_and_never_followed(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me")
    folder = tmp_path / "out"
    folder.mkdir()
    # the old name, predictable from the process id: a planted link must not be followed
    (folder / f".a.xml.{os.getpid()}.tmp").symlink_to(outside)
    write_atomically(folder / "a.xml", "<new/>")
    assert outside.read_text() == "keep me"
    assert (folder / "a.xml").read_text() == "<new/>"
    (folder / "b.xml").symlink_to(outside)  # a link planted at the target itself is replaced
    write_atomically(folder / "b.xml", "<b/>")
    assert outside.read_text() == "keep me" and not (folder / "b.xml").is_symlink()
    assert sorted(p.name for p in folder.iterdir() if not p.is_symlink()) == ["a.xml", "b.xml"]


def test_a_full_disk_is_one_line_and_leaves_no_file(tmp_path, monkeypatch):
    import errno

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ConverterError, match="no space left on the device"):
        write_atomically(tmp_path / "a.xml", "<a/>")
    assert list(tmp_path.iterdir()) == []
