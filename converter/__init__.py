"""xbrl-export: SEC 8-K earnings releases -> XBRL 2.1 instance documents.

The library API is `convert_bytes` (a pure function over bytes) and `convert_file`; the CLI in
`converter.cli` is a thin layer over them.
"""
__version__ = "0.1.0"

from .pipeline import convert_bytes, convert_file  # noqa: E402
from .result import ConversionResult  # noqa: E402

__all__ = ["ConversionResult", "convert_bytes", "convert_file", "__version__"]
