"""One exception tree for the library; the CLI turns each into one message and an exit code.

Exit codes: 1 a conversion or validation failed, 2 bad usage (typer's own), 3 input unreadable
or not a filing (or over a limit), 4 the output could not be written, 5 warnings under --strict,
6 some inputs of a batch failed, 7 an internal error (a defect of xbrl-export, reported in one
line), 130 interrupted (Ctrl-C).
"""
from __future__ import annotations


class ConverterError(Exception):
    """Root of every error the library raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, source: str = "", line: int = 0):
        self.message = message
        self.source = source
        self.line = line
        super().__init__(self.user_message())

    def user_message(self) -> str:
        where = self.source
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(ConverterError):
    """The input cannot be read as a filing (missing, binary, undecodable, empty)."""

    exit_code = 3


class OutputError(ConverterError):
    """The output cannot be written."""

    exit_code = 4


class ValidationFailed(ConverterError):
    """An instance failed schema or XBRL validation; `errors` lists each problem."""

    exit_code = 1

    def __init__(self, message: str, errors: list[str], source: str = ""):
        self.errors = errors
        super().__init__(message, source)


class TaxonomyError(ConverterError):
    """The YAML taxonomy is malformed (a developer error, reported clearly)."""

    exit_code = 1


class UsageError(ConverterError):
    """A library call or command line asks for something that does not exist (a format, a
    reader): the caller's mistake, not the input's."""

    exit_code = 2
class InternalError(ConverterError):
    """Anything the library did not raise on purpose (a defect): one line, never a traceback."""

    exit_code = 7

    @classmethod
    def wrapping(cls, error: BaseException, source: str = "") -> InternalError:
        text = " ".join(str(error).split())[:500]
        return cls(f"internal error: {type(error).__name__}: {text}", source)


EXIT_SOME_FAILED = 6
EXIT_INTERRUPTED = 130
