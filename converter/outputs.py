"""Writing files safely: atomic writes, the run report, and the rules of an output folder.

Takes: target paths and their content; an output folder and the inputs of a run.
Gives: files that are either complete or absent (a temporary file made by `tempfile.mkstemp`
in the target's folder, exclusive and unpredictable, written, fsync'ed, then renamed over the
target: a crash leaves the old file or the new one, never a part, and a planted symlink is
replaced, never followed); the run report opened without following links; `OutputError` with
one line (the disk full, a read-only folder, an output that is a file) for everything else.
"""
from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from pathlib import Path

from .errors import OutputError

RUN_REPORT = "run-report.jsonl"
_RESERVED = re.compile(r"^(xbrl-export-.*|run-report.*\.jsonl)$", re.I)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # not on Windows, where links need privileges
_BINARY = getattr(os, "O_BINARY", 0)


def reason(error: OSError) -> str:
    """What went wrong, in words (the disk full is said so)."""
    if error.errno == errno.ENOSPC:
        return "no space left on the device"
    return error.strerror or type(error).__name__


def write_atomically(path: str | os.PathLike, data: str | bytes, durable: bool = True) -> None:
    """Write `data` (text as UTF-8) to `path` through a temporary file; see the docstring.
    `durable=False` skips the fsync (a few milliseconds a file on a disk): after a crash of the
    machine, not of the program, such a file may be empty."""
    target = os.fspath(path)
    folder, name = os.path.split(target)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        try:
            handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
        except FileNotFoundError:
            os.makedirs(folder or ".", exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
        try:
            with os.fdopen(handle, "wb", buffering=0) as stream:
                written = stream.write(payload)
                while written < len(payload):  # an unbuffered write may be partial
                    written += stream.write(payload[written:])
                if durable:
                    os.fsync(stream.fileno())
            os.replace(temporary, target)
        except BaseException:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            raise
    except OSError as error:
        raise OutputError(f"cannot write: {reason(error)}", target) from None


def same_text(path: Path, text: str) -> bool:
    """Whether the file holds exactly `text` (False when it cannot be read)."""
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def remove_quietly(path: str | os.PathLike) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def is_reserved(name: str) -> bool:
    """Names the output folder keeps for itself: the shared taxonomy files and run reports."""
    return bool(_RESERVED.match(name))


def check_instance_target(path: Path) -> None:
    """An instance never takes a name the folder keeps for its shared files."""
    if is_reserved(path.name):
        raise OutputError("refused: the name is kept for the shared taxonomy files and run "
                          "reports of the output folder; choose another", str(path))


def prepare_folder(folder: Path) -> None:
    """Create the output folder, or say in one line why it cannot be one."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError("exists and is not a folder", str(folder)) from None
    except NotADirectoryError:
        raise OutputError("cannot create the output folder: a part of its path is a file",
                          str(folder)) from None
    except OSError as error:
        raise OutputError(f"cannot create the output folder: {reason(error)}", str(folder)) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError("the output folder is not writable", str(folder))


def open_run_report(folder: Path):
    """A new, empty run report for this run, opened for appending bytes without following a
    symlink; an earlier run's report is first renamed to `run-report-<time>.jsonl`."""
    path = folder / RUN_REPORT
    try:
        if os.path.lexists(path):
            os.replace(path, _archive_name(path))
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | _NOFOLLOW
                         | _BINARY, 0o644)
        return os.fdopen(handle, "ab")
    except OSError as error:
        raise OutputError(f"cannot write the run report: {reason(error)}", str(path)) from None


def _archive_name(path: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(os.lstat(path).st_mtime))
    candidate = path.with_name(f"run-report-{stamp}.jsonl")
    number = 1
    while os.path.lexists(candidate):
        number += 1
        candidate = path.with_name(f"run-report-{stamp}-{number}.jsonl")
    return candidate


def inside(path: Path, folder: Path) -> bool:
    """Whether `path` (resolved) lies in `folder` (resolved)."""
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False
