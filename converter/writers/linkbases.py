"""The label and presentation linkbases of one filing: takes a ConversionResult (through its
statement view, converter/statements.py) and gives the name of the filing's statements schema
and its three files (schema name -> text), which the XBRL writer (writers/xbrl.py) adds to the
taxonomy files and the instance references beside its calculation schema.

- `xbrl-export-<year>-statements-<digest>.xsd`: the link role of each statement (its printed
  title as the role's definition), the label roles of printed labels that need one of their own,
  and the abstract headings its presentation uses: a root heading per statement kind
  (taxonomy/own.yaml `statement_roots`) and one per printed section ("Current assets:"), in the
  filing's own namespace `urn:xbrl-export:statements:<digest>`;
- its `-pre.xml`: one presentation link per statement, rows in printed order under their
  section headings (a table printed again with the same rows, such as a six-month statement
  after the three-month one, shares the first one's link);
- its `-lab.xml`: the standard label (the taxonomy YAML's `label:`) of every concept it
  presents or the instance uses and of every cover (dei) concept, the headings' labels, and
  each row's label as printed: a total in the total label role, a line printed with the
  opposite sign of its value in the negated role, a cash balance in a period start or end role,
  other lines in the terse role (verbose when longer than the standard label); a concept
  printed with several labels gets them in further roles. The presentation arcs name the
  printed label's role as their `preferredLabel`.

The files are named by a digest of what they say (the `Content` below, and the templates that
write it), so filings with identical statements share them across a batch, as the calculation
files are shared.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from ..paths import templates_dir
from ..result import ConversionResult
from ..statements import KIND_NAMES, Statement, StatementRow, camel_name, statement_view
from ..taxonomy import Taxonomy, load_taxonomy
from .xbrl import Role, _render, concept_schema_name, entry_schema_name, own_namespace, xml_text

STANDARD = "http://www.xbrl.org/2003/role/label"
TERSE = "http://www.xbrl.org/2003/role/terseLabel"
VERBOSE = "http://www.xbrl.org/2003/role/verboseLabel"
TOTAL = "http://www.xbrl.org/2003/role/totalLabel"
PERIOD_START = "http://www.xbrl.org/2003/role/periodStartLabel"
PERIOD_END = "http://www.xbrl.org/2003/role/periodEndLabel"
NEGATED = "http://www.xbrl.org/2009/role/negatedLabel"
NEGATED_TOTAL = "http://www.xbrl.org/2009/role/negatedTotalLabel"
NEGATED_SCHEMA = "http://www.xbrl.org/lrr/role/negated-2009-12-16.xsd"  # defines the two above
PRINTED = "urn:xbrl-export:role:label:printed-{}"  # further printed labels of one concept
_BEGINNING = ("beginning of", "at beginning", "start of")


@dataclass(frozen=True, slots=True)
class Arc:
    parent: str  # qname
    child: str  # qname
    order: int
    preferred: str = ""  # the label role the row's printed label has ("": the standard label)


@dataclass(frozen=True, slots=True)
class Link:
    role: str
    definition: str  # the statement's printed title
    arcs: tuple[Arc, ...]


@dataclass(frozen=True, slots=True)
class Label:
    concept: str  # qname
    role: str
    text: str


@dataclass(frozen=True, slots=True)
class Content:
    """What the statements schema and its linkbases say (the digest names the files by it)."""

    year: int
    prefix: str  # of the statements namespace
    abstracts: tuple[str, ...]  # local names of the abstract headings
    links: tuple[Link, ...]
    labels: tuple[Label, ...]
    printed_roles: int  # how many PRINTED roles the labels use


def statements_taxonomy(result: ConversionResult) -> tuple[str | None, dict[str, str]]:
    """The statements schema's name and its files; (None, {}) when no statement has a row
    written as a fact (nothing to present)."""
    content = statements_content(result)
    if not content.links:
        return None, {}
    return render_content(content)


def statements_content(result: ConversionResult) -> Content:
    taxonomy = load_taxonomy(result.instance.taxonomy_year)
    prefix = taxonomy.own["statements_prefix"]
    labels = _Labels(taxonomy, prefix)
    links: list[Link] = []
    done: set[str] = set()
    titles: set[str] = set()
    for statement in statement_view(result):
        if statement.role in done or not any(r.concept for r in statement.rows):
            continue
        done.add(statement.role)
        definition = statement.title
        if definition in titles:  # another table of that title: its periods tell them apart
            periods = dict.fromkeys(c.period for c in statement.columns if c.period)
            definition = f"{definition} ({', '.join(periods)})"
        titles.add(definition)
        links.append(Link(statement.role, definition, _arcs(statement, prefix, labels)))
    for concept in taxonomy.vocabulary("dei").concepts.values():  # every cover concept, so that
        labels.standard(concept.qname)  # the cover facts a filing has do not change its files
    for fact in result.instance.facts:
        labels.standard(fact.concept)
    abstracts = tuple(name.split(":", 1)[1] for name in labels.abstracts)
    return Content(taxonomy.year, prefix, abstracts, tuple(links), tuple(labels.labels),
                   labels.printed_roles)


def _arcs(statement: Statement, prefix: str, labels: _Labels) -> tuple[Arc, ...]:
    """The presentation of one statement: rows with a concept in printed order, each under the
    headings of its printed sections, all under the statement kind's root heading."""
    roots = labels.taxonomy.own["statement_roots"]
    root_kind = "non_gaap" if statement.non_gaap else statement.kind
    root = labels.abstract(roots[root_kind], KIND_NAMES.get(root_kind, "Non-GAAP reconciliation"))
    stack: list[str] = [root]  # the open headings (qnames)
    path: list[str] = []  # and their printed texts
    arcs: list[Arc] = []
    seen: set[tuple[str, str, str]] = set()
    count: dict[str, int] = {}

    def add(parent: str, child: str, preferred: str = "") -> None:
        if (parent, child, preferred) in seen:
            return
        seen.add((parent, child, preferred))
        count[parent] = count.get(parent, 0) + 1
        arcs.append(Arc(parent, child, count[parent], preferred))

    for row in statement.rows:
        if row.concept is None:
            continue
        common = 0
        while common < min(len(path), len(row.sections)) and path[common] == row.sections[common]:
            common += 1
        del path[common:], stack[common + 1:]
        for heading in row.sections[common:]:
            name = labels.abstract(camel_name(heading) + "Abstract", heading)
            if name not in stack:  # (a heading printed inside itself is not nested again)
                add(stack[-1], name)
            stack.append(name if name not in stack else stack[-1])
            path.append(heading)
        add(stack[-1], row.concept, labels.printed(row, statement))
    return tuple(arcs)


