"""The XBRL 2.1 writer: Instance -> instance XML text, and the taxonomy files it references,
through jinja2 templates (templates/).

The environment autoescapes everything and fails on any undefined name, except the instance's
fact lines (most of its text), where only text values are escaped: the other fields are
XML-safe by construction (see `_fact_fields`). Templates only loop; what to write is decided
here. Two kinds of taxonomy file are written beside an instance:
- shared, the same for every instance of a taxonomy year (rendered once per process): the us-gaap
  and dei concept schemas, xbrl-export's own schema (reporting-basis dimension, link roles) and
  its definition linkbase;
- per set of calculation relationships: `xbrl-export-<year>-calc-<digest>.xsd`, the entry point an
  instance references, and its `-cal.xml` linkbase holding the relationships the instance's
  facts were checked against. They are named by a digest of their content, so every instance
  checked against the same relationships shares them (an archive folder holds a few of them,
  not two per filing) and a name always means the same content.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2

from .. import __version__
from ..model import Instance
from ..paths import templates_dir
from ..result import ConversionResult, Rendered
from ..taxonomy import Relationship, Taxonomy, load_taxonomy


def render(result: ConversionResult, schema_ref: str = "local", stem: str = "") -> Rendered:
    """The writer's entry (writers/__init__.py): the instance and the taxonomy files it needs
    (`schema_ref` "local": the generated schemas; "official": the us-gaap and dei entry points,
    plus the generated schema only when a non-GAAP dimension is used). `stem` is unused: the
    instance names no file after itself."""
    refs, files = taxonomy_references(result, schema_ref)
    return Rendered(render_instance(result.instance, Path(result.source).name, schema_ref, schema_refs=refs),
                    files)


def taxonomy_references(result: ConversionResult, schema_ref: str = "local") -> tuple[list[str], dict[str, str]]:
    """What an instance of this result references, in any format (the XML, xBRL-JSON and xBRL-CSV
    writers share it): the schema locations, and the generated taxonomy files they need (name
    -> text; see `render` for `schema_ref`). With local schemas: the calculation schema and the
    filing's statements schema (writers/linkbases.py), when it has statements."""
    from .linkbases import statements_taxonomy  # (linkbases.py builds on this module's helpers)

    instance = result.instance
    year = instance.taxonomy_year
    entry, calculation_files = calculation_taxonomy(year, result.calculations)
    statements, statement_files = statements_taxonomy(result) if schema_ref == "local" else (None, {})
    refs = _schema_refs(instance, schema_ref, load_taxonomy(year), entry, statements)
    files: dict[str, str] = {}
    if schema_ref == "local":
        files = dict(render_taxonomy(year)) | calculation_files | statement_files
    elif any(c.dimensions for c in instance.contexts):
        files = dict(render_taxonomy(year))
    return refs, files


def own_namespace(year: int) -> str:
    return load_taxonomy(year).own["namespace"].format(year=year)


def entry_schema_name(year: int) -> str:
    return f"xbrl-export-{year}.xsd"


def concept_schema_name(year: int, prefix: str) -> str:
    return f"xbrl-export-{year}-{prefix}.xsd"


def definition_linkbase_name(year: int) -> str:
    return f"xbrl-export-{year}-def.xml"


def calculation_schema_name(year: int, digest: str) -> str:
    return f"xbrl-export-{year}-calc-{digest}.xsd"


@dataclass(frozen=True, slots=True)
class Role:
    uri: str
    id: str
    definition: str
    used_on: str


@dataclass(frozen=True, slots=True)
class _Import:
    namespace: str
    href: str


@dataclass(frozen=True, slots=True)
class _Locator:
    href: str
    label: str
    weight: int = 1


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True, undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, trim_blocks=False, lstrip_blocks=False)


def _render(template: str, **values) -> str:
    return environment().get_template(template).render(**values)


def basis_role() -> Role:
    return Role("urn:xbrl-export:role:reporting-basis", "reporting_basis",
                "Reporting basis: US GAAP (default), non-GAAP adjustments, non-GAAP",
                "link:definitionLink")


def calculation_role(index: int, rel: Relationship) -> Role:
    return Role(f"urn:xbrl-export:role:calculation:{index}", f"calculation_{index}",
                f"Calculation: {rel.describe()}", "link:calculationLink")


def safe_stem(stem: str) -> str:
    """A file stem safe as a file name (letters, digits, dot, dash, underscore)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "instance"


def _schema_refs(instance: Instance, schema_ref: str, taxonomy: Taxonomy, entry: str,
                 statements: str | None) -> list[str]:
    if schema_ref == "official":
        used = {fact.concept.split(":")[0] for fact in instance.facts}
        refs = [v.official_schema for v in taxonomy.vocabularies if v.prefix in used]
        if any(c.dimensions for c in instance.contexts):
            refs.append(entry_schema_name(instance.taxonomy_year))
        return refs
    return [entry] if statements is None else [entry, statements]


def render_instance(instance: Instance, source: str = "", schema_ref: str = "local",
                    entry: str | None = None, schema_refs: list[str] | None = None) -> str:
    """The instance document as text (byte-identical for the same instance). `schema_refs`: the
    schemas it references, as `taxonomy_references` gives them; without them, with local
    schemas, `entry` is the one it references (default: the one of no calculations)."""
    taxonomy = load_taxonomy(instance.taxonomy_year)
    if schema_refs is None:
        if entry is None:
            entry = calculation_taxonomy(instance.taxonomy_year, ())[0]
        schema_refs = _schema_refs(instance, schema_ref, taxonomy, entry, None)
    own = taxonomy.own
    namespaces = list(own["base_namespaces"].items())
    namespaces += [(v.prefix, v.namespace) for v in taxonomy.vocabularies]
    if any(c.dimensions for c in instance.contexts):
        namespaces += [(own["dimension_namespace"]["prefix"], own["dimension_namespace"]["uri"]),
                       (own["prefix"], own_namespace(instance.taxonomy_year))]
    source = re.sub("-(?=-)", "- ", xml_text(source)).rstrip("-")  # it sits in an XML comment
    return _render("instance.xml.j2", version=__version__, source=source, namespaces=namespaces,
                   schema_refs=schema_refs,
                   contexts=[_context_fields(c) for c in instance.contexts],
                   units=[(u.id, u.numerator, u.denominator) for u in instance.units],
                   entity=instance.entity, facts=[_fact_fields(f) for f in instance.facts])


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text without the characters XML 1.0 cannot carry (control characters from damaged input)."""
    return _NOT_XML.sub("", text)


