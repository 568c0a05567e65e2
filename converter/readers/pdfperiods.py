"""Cash-flow columns headed by a bare date -> the year-to-date period they cover.

Takes the tables of one document; gives them back with such columns placed. A cash-flow
statement reports flows from the start of the fiscal year, but releases often print only the
end date over its columns ("Selected Cash Flows Information / June 30, 2003"). A column is
placed on a duration only with evidence: its net income equals the net income of exactly one
income-statement column that ends on the same date; that column's period is taken, and the
rule says so. Otherwise the column stays an instant (and its flows are refused).
"""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from ..model import Table
from ..periods import Period

_NET_INCOME = re.compile(r"^net\s+(income|earnings|\(?loss\)?)\b", re.I)


def place_cash_flow_dates(tables: list[Table]) -> list[Table]:
    incomes = [t for t in tables if t.statement == "income"]
    return [_placed(t, incomes) if _needs_placing(t) else t for t in tables]


def _needs_placing(table: Table) -> bool:
    return table.statement == "cash_flow" and bool(table.columns) and all(
        c.period is not None and c.period.is_instant for c in table.columns)


def _net_income(table: Table, index: int) -> Decimal | None:
    for row in table.rows:
        cell = row.cells[index] if index < len(row.cells) else None
        if _NET_INCOME.match(row.label) and cell is not None:
            return cell.value
    return None


def _placed(table: Table, incomes: list[Table]) -> Table:
    columns = list(table.columns)
    for index, column in enumerate(columns):
        printed = _net_income(table, index)
        if printed is None or column.period is None:
            continue
        end = column.period.end
        matches = {c.period for t in incomes for i, c in enumerate(t.columns)
                   if c.period is not None and not c.period.is_instant and c.period.end == end
                   and _net_income(t, i) == printed and t.scale == table.scale}
        if len(matches) == 1:
            period = matches.pop()
            columns[index] = replace(column, period=Period(
                period.end, period.start, f"year to date: its net income is the income statement's "
                                          f"for {period.key()} (the header prints only the end date)"))
    return replace(table, columns=tuple(columns))
