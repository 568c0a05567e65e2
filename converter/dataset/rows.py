"""One conversion -> the rows it adds to a dataset (see columns.py for the tables).

Takes: a ConversionResult, the input's name (the batch's output name: what `adsh` falls back
to), its path, the digest of its bytes (`input_digest`) and its EDGAR header (`submission_header`:
the accession number and filing date, when the input is a full submission).
Gives: `DatasetRows`, plain data (dicts of str, int, Decimal and None, in the columns' order)
that crosses a process boundary as it is: a batch builds it in the worker and the parent
writes it (sqlite.py), a cluster job writes it per partition (parquet.py).

Interface for other callers (stable):
    header = submission_header(data)
    rows = rows_for(result, input_name, input_path, input_digest(data), header)
    rows.sub (one dict), rows.num, rows.tag, rows.pre (lists of dicts), rows.filed_year

What goes in: every numeric fact of the instance is a `num` row (dei cover facts are text and
fill `sub` instead); a `pre` row per statement line that gave facts; a `tag` row per concept
used. Nothing here decides a fact: the rows restate the instance.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from ..build import SEC_CIK_SCHEME, context_id
from ..model import Cell, Context, Fact, Table
from ..readers.edgar import filer_blocks
from ..registrant import name_in_release
from ..result import ConversionResult
from ..taxonomy import Taxonomy, dei_name, load_taxonomy
from . import fsds
from .columns import TABLES

HEADER_BYTES = 200_000  # where an EDGAR header must begin (the reader's own bound)
FSDS_PLACES = Decimal("0.0001")  # FSDS keeps four digits after the decimal point


@dataclass(frozen=True, slots=True)
class SubmissionHeader:
    """What an EDGAR full submission's header says about the filing itself."""

    accession: str | None = None
    filed: int | None = None  # yyyymmdd


@dataclass(frozen=True, slots=True)
class DatasetRows:
    """One input's rows: `sub` one row, the others lists, every row a dict in column order."""

    sub: dict[str, Any]
    num: list[dict[str, Any]] = field(default_factory=list)
    tag: list[dict[str, Any]] = field(default_factory=list)
    pre: list[dict[str, Any]] = field(default_factory=list)

    @property
    def adsh(self) -> str:
        return self.sub["adsh"]

    @property
    def filed_year(self) -> int | None:
        """The partition of this input in a Parquet dataset: the year it was filed, else the
        year of the 8-K's date of report, else of its latest period, else None."""
        for day in (self.sub["filed"], self.sub["reportdate"], self.sub["period"]):
            if day:
                return int(day) // 10000
        return None


def input_digest(data: bytes) -> str:
    """The digest `sub.digest` holds: SHA-256 of the input's bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


def submission_header(data: bytes) -> SubmissionHeader:
    """The accession number and filing date of an EDGAR full submission (its SEC header);
    empty for anything else (a PDF, an HTML page, a plain text exhibit)."""
    if data.startswith(b"%PDF-") or b"<SEC-HEADER>" not in data[:HEADER_BYTES].upper():
        return SubmissionHeader()
    blocks = filer_blocks(data[:HEADER_BYTES].decode("latin-1"))
    if not blocks:
        return SubmissionHeader()
    accession = blocks[0].get("ACCESSION NUMBER", ("", 0))[0].strip() or None
    filed_text = blocks[0].get("FILED AS OF DATE", ("", 0))[0].strip()
    filed = int(filed_text) if len(filed_text) == 8 and filed_text.isdigit() else None
    return SubmissionHeader(accession, filed)


def input_status(result: ConversionResult) -> str:
    """The status a batch gives a converted input: no-tables, converted-with-warnings, converted."""
    if not result.document.tables:
        return "no-tables"
    return "converted-with-warnings" if result.warnings else "converted"


def rows_for(result: ConversionResult, input_name: str, input_path: str, digest: str,
             header: SubmissionHeader = SubmissionHeader()) -> DatasetRows:
    """The dataset rows of one conversion (see the module docstring)."""
    instance = result.instance
    taxonomy = load_taxonomy(instance.taxonomy_year)
    adsh = header.accession or input_name
    contexts = {c.id: c for c in instance.contexts}
    numeric = [f for f in instance.facts if f.unit_id is not None]
    when = {c.id: _period_columns(c) for c in instance.contexts}  # a few contexts, many facts
    uoms = {u.id: fsds.uom(u.numerator, u.denominator) for u in instance.units}
    num = [_num_row(adsh, f, when[f.context_id], uoms[f.unit_id or ""], taxonomy.year) for f in numeric]
    periods = [contexts[f.context_id].period for f in numeric]
    report_date, fy, fp, fye = fsds.fiscal_focus(periods)
    cover = {f.concept.split(":", 1)[1]: f.value for f in instance.facts if f.unit_id is None}
    fiscal_year_end = cover.get(dei_name("fiscal_year_end"), "")
    if len(fiscal_year_end) == 7 and fiscal_year_end.startswith("--"):  # --MM-DD
        fye = fiscal_year_end[2:4] + fiscal_year_end[5:7]
    reported = cover.get(dei_name("period_end"), "")
    reportdate = int(reported.replace("-", "")) if re.fullmatch(r"\d{4}-\d\d-\d\d", reported) else None
    cik = int(instance.entity.identifier) if instance.entity.scheme == SEC_CIK_SCHEME else None
    name = cover.get(dei_name("registrant")) or name_in_release(result.document)
    sub = _row("sub", adsh=adsh, cik=cik, name=name,
               form=cover.get(dei_name("document_type")),
               period=fsds.yyyymmdd(fsds.nearest_month_end(report_date)) if report_date else None,
               fy=fy, fp=fp, fye=fye, filed=header.filed, reportdate=reportdate, input=input_name, path=input_path,
               digest=digest, status=input_status(result), reader=result.reader,
               facts=len(instance.facts))
    return DatasetRows(sub, num, _tag_rows(numeric, taxonomy),
                       _pre_rows(adsh, result.tables, numeric, taxonomy))


def _row(table: str, **values: Any) -> dict[str, Any]:
    """A row of `table` with every column, in order (None where not given)."""
    return {column.name: values.get(column.name) for column in TABLES[table]}


def version(prefix: str, year: int) -> str:
    """FSDS `version` of a standard tag: `us-gaap/2024`, `dei/2024`."""
    return f"{prefix}/{year}"


def _period_columns(context: Context) -> dict[str, Any]:
    """The `num` columns a fact's context decides: ddate, qtrs, segments, startdate, enddate."""
    period = context.period
    segments = ";".join(f"{axis.split(':', 1)[-1]}={member.split(':', 1)[-1]}"
                        for axis, member in context.dimensions)
    return {"ddate": fsds.ddate(period), "qtrs": fsds.qtrs(period), "segments": segments or None,
            "startdate": fsds.yyyymmdd(period.start) if period.start else None,
            "enddate": fsds.yyyymmdd(period.end)}


