"""What the xBRL-JSON and xBRL-CSV writers share: an Instance in the terms of the XBRL Open
Information Model (OIM 1.0), where a fact is a value with its core dimensions.

Takes: a ConversionResult (its instance) and the schema reference mode of the XML writer.
Gives: `OimReport` (the prefixes and namespaces, the taxonomy the files reference, and one
`OimFact` per fact of the instance, in the instance's order) for writers/xbrl_json.py and
writers/xbrl_csv.py. Both write the same facts, contexts and units as the XML instance and
reference the same generated taxonomy (writers/xbrl.py, `taxonomy_references`), so each file
loads on its own.

OIM periods are date-times: a start date is its day's midnight, an end date or instant the
midnight after its day ("2004-04-01T00:00:00/2004-07-01T00:00:00" is the XML's 2004-04-01 to
2004-06-30); entities and units are SQNames ("cik:0001045810", "iso4217:USD/xbrli:shares").
Text values lose the characters XML 1.0 cannot carry, as they do in the XML instance.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..build import SEC_CIK_SCHEME
from ..model import Unit
from ..periods import Period
from ..result import ConversionResult
from ..taxonomy import load_taxonomy
from .xbrl import own_namespace, taxonomy_references, xml_text

JSON_DOCUMENT_TYPE = "https://xbrl.org/2021/xbrl-json"
CSV_DOCUMENT_TYPE = "https://xbrl.org/2021/xbrl-csv"
ENTITY_PREFIXES = {SEC_CIK_SCHEME: "cik"}  # any other scheme is declared as "scheme"


@dataclass(frozen=True, slots=True)
class OimFact:
    """One fact in OIM terms: every field a string ("" when the fact has none)."""

    id: str
    concept: str
    period: str
    unit: str
    decimals: str
    value: str
    dimensions: tuple[tuple[str, str], ...]  # taxonomy-defined: (axis, member) SQNames


@dataclass(frozen=True, slots=True)
class OimReport:
    namespaces: dict[str, str]
    taxonomy: list[str]  # the schema locations the file references
    files: dict[str, str]  # the generated taxonomy files they need: name -> text
    entity: str
    facts: tuple[OimFact, ...]
    axes: tuple[str, ...]  # the taxonomy-defined dimensions any fact uses, in order


def oim_report(result: ConversionResult, schema_ref: str = "local") -> OimReport:
    """The instance of `result` as OIM facts, with what its files declare."""
    instance = result.instance
    year = instance.taxonomy_year
    taxonomy = load_taxonomy(year)
    scheme_prefix = ENTITY_PREFIXES.get(instance.entity.scheme, "scheme")
    namespaces = {"xbrli": taxonomy.own["base_namespaces"]["xbrli"],
                  "iso4217": taxonomy.own["base_namespaces"]["iso4217"]}
    namespaces |= {v.prefix: v.namespace for v in taxonomy.vocabularies}
    if any(c.dimensions for c in instance.contexts):
        namespaces[taxonomy.own["prefix"]] = own_namespace(year)
    namespaces[scheme_prefix] = instance.entity.scheme
    periods = {c.id: period_text(c.period) for c in instance.contexts}  # once per context
    dimensions = {c.id: c.dimensions for c in instance.contexts}
    units = {u.id: unit_text(u) for u in instance.units}
    facts = []
    for index, fact in enumerate(instance.facts, 1):
        unit = units[fact.unit_id] if fact.unit_id else ""
        value = fact.value if fact.unit_id else xml_text(fact.value)
        facts.append(OimFact(f"f{index}", fact.concept, periods[fact.context_id], unit,
                             fact.decimals or "", value, dimensions[fact.context_id]))
    axes = tuple(dict.fromkeys(axis for c in instance.contexts for axis, _ in c.dimensions))
    refs, files = taxonomy_references(result, schema_ref)
    return OimReport(namespaces, refs, files, f"{scheme_prefix}:{instance.entity.identifier}", tuple(facts), axes)


def _midnight(day: date) -> str:
    return f"{day.isoformat()}T00:00:00"


def period_text(period: Period) -> str:
    """An OIM period: an instant's date-time, or a duration's start/end date-times."""
    end = _midnight(period.end + timedelta(days=1))
    return end if period.start is None else f"{_midnight(period.start)}/{end}"


def unit_text(unit: Unit) -> str:
    """An OIM unit string: measures joined by "*", a denominator after "/"."""
    def product(measures: tuple[str, ...]) -> str:
        text = "*".join(sorted(measures))
        return f"({text})" if len(measures) > 1 else text

    return product(unit.numerator) + (f"/{product(unit.denominator)}" if unit.denominator else "")
