"""Document -> Instance: map every table, settle duplicates, then create contexts, units and facts.

Contexts and units are deduplicated and get readable ids (D2004-04-01_2004-06-30, I2004-06-30,
USD, shares, USD_per_share). Facts keep source order. Two readings of the same concept and
period that agree are one fact; two that disagree are both refused (a wrong fact is worse than a
missing one).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from .consistency import resolve
from .mapping import MappedValue, consolidated_net_income_printed, map_table
from .model import Context, Document, Entity, Fact, Instance, Notice, Table, Unit
from .narrative import Claim, read_claims
from .periods import Period, as_53_weeks, as_weeks
from .records import record
from .recovery import cross_check, fiscal_year_end, recover_periods
from .repair import repair_table
from .taxonomy import Taxonomy

SEC_CIK_SCHEME = "http://www.sec.gov/CIK"
FILE_NUMBER_SCHEME = "urn:xbrl-export:sec-file-number"
NAME_SCHEME = "urn:xbrl-export:entity-name"
UNITS = {
    "USD": Unit("USD", ("iso4217:USD",)),
    "shares": Unit("shares", ("xbrli:shares",)),
    "USD_per_share": Unit("USD_per_share", ("iso4217:USD",), ("xbrli:shares",)),
    "pure": Unit("pure", ("xbrli:pure",)),
}


@record
class Overrides:
    """Values given on the command line that win over what the filing says."""

    cik: str | None = None
    entity_name: str | None = None
    file_number: str | None = None
    document_type: str | None = None
    period_end: date | None = None


@dataclass
class _Collector:
    contexts: dict[tuple, Context] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)

    def context(self, period: Period, basis: str = "gaap") -> str:
        key = (period.key(), basis)  # the key names start and end (and is computed once)
        context = self.contexts.get(key)
        if context is None:
            dimensions = ((BASIS_AXIS, BASIS_MEMBERS[basis]),) if basis != "gaap" else ()
            context = self.contexts[key] = Context(context_id(period, basis),
                                                   Period(period.end, period.start), dimensions)
        return context.id

    def unit(self, name: str) -> str:
        self.units.setdefault(name, UNITS[name])
        return name


BASIS_AXIS = "xbx:ReportingBasisAxis"
BASIS_MEMBERS = {"adjustments": "xbx:NonGaapAdjustmentsMember", "non-gaap": "xbx:NonGaapMember"}


def context_id(period: Period, basis: str = "gaap") -> str:
    if period.is_instant:
        text = f"I{period.end.isoformat()}"
    else:
        text = f"D{period.start.isoformat()}_{period.end.isoformat()}"
    return text if basis == "gaap" else f"{text}_{basis.replace('-', '')}"


def entity_for(document: Document, overrides: Overrides) -> tuple[Entity, list[Notice]]:
    """The entity identifier: CIK when known, else the commission file number, else the name."""
    cik = overrides.cik or document.cover_value("EntityCentralIndexKey")
    if cik and cik.strip().isdigit():
        return Entity(SEC_CIK_SCHEME, cik.strip().zfill(10)), []
    file_number = overrides.file_number or document.cover_value("EntityFileNumber")
    if file_number and re.fullmatch(r"[0-9A-Za-z-]+", file_number.strip()):
        note = Notice("warning", 0, "no CIK known: the entity is identified by its commission "
                      f"file number ({FILE_NUMBER_SCHEME}); pass --cik to use the SEC CIK scheme")
        return Entity(FILE_NUMBER_SCHEME, file_number.strip()), [note]
    name = overrides.entity_name or document.cover_value("EntityRegistrantName") or "unknown"
    token = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-") or "unknown"
    note = Notice("warning", 0, f"no CIK or file number: the entity is identified by its name ({NAME_SCHEME})")
    return Entity(NAME_SCHEME, token), [note]


def settle_duplicates(values: list[MappedValue]) -> tuple[list[MappedValue], list[Notice]]:
    """Keep one of each agreeing duplicate. Readings that disagree become one undecided value
    whose candidates are the readings: arithmetic picks one, or all are refused."""
    groups: dict[tuple, list[MappedValue]] = {}
    keys = []
    for value in values:
        if value.certain and value.value is not None:
            key = (value.concept.qname, value.period.key(), value.basis)
            groups.setdefault(key, []).append(value)
            keys.append(key)
        else:
            keys.append(None)
    kept, notices = [], []
    for value, key in zip(values, keys):
        if key is None:
            kept.append(value)  # undecided: the consistency engine settles it
            continue
        group = groups[key]
        if value is not group[0]:
            continue
        if len(group) == 1:
            kept.append(value)
            continue
        readings = []
        for member in group:
            if member.value not in readings:
                readings.append(member.value)
        if len(readings) == 1:
            kept.append(value)
            continue
        lines = ", ".join(str(v.line) for v in group)
        kept.append(replace(value, value=None, candidates=tuple(readings), certain=False,
                            confirmation=f"rows on lines {lines} read differently",
                            printed=" / ".join(v.printed for v in group)))
    return kept, notices


def format_value(value) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _cover_facts(document: Document, overrides: Overrides, collector: _Collector,
                 latest: Period | None) -> list[Notice]:
    fields = {c.name: c for c in document.cover}
    values = {name: (c.value, c.line) for name, c in fields.items()}
    for name, override in (("EntityRegistrantName", overrides.entity_name),
                           ("EntityCentralIndexKey", overrides.cik),
                           ("EntityFileNumber", overrides.file_number),
                           ("DocumentType", overrides.document_type)):
        if override:
            values[name] = (override, 0)
    if overrides.period_end:
        values["DocumentPeriodEndDate"] = (overrides.period_end.isoformat(), 0)
    if not values:
        return []
    if "DocumentPeriodEndDate" in values:
        day = date.fromisoformat(values["DocumentPeriodEndDate"][0])
    elif latest is not None:
        day = latest.end
    else:
        return [Notice("warning", 0, "no date of report and no periods: cover facts left out")]
    context = collector.context(Period(day, day))
    for name in sorted(values, key=_COVER_ORDER.index):
        text, line = values[name]
        collector.facts.append(Fact(f"dei:{name}", context, text, line=line, label="cover page"))
    if "DocumentPeriodEndDate" not in values:
        return [Notice("warning", 0, "no date of report: cover facts use the latest period end")]
    return []


_COVER_ORDER = ["DocumentType", "DocumentPeriodEndDate", "EntityRegistrantName",
                "EntityCentralIndexKey", "EntityIncorporationStateCountryCode", "EntityFileNumber",
                "EntityTaxIdentificationNumber", "EntityAddressAddressLine1",
                "EntityAddressCityOrTown", "EntityAddressStateOrProvince",
                "EntityAddressPostalZipCode", "CityAreaCode", "LocalPhoneNumber",
                "CurrentFiscalYearEndDate"]


@record
class PreparedTables:
    """The tables after repair and period recovery, with the narrative's claims."""

    tables: tuple[Table, ...]
    claims: tuple[Claim, ...]
    year_end: tuple[int, str] | None
    notices: tuple[Notice, ...]


