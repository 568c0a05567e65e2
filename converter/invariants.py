"""What every set of statements guarantees, checked on the result of any conversion, labelled or
not (taxonomy/roles.yaml, `invariants`):

- per share: net income / weighted-average shares = earnings per share, within the rounding the
  printed figures allow (the cross-check pass already rescaled or refused the share counts that
  fail it; a failure here means a later change broke it);
- equal totals: assets = liabilities and equity, at every balance-sheet date;
- ending cash: the cash a cash-flow statement ends a period with = the balance sheet's cash at
  that date (both as printed, before any fact is settled);
- sections: a balance-sheet line's concept carries the balance of its section (debit under
  assets, credit under liabilities and equity), unless it is printed as a deduction (a contra
  line: "Less accumulated depreciation", "Treasury stock (267)"); an income-statement or
  cash-flow concept is a duration, a balance-sheet concept an instant.

Takes a ConversionResult and the taxonomy; gives one `Check` per check made, each `holds` or
`fails` with what it compared. The report lists them; `xbrl-export check` runs them over many files.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .model import Row, Table
from .passes.p5_map import balance_disagreement, totals_above, totals_below
from .passes.p8_cross_check import eps_agrees
from .result import ConversionResult
from .taxonomy import Taxonomy, normalise_label


@dataclass(frozen=True, slots=True)
class Check:
    name: str  # per-share | equal-totals | ending-cash | section-balance | period-type
    where: str  # a context id, or "line N"
    holds: bool
    detail: str

    def to_dict(self) -> dict:
        return {"check": self.name, "where": self.where,
                "status": "holds" if self.holds else "fails", "detail": self.detail}


def check_result(result: ConversionResult, taxonomy: Taxonomy) -> list[Check]:
    """Every invariant this result can be checked against (see the module docstring)."""
    rules = taxonomy.roles["invariants"]
    values = _plain_values(result)
    checks = _per_share(values, rules["per_share"]) + _equal_totals(values, rules["equal"])
    tables = [t for t in result.tables if t.statement in ("income", "balance", "cash_flow")]
    checks += _ending_cash(tables, taxonomy, set(rules["ending_cash"]))
    checks += _sections(tables, taxonomy, {f.line for f in result.instance.facts if f.unit_id})
    return checks


def _plain_values(result: ConversionResult) -> dict[str, dict[str, tuple[Decimal, int]]]:
    """(value, decimals) by context id and concept name, for contexts without dimensions."""
    plain = {c.id for c in result.instance.contexts if not c.dimensions}
    values: dict[str, dict[str, tuple[Decimal, int]]] = {}
    for fact in result.instance.facts:
        if fact.unit_id and fact.context_id in plain and fact.decimals is not None:
            name = fact.concept.split(":", 1)[1]
            values.setdefault(fact.context_id, {})[name] = (Decimal(fact.value), int(fact.decimals))
    return values


def _per_share(values: dict, rules: list[dict]) -> list[Check]:
    checks = []
    for context, found in sorted(values.items()):
        for rule in rules:
            if not all(rule[key] in found for key in ("income", "shares", "eps")):
                continue
            (income, income_decimals), (shares, share_decimals), (eps, eps_decimals) = (
                found[rule["income"]], found[rule["shares"]], found[rule["eps"]])
            if shares == 0:
                continue
            holds = eps_agrees(income, income_decimals, shares, share_decimals, eps, eps_decimals)
            detail = (f"{rule['income']} {income:,} / {rule['shares']} {shares:,} = "
                      f"{income / shares:.4f}; {rule['eps']} {eps}")
            checks.append(Check("per-share", context, holds, detail))
    return checks


def _equal_totals(values: dict, rules: list[dict]) -> list[Check]:
    checks = []
    for context, found in sorted(values.items()):
        for rule in rules:
            if rule["left"] in found and rule["right"] in found:
                left, right = found[rule["left"]][0], found[rule["right"]][0]
                checks.append(Check("equal-totals", context, left == right,
                                    f"{rule['left']} {left:,}; {rule['right']} {right:,}"))
    return checks


def _row_values(table: Table, row: Row) -> dict[str, Decimal]:
    """The printed amounts of a row in dollars, by the instant its column ends on."""
    found = {}
    for column, cell in zip(table.columns, row.cells):
        if column.period is not None and column.basis == "gaap" and cell is not None \
                and cell.certain and cell.kind == "amount" and cell.value is not None:
            found[column.period.end.isoformat()] = cell.value * table.scale.amounts
    return found


def _ending_cash(tables: list[Table], taxonomy: Taxonomy, concepts: set[str]) -> list[Check]:
    """The cash a cash-flow statement ends a period with against the balance sheet's, for the
    same concept (cash and equivalents, or with restricted cash) at the same date."""
    ending: dict[tuple[str, str], tuple[Decimal, int]] = {}
    balance: dict[tuple[str, str], tuple[Decimal, int]] = {}
    for table in tables:
        if table.statement not in ("cash_flow", "balance"):
            continue
        for row in table.rows:
            rule, _ = taxonomy.rule_for(row.label, row.sections, table.statement)
            if rule is None or rule.concept.name not in concepts:
                continue
            if table.statement == "cash_flow" and "end" not in normalise_label(row.label):
                continue
            target = ending if table.statement == "cash_flow" else balance
            for day, value in _row_values(table, row).items():
                target.setdefault((rule.concept.name, day), (value, row.line))
    checks = []
    for concept, day in sorted(ending.keys() & balance.keys()):
        (cash_flow, flow_line), (sheet, sheet_line) = ending[(concept, day)], balance[(concept, day)]
        checks.append(Check("ending-cash", day, cash_flow == sheet,
                            f"{concept} at the end of the period (line {flow_line}) {cash_flow:,}; "
                            f"on the balance sheet (line {sheet_line}) {sheet:,}"))
    return checks


def _sections(tables: list[Table], taxonomy: Taxonomy, written: set[int]) -> list[Check]:
    """The section checks of every row that gave a fact (`written`: their source lines)."""
    checks = []
    for table in tables:
        for row, above, below in zip(table.rows, totals_above(table, taxonomy),
                                     totals_below(table, taxonomy)):
            if row.line not in written or not row.label.strip():
                continue
            rule, _ = taxonomy.rule_for(row.label, row.sections, table.statement, above, below)
            if rule is None:
                continue
            concept = rule.concept
            where = f"line {row.line}"
            wanted = "instant" if table.statement == "balance" else "duration"
            if concept.type in ("monetary", "shares", "perShare") and concept.period != wanted \
                    and not (table.statement == "cash_flow" and concept.period == "instant"):
                checks.append(Check("period-type", where, False,
                                    f"{concept.qname} is {concept.period} in a {table.statement} statement"))
            if table.statement == "balance" and concept.balance is not None and row.sections:
                disagreement = balance_disagreement(row, rule, taxonomy)
                checks.append(Check("section-balance", where, not disagreement, disagreement or
                                    f"{concept.qname} ({concept.balance}) under {row.sections[0]!r}"))
    return checks
