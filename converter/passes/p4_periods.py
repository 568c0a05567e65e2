"""Periods only with evidence: a column whose header date is garbled or missing gets a period
only when the document itself supports it, and the evidence is recorded in the period's rule.

The evidence is the narrative: "Revenues ... were $21.3 million for the second quarter of fiscal
2002" places a column whose revenues read 21,295 (thousands) and whose header says "Three
months" in 2002-04-01..2002-06-30, once the fiscal year end has been confirmed by columns whose
dates are readable. One fitting period, or the column stays refused. The same claims then
cross-check the table facts (p8_cross_check).

Pass 4 of converter/passes: takes the tables and the claims; gives the fiscal year end the
readable columns confirm (`year_end`) and the tables with their refused GAAP column placed.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ..model import Notice, Table
from ..periods import LENGTH_RE, Period
from ..taxonomy import Taxonomy
from .state import Claim, WorkingState


def run(state: WorkingState) -> None:
    """Confirm the fiscal year end, then place each income statement's refused column."""
    state.year_end = fiscal_year_end(state.tables, state.claims, state.taxonomy)
    taken = {c.period.key() for t in state.tables if t.statement == "income" for c in t.columns
             if c.period is not None and c.basis == "gaap"}
    tables = []
    for table in state.tables:
        table, notices = recover_periods(table, state.claims, state.year_end, state.taxonomy, taken)
        taken.update(c.period.key() for c in table.columns if c.period is not None and c.basis == "gaap")
        tables.append(table)
        state.notices.extend(notices)
    state.tables = tables


def column_values(table: Table, taxonomy: Taxonomy, column: int,
                  metric_rows: list[tuple] | None = None) -> dict[str, Decimal]:
    """Revenues and net income read cleanly in one column, in dollars (`metric_rows`: the
    table's `_metric_rows`, when the caller already has them)."""
    found: dict[str, Decimal] = {}
    if metric_rows is None:
        metric_rows = _metric_rows(table, taxonomy)
    for row, concept in metric_rows:
        cell = row.cells[column] if column < len(row.cells) else None
        if cell is not None and cell.certain and cell.kind == "amount":
            found.setdefault(concept, cell.value * table.scale.amounts)
    return found


def _metric_rows(table: Table, taxonomy: Taxonomy) -> list[tuple]:
    """(row, concept name) of the rows printing revenues or net income as the concept signs them."""
    rows = []
    metrics = taxonomy.roles["narrative_metrics"].values()
    for row in table.rows:
        if not row.label or not any(row.cells):  # (cells are None or a Cell, always true)
            continue
        rule, _ = taxonomy.rule_for(row.label, row.sections, table.statement)
        if rule is not None and rule.concept.name in metrics and rule.sign == "as_printed":
            rows.append((row, rule.concept.name))
    return rows


def _known_columns(tables: list[Table], taxonomy: Taxonomy):
    for table in tables:
        if table.statement != "income":
            continue
        metric_rows = _metric_rows(table, taxonomy)  # once per table, not once per column
        for index, column in enumerate(table.columns):
            if column.period is not None and column.basis == "gaap":
                yield column, column_values(table, taxonomy, index, metric_rows)


def fiscal_year_end(tables: list[Table], claims: list[Claim], taxonomy: Taxonomy
                    ) -> tuple[int, str] | None:
    """The fiscal year-end month that readable columns confirm, with the evidence."""
    if not claims:
        return None
    known: dict[str, list] = {}
    for column, values in _known_columns(tables, taxonomy):
        known.setdefault(column.period.key(), []).append((column, values))
    if not known:
        return None
    best = None
    months = [12] + list(range(1, 12))
    # the calendar period of each fiscal period the narrative names, for every year-end month
    # (claims share a handful of periods: each is placed once per month, not once per claim)
    placed = {period: [period.on_calendar(month).key() for month in months]
              for period in {claim.period for claim in claims}}
    keyed = [(claim, placed[claim.period]) for claim in claims]
    for index, month in enumerate(months):
        matches = [(claim, column) for claim, keys in keyed
                   for column, values in known.get(keys[index], ())
                   if claim.concept in values and claim.agrees(values[claim.concept])]
        if matches and (best is None or len(matches) > len(best[1])):
            best = (month, matches)
    if best is None:
        return None
    claim, column = best[1][0]
    return best[0], (f"line {claim.line} states {claim.metric} of {claim.amount:,.0f} for "
                     f"{claim.period.on_calendar(best[0]).key()}, as the column {column.header!r} reads")


def _plain(period: Period) -> Period:
    """The period without its rule (so that two rules of one period are one key)."""
    return Period(period.end, period.start)


def recover_periods(table: Table, claims: list[Claim], year_end: tuple[int, str] | None,
                    taxonomy: Taxonomy, taken: set[str]) -> tuple[Table, list[Notice]]:
    """The table with its refused GAAP column placed by the narrative, when exactly one period fits."""
    missing = [i for i, c in enumerate(table.columns) if c.period is None and c.basis == "gaap"]
    if table.statement != "income" or len(missing) != 1 or year_end is None or not claims:
        return table, []
    index = missing[0]
    column = table.columns[index]
    values = column_values(table, taxonomy, index)
    fitting = _fitting_periods(claims, values, _months_hint(column.header), year_end[0])
    line = table.line
    if len(fitting) != 1:
        why = "no narrative figure fits it" if not fitting else "several periods fit it"
        return table, [Notice("refusal", line, f"column {column.header!r} stays refused: {why}")]
    period, claim = next(iter(fitting.items()))
    if period.key() in taken:
        return table, [Notice("refusal", line, f"column {column.header!r} stays refused: "
                              f"{period.key()} is already another column's period")]
    rule = (f"recovered from the narrative: line {claim.line} states {claim.metric} of "
            f"{claim.amount:,.0f} for {period.key()}, matching this column; fiscal year end "
            f"confirmed because {year_end[1]}")
    recovered = Period(period.end, period.start, rule)
    shared = all(c.period is None for c in table.columns)
    columns = tuple(replace(c, period=recovered) if (i == index or shared and c.basis != "unknown")
                    else c for i, c in enumerate(table.columns))
    notice = Notice("note", line, f"column {column.header!r} placed in {period.key()}: {rule}")
    return replace(table, columns=columns), [notice]


def _months_hint(header: str) -> int | None:
    match = LENGTH_RE.search(header)
    if not match or not match["unit"].lower().startswith("month"):
        return None
    count = match["count"].lower()
    words = {"three": 3, "six": 6, "nine": 9, "twelve": 12}
    return int(count) if count.isdigit() else words.get(count)


def _fitting_periods(claims: list[Claim], values: dict[str, Decimal], months: int | None,
                     year_end_month: int) -> dict[Period, Claim]:
    """Periods whose narrative figures match this column, with no figure contradicting it."""
    fitting: dict[Period, Claim] = {}
    contradicted: set[Period] = set()
    for claim in claims:
        if months is not None and claim.period.months != months:
            continue
        if claim.concept not in values:
            continue
        period = _plain(claim.period.on_calendar(year_end_month))
        if claim.agrees(values[claim.concept]):
            fitting.setdefault(period, claim)
        else:
            contradicted.add(period)
    return {p: c for p, c in fitting.items() if p not in contradicted}
