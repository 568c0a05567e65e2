"""The intermediate model: the contract between readers and writers.

Two layers, both frozen dataclasses with to_dict()/from_dict() so golden files can hold them:
- what a reader saw, taxonomy-free: Document -> Table -> Column / Row (cells keep their source
  line), plus the cover page fields and the notices (warnings, refusals) met while reading;
- what a writer needs: Instance -> Entity, Context, Unit, Fact (each fact keeps its source line).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .kinds import Basis, CellKind, NoticeKind, StatementKind
from .periods import Period


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning, refusal or note, always with the source line it is about (0 when none)."""

    kind: NoticeKind
    line: int
    message: str
    detail: str = ""

    def to_dict(self) -> dict:
        return {"kind": self.kind, "line": self.line, "message": self.message, "detail": self.detail}

    @classmethod
    def from_dict(cls, data: dict) -> Notice:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class CoverField:
    """One cover-page (dei) value as read from the filing."""

    name: str  # dei local name, e.g. EntityRegistrantName
    value: str
    line: int = 0
    origin: str = "cover page"

    def to_dict(self) -> dict:
        return {"name": self.name, "value": self.value, "line": self.line, "origin": self.origin}

    @classmethod
    def from_dict(cls, data: dict) -> CoverField:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Cell:
    """A printed value: the raw text, its number (None when refused or empty) and its line."""

    text: str
    value: Decimal | None
    line: int
    kind: CellKind = "amount"
    fraction_digits: int = 0
    candidates: tuple[Decimal, ...] = ()  # readings of a damaged cell, for arithmetic to choose
    repair: str = ""  # what the repair stage did; a repaired value needs arithmetic confirmation
    refusal: str = ""  # why a refused cell is not an amount (numbers.parse_amount's reason)

    @property
    def certain(self) -> bool:
        return not self.repair and self.value is not None

    def to_dict(self) -> dict:
        return {"text": self.text, "value": None if self.value is None else str(self.value),
                "line": self.line, "kind": self.kind, "fraction_digits": self.fraction_digits,
                "candidates": [str(c) for c in self.candidates], "repair": self.repair,
                "refusal": self.refusal}

    @classmethod
    def from_dict(cls, data: dict) -> Cell:
        value = None if data["value"] is None else Decimal(data["value"])
        return cls(data["text"], value, data["line"], data["kind"], data["fraction_digits"],
                   tuple(Decimal(c) for c in data.get("candidates", [])), data.get("repair", ""),
                   data.get("refusal", ""))


@dataclass(frozen=True, slots=True)
class Row:
    """A line item: label (wrapped lines merged), the headers above it, one cell per column."""

    label: str
    line: int
    cells: tuple[Cell | None, ...]
    sections: tuple[str, ...] = ()  # enclosing section headers, outermost first
    is_total: bool = False

    @property
    def section(self) -> str:
        return self.sections[-1] if self.sections else ""

    def to_dict(self) -> dict:
        return {"label": self.label, "line": self.line, "sections": list(self.sections),
                "is_total": self.is_total,
                "cells": [None if c is None else c.to_dict() for c in self.cells]}

    @classmethod
    def from_dict(cls, data: dict) -> Row:
        cells = tuple(None if c is None else Cell.from_dict(c) for c in data["cells"])
        return cls(data["label"], data["line"], cells, tuple(data["sections"]), data["is_total"])


@dataclass(frozen=True, slots=True)
class Column:
    """A value column: its header text, the period it covers (None: refused) and its basis."""

    header: str
    period: Period | None
    basis: Basis = "gaap"

    def to_dict(self) -> dict:
        return {"header": self.header, "basis": self.basis,
                "period": None if self.period is None else self.period.to_dict()}

    @classmethod
    def from_dict(cls, data: dict) -> Column:
        period = None if data["period"] is None else Period.from_dict(data["period"])
        return cls(data["header"], period, data["basis"])


@dataclass(frozen=True, slots=True)
class Scale:
    """Multipliers stated above a table ("In thousands, except per share data")."""

    amounts: int = 1
    shares: int = 1
    per_share: int = 1
    text: str = ""

    def to_dict(self) -> dict:
        return {"amounts": self.amounts, "shares": self.shares, "per_share": self.per_share,
                "text": self.text}

    @classmethod
    def from_dict(cls, data: dict) -> Scale:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Table:
    """One financial statement table as read."""

    title: str
    statement: StatementKind
    line: int
    scale: Scale
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    def to_dict(self) -> dict:
        return {"title": self.title, "statement": self.statement, "line": self.line,
                "scale": self.scale.to_dict(), "columns": [c.to_dict() for c in self.columns],
                "rows": [r.to_dict() for r in self.rows]}

    @classmethod
    def from_dict(cls, data: dict) -> Table:
        return cls(data["title"], data["statement"], data["line"], Scale.from_dict(data["scale"]),
                   tuple(Column.from_dict(c) for c in data["columns"]),
                   tuple(Row.from_dict(r) for r in data["rows"]))


