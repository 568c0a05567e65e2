"""Pass 8: what the statements state twice checks the settled values.

- Share counts: net income / weighted-average shares must give the printed earnings per share
  (within the rounding the printed figures allow), in every column that prints all three. A
  share count that fails is refused, unless a factor of 1,000 or 1,000,000 makes it hold: the
  header's scale then was not the share rows' ("in thousands, except share data"), and the count
  is rescaled with that evidence. Columns without all three keep their share counts unproven.
- The narrative: a figure it states ("revenues of $21.3 million for the second quarter") that
  disagrees with the table fact it restates, or a per-share figure that disagrees with the
  table's earnings per share, is a warning naming both lines.

Takes the claims, the fiscal year end and the decided values; gives the values with share counts
proven (or refused), and warnings.
"""
from __future__ import annotations

from decimal import Decimal

from ..model import Notice
from .p7_arithmetic.groups import half_unit
from .state import Claim, MappedValue, WorkingState

_SCALES = (Decimal(1000), Decimal(1000000), Decimal("0.001"), Decimal("0.000001"))


def run(state: WorkingState) -> None:
    state.values, notices = prove_share_scale(state.values, state.taxonomy.roles["invariants"]["per_share"])
    state.notices.extend(notices)
    state.notices.extend(cross_check(state.values, state.claims, state.year_end,
                                     state.taxonomy.roles["per_share_metrics"]))


def eps_agrees(income: Decimal, income_decimals: int, shares: Decimal, share_decimals: int,
               eps: Decimal, eps_decimals: int) -> bool:
    """income / shares = eps within the rounding of the three printed figures."""
    tolerance = (half_unit(eps_decimals) + half_unit(income_decimals) / abs(shares)
                 + abs(income) * half_unit(share_decimals) / (shares * shares))
    return abs(income / shares - eps) <= tolerance


def _holds(income: MappedValue, shares: Decimal, share_decimals: int, eps: MappedValue) -> bool:
    assert income.value is not None and eps.value is not None
    return eps_agrees(income.value, income.decimals, shares, share_decimals, eps.value, eps.decimals)


def prove_share_scale(values: list[MappedValue], rules: list[dict]
                      ) -> tuple[list[MappedValue], list[Notice]]:
    """The values with every checkable share count proven, rescaled or refused (see above)."""
    groups: dict[tuple[str, str], dict[str, MappedValue]] = {}
    for value in values:
        if value.value is not None:
            groups.setdefault((value.period.key(), value.basis), {}).setdefault(value.concept.name, value)
    replaced: dict[int, MappedValue | None] = {}
    notices = []
    for found in groups.values():
        for rule in rules:
            income, shares, eps = (found.get(rule[k]) for k in ("income", "shares", "eps"))
            if income is None or shares is None or eps is None or not shares.value:
                continue
            if _holds(income, shares.value, shares.decimals, eps):
                continue
            fitting = [f for f in _SCALES if _holds(income, shares.value * f,
                                                    shares.decimals - _exponent(f), eps)]
            where = f"{shares.concept.qname} {shares.period.key()}"
            if len(fitting) == 1:
                factor = fitting[0]
                replaced[id(shares)] = MappedValue(
                    shares.concept, shares.period, shares.value * factor,
                    shares.decimals - _exponent(factor), shares.unit, shares.line, shares.label,
                    shares.basis, f"rescaled by {factor:,}: net income (line {income.line}) / this "
                    f"count gives the earnings per share printed on line {eps.line} only so",
                    True, (), shares.printed)
                notices.append(Notice("note", shares.line, f"{where} rescaled by {factor:,}: "
                                      f"{income.value:,} / {shares.value * factor:,} gives the printed "
                                      f"{eps.value} per share (line {eps.line})", shares.printed))
            else:
                replaced[id(shares)] = None
                notices.append(Notice("refusal", shares.line, f"{where} refused: net income "
                                      f"{income.value:,} (line {income.line}) / {shares.value:,} "
                                      f"does not give the printed {eps.value} per share (line "
                                      f"{eps.line}); its scale is not proven", shares.printed))
    kept = []
    for value in values:
        new = replaced.get(id(value), value)
        if new is not None:
            kept.append(new)
    return kept, notices


def _exponent(factor: Decimal) -> int:
    """3 for 1,000, -3 for 0.001: the change of a value's decimals when scaled by `factor`."""
    return factor.adjusted()


def cross_check(values: list[MappedValue], claims: list[Claim], year_end: tuple[int, str] | None,
                per_share_names: list[str]) -> list[Notice]:
    """A warning for every narrative figure that disagrees with the table fact it restates."""
    if year_end is None:
        return []
    facts = {(v.concept.name, v.period.key()): v for v in values
             if v.basis == "gaap" and v.value is not None}
    notices = []
    for claim in claims:
        period = claim.period.on_calendar(year_end[0]).key()
        fact = facts.get((claim.concept, period))
        if fact is not None and fact.value is not None and not claim.agrees(fact.value):
            notices.append(Notice("warning", claim.line,
                                  f"the narrative (line {claim.line}) states {claim.metric} of "
                                  f"{claim.amount:,.0f} for {period}; the table (line {fact.line}) "
                                  f"reads {fact.value:,.0f}"))
        notices.extend(_per_share_check(claim, period, facts, per_share_names))
    return notices


def _per_share_check(claim: Claim, period: str, facts: dict, names: list[str]) -> list[Notice]:
    if claim.per_share is None or claim.metric == "revenues":
        return []
    expected = -claim.per_share if claim.metric == "net loss" else claim.per_share
    readings = [facts[(name, period)] for name in names if (name, period) in facts]
    if not readings or any(fact.value == expected for fact in readings):
        return []
    return [Notice("warning", claim.line,
                   f"the narrative (line {claim.line}) states {expected} per share for {period}; "
                   f"the table (line {readings[0].line}) reads {readings[0].value}")]
