"""The working state the passes share, and the records they add to it.

`WorkingState` starts from what a reader gave (the Document) and the taxonomy; each pass reads
what earlier passes left and adds or replaces its own part:
- `tables`: the document's tables, repaired (repair), re-read on a 52/53-week calendar
  (calendar), with refused columns placed by the narrative (periods);
- `claims`: the narrative's figures (claims), `year_end`: the fiscal year end they confirm
  (periods);
- `values`: the MappedValues of every table (map), duplicates settled (duplicates), then decided
  by arithmetic (arithmetic); `unmapped`: the (period, basis) groups holding a row that maps to
  no concept;
- `notices`: every warning, refusal and note, in the order the passes met them.
`to_dict` gives it as plain data (the golden files of tests/golden/passes).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..kinds import Basis, ClaimMetric, UnitKind
from ..model import Document, Notice, Table
from ..periods import Period, months_back
from ..taxonomy import Concept, Taxonomy


@dataclass(frozen=True, slots=True)
class FiscalPeriod:
    """A period as the narrative names it: `months` long, ending `quarter` quarters into `year`."""

    year: int
    months: int  # 3, 6, 9 or 12
    quarters_in: int  # how many quarters of the fiscal year have passed at its end

    def on_calendar(self, year_end_month: int) -> Period:
        """The calendar period for a fiscal year ending at the end of `year_end_month`."""
        end_index = self.year * 12 + year_end_month - 1 - 3 * (4 - self.quarters_in)
        end_year, end_month = divmod(end_index, 12)
        end_month += 1
        last_day = (date(end_year + (end_month == 12), end_month % 12 + 1, 1) - date.resolution)
        return Period(last_day, months_back(last_day, self.months),
                      f"{self.months} months of fiscal {self.year}")

    def year_before(self) -> FiscalPeriod:
        return FiscalPeriod(self.year - 1, self.months, self.quarters_in)


@dataclass(frozen=True, slots=True)
class Claim:
    """A figure the narrative states: metric, fiscal period, amount (in dollars, positive), the
    rounding its printed digits allow, the per-share figure printed beside it, and its line."""

    metric: ClaimMetric
    period: FiscalPeriod
    amount: Decimal
    tolerance: Decimal  # half a unit of the last printed digit, in dollars
    per_share: Decimal | None
    line: int
    text: str
    concept: str  # the concept of the table row it restates (taxonomy/roles.yaml)

    @property
    def signed_amount(self) -> Decimal:
        return -self.amount if self.metric == "net loss" else self.amount

    def agrees(self, value: Decimal) -> bool:
        """A table value (in dollars, signed as the concept defines it) matches the rounded claim."""
        return abs(value - self.signed_amount) <= self.tolerance


@dataclass(frozen=True, slots=True)
class MappedValue:
    """A value placed on a concept and period: a fact before contexts and units exist, with its
    value in base units as the concept defines it, its decimals, unit kind, and the source line
    and label it came from. `value` is None while it is undecided: then `candidates` holds the
    readings arithmetic may choose from (none: the cell was refused)."""

    concept: Concept
    period: Period
    value: Decimal | None
    decimals: int
    unit: UnitKind
    line: int
    label: str
    basis: Basis = "gaap"
    confirmation: str = "read cleanly"
    certain: bool = True
    candidates: tuple[Decimal, ...] = ()
    printed: str = ""
    may_be_blank: bool = False  # the label may have no value at all (merged line, fewer values)
    sign_undecided: bool = False  # a clean reading whose sign convention arithmetic must settle

    @property
    def blocked(self) -> bool:
        return self.value is None and not self.candidates and not self.may_be_blank

    def decided(self, value: Decimal, confirmation: str) -> MappedValue:
        return MappedValue(self.concept, self.period, value, self.decimals, self.unit, self.line,
                           self.label, self.basis, confirmation, True, (), self.printed,
                           self.may_be_blank, self.sign_undecided)

    def to_dict(self) -> dict:
        return {"concept": self.concept.qname, "period": self.period.key(), "basis": self.basis,
                "value": None if self.value is None else str(self.value),
                "candidates": [None if c is None else str(c) for c in self.candidates],
                "decimals": self.decimals, "unit": self.unit, "line": self.line,
                "label": self.label, "confirmation": self.confirmation, "certain": self.certain,
                "may_be_blank": self.may_be_blank, "sign_undecided": self.sign_undecided}


@dataclass
class WorkingState:
    """What the passes read and write (see the module docstring)."""

    document: Document
    taxonomy: Taxonomy
    tables: list[Table] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    year_end: tuple[int, str] | None = None  # (month, the evidence)
    values: list[MappedValue] = field(default_factory=list)
    unmapped: set[tuple[str, str]] = field(default_factory=set)
    notices: list[Notice] = field(default_factory=list)

    @classmethod
    def start(cls, document: Document, taxonomy: Taxonomy) -> WorkingState:
        return cls(document, taxonomy, list(document.tables), notices=list(document.notices))

    def to_dict(self) -> dict:
        return {"tables": [t.to_dict() for t in self.tables],
                "claims": [{"metric": c.metric, "period": [c.period.year, c.period.months,
                                                           c.period.quarters_in],
                            "amount": str(c.amount), "per_share": None if c.per_share is None
                            else str(c.per_share), "line": c.line} for c in self.claims],
                "year_end": None if self.year_end is None else list(self.year_end),
                "values": [v.to_dict() for v in self.values],
                "unmapped": sorted(list(u) for u in self.unmapped),
                "notices": [n.to_dict() for n in self.notices]}
