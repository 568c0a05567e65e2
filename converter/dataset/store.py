"""Opening a dataset and feeding it a run's results: the part of the dataset a batch sees.

Takes: the dataset's path and format (`sqlite`, the default, or `parquet`), and each input's
DatasetRows as the parent process receives them from the workers.
Gives: `DatasetWriter`, which keeps the rows that arrived and writes them in batches (one
transaction, or one Parquet part, per batch: at most FLUSH_INPUTS inputs, at least every
FLUSH_SECONDS while results arrive, and whatever is left when the run ends or is interrupted);
`finished()` for a resumed run. Only the parent writes: workers never open the dataset.
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from ..errors import UsageError
from .rows import DatasetRows

FORMATS = ("sqlite", "parquet")


class Store(Protocol):
    """What a dataset store offers (sqlite.SQLiteDataset, parquet.ParquetDataset)."""

    FLUSH_INPUTS: int
    FLUSH_SECONDS: float

    def finished(self) -> dict[str, set[str]]: ...

    def write(self, batch: Iterable[DatasetRows], run: str, time: str) -> None: ...

    def close(self) -> None: ...


def open_store(path: Path, format: str = "sqlite", durable: bool = True) -> Store:
    """The store of that format at `path` (created when absent); UsageError for another format."""
    if format == "sqlite":
        from .sqlite import SQLiteDataset

        return SQLiteDataset(path, durable)
    if format == "parquet":
        from .parquet import ParquetDataset

        return ParquetDataset(path, durable)
    raise UsageError(f"unknown dataset format {format!r} (known: {', '.join(FORMATS)})")


class DatasetWriter:
    """A run's writer: rows in, batches written (see the module docstring)."""

    def __init__(self, path: Path, format: str, run: str, durable: bool = True):
        self.store: Store = open_store(path, format, durable)
        self.run = run
        self.pending: list[DatasetRows] = []
        self.written = 0
        self.last_flush = time.monotonic()

    def finished(self) -> dict[str, set[str]]:
        return self.store.finished()

    def add(self, rows: DatasetRows) -> None:
        self.pending.append(rows)
        if len(self.pending) >= self.store.FLUSH_INPUTS:
            self.flush()

    def flush_if_due(self) -> None:
        if self.pending and time.monotonic() - self.last_flush >= self.store.FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Write what arrived (one transaction or part)."""
        batch, self.pending = self.pending, []
        self.last_flush = time.monotonic()
        if batch:
            stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
            self.store.write(batch, self.run, stamp)
            self.written += len(batch)

    def close(self) -> None:
        self.store.close()
