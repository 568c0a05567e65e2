"""Instance -> XBRL 2.1 XML text, and the taxonomy files it references, through jinja2 templates.

The environment autoescapes everything and fails on any undefined name. Templates only loop;
what to write is decided here. The generated taxonomy (entry schema + one concept schema per
vocabulary) depends only on the taxonomy year, so it is rendered once per process.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import jinja2

from . import __version__
from .model import Instance
from .paths import templates_dir
from .taxonomy import Taxonomy, load_taxonomy

OWN_PREFIX = "xbx"
BASE_NAMESPACES = (
    ("xbrli", "http://www.xbrl.org/2003/instance"),
    ("link", "http://www.xbrl.org/2003/linkbase"),
    ("xlink", "http://www.w3.org/1999/xlink"),
    ("iso4217", "http://www.xbrl.org/2003/iso4217"),
)
XBRLDI = ("xbrldi", "http://xbrl.org/2006/xbrldi")


def own_namespace(year: int) -> str:
    return f"urn:xbrl-export:taxonomy:{year}"


def entry_schema_name(year: int) -> str:
    return f"xbrl-export-{year}.xsd"


def concept_schema_name(year: int, prefix: str) -> str:
    return f"xbrl-export-{year}-{prefix}.xsd"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True, undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, trim_blocks=False, lstrip_blocks=False)


def _schema_refs(instance: Instance, schema_ref: str, taxonomy: Taxonomy) -> list[str]:
    if schema_ref == "official":
        used = {fact.concept.split(":")[0] for fact in instance.facts}
        return [v.official_schema for v in taxonomy.vocabularies if v.prefix in used]
    return [entry_schema_name(instance.taxonomy_year)]


def render_instance(instance: Instance, source: str = "", schema_ref: str = "local") -> str:
    """The instance document as text (byte-identical for the same instance)."""
    taxonomy = load_taxonomy(instance.taxonomy_year)
    namespaces = list(BASE_NAMESPACES)
    namespaces += [(v.prefix, v.namespace) for v in taxonomy.vocabularies]
    if any(c.dimensions for c in instance.contexts):
        namespaces += [XBRLDI, (OWN_PREFIX, own_namespace(instance.taxonomy_year))]
    template = environment().get_template("instance.xml.j2")
    return template.render(version=__version__, source=source, namespaces=namespaces,
                           schema_refs=_schema_refs(instance, schema_ref, taxonomy),
                           contexts=instance.contexts, units=instance.units,
                           entity=instance.entity, facts=instance.facts)


@dataclass(frozen=True)
class _Import:
    namespace: str
    href: str


@lru_cache(maxsize=4)
def render_taxonomy(year: int) -> dict[str, str]:
    """File name -> text of every generated taxonomy file for a taxonomy year."""
    taxonomy = load_taxonomy(year)
    files: dict[str, str] = {}
    imports = []
    for vocabulary in taxonomy.vocabularies:
        name = concept_schema_name(year, vocabulary.prefix)
        concepts = sorted(vocabulary.concepts.values(), key=lambda c: c.name)
        files[name] = environment().get_template("concepts.xsd.j2").render(
            vocabulary=vocabulary, concepts=concepts, source_file=f"{vocabulary.prefix}.yaml",
            needs_per_share=any(c.type == "perShare" for c in concepts))
        imports.append(_Import(vocabulary.namespace, name))
    files[entry_schema_name(year)] = environment().get_template("entry.xsd.j2").render(
        own_prefix=OWN_PREFIX, own_namespace=own_namespace(year), imports=imports,
        linkbases=[], roles=[], own_elements=[])
    return files
