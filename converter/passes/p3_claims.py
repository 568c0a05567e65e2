"""The narrative's figures: "Revenues for the second quarter of fiscal 2003 were $21.4 million
compared with $16.0 million for the first quarter of fiscal 2003", "a net loss of $3.2 million or
$0.01 per share". Each becomes a Claim (metric, fiscal period, amount, printed precision, line).

Claims serve twice: as evidence to recover a column whose header date is garbled or missing, and
as a cross-check of the table facts (a disagreement is a warning naming both lines). Fiscal
periods are placed on the calendar only with a fiscal year end that the tables confirm.

Pass 3 of converter/passes: takes the document's narrative; gives the working state's claims.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..kinds import ClaimMetric
from .state import Claim, FiscalPeriod, WorkingState

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_SCALES = {"million": Decimal(1000000), "billion": Decimal(1000000000)}
_EVENTS = re.compile(
    r"(?:(?P<metric>\b(?:total\s+)?(?:net\s+)?revenues?\b|\bnet\s+sales\b|\bnet\s+(?:income|loss|earnings)\b)"
    r"|(?P<eps>\$\s?(?P<eps_value>\d+\.\d+)\s+per\s+(?:basic\s+|diluted\s+)?share)"
    r"|(?P<amount>\$\s?(?P<amount_value>\d+(?:\.\d+)?)\s*(?P<scale>million|billion))"
    r"|(?P<period>(?:the\s+)?(?:(?P<ordinal>first|second|third|fourth)\s+quarter|first\s+(?P<months>six|nine)"
    r"\s+months|(?P<year_word>fiscal\s+year|full\s+year))\s+(?:of\s+)?(?:fiscal\s+)?(?P<year>(?:19|20)\d\d))"
    r"|(?P<same>(?:the\s+)?same\s+(?:period|quarter)\s+(?:of\s+)?(?:last|a|the\s+prior|the\s+previous)\s+year(?:\s+ago)?))",
    re.I)
_SENTENCE_BREAK = re.compile(r"(?<=[.;])\s+(?=[A-Z])")
_PAIR_BEFORE = re.compile(r"^\s*(?:was|were|of|totaled|totalled|amounted\s+to)\s*$", re.I)


def _metric(text: str) -> ClaimMetric:
    lowered = " ".join(text.lower().split())
    if "loss" in lowered:
        return "net loss"
    if "income" in lowered or "earnings" in lowered:
        return "net income"
    return "revenues"


def _fiscal(match: re.Match) -> FiscalPeriod:
    year = int(match["year"])
    if match["ordinal"]:
        quarter = _ORDINALS[match["ordinal"].lower()]
        return FiscalPeriod(year, 3, quarter)
    if match["months"]:
        months = 6 if match["months"].lower() == "six" else 9
        return FiscalPeriod(year, months, months // 3)
    return FiscalPeriod(year, 12, 4)


def run(state: WorkingState) -> None:
    state.claims = read_claims(state.document.narrative, state.taxonomy.roles["narrative_metrics"])


def read_claims(narrative: tuple[tuple[int, str], ...], concepts: dict[str, str]) -> list[Claim]:
    """Every claim of the narrative's sentences; `concepts`: the concept of each metric."""
    claims = []
    for line, text in narrative:
        claims.extend(claims_in(line, text, concepts))
    return claims


def claims_in(line: int, text: str, concepts: dict[str, str]) -> list[Claim]:
    """Every (metric, period, amount) a sentence states."""
    claims: list[Claim] = []
    if "$" not in text:
        return claims  # every claim states a "$N million" amount
    for sentence in _SENTENCE_BREAK.split(text):
        if "$" in sentence and "illion" in sentence.lower():
            claims.extend(_sentence_claims(line, sentence, concepts))
    return claims


def _sentence_claims(line: int, sentence: str, concepts: dict[str, str]) -> list[Claim]:
    events = list(_EVENTS.finditer(sentence))
    metric = None
    last_period: FiscalPeriod | None = None
    periods: dict[int, FiscalPeriod] = {}
    for index, event in enumerate(events):  # resolve "the same period last year" in order
        if event["period"]:
            last_period = periods[index] = _fiscal(event)
        elif event["same"] and last_period is not None:
            periods[index] = last_period.year_before()
    claims = []
    for index, event in enumerate(events):
        if event["metric"]:
            metric = _metric(event["metric"])
            continue
        if not event["amount"] or metric is None:
            continue
        period = _paired_period(sentence, events, index, periods)
        if period is None:
            continue
        value = Decimal(event["amount_value"])
        digits = len(event["amount_value"].split(".")[1]) if "." in event["amount_value"] else 0
        scale = _SCALES[event["scale"].lower()]
        eps = _eps_after(events, index)
        claims.append(Claim(metric, period, value * scale, scale / 2 / Decimal(10) ** digits,
                            eps, line, " ".join(sentence.split()), concepts[metric]))
    return claims


def _paired_period(sentence: str, events: list[re.Match], index: int,
                   periods: dict[int, FiscalPeriod]) -> FiscalPeriod | None:
    """'for P were $A' pairs backwards; '$A ... for P' pairs with the next period."""
    event = events[index]
    for earlier in range(index - 1, -1, -1):
        if events[earlier]["eps"]:
            continue
        if earlier in periods and _PAIR_BEFORE.match(sentence[events[earlier].end():event.start()]):
            return periods[earlier]
        break
    for later in range(index + 1, len(events)):
        if events[later]["amount"] or events[later]["metric"]:
            return None
        if later in periods:
            return periods[later]
    return None


def _eps_after(events: list[re.Match], index: int) -> Decimal | None:
    if index + 1 < len(events) and events[index + 1]["eps"]:
        return Decimal(events[index + 1]["eps_value"])
    return None
