"""Pass 8: the narrative checks the settled values. A figure the narrative states ("revenues of
$21.3 million for the second quarter") that disagrees with the table fact it restates, or a
per-share figure that disagrees with the table's earnings per share, is a warning naming both
lines.

Takes the claims, the fiscal year end and the decided values; gives warnings.
"""
from __future__ import annotations

from ..model import Notice
from .state import Claim, MappedValue, WorkingState


def run(state: WorkingState) -> None:
    state.notices.extend(cross_check(state.values, state.claims, state.year_end,
                                     state.taxonomy.roles["per_share_metrics"]))


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