def _without_consolidated_net_income(values: list[MappedValue], notices: list[Notice]
                                     ) -> tuple[list[MappedValue], list[Notice]]:
    """Where the income statement prints net income before the noncontrolling interests' share,
    the cash-flow statement starts from that consolidated amount: not NetIncomeLoss."""
    kept = [v for v in values if v.concept.name != "NetIncomeLoss"]
    notices = notices + [Notice("refusal", v.line, f"{v.concept.qname} {v.period.key()} refused: the "
                                "cash flows start from net income before noncontrolling interests",
                                v.printed) for v in values if v.concept.name == "NetIncomeLoss"]
    return kept, notices


def weeks_calendar(tables: list[Table]) -> list[Table]:
    """When any duration of the filing is counted in weeks (it ends on a weekday), the filer
    keeps a 52/53-week calendar: its month-end durations are weeks too (a year of 53 weeks
    when the filing prints the previous year end 53 weeks before, see `as_53_weeks`)."""
    if not any(c.period is not None and "weeks" in c.period.rule for t in tables for c in t.columns):
        return tables
    ends = {c.period.end for t in tables for c in t.columns if c.period is not None}
    return [replace(t, columns=tuple(replace(c, period=as_53_weeks(as_weeks(c.period), ends))
                                     if c.period else c for c in t.columns)) for t in tables]


def prepare_tables(document: Document, taxonomy: Taxonomy) -> PreparedTables:
    """Repair every table, then place garbled columns where the narrative supports it."""
    notices: list[Notice] = []
    repaired = []
    for table in document.tables:
        table, repair_notices = repair_table(table, taxonomy.year)
        repaired.append(table)
        notices.extend(repair_notices)
    repaired = weeks_calendar(repaired)
    claims = read_claims(document.narrative)
    year_end = fiscal_year_end(repaired, claims, taxonomy)
    taken = {c.period.key() for t in repaired if t.statement == "income" for c in t.columns
             if c.period is not None and c.basis == "gaap"}
    tables = []
    for table in repaired:
        table, recovery_notices = recover_periods(table, claims, year_end, taxonomy, taken)
        taken.update(c.period.key() for c in table.columns if c.period is not None and c.basis == "gaap")
        tables.append(table)
        notices.extend(recovery_notices)
    return PreparedTables(tuple(tables), tuple(claims), year_end, tuple(notices))


def build_instance(document: Document, taxonomy: Taxonomy, overrides: Overrides = Overrides(),
                   prepared: PreparedTables | None = None) -> Instance:
    """The whole instance for one document (see the module docstring)."""
    prepared = prepared or prepare_tables(document, taxonomy)
    notices = list(document.notices) + list(prepared.notices)
    mapped: list[MappedValue] = []
    unmapped: set[tuple[str, str]] = set()
    consolidated = any(consolidated_net_income_printed(t, taxonomy) for t in prepared.tables)
    for table in prepared.tables:
        values, table_notices = map_table(table, taxonomy, unmapped)
        if consolidated and table.statement == "cash_flow":
            values, table_notices = _without_consolidated_net_income(values, table_notices)
        mapped.extend(values)
        notices.extend(table_notices)
    mapped, duplicate_notices = settle_duplicates(mapped)
    notices.extend(duplicate_notices)
    mapped, engine_notices = resolve(mapped, unmapped)
    notices.extend(engine_notices)
    notices.extend(cross_check(mapped, list(prepared.claims), prepared.year_end))
    entity, entity_notices = entity_for(document, overrides)
    notices.extend(entity_notices)
    collector = _Collector()
    latest = max((m.period for m in mapped), key=lambda p: p.end, default=None)
    notices.extend(_cover_facts(document, overrides, collector, latest))
    add, context, unit = collector.facts.append, collector.context, collector.unit
    for value in mapped:
        add(Fact(value.concept.qname, context(value.period, value.basis), format_value(value.value),
                 unit(value.unit), str(value.decimals), value.line, value.label, value.confirmation))
    contexts = tuple(sorted(collector.contexts.values(), key=lambda c: c.id))
    units = tuple(sorted(collector.units.values(), key=lambda u: u.id))
    return Instance(entity, contexts, units, tuple(collector.facts), taxonomy.year, tuple(notices))