class _Labels:
    """The labels of one filing's label linkbase, as the arcs ask for them."""

    def __init__(self, taxonomy: Taxonomy, prefix: str):
        self.taxonomy, self.prefix = taxonomy, prefix
        self.texts: dict[tuple[str, str], str] = {}  # (qname, role) -> text
        self.labels: list[Label] = []
        self.abstracts: list[str] = []
        self.printed_roles = 0

    def _add(self, concept: str, role: str, text: str) -> None:
        self.texts[(concept, role)] = text
        self.labels.append(Label(concept, role, text))

    def standard(self, concept: str) -> None:
        if (concept, STANDARD) not in self.texts:
            self._add(concept, STANDARD, self.taxonomy.concept(concept).standard_label)

    def abstract(self, name: str, text: str) -> str:
        qname = f"{self.prefix}:{name}"
        if (qname, STANDARD) not in self.texts:
            self._add(qname, STANDARD, xml_text(text) or name)
            self.abstracts.append(qname)
        return qname

    def printed(self, row: StatementRow, statement: Statement) -> str:
        """The role of the row's printed label (added when new); "" for the standard label."""
        assert row.concept is not None
        self.standard(row.concept)
        text = xml_text(row.label)
        concept = self.taxonomy.concept(row.concept)
        if not text:
            return ""
        if concept.period == "instant" and statement.kind == "cash_flow":
            starts = any(marker in text.lower() for marker in _BEGINNING)
            wanted = [PERIOD_START if starts else PERIOD_END]
        elif row.is_total:
            wanted = [NEGATED_TOTAL if row.negated else TOTAL]
        elif row.negated:
            wanted = [NEGATED]
        elif text == concept.standard_label:
            return ""
        else:
            wanted = [TERSE, VERBOSE] if len(text) <= len(concept.standard_label) else [VERBOSE, TERSE]
        for role in wanted:
            held = self.texts.get((row.concept, role))
            if held is None:
                self._add(row.concept, role, text)
            if held is None or held == text:
                return role
        number = 1  # every role it wants holds another text: the first printed-label role free
        while self.texts.get((row.concept, PRINTED.format(number)), text) != text:
            number += 1
        if (row.concept, PRINTED.format(number)) not in self.texts:
            self._add(row.concept, PRINTED.format(number), text)
        self.printed_roles = max(self.printed_roles, number)
        return PRINTED.format(number)


