"""Bytes -> text, refusing what is not a text filing (binary, empty) with a clear reason."""
from __future__ import annotations

from ..errors import InputError

_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CONTROL_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x20))


def _control_count(text: str) -> int:
    """How many binary control characters the text holds, counted in its UTF-8 bytes (where a
    control character is always one byte of its own, never part of another character's)."""
    raw = text.encode("ascii") if text.isascii() else text.encode("utf-8", "surrogatepass")
    return len(raw) - len(raw.translate(None, _CONTROL_BYTES))


def decode_filing(data: bytes, source: str) -> str:
    """Decode a filing: UTF-16 when it starts with a UTF-16 byte-order mark, UTF-8 when it is
    valid, else Windows-1252 (EDGAR's usual 8-bit text)."""
    if not data.strip():
        raise InputError("the file is empty", source)
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    elif data.startswith(_UTF16_BOMS):  # UTF-16 (Windows "Unicode" text) says so in its BOM
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise InputError("unreadable encoding (a UTF-16 mark, but not UTF-16)", source) from None
        if not data.strip():
            raise InputError("the file is empty", source)
    sample = data[:65536]
    if b"\x00" in sample:
        raise InputError("not a text filing (binary content: NUL bytes)", source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        if text.count("\ufffd") > max(16, len(text) // 100):
            raise InputError("unreadable encoding (neither UTF-8 nor Windows-1252)", source) from None
    head = text[:65536]
    if _control_count(head) > max(16, len(head) // 50):
        raise InputError("not a text filing (binary control characters)", source)
    return text.replace("\r\n", "\n").replace("\r", "\n")