def _num_row(adsh: str, fact: Fact, when: dict[str, Any], uom: str, year: int) -> dict[str, Any]:
    """A `num` row, its keys in the columns' order (written out: this runs once per fact)."""
    prefix, name = fact.concept.split(":", 1)
    return {"adsh": adsh, "tag": name, "version": version(prefix, year), "ddate": when["ddate"],
            "qtrs": when["qtrs"], "uom": uom, "segments": when["segments"], "coreg": None,
            "value": Decimal(fact.value).quantize(FSDS_PLACES, ROUND_HALF_EVEN), "footnote": None,
            "decimals": None if fact.decimals in (None, "INF") else int(fact.decimals),
            "startdate": when["startdate"], "enddate": when["enddate"], "line": fact.line or None,
            "confirmation": fact.confirmation}


def _tag_rows(facts: list[Fact], taxonomy: Taxonomy) -> list[dict[str, Any]]:
    rows = []
    for qname in dict.fromkeys(f.concept for f in facts):
        concept = taxonomy.concept(qname)
        crdr = {"credit": "C", "debit": "D"}.get(concept.balance or "")
        rows.append(_row("tag", tag=concept.name, version=version(concept.prefix, taxonomy.year),
                         custom=0, abstract=0, datatype=concept.type,
                         iord="I" if concept.period == "instant" else "D", crdr=crdr,
                         tlabel=fsds.tlabel(concept)))
    return rows


def _pre_rows(adsh: str, tables: tuple[Table, ...], facts: list[Fact],
              taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """A row per statement line that gave facts, in the statement's order: `report` numbers
    the tables as read (1, 2, ...), `line` the lines kept within one table."""
    by_line: dict[int, list[Fact]] = {}
    for fact in facts:
        by_line.setdefault(fact.line, []).append(fact)
    rows = []
    for report, table in enumerate(tables, 1):
        columns = {context_id(c.period, c.basis): index for index, c in enumerate(table.columns)
                   if c.period is not None}
        line = 0
        for row in table.rows:
            mine = [f for f in by_line.get(row.line, ()) if f.context_id in columns]
            for qname in dict.fromkeys(f.concept for f in mine):
                same = [f for f in mine if f.concept == qname]
                line += 1
                prefix, name = qname.split(":", 1)
                rows.append(_row("pre", adsh=adsh, report=report, line=line,
                                 stmt=fsds.statement_code(table.statement), inpth=0, tag=name,
                                 version=version(prefix, taxonomy.year), plabel=same[0].label,
                                 negating=_negating(same, row.cells, columns),
                                 source_line=row.line))
    return rows


def _negating(facts: list[Fact], cells: tuple[Cell | None, ...], columns: dict[str, int]) -> int:
    """1 when the facts carry the opposite sign of the printed amounts ("Purchase of equipment
    (2,063)" written as a payment of 2,063), else 0; judged on the first column where both the
    printed amount and the fact are non-zero."""
    for fact in facts:
        index = columns[fact.context_id]
        cell = cells[index] if index < len(cells) else None
        value = Decimal(fact.value)
        if cell is not None and cell.value and value:
            return int((cell.value < 0) != (value < 0))
    return 0
