"""What `xbrl-export inspect` prints: takes the statement view of a conversion
(converter/statements.py) and gives it as terminal tables (rich), as CSV text or as JSON data.

Each statement is its title, then a row per printed line: the label (indented by its sections),
the concept its facts were written under, and one cell per column: the fact's value as written
(in base units, signed as the concept defines it), or the printed text, marked "refused" when
the conversion refused a value at that line (the reasons follow the table) and dimmed when the
line was not written for another reason (a percentage, a label that maps to no concept).
"""
from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .model import Fact
from .statements import Statement, StatementRow

CSV_FIELDS = ("statement", "kind", "non_gaap", "role", "line", "label", "sections", "concept",
              "column", "period", "basis", "printed", "value", "status")


def cell_status(row: StatementRow, index: int) -> str:
    """'written' (a fact), 'refused' (a refusal at the line), 'not written' (printed, no fact,
    no refusal) or '' (nothing printed)."""
    if row.facts[index] is not None:
        return "written"
    if not row.printed[index]:
        return ""
    return "refused" if row.refusals else "not written"


def shown_value(fact: Fact) -> str:
    """A fact's value with thousands separators ("42,361,000", "-0.03")."""
    try:
        return f"{Decimal(fact.value):,f}"
    except InvalidOperation:
        return fact.value


def column_heading(statement: Statement, index: int) -> str:
    column = statement.columns[index]
    basis = "" if column.basis == "gaap" else f" [{column.basis}]"
    return f"{column.header or '(no header)'}\n{column.period or 'period refused'}{basis}"


def print_tables(statements: tuple[Statement, ...], console: Console) -> None:
    """Every statement as a terminal table, each followed by the refusals at its lines."""
    if not statements:
        console.print("no income statement, balance sheet or cash-flow statement found")
    for statement in statements:
        kind = statement.kind.replace("_", " ") + (", non-GAAP reconciliation" if statement.non_gaap else "")
        table = Table(title=f"{statement.title} ({kind}, line {statement.line})", title_justify="left",
                      show_lines=False)
        table.add_column("label", overflow="fold", max_width=60)
        table.add_column("concept", overflow="fold", max_width=50)
        for index in range(len(statement.columns)):
            table.add_column(column_heading(statement, index), justify="right")
        for row in statement.rows:
            cells: list[Text | str] = []
            for index, fact in enumerate(row.facts):
                status = cell_status(row, index)
                if fact is not None:
                    cells.append(shown_value(fact))
                elif status == "refused":
                    cells.append(Text(f"refused {row.printed[index]}", style="bold red"))
                else:
                    cells.append(Text(row.printed[index], style="dim"))
            label = "  " * len(row.sections) + (row.label or "(no label)")
            style = "bold" if row.is_heading or row.is_total else ""
            mark = " *" if row.refusals else ""
            table.add_row(Text(label + mark, style=style), row.concept or "", *cells)
        console.print(table)
        for notice in dict.fromkeys(n for row in statement.rows for n in row.refusals):
            console.print(f"  * line {notice.line}: {notice.message}", markup=False, highlight=False)
        console.print()


def csv_text(statements: tuple[Statement, ...]) -> str:
    """One CSV line per printed cell (a heading: one line with no column), CSV_FIELDS columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for statement in statements:
        head = [statement.title, statement.kind, str(statement.non_gaap).lower(), statement.role]
        for row in statement.rows:
            base = [row.line, row.label, " > ".join(row.sections), row.concept or ""]
            indexes = [i for i in range(len(row.facts)) if row.facts[i] is not None or row.printed[i]]
            if not indexes:
                writer.writerow(head + base + ["", "", "", "", "", "heading" if row.is_heading else ""])
            for index in indexes:
                column, fact = statement.columns[index], row.facts[index]
                writer.writerow(head + base + [column.header, column.period, column.basis,
                                               row.printed[index], fact.value if fact else "",
                                               cell_status(row, index)])
    return out.getvalue()


def json_data(statements: tuple[Statement, ...]) -> list[dict]:
    """The statements as plain data: title, kind, role, columns, rows with one cell per column."""
    return [{"title": s.title, "kind": s.kind, "non_gaap": s.non_gaap, "line": s.line, "role": s.role,
             "columns": [{"header": c.header, "period": c.period, "basis": c.basis} for c in s.columns],
             "rows": [{"line": r.line, "label": r.label, "sections": list(r.sections),
                       "concept": r.concept, "total": r.is_total, "negated": r.negated,
                       "cells": [_cell(r, i) for i in range(len(r.facts))],
                       "refusals": [n.message for n in r.refusals]} for r in s.rows]}
            for s in statements]


def _cell(row: StatementRow, index: int) -> dict:
    fact = row.facts[index]
    return {"printed": row.printed[index], "value": fact.value if fact is not None else None,
            "context": fact.context_id if fact is not None else None, "status": cell_status(row, index)}
