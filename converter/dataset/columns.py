"""The four tables of a dataset and their columns, shaped like the SEC's Financial Statement
Data Sets (FSDS): `sub` (one row per input), `num` (one row per numeric fact), `tag` (one row
per concept used), `pre` (where each fact's line stands in its statement).

Takes nothing; gives `TABLES`: table name -> its columns in order, each with a kind (`text`,
`int`, `real`, `decimal`) that the SQLite and Parquet stores turn into their own types. FSDS
names are kept where FSDS has the column; the columns FSDS does not have are xbrl-export's own
and are listed in `OWN` (the README's "A dataset" section says what each holds).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

ColumnKind = Literal["text", "int", "real", "decimal"]


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: ColumnKind


def _columns(spec: str) -> tuple[Column, ...]:
    """'adsh:text cik:int ...' -> columns."""
    out = []
    for item in spec.split():
        name, kind = item.split(":")
        assert kind in ("text", "int", "real", "decimal"), item
        out.append(Column(name, cast(ColumnKind, kind)))
    return tuple(out)


TABLES: dict[str, tuple[Column, ...]] = {
    # FSDS: adsh cik name form period fy fp fye filed; ours from `reportdate` on
    "sub": _columns("adsh:text cik:int name:text form:text period:int fy:int fp:text fye:text "
                    "filed:int reportdate:int input:text path:text digest:text status:text reader:text "
                    "facts:int run:text converted:text"),
    # FSDS: adsh tag version ddate qtrs uom segments coreg value footnote; ours from `decimals` on
    "num": _columns("adsh:text tag:text version:text ddate:int qtrs:int uom:text segments:text "
                    "coreg:text value:decimal footnote:text decimals:int startdate:int enddate:int "
                    "line:int confirmation:text"),
    # FSDS: all of them
    "tag": _columns("tag:text version:text custom:int abstract:int datatype:text iord:text "
                    "crdr:text tlabel:text doc:text"),
    # FSDS: adsh report line stmt inpth rfile tag version plabel negating; ours: source_line
    "pre": _columns("adsh:text report:int line:int stmt:text inpth:int rfile:text tag:text "
                    "version:text plabel:text negating:int source_line:int"),
}

OWN: dict[str, tuple[str, ...]] = {
    "sub": ("reportdate", "input", "path", "digest", "status", "reader", "facts", "run", "converted"),
    "num": ("decimals", "startdate", "enddate", "line", "confirmation"),
    "tag": (),
    "pre": ("source_line",),
}

# what makes a row unique (the SQLite primary keys; `num` has none: two of our periods may
# round to the same ddate and qtrs, which FSDS's key would refuse)
KEYS: dict[str, tuple[str, ...]] = {
    "sub": ("adsh",),
    "tag": ("tag", "version"),
    "pre": ("adsh", "report", "line"),
}

# columns the stores fill when they write a row (the run and the time), not rows_for
RUN_COLUMNS = ("run", "converted")