@dataclass(frozen=True, slots=True)
class _Locator:
    href: str
    label: str


STATEMENT_TEMPLATES = ("statements.xsd.j2", "presentation.xml.j2", "label.xml.j2")


@lru_cache(maxsize=1)
def _templates() -> str:
    """The text of the three templates (part of what the digest covers)."""
    return "".join((templates_dir() / name).read_text(encoding="utf-8") for name in STATEMENT_TEMPLATES)


@lru_cache(maxsize=256)
def render_content(content: Content) -> tuple[str, dict[str, str]]:
    """The statements schema's name and its three files for this content."""
    digest = hashlib.sha256((_templates() + repr(content)).encode("utf-8")).hexdigest()[:12]
    year = content.year
    schema = f"xbrl-export-{year}-statements-{digest}.xsd"
    presentation, label = schema.removesuffix(".xsd") + "-pre.xml", schema.removesuffix(".xsd") + "-lab.xml"

    def href(qname: str) -> str:
        prefix, name = qname.split(":", 1)
        file = schema if prefix == content.prefix else concept_schema_name(year, prefix)
        return f"{file}#{prefix}_{name}"

    def xlink_label(qname: str) -> str:
        return qname.replace(":", "_")

    links = []
    for index, link in enumerate(content.links, 1):
        locators: dict[str, _Locator] = {}
        arcs: list[tuple[str, str, int, str]] = []
        pairs: set[tuple[str, str]] = set()
        for arc in link.arcs:
            parent = xlink_label(arc.parent)
            locators.setdefault(parent, _Locator(href(arc.parent), parent))
            child = xlink_label(arc.child)
            # a concept twice under one heading (a cash balance at the start and at the end)
            # needs a locator per arc: XLink allows one arc per pair of labels in a link
            number = 1
            while (parent, child) in pairs:
                number += 1
                child = f"{xlink_label(arc.child)}_{number}"
            pairs.add((parent, child))
            locators.setdefault(child, _Locator(href(arc.child), child))
            arcs.append((parent, child, arc.order, arc.preferred))
        links.append({"role": Role(link.role, f"statement_{index}", link.definition,
                                   "link:presentationLink"),
                      "locators": list(locators.values()), "arcs": arcs})
    printed = [Role(PRINTED.format(n), f"printed_label_{n}", f"Label as printed in the filing ({n})",
                    "link:label") for n in range(1, content.printed_roles + 1)]
    concepts = list(dict.fromkeys(label.concept for label in content.labels))
    namespace = f"urn:xbrl-export:statements:{digest}"
    files = {
        schema: _render("statements.xsd.j2", prefix=content.prefix, namespace=namespace, digest=digest,
                        roles=[link["role"] for link in links] + printed,
                        abstracts=content.abstracts, presentation_linkbase=presentation,
                        label_linkbase=label, own_namespace=own_namespace(year),
                        entry_schema=entry_schema_name(year)),
        presentation: _render("presentation.xml.j2", schema=schema, links=links),
        label: _render("label.xml.j2", schema=schema, printed=printed,
                       negated=any(lab.role in (NEGATED, NEGATED_TOTAL) for lab in content.labels),
                       negated_schema=NEGATED_SCHEMA, negated_roles=((NEGATED, "negatedLabel"),
                                                                     (NEGATED_TOTAL, "negatedTotalLabel")),
                       locators=[_Locator(href(c), xlink_label(c)) for c in concepts],
                       labels=[(xlink_label(lab.concept), lab.role, lab.text) for lab in content.labels]),
    }
    return schema, files
