"""The narrative's figures: "Revenues for the second quarter of fiscal 2003 were $21.4 million
compared with $16.0 million for the first quarter of fiscal 2003", "a net loss of $3.2 million or
$0.01 per share". Each becomes a Claim (metric, fiscal period, amount, printed precision, line).

Claims serve twice: as evidence to recover a column whose header date is garbled or missing, and
as a cross-check of the table facts (a disagreement is a warning naming both lines). Fiscal
periods are placed on the calendar only with a fiscal year end that the tables confirm.
"""
from __future__ import annotations

from dataclasses import dataclass

import re
from datetime import date
from functools import lru_cache
from decimal import Decimal

from .periods import Period, months_back

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_SCALES = {"million": Decimal(1000000), "billion": Decimal(1000000000)}
_EVENTS = re.compile(
    # every event starts with one of these characters: the lookahead lets the search skip the
    # other positions at once (it halved the narrative scan; the events found are the same)
    r"(?=[$tnrfs])"
    r"(?:(?P<metric>\b(?:total\s+)?(?:net\s+)?revenues?\b|\bnet\s+sales\b|\bnet\s+(?:income|loss|earnings)\b)"
    r"|(?P<eps>\$\s?(?P<eps_value>\d+\.\d+)\s+per\s+(?:basic\s+|diluted\s+)?share)"
    r"|(?P<amount>\$\s?(?P<amount_value>\d+(?:\.\d+)?)\s*(?P<scale>million|billion))"
    r"|(?P<period>(?:the\s+)?(?:(?P<ordinal>first|second|third|fourth)\s+quarter|first\s+(?P<months>six|nine)"
    r"\s+months|(?P<year_word>fiscal\s+year|full\s+year))\s+(?:of\s+)?(?:fiscal\s+)?(?P<year>(?:19|20)\d\d))"
    r"|(?P<same>(?:the\s+)?same\s+(?:period|quarter)\s+(?:of\s+)?(?:last|a|the\s+prior|the\s+previous)\s+year(?:\s+ago)?))",
    re.I)
_SENTENCE_BREAK = re.compile(r"(?<=[.;])\s+(?=[A-Z])")
_PAIR_BEFORE = re.compile(r"^\s*(?:was|were|of|totaled|totalled|amounted\s+to)\s*$", re.I)


@dataclass(frozen=True, slots=True)
class FiscalPeriod:
    """A period as the narrative names it: `months` long, ending `quarter` quarters into `year`."""

    year: int
    months: int  # 3, 6, 9 or 12
    quarters_in: int  # how many quarters of the fiscal year have passed at its end

    @lru_cache(maxsize=4096)
    def on_calendar(self, year_end_month: int) -> Period:
        """The calendar period for a fiscal year ending at the end of `year_end_month`."""
        end_index = self.year * 12 + year_end_month - 1 - 3 * (4 - self.quarters_in)
        end_year, end_month = divmod(end_index, 12)
        end_month += 1
        last_day = (date(end_year + (end_month == 12), end_month % 12 + 1, 1) - date.resolution)
        return Period(last_day, months_back(last_day, self.months),
                      f"{self.months} months of fiscal {self.year}")

    def year_before(self) -> "FiscalPeriod":
        return FiscalPeriod(self.year - 1, self.months, self.quarters_in)


@dataclass(frozen=True, slots=True)
class Claim:
    metric: str  # revenues | net income | net loss
    period: FiscalPeriod
    amount: Decimal  # in dollars, as stated (positive)
    tolerance: Decimal  # half a unit of the last printed digit, in dollars
    per_share: Decimal | None
    line: int
    text: str

    @property
    def signed_amount(self) -> Decimal:
        return -self.amount if self.metric == "net loss" else self.amount

    @property
    def concept(self) -> str:
        return "Revenues" if self.metric == "revenues" else "NetIncomeLoss"


def _metric(text: str) -> str:
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


def claims_in(line: int, text: str) -> list[Claim]:
    """Every (metric, period, amount) a sentence states."""
    claims: list[Claim] = []
    if "$" not in text:
        return claims  # every claim states a "$N million" amount
    for sentence in _SENTENCE_BREAK.split(text):
        if "$" in sentence and "illion" in sentence.lower():
            claims.extend(_sentence_claims(line, sentence))
    return claims


def _sentence_claims(line: int, sentence: str) -> list[Claim]:
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
                            eps, line, " ".join(sentence.split())))
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


def read_claims(narrative: tuple[tuple[int, str], ...]) -> list[Claim]:
    claims = []
    for line, text in narrative:
        claims.extend(claims_in(line, text))
    return claims


def agrees(claim: Claim, value: Decimal) -> bool:
    """A table value (in dollars, signed as the concept defines it) matches the rounded claim."""
    return abs(value - claim.signed_amount) <= claim.tolerance
