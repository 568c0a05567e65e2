"""The Parquet dataset (pyarrow, the optional `parquet` extra): a folder of Parquet files, for
archives too big for one SQLite file.

Takes: batches of DatasetRows (rows.py), the run's id and time.
Gives: per batch ("part"), one file per table and filing year, each holding the batch's rows in
one row group: `FOLDER/sub/filed_year=2004/part-<run>-<n>.parquet`, the same for `num` and
`pre` (Hive-style partitions that DuckDB, Spark and pyarrow read as a column), and
`FOLDER/tag/part-<run>-<n>.parquet` with the tags not written before. `write_part` is the
function a cluster job calls once per partition of its own.

Each file is written whole through a temporary file and renamed into place, and a part's `sub`
files are written last: they are its commit. A part whose `sub` files never landed (the
program killed between two files) is removed when the folder is next opened, so its inputs
are simply converted again by a resumed run. Opening the folder (`ParquetDataset`) does that
removing: one such writer at a time. Jobs that only call `write_part`, each with part ids of
its own, may write into one folder side by side.
"""
from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import OutputError, UsageError
from ..outputs import reason, write_atomically
from .columns import TABLES
from .rows import DatasetRows

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError:  # the optional extra is not installed: said in one line when asked for
    pa = pq = None

PARTITION = "filed_year"
UNKNOWN_YEAR = "unknown"
_PART = re.compile(r"^part-(?P<id>.+)\.parquet$")


def require_pyarrow() -> None:
    if pa is None:
        raise UsageError("the Parquet dataset needs pyarrow: pip install 'xbrl-export[parquet]' "
                         "(or use the default SQLite format)")


def arrow_schema(table: str):
    """The Arrow schema of a table: text as string, int as int64, decimal as decimal(28, 4)
    (FSDS's `value`), real as float64."""
    require_pyarrow()
    types = {"text": pa.string(), "int": pa.int64(), "real": pa.float64(), "decimal": pa.decimal128(28, 4)}
    return pa.schema([(c.name, types[c.kind]) for c in TABLES[table]])


def _file_bytes(table: str, rows: list[dict[str, Any]]) -> bytes:
    """One Parquet file (one row group) of a table's rows, as bytes."""
    schema = arrow_schema(table)
    columns = {name: [row[name] for row in rows] for name in schema.names}
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pydict(columns, schema=schema), buffer,
                   row_group_size=max(1, len(rows)), compression="zstd")
    return buffer.getvalue()


def _year(rows: DatasetRows) -> str:
    year = rows.filed_year
    return str(year) if year is not None else UNKNOWN_YEAR


def write_part(batch: Iterable[DatasetRows], folder: Path, part_id: str, run: str = "",
               time: str = "", durable: bool = True, tags_written: set[tuple[str, str]] | None = None
               ) -> list[Path]:
    """Write one part (see the module docstring); returns the files written, `sub` last.
    `tags_written` (tag, version) pairs already in the folder are left out of its `tag` file,
    and the new ones are added to it."""
    require_pyarrow()
    batch = list(batch)
    by_year: dict[str, list[DatasetRows]] = {}
    for rows in batch:
        by_year.setdefault(_year(rows), []).append(rows)
    seen = tags_written if tags_written is not None else set()
    tags = []
    for rows in batch:
        for tag in rows.tag:
            key = (tag["tag"], tag["version"])
            if key not in seen:
                seen.add(key)
                tags.append(tag)
    name = f"part-{part_id}.parquet"
    planned: list[tuple[Path, str, list[dict[str, Any]]]] = []
    for table in ("num", "pre"):
        for year, group in sorted(by_year.items()):
            table_rows = [row for rows in group for row in getattr(rows, table)]
            if table_rows:
                planned.append((folder / table / f"{PARTITION}={year}" / name, table, table_rows))
    if tags:
        planned.append((folder / "tag" / name, "tag", tags))
    for year, group in sorted(by_year.items()):
        subs = [rows.sub | {"run": run, "converted": time} for rows in group]
        planned.append((folder / "sub" / f"{PARTITION}={year}" / name, "sub", subs))
    for path, table, table_rows in planned:
        write_atomically(path, _file_bytes(table, table_rows), durable)
    return [path for path, _, _ in planned]


class ParquetDataset:
    """An open dataset folder: what is in it, and the parts a run adds."""

    FLUSH_INPUTS = 2000   # inputs per part (one row group per table and year) at most
    FLUSH_SECONDS = 60.0  # and a part at least this often while results arrive

    def __init__(self, folder: Path, durable: bool = True):
        require_pyarrow()
        self.folder = folder
        self.durable = durable
        self.parts = 0
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot create the dataset folder: {reason(error)}", str(folder)) from None
        if not folder.is_dir():
            raise OutputError("the Parquet dataset must be a folder", str(folder))
        self._remove_uncommitted()
        self.tags = {(row["tag"], row["version"]) for row in self._read("tag", ["tag", "version"])}

    def _files(self, table: str) -> list[Path]:
        return sorted(p for p in (self.folder / table).rglob("part-*.parquet") if p.is_file())

    def _read(self, table: str, columns: list[str]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for path in self._files(table):
            try:
                rows += pq.read_table(path, columns=columns).to_pylist()
            except (OSError, pa.ArrowException) as error:
                raise OutputError(f"cannot read the dataset: {error}", str(path)) from None
        return rows

    def _remove_uncommitted(self) -> None:
        """Remove the files of parts whose `sub` files never landed."""
        committed = {_PART.match(p.name)["id"] for p in self._files("sub")}  # type: ignore[index]
        for table in ("num", "pre", "tag"):
            for path in self._files(table):
                match = _PART.match(path.name)
                if match and match["id"] not in committed:
                    try:
                        os.unlink(path)
                    except OSError as error:
                        raise OutputError(f"cannot remove an unfinished part: {reason(error)}",
                                          str(path)) from None

    def finished(self) -> dict[str, set[str]]:
        """Input path -> the digests of its rows in `sub`."""
        found: dict[str, set[str]] = {}
        for row in self._read("sub", ["path", "digest"]):
            found.setdefault(row["path"], set()).add(row["digest"])
        return found

    def write(self, batch: Iterable[DatasetRows], run: str, time: str) -> None:
        batch = list(batch)
        if not batch:
            return
        self.parts += 1
        write_part(batch, self.folder, f"{run}-{self.parts:05d}", run, time, self.durable, self.tags)

    def close(self) -> None:
        pass

