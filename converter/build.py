"""Settled values -> Instance: the entity, contexts, units and facts a writer writes.

Takes the working state after the passes (converter/passes) and the command line's overrides;
gives the Instance (model.py), and the calculation relationships its facts satisfy wherever an
XBRL processor would check them. Contexts and units are deduplicated and get readable ids
(D2004-04-01_2004-06-30, I2004-06-30, USD, shares, USD_per_share). Facts keep source order; the
cover page's dei facts come first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from .errors import InputError
from .kinds import Basis
from .model import Context, Document, Entity, Fact, Instance, Notice, Unit
from .passes.p7_arithmetic.linkbase import linkbase_relationships
from .passes.state import WorkingState
from .periods import Period
from .registrant import name_in_release
from .taxonomy import Relationship, Taxonomy, dei_name

SEC_CIK_SCHEME = "http://www.sec.gov/CIK"
FILE_NUMBER_SCHEME = "urn:xbrl-export:sec-file-number"
NAME_SCHEME = "urn:xbrl-export:entity-name"
UNITS = {
    "USD": Unit("USD", ("iso4217:USD",)),
    "shares": Unit("shares", ("xbrli:shares",)),
    "USD_per_share": Unit("USD_per_share", ("iso4217:USD",), ("xbrli:shares",)),
    "pure": Unit("pure", ("xbrli:pure",)),
}


@dataclass(frozen=True, slots=True)
class Overrides:
    """Values given on the command line that win over what the filing says."""

    cik: str | None = None
    entity_name: str | None = None
    file_number: str | None = None
    document_type: str | None = None
    period_end: date | None = None


@dataclass
class _Collector:
    own: dict  # taxonomy/own.yaml: the reporting-basis axis and its members
    contexts: dict[tuple, Context] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)

    def context(self, period: Period, basis: Basis = "gaap") -> str:
        key = (period.key(), basis)
        context = self.contexts.get(key)
        if context is None:
            prefix = self.own["prefix"]
            dimensions = (((f"{prefix}:{self.own['basis_axis']}",
                            f"{prefix}:{self.own['basis_members'][basis]}"),) if basis != "gaap" else ())
            context = self.contexts[key] = Context(context_id(period, basis),
                                                   Period(period.end, period.start), dimensions)
        return context.id

    def unit(self, name: str) -> str:
        self.units.setdefault(name, UNITS[name])
        return name


def context_id(period: Period, basis: str = "gaap") -> str:
    if period.start is None:
        text = f"I{period.end.isoformat()}"
    else:
        text = f"D{period.start.isoformat()}_{period.end.isoformat()}"
    return text if basis == "gaap" else f"{text}_{basis.replace('-', '')}"


def entity_for(document: Document, overrides: Overrides) -> tuple[Entity, list[Notice]]:
    """The entity identifier: CIK when known, else the commission file number, else the name."""
    cik = overrides.cik or document.cover_value(dei_name("cik"))
    if cik and cik.strip().isdigit():
        return Entity(SEC_CIK_SCHEME, cik.strip().zfill(10)), []
    file_number = overrides.file_number or document.cover_value(dei_name("file_number"))
    if file_number and re.fullmatch(r"[0-9A-Za-z-]+", file_number.strip()):
        note = Notice("warning", 0, "no CIK known: the entity is identified by its commission "
                      f"file number ({FILE_NUMBER_SCHEME}); pass --cik to use the SEC CIK scheme")
        return Entity(FILE_NUMBER_SCHEME, file_number.strip()), [note]
    name = (overrides.entity_name or document.cover_value(dei_name("registrant"))
            or name_in_release(document))
    if name is None and document.format == "html":  # an archive of releases is not one entity
        raise InputError("no CIK, file number or registrant name found in this release: "
                         "give --cik or --entity-name", document.source)
    name = name or "unknown"
    token = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-") or "unknown"
    note = Notice("warning", 0, f"no CIK or file number: the entity is identified by its name ({NAME_SCHEME})")
    return Entity(NAME_SCHEME, token), [note]


def format_value(value) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _cover_facts(document: Document, overrides: Overrides, collector: _Collector,
                 latest: Period | None, order: list[str]) -> list[Notice]:
    fields = {c.name: c for c in document.cover}
    values = {name: (c.value, c.line) for name, c in fields.items()}
    for name, override in ((dei_name("registrant"), overrides.entity_name),
                           (dei_name("cik"), overrides.cik),
                           (dei_name("file_number"), overrides.file_number),
                           (dei_name("document_type"), overrides.document_type)):
        if override:
            values[name] = (override, 0)
    if overrides.period_end:
        values[dei_name("period_end")] = (overrides.period_end.isoformat(), 0)
    if not values:
        return []
    if dei_name("period_end") in values:
        day = date.fromisoformat(values[dei_name("period_end")][0])
    elif latest is not None:
        day = latest.end
    else:
        return [Notice("warning", 0, "no date of report and no periods: cover facts left out")]
    context = collector.context(Period(day, day))
    for name in sorted(values, key=order.index):
        text, line = values[name]
        collector.facts.append(Fact(f"dei:{name}", context, text, line=line, label="cover page"))
    if dei_name("period_end") not in values:
        return [Notice("warning", 0, "no date of report: cover facts use the latest period end")]
    return []


def build_instance(state: WorkingState, overrides: Overrides = Overrides()) -> Instance:
    """The whole instance for the working state the passes left (see the module docstring)."""
    document, taxonomy = state.document, state.taxonomy
    notices = list(state.notices)
    entity, entity_notices = entity_for(document, overrides)
    notices.extend(entity_notices)
    collector = _Collector(taxonomy.own)
    latest = max((m.period for m in state.values), key=lambda p: p.end, default=None)
    notices.extend(_cover_facts(document, overrides, collector, latest, taxonomy.roles["cover_order"]))
    add, context, unit = collector.facts.append, collector.context, collector.unit
    for value in state.values:
        add(Fact(value.concept.qname, context(value.period, value.basis), format_value(value.value),
                 unit(value.unit), str(value.decimals), value.line, value.label, value.confirmation))
    contexts = tuple(sorted(collector.contexts.values(), key=lambda c: c.id))
    units = tuple(sorted(collector.units.values(), key=lambda u: u.id))
    return Instance(entity, contexts, units, tuple(collector.facts), taxonomy.year, tuple(notices))


def facts_by_context(instance: Instance) -> dict[str, dict[str, Decimal]]:
    """Monetary us-gaap values by context id and concept name (what calculations check)."""
    table: dict[str, dict[str, Decimal]] = {}
    for fact in instance.facts:
        if fact.unit_id == "USD" and fact.concept.startswith("us-gaap:"):
            table.setdefault(fact.context_id, {})[fact.concept.split(":", 1)[1]] = Decimal(fact.value)
    return table


def asserted_calculations(instance: Instance, taxonomy: Taxonomy
                          ) -> tuple[Instance, tuple[Relationship, ...]]:
    """The instance with a warning for each relationship its facts break, and the relationships
    they satisfy wherever an XBRL processor would check them (the calculation linkbase)."""
    asserted, notices = linkbase_relationships(facts_by_context(instance), taxonomy.relationships)
    return replace(instance, notices=instance.notices + tuple(notices)), tuple(asserted)