@dataclass(frozen=True, slots=True)
class Document:
    """Everything a reader found in one filing."""

    source: str
    format: str
    cover: tuple[CoverField, ...] = ()
    tables: tuple[Table, ...] = ()
    notices: tuple[Notice, ...] = ()
    narrative: tuple[tuple[int, str], ...] = ()  # (line, sentence text) outside tables
    # the source text as the reader numbered it (line N is lines[N - 1]), for the review page;
    # not part of to_dict (golden files) nor of equality
    lines: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def cover_value(self, name: str) -> str | None:
        for item in self.cover:
            if item.name == name:
                return item.value
        return None

    def to_dict(self) -> dict:
        return {"source": self.source, "format": self.format,
                "cover": [c.to_dict() for c in self.cover],
                "tables": [t.to_dict() for t in self.tables],
                "notices": [n.to_dict() for n in self.notices],
                "narrative": [list(item) for item in self.narrative]}

    @classmethod
    def from_dict(cls, data: dict) -> Document:
        return cls(data["source"], data["format"],
                   tuple(CoverField.from_dict(c) for c in data["cover"]),
                   tuple(Table.from_dict(t) for t in data["tables"]),
                   tuple(Notice.from_dict(n) for n in data["notices"]),
                   tuple((line, text) for line, text in data.get("narrative", [])))


# ---------------------------------------------------------------- the writer's side


@dataclass(frozen=True, slots=True)
class Entity:
    scheme: str
    identifier: str

    def to_dict(self) -> dict:
        return {"scheme": self.scheme, "identifier": self.identifier}


@dataclass(frozen=True, slots=True, order=True)
class Context:
    """A deduplicated context; `dimensions` is ((axis qname, member qname), ...)."""

    id: str
    period: Period
    dimensions: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict:
        return {"id": self.id, "period": self.period.to_dict(),
                "dimensions": [list(d) for d in self.dimensions]}

    @classmethod
    def from_dict(cls, data: dict) -> Context:
        return cls(data["id"], Period.from_dict(data["period"]),
                   tuple(tuple(d) for d in data["dimensions"]))


@dataclass(frozen=True, slots=True, order=True)
class Unit:
    """A unit: numerator measures over denominator measures (qnames such as iso4217:USD)."""

    id: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"id": self.id, "numerator": list(self.numerator),
                "denominator": list(self.denominator)}

    @classmethod
    def from_dict(cls, data: dict) -> Unit:
        return cls(data["id"], tuple(data["numerator"]), tuple(data["denominator"]))


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact as it will be written. `value` is a string: a decimal or text."""

    concept: str  # prefix:LocalName
    context_id: str
    value: str
    unit_id: str | None = None
    decimals: str | None = None
    line: int = 0
    label: str = ""
    confirmation: str = "read cleanly"

    def to_dict(self) -> dict:
        return {"concept": self.concept, "context_id": self.context_id, "value": self.value,
                "unit_id": self.unit_id, "decimals": self.decimals, "line": self.line,
                "label": self.label, "confirmation": self.confirmation}

    @classmethod
    def from_dict(cls, data: dict) -> Fact:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Instance:
    """A whole XBRL instance, ready to render."""

    entity: Entity
    contexts: tuple[Context, ...]
    units: tuple[Unit, ...]
    facts: tuple[Fact, ...]
    taxonomy_year: int = 2024
    notices: tuple[Notice, ...] = field(default=())

    def to_dict(self) -> dict:
        return {"entity": self.entity.to_dict(), "taxonomy_year": self.taxonomy_year,
                "contexts": [c.to_dict() for c in self.contexts],
                "units": [u.to_dict() for u in self.units],
                "facts": [f.to_dict() for f in self.facts],
                "notices": [n.to_dict() for n in self.notices]}

    @classmethod
    def from_dict(cls, data: dict) -> Instance:
        return cls(Entity(**data["entity"]),
                   tuple(Context.from_dict(c) for c in data["contexts"]),
                   tuple(Unit.from_dict(u) for u in data["units"]),
                   tuple(Fact.from_dict(f) for f in data["facts"]),
                   data["taxonomy_year"],
                   tuple(Notice.from_dict(n) for n in data["notices"]))