def _text(text: str | None) -> str | None:
    return None if text is None else xml_text(text)


def _fact_fields(fact) -> tuple:
    """What the template writes of a fact: concept, context, unit, decimals, value. The facts
    are most of an instance, so the template escapes only the values of text facts (numbers
    are digits, "-" and "."); the other fields are XML-safe by construction (concept names are
    checked as NCNames when the taxonomy loads; context and unit ids and decimals are made by
    build from dates, basis names and integers)."""
    value = fact.value if fact.unit_id else _text(fact.value)  # numbers: digits, "-", "."
    return (fact.concept, fact.context_id, fact.unit_id, fact.decimals, value)


def _context_fields(context) -> tuple:
    """Id, start (empty for an instant), end and dimensions of a context."""
    period = context.period
    start = period.start.isoformat() if period.start else ""
    return (context.id, start, period.end.isoformat(), context.dimensions)


@lru_cache(maxsize=4)
def render_taxonomy(year: int) -> dict[str, str]:
    """File name -> text of the shared taxonomy files of a taxonomy year."""
    taxonomy = load_taxonomy(year)
    files: dict[str, str] = {}
    imports = []
    for vocabulary in taxonomy.vocabularies:
        name = concept_schema_name(year, vocabulary.prefix)
        concepts = sorted(vocabulary.concepts.values(), key=lambda c: c.name)
        files[name] = _render("concepts.xsd.j2", vocabulary=vocabulary, concepts=concepts,
                              source_file=f"{vocabulary.prefix}.yaml",
                              needs_per_share=any(c.type == "perShare" for c in concepts))
        imports.append(_Import(vocabulary.namespace, name))
    roles = [basis_role()] + [calculation_role(i, r) for i, r in enumerate(taxonomy.relationships, 1)]
    own = [{"name": name, "group": group} for name, group in taxonomy.own["elements"].items()]
    files[entry_schema_name(year)] = _render(
        "entry.xsd.j2", own_prefix=taxonomy.own["prefix"], own_namespace=own_namespace(year), imports=imports,
        roles=roles, own_elements=own, definition_linkbase=definition_linkbase_name(year))
    files[definition_linkbase_name(year)] = _definition_linkbase(taxonomy)
    return files


def _definition_linkbase(taxonomy: Taxonomy) -> str:
    year = taxonomy.year
    entry = entry_schema_name(year)
    prefix = taxonomy.own["prefix"]
    locators = [_Locator(f"{entry}#{prefix}_{name}", label)
                for label, name in taxonomy.own["definition"].items()]
    us_gaap = taxonomy.vocabulary("us-gaap")
    schema = concept_schema_name(year, "us-gaap")
    items = [_Locator(f"{schema}#us-gaap_{name}", f"item_{name}")
             for name in sorted(us_gaap.concepts)]
    return _render("definition.xml.j2", role=basis_role(), entry_schema=entry,
                   locators=locators + items, line_items=items)


def _concept_locator(taxonomy: Taxonomy, name: str, label: str, weight: int = 1) -> _Locator:
    schema = concept_schema_name(taxonomy.year, "us-gaap")
    return _Locator(f"{schema}#us-gaap_{name}", label, weight)


def _calculation_linkbase(year: int, asserted: tuple[Relationship, ...]) -> str:
    """The calculation linkbase text for a set of relationships."""
    taxonomy = load_taxonomy(year)
    index_of = {rel: index for index, rel in enumerate(taxonomy.relationships, 1)}
    links = []
    for rel in asserted:
        index = index_of[rel]
        children = [_concept_locator(taxonomy, name, f"c{index}_{name}", weight)
                    for name, weight in rel.children]
        links.append({"role": calculation_role(index, rel),
                      "total": _concept_locator(taxonomy, rel.total, f"t{index}_{rel.total}"),
                      "children": children})
    return _render("calculation.xml.j2", links=links, entry_schema=entry_schema_name(year))


# kept per set of relationships (an archive's instances share a few such sets): rendering it for
# every conversion cost 6% of a conversion on inputs that never repeat (compare_versions.py)
@lru_cache(maxsize=256)
def calculation_taxonomy(year: int, asserted: tuple[Relationship, ...]) -> tuple[str, dict[str, str]]:
    """The entry schema an instance with these calculation relationships references, and the
    files of that schema (see the module docstring): name -> text."""
    linkbase = _calculation_linkbase(year, asserted)
    digest = hashlib.sha256(linkbase.encode("utf-8")).hexdigest()[:12]
    schema = calculation_schema_name(year, digest)
    linkbase_name = schema.removesuffix(".xsd") + "-cal.xml"
    text = _render("filing.xsd.j2", digest=digest, namespace=f"urn:xbrl-export:calculations:{digest}",
                   calculation_linkbase=linkbase_name, own_namespace=own_namespace(year),
                   entry_schema=entry_schema_name(year))
    return schema, {schema: text, linkbase_name: linkbase}
