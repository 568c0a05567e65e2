"""The SQLite dataset (standard library): one file holding the tables of columns.py.

Takes: batches of DatasetRows (rows.py), the run's id and time.
Gives: a database file where each batch is one transaction: a crash (the program killed, the
machine stopped) leaves every input's rows complete or absent, never a part. An input written
again (a resumed run, a changed file) replaces its earlier rows; `tag` keeps one row per tag
and version. `finished()` tells a resumed run which inputs are in, by path and digest.
Errors (a file that is not a database, the disk full, a read-only folder) are OutputError with
one line naming the file.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from ..errors import OutputError
from ..outputs import reason
from .columns import KEYS, TABLES
from .rows import DatasetRows

SQL_TYPES = {"text": "TEXT", "int": "INTEGER", "real": "REAL", "decimal": "REAL"}
BUSY_SECONDS = 30.0  # how long a write waits for another process reading the file


def schema() -> list[str]:
    """The CREATE statements of the four tables and their indexes."""
    statements = []
    for table, columns in TABLES.items():
        parts = [f"{c.name} {SQL_TYPES[c.kind]}" for c in columns]
        if table in KEYS:
            parts.append(f"PRIMARY KEY ({', '.join(KEYS[table])})")
        statements.append(f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(parts)})")
    statements.append("CREATE INDEX IF NOT EXISTS num_adsh ON num (adsh)")
    statements.append("CREATE INDEX IF NOT EXISTS sub_path ON sub (path)")
    return statements


class SQLiteDataset:
    """An open dataset file (see the module docstring)."""

    FLUSH_INPUTS = 200    # inputs per transaction at most
    FLUSH_SECONDS = 1.0   # and a transaction at least this often while results arrive

    def __init__(self, path: Path, durable: bool = True):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot create the dataset's folder: {reason(error)}", str(path)) from None
        try:
            self.connection = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
        except sqlite3.Error as error:
            raise self._error(error) from None
        try:
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
            with self._transaction():
                for statement in schema():
                    self.connection.execute(statement)
        except sqlite3.Error as error:
            self.connection.close()
            raise self._error(error) from None
        self.inserts = {table: (f"INSERT {'OR IGNORE ' if table == 'tag' else ''}INTO {table} "
                                f"({', '.join(c.name for c in columns)}) "
                                f"VALUES ({', '.join(':' + c.name for c in columns)})")
                        for table, columns in TABLES.items()}

    def finished(self) -> dict[str, set[str]]:
        """Input path -> the digests of its rows in `sub` (what a resumed run may skip)."""
        found: dict[str, set[str]] = {}
        try:
            for path, digest in self.connection.execute("SELECT path, digest FROM sub"):
                found.setdefault(path, set()).add(digest)
        except sqlite3.Error as error:
            raise self._error(error) from None
        return found

    def write(self, batch: Iterable[DatasetRows], run: str, time: str) -> None:
        """Every input of the batch in one transaction, replacing its earlier rows."""
        batch = list(batch)
        if not batch:
            return
        try:
            with self._transaction():
                for rows in batch:
                    self._replace(rows, run, time)
        except sqlite3.Error as error:
            raise self._error(error) from None

    def _replace(self, rows: DatasetRows, run: str, time: str) -> None:
        execute = self.connection.execute
        earlier = {adsh for (adsh,) in execute("SELECT adsh FROM sub WHERE path = ?", (rows.sub["path"],))}
        for adsh in earlier | {rows.adsh}:
            for table in ("num", "pre", "sub"):
                execute(f"DELETE FROM {table} WHERE adsh = ?", (adsh,))
        execute(self.inserts["sub"], rows.sub | {"run": run, "converted": time})
        # SQLite has no decimal type: `value` is kept as a double (REAL)
        self.connection.executemany(self.inserts["num"], [row | {"value": float(row["value"])}
                                                          for row in rows.num])
        self.connection.executemany(self.inserts["tag"], rows.tag)
        self.connection.executemany(self.inserts["pre"], rows.pre)

    def _transaction(self):
        return _Transaction(self.connection)

    def close(self) -> None:
        try:
            self.connection.close()
        except sqlite3.Error as error:
            raise self._error(error) from None

    def _error(self, error: sqlite3.Error) -> OutputError:
        text = str(error) or type(error).__name__
        return OutputError(f"cannot write the dataset: {text}", str(self.path))


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK when anything goes wrong (Ctrl-C included)."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def __enter__(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            self.connection.execute("COMMIT")
        else:
            try:
                self.connection.execute("ROLLBACK")
            except sqlite3.Error:
                pass
