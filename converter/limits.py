"""What one input may cost, and the checks that hold it to that.

Takes: a path (before reading), a decoded text, a document, or a deadline in seconds.
Gives: the input's bytes (only after `stat` says it is a regular file of an allowed size), or
`LimitExceeded` / `InputError` / `ConversionTimeout`, each with a one-line message naming what
was over which limit.

The limits are far above any real earnings release (the largest sample has a few dozen tables
and a few thousand cells) and far below what makes a conversion slow or large: a hostile input
is refused before it can take minutes or gigabytes. The time limit is cooperative: the stages of
a conversion call `check_deadline()`; a batch also enforces it from the parent process, which
ends a worker that does not come back in time.
"""
from __future__ import annotations

import contextvars
import math
import os
import stat
import time
from contextlib import contextmanager

from .errors import InputError

MAX_INPUT_BYTES = 64 * 1024 * 1024
MAX_DOCUMENTS = 2_000        # <DOCUMENT> sections in one EDGAR submission
MAX_EXHIBITS = 200           # exhibits read for tables in one submission
MAX_TABLES = 300             # financial tables in one input
MAX_TABLE_COLUMNS = 1_000    # grid columns of one HTML table (colspans counted)
MAX_CELLS = 500_000          # HTML table cells in one input
MAX_MARKUP_TAGS = 2_000_000  # '<' characters in an HTML page or exhibit (elements, at most)
MAX_DIGITS = 24              # digits of one amount (see numbers.py: sums stay within 28)


class LimitExceeded(InputError):
    """The input is larger or more complex than one filing may be."""


class ConversionTimeout(InputError):
    """A conversion took longer than its time limit."""


def over_limit(what: str, count: int, limit: int, source: str) -> LimitExceeded:
    return LimitExceeded(f"refused: {count:,} {what} (the limit is {limit:,})", source)


def read_input(path: str | os.PathLike) -> bytes:
    """The bytes of a filing, after checking that it is a regular file within the size limit
    (a FIFO, a device such as /dev/zero or a folder is refused without reading a byte)."""
    source = os.fspath(path)
    try:
        info = os.stat(source)
    except FileNotFoundError:
        raise InputError("no such file", source) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", source) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory, not a filing", source)
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file (a device, FIFO or socket): refused", source)
    if info.st_size > MAX_INPUT_BYTES:
        raise too_large(info.st_size, source)
    try:
        with open(source, "rb") as stream:
            data = stream.read(MAX_INPUT_BYTES + 1)
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", source) from None
    if len(data) > MAX_INPUT_BYTES:  # it grew after the stat
        raise too_large(len(data), source)
    return data


def too_large(size: int, source: str) -> InputError:
    return InputError(f"too large for a filing ({size:,} bytes; the limit is "
                      f"{MAX_INPUT_BYTES:,})", source)


def check_markup(text: str, source: str) -> None:
    """Refuse a page with more tags than any release has (an "HTML bomb") before parsing it."""
    tags = text.count("<")
    if tags > MAX_MARKUP_TAGS:
        raise over_limit("tags", tags, MAX_MARKUP_TAGS, source)


def check_tables(count: int, source: str) -> None:
    if count > MAX_TABLES:
        raise over_limit("financial tables", count, MAX_TABLES, source)


def valid_timeout(value: float | None) -> bool:
    """A time limit must be a positive, finite number of seconds (None: no limit)."""
    return value is None or (isinstance(value, (int, float)) and math.isfinite(value) and value > 0)


_DEADLINE: contextvars.ContextVar[tuple[float, float, str] | None] = contextvars.ContextVar(
    "xbrl_export_deadline", default=None)


@contextmanager
def deadline(seconds: float | None, source: str):
    """Within this block, `check_deadline()` raises ConversionTimeout once `seconds` passed."""
    if seconds is None:
        yield
        return
    token = _DEADLINE.set((time.monotonic() + seconds, seconds, source))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_deadline() -> None:
    """Raise ConversionTimeout when the current conversion is past its time limit."""
    current = _DEADLINE.get()
    if current is not None and time.monotonic() > current[0]:
        raise timeout_error(current[1], current[2])


def timeout_error(seconds: float, source: str) -> ConversionTimeout:
    return ConversionTimeout(f"conversion took longer than the time limit ({seconds:g} s)", source)
