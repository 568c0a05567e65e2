"""Everything xbrl-export knows about us-gaap and dei, read from the YAML files of taxonomy/.

`load_taxonomy(year)` gives one `Taxonomy` per taxonomy year and process: the concepts
(us-gaap.yaml, dei.yaml), the mapping rules indexed by (statement, normalised label) and
`rule_for` to pick the one rule that maps a printed row, the sum relationships the statements
guarantee (calculations.yaml), the printed labels known per statement (every concept label plus
labels.yaml: what the repair pass splits fused labels into), the concepts that play a part in the
code's rules (`roles` in us-gaap.yaml and dei.yaml), the printed state names (states.yaml), and
the namespaces and elements of xbrl-export's own schema (own.yaml). The data lives in YAML only;
this module reads and checks it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

import yaml

from .errors import TaxonomyError
from .kinds import STATEMENT_KINDS, StatementKind
from .paths import taxonomy_dir

SIGN_RULES = ("as_printed", "negate", "magnitude", "either")
ITEM_TYPES = {
    "monetary": "xbrli:monetaryItemType",
    "perShare": "perShareItemType",
    "shares": "xbrli:sharesItemType",
    "pure": "xbrli:pureItemType",
    "string": "xbrli:stringItemType",
    "date": "xbrli:dateItemType",
}


@dataclass(frozen=True, slots=True)
class Concept:
    prefix: str
    name: str
    period: str  # duration | instant
    type: str  # key of ITEM_TYPES
    balance: str | None = None
    # the standard label (the YAML's `label:`; tests/test_vocabulary.py checks every concept has
    # one, and `standard_label` falls back to the name for a concept added without it)
    label: str = field(default="", compare=False)
    qname: str = field(init=False, repr=False, compare=False, default="")  # prefix:name

    def __post_init__(self):
        object.__setattr__(self, "qname", f"{self.prefix}:{self.name}")

    @property
    def item_type(self) -> str:
        return ITEM_TYPES[self.type]

    @property
    def standard_label(self) -> str:
        """The YAML's `label:`, or the name in words ("CostOfRevenue": "Cost Of Revenue")."""
        return self.label or re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", self.name)


@dataclass(frozen=True, slots=True)
class Rule:
    """One way a printed row maps to a concept."""

    concept: Concept
    statements: tuple[str, ...]
    sign: str
    section: re.Pattern | None
    within: re.Pattern | None
    not_within: re.Pattern | None
    patterns: tuple[re.Pattern, ...]
    after: re.Pattern | None = None  # a total row above it in the table ("Total current assets")
    before: re.Pattern | None = None  # a total row below it ("Total current liabilities")

    @property
    def constrained(self) -> bool:
        return bool(self.section or self.within or self.after or self.before)

    def fits(self, headers: list[str]) -> bool:
        """Whether the rule holds under these (normalised) section headers, outermost first."""
        nearest = headers[-1] if headers else ""
        if self.section and not self.section.search(nearest):
            return False
        if self.within and not any(self.within.search(s) for s in headers):
            return False
        if self.not_within and any(self.not_within.search(s) for s in headers):
            return False
        return True


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """One namespace's concepts (us-gaap or dei) as loaded."""

    prefix: str
    namespace: str
    official_schema: str
    concepts: dict[str, Concept]


@dataclass(frozen=True, slots=True)
class Relationship:
    """total = sum(weight x child), as taxonomy/calculations.yaml states it."""

    total: str
    children: tuple[tuple[str, int], ...]
    unless: tuple[str, ...] = ()
    linkbase: bool = True
    requires: tuple[str, ...] = ()
    members: tuple[str, ...] = field(init=False, compare=False, repr=False)
    weights: dict[str, int] = field(init=False, compare=False, repr=False)  # child -> weight

    def __post_init__(self):
        object.__setattr__(self, "members", (self.total,) + tuple(n for n, _ in self.children))
        object.__setattr__(self, "weights", dict(self.children))

    def describe(self) -> str:
        """'Total = A + B - C'."""
        parts = [("+ " if w > 0 else "- ") + name for name, w in self.children]
        return f"{self.total} = " + " ".join(parts).lstrip("+ ")

    def applies(self, present) -> bool:
        return self.total in present and self.conditions_hold(present)

    def conditions_hold(self, present) -> bool:
        """Its `requires` are all present and none of its `unless` is."""
        return ((not self.requires or all(name in present for name in self.requires))
                and (not self.unless or not any(name in present for name in self.unless)))

    def residual(self, values: dict[str, Decimal]) -> Decimal:
        """total - sum(weight x child); absent children count as zero."""
        residual = values[self.total]
        for name, weight in self.children:
            value = values.get(name)
            if value is not None:
                residual -= weight * value
        return residual


@dataclass(frozen=True, slots=True)
class KnownLabels:
    """The printed labels of one statement kind: items (every concept label and labels.yaml's
    items) and section headers, with every proper prefix of them and their first words."""

    items: frozenset[str]
    sections: frozenset[str]
    prefixes: frozenset[str]
    first_words: frozenset[str] = frozenset()

    def knows(self, label: str) -> bool:
        key = normalise_label(label)
        return key in self.items or key in self.sections


@dataclass(frozen=True, slots=True, eq=False)  # one per year and process: compared by identity
class Taxonomy:
    year: int
    vocabularies: tuple[Vocabulary, ...]
    by_label: dict[tuple[str, str], tuple[Rule, ...]]
    pattern_rules: tuple[Rule, ...]
    relationships: tuple[Relationship, ...] = ()
    by_member: dict[str, tuple[int, ...]] = field(default_factory=dict)  # positions in relationships
    known_labels: dict[StatementKind, KnownLabels] = field(default_factory=dict)  # by StatementKind
    roles: dict[str, Any] = field(default_factory=dict)  # roles.yaml: concepts the rules name
    states: dict[str, str] = field(default_factory=dict)  # printed state name -> code
    own: dict[str, Any] = field(default_factory=dict)  # own.yaml: xbrl-export's schema
    after: re.Pattern | None = None  # every rule's `after`: the total rows mapping looks out for
    before: re.Pattern | None = None  # every rule's `before`, likewise
    # per statement, every label pattern of `pattern_rules` in one regex: most labels match none,
    # and one search tells so (tried before the rules one by one)
    any_pattern: dict[str, re.Pattern] = field(default_factory=dict)

    def concept(self, qname: str) -> Concept:
        prefix, name = qname.split(":", 1)
        for vocabulary in self.vocabularies:
            if vocabulary.prefix == prefix and name in vocabulary.concepts:
                return vocabulary.concepts[name]
        raise TaxonomyError(f"concept {qname} is not in the taxonomy")

    def vocabulary(self, prefix: str) -> Vocabulary:
        for vocabulary in self.vocabularies:
            if vocabulary.prefix == prefix:
                return vocabulary
        raise TaxonomyError(f"no vocabulary with prefix {prefix}")

    def rule_for(self, label: str, sections: tuple[str, ...], statement: str,
                 above: tuple[str, ...] = (), below: tuple[str, ...] = ()) -> tuple[Rule | None, str]:
        """The one rule that maps a row with this label under these section headers, or None
        and the reason (no rule, or rules of several concepts: never a guess). `above`, `below`:
        the normalised total rows above and below it in its table that a rule's `after` and
        `before` may name."""
        key = normalise_label(label)
        candidates = list(self.by_label.get((statement, key), ()))
        any_pattern = self.any_pattern.get(statement)
        if any_pattern is not None and any_pattern.fullmatch(key):
            candidates += [r for r in self.pattern_rules
                           if statement in r.statements and any(p.fullmatch(key) for p in r.patterns)]
        headers = [normalise_label(s) for s in sections]
        fitting = [r for r in candidates if r.fits(headers)
                   and (r.after is None or any(r.after.search(t) for t in above))
                   and (r.before is None or any(r.before.search(t) for t in below))]
        if any(r.constrained for r in fitting):
            fitting = [r for r in fitting if r.constrained]
        concepts = {r.concept.qname for r in fitting}
        if len(concepts) == 1:
            return fitting[0], ""
        if not concepts:
            return None, "no concept for this label" if not candidates else "label is ambiguous here"
        return None, "label matches several concepts: " + ", ".join(sorted(concepts))

    def relationships_among(self, names) -> tuple[Relationship, ...]:
        """The relationships with a member among `names`, in their order in the taxonomy."""
        positions: set[int] = set()
        for name in names:
            positions.update(self.by_member.get(name, ()))
        return tuple(self.relationships[p] for p in sorted(positions))


_FOOTNOTE_MARK = re.compile(r"\s*(\(\s*[a-z0-9]\s*\)|\*+|\[\d+\])\s*$")
_SPACES = re.compile(r"\s+")


def plain_text(text: str) -> str:
    """Lower case, straight quotes, plain dashes (the first step of normalising a label)."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2014", "-")
    if "\ufb01" in text or "\ufb02" in text:  # typographic ligatures a PDF's text keeps: "beneﬁts"
        text = text.replace("\ufb01", "fi").replace("\ufb02", "fl")
    return text.lower()


# How the same line item is printed across filings, folded into one key by `normalise_label`
# (each rule only rewrites spelling that cannot change which concept a label names):
_NOTE_REFERENCE = re.compile(  # "(note 3)", "(notes 3 and 4)", "- see note 5", "(see notes)", "(unaudited)"
    r"\s*(?:,\s*|-+\s*)?(?:\(\s*(?:see\s+)?notes?\s+[0-9a-z]{1,3}(?:\s*(?:,|and|&|-)\s*[0-9a-z]{1,3})*\s*\)"
    r"|(?<=\s)-+\s*see\s+notes?\s+[0-9a-z]{1,3}(?:\s*(?:,|and|&|-)\s*[0-9a-z]{1,3})*"
    r"|\(\s*see\s+(?:the\s+)?notes?\s*\)|\(\s*unaudited\s*\))\s*$")
_LEADING_MARK = re.compile(r"^[\u2022\u25cf\u25aa*\s]+")  # bullets before a label
# a spaced dash is a separator: "per share - basic" is "per share, basic", and so is a dash spaced
# on one side only, as extraction prints it ("net income- basic", "shares -basic"); a label's
# leading dash ("-basic earnings per share") is a list mark, dropped
_SEPARATOR = re.compile(r"^[-\u2013]+\s*|\s+[-\u2013]+\s+|(?<=[a-z)])(?<!\bnon)[-\u2013]+\s+|\s+[-\u2013]+(?=[a-z])")
# a parenthesis glued to a word by extraction: "earnings(loss) per share", "(in thousands)used"
# the cash-flow totals' "(used) provided by" in any order, one way: "provided by (used in)"
_USED_PROVIDED = re.compile(r"\(used\)\s*provided by|provided\s*\(used\)\s*by|provided by\s*\(used\)(?!\s*in\b)")
_GLUED_PAREN = re.compile(r"(?<=[a-z])\((?=[a-z]{2})|(?<=[a-z]{2}\))(?=[a-z])")
# abbreviations statements print, written out: "sales, general & admin." is "... administrative"
_ABBREVIATIONS = {"admin": "administrative", "amort": "amortization", "accum": "accumulated",
                  "depr": "depreciation", "equiv": "equivalents"}
_ABBREVIATION = re.compile(r"\b(" + "|".join(_ABBREVIATIONS) + r")\.")
_SLASH_PAREN = re.compile(r"\s*/\s*(?=\()|(?<=\))\s*/\s*")  # "income/ (loss)": "income (loss)"
_NON_PREFIX = re.compile(r"\bnon[- ](?=[a-z])")  # "non-current", "non current": "noncurrent"
_WORD_HYPHEN = re.compile(r"(?<=[a-z])[-\u2013](?=[a-z])")  # "stock-based": "stock based"
_SERIAL_COMMA = re.compile(r",\s+and\s+")  # "cash, cash equivalents, and": "..., ... and"
_TRAILING_NET = re.compile(r"(?<=[a-z)])\s*(?:,\s*)?\(?\bnet\)?$")  # "x - net", "x (net)", "x net"
_POSSESSIVE_PLURAL = re.compile(r"(?<=s)'(?![a-z])")  # "stockholders' equity", "stockholders equity"
_LEADING_LESS = re.compile(r"^less\s*:?\s+")  # "less: accumulated depreciation"
_WORD = re.compile(r"[a-z]+")
_NOT_PLURAL = frozenset(["series", "news", "means", "species", "whereas", "always", "perhaps"])
# complementary words printed in either order around a parenthesis ("net (loss) income"):
# the word outside the parenthesis is the positive direction, so "(gain) loss" is "loss (gain)"
_PAIRS = (("income", "loss"), ("earning", "loss"), ("gain", "loss"), ("profit", "loss"),
          ("income", "expense"), ("benefit", "expense"), ("benefit", "provision"),
          ("increase", "decrease"), ("provided by", "used in"), ("provided by", "used for"),
          ("surplus", "deficit"), ("earning", "deficit"), ("charge", "credit"),
          ("payment", "proceed"), ("purchase", "sale"), ("inflow", "outflow"))
_PAIR_WORDS = "|".join(sorted({w for pair in _PAIRS for w in pair}, key=len, reverse=True))
_PAREN_FIRST = re.compile(rf"\(({_PAIR_WORDS})\)\s*({_PAIR_WORDS})\b")
_PAIR_SET = frozenset(_PAIRS) | frozenset((b, a) for a, b in _PAIRS)


def _singular(word: str) -> str:
    """A word's singular form, by the regular English endings ("liabilities", "taxes",
    "losses", "expenses"); short words, and words ending in -ss, -us, -is, stay as they are."""
    if len(word) <= 3 or not word.endswith("s") or word in _NOT_PLURAL \
            or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    return word[:-1]


def _singular_match(match: re.Match) -> str:
    return _singular(match[0])


def _paren_first(match: re.Match) -> str:
    inside, after = match[1], match[2]
    return f"{after} ({inside})" if (inside, after) in _PAIR_SET else match[0]


# kept per label (the one content-keyed cache left): printed labels recur within a filing and
# across an archive, and without it a conversion took 12% more instructions and 23% more CPU on
# inputs that never repeat (benchmarks/compare_versions.py, results-2026-11-29-normalise-cache.json)
@lru_cache(maxsize=8192)
def normalise_label(label: str) -> str:
    """The key a printed label is looked up by: lower case, straight quotes, single spaces, no
    footnote marks, note references or trailing colon; "&" is "and", no plural possessive
    apostrophe ("stockholders'"; "stockholder's" stays apart), no serial
    comma, hyphenated words and "non-" prefixes joined one way, separators and a trailing
    "net" printed one way, a leading "less" dropped, plurals singular, and complementary words
    around a parenthesis in one order ("net (loss) income" is "net income (loss)")."""
    text = plain_text(label).strip()
    if text.endswith((")", "*", "]")) or "note" in text:  # (each step only where it can apply)
        for _ in range(3):  # "(1)(2)", "(note 3) (a)"
            stripped = _NOTE_REFERENCE.sub("", _FOOTNOTE_MARK.sub("", text))
            if stripped == text:
                break
            text = stripped
    if "&" in text:
        text = text.replace("&", " and ")
    if "'" in text:
        text = _POSSESSIVE_PLURAL.sub("", text)
    text = " ".join(_LEADING_MARK.sub("", text).split()).strip(" :")
    if "(" in text:
        text = _GLUED_PAREN.sub(lambda m: " (" if m[0] else " ", text)
    if "." in text:
        text = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m[1]], text)
    if "-" in text or "\u2013" in text or "non" in text:
        text = _SEPARATOR.sub(lambda m: "" if m.start() == 0 else ", ", text)
        text = _WORD_HYPHEN.sub(" ", _NON_PREFIX.sub("non", text))
    if "/" in text:
        text = _SLASH_PAREN.sub(" ", text)
    if ", and" in text:
        text = _SERIAL_COMMA.sub(" and ", text)
    if text.startswith("less"):
        text = _LEADING_LESS.sub("", text)
    if "s" in text:
        text = _WORD.sub(_singular_match, text)
    if "(" in text:
        text = _PAREN_FIRST.sub(_paren_first, _USED_PROVIDED.sub("provided by (used in)", text))
    text = " ".join(text.split()).strip(" :,")
    if not text.endswith("net") and not text.endswith("net)"):
        return text
    return _TRAILING_NET.sub(", net", text)


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it


def read_taxonomy_yaml(name: str) -> dict:
    """One YAML file of taxonomy/, parsed."""
    path = taxonomy_dir() / name
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_SAFE_LOADER)
    except (OSError, yaml.YAMLError) as error:
        raise TaxonomyError(f"cannot read taxonomy file {path}: {error}") from error


def _compile(pattern: str | None) -> re.Pattern | None:
    return re.compile(pattern, re.I) if pattern else None


_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")


def _vocabulary(data: dict, year: int) -> Vocabulary:
    concepts = {}
    if not _NCNAME.fullmatch(str(data["prefix"])):
        raise TaxonomyError(f"{data['prefix']!r} is not a usable namespace prefix")
    for name, spec in data["concepts"].items():
        if not _NCNAME.fullmatch(str(name)):
            raise TaxonomyError(f"{name!r} is not a valid element name (an XML NCName)")
        if spec["type"] not in ITEM_TYPES:
            raise TaxonomyError(f"{name}: unknown type {spec['type']}")
        concepts[name] = Concept(data["prefix"], name, spec["period"], spec["type"],
                                 spec.get("balance"), str(spec.get("label") or "").strip())
    return Vocabulary(data["prefix"], data["namespace"].format(year=year),
                      data["official_schema"].format(year=year), concepts)


def _rules(data: dict, vocabulary: Vocabulary):
    for name, spec in data["concepts"].items():
        for raw in spec.get("map", []):
            sign = raw.get("sign", "as_printed")
            if sign not in SIGN_RULES:
                raise TaxonomyError(f"{name}: unknown sign rule {sign}")
            rule = Rule(vocabulary.concepts[name], tuple(raw["statements"]), sign,
                        _compile(raw.get("section")), _compile(raw.get("within")),
                        _compile(raw.get("not_within")),
                        tuple(re.compile(p, re.I) for p in raw.get("patterns", [])),
                        _compile(raw.get("after")), _compile(raw.get("before")))
            yield rule, [normalise_label(label) for label in raw.get("labels", [])]


def _relationships(data: dict) -> tuple[Relationship, ...]:
    for item in data["relationships"]:
        if not all(type(weight) is int for weight in item["children"].values()):
            raise TaxonomyError(f"calculations.yaml: the weights of {item['total']} must be integers")
    return tuple(Relationship(item["total"], tuple(item["children"].items()),
                              tuple(item.get("unless", [])), item.get("linkbase", True),
                              tuple(item.get("requires", [])))
                 for item in data["relationships"])


def _known_labels(statement: str, by_label: dict, extra: dict) -> KnownLabels:
    items = {label for (kind, label) in by_label if kind == statement}
    items.update(normalise_label(x) for x in extra["items"].get(statement, []))
    sections = {normalise_label(x) for x in extra["sections"].get(statement, [])}
    prefixes: set[str] = set()
    for phrase in items | sections:
        words = phrase.split()
        prefixes.update(" ".join(words[:n]) for n in range(1, len(words)))
    first_words = {phrase.split()[0] for phrase in items | sections if phrase.split()}
    return KnownLabels(frozenset(items), frozenset(sections), frozenset(prefixes),
                       frozenset(first_words))


def load_taxonomy(year: int = 2024) -> Taxonomy:
    """The compiled taxonomy for a us-gaap/dei release year (built once per year and process,
    whether the year is given or not: `load_taxonomy()` and `load_taxonomy(2024)` are one entry
    of the cache, so the cover reader's first call does not build it a second time)."""
    return _load_taxonomy(year)


@lru_cache(maxsize=4)
def _load_taxonomy(year: int) -> Taxonomy:
    us_gaap_data, dei_data = read_taxonomy_yaml("us-gaap.yaml"), read_taxonomy_yaml("dei.yaml")
    us_gaap, dei = _vocabulary(us_gaap_data, year), _vocabulary(dei_data, year)
    by_label: dict[tuple[str, str], list[Rule]] = {}
    pattern_rules: list[Rule] = []
    after: set[str] = set()
    before: set[str] = set()
    for rule, labels in _rules(us_gaap_data, us_gaap):
        if rule.after:
            after.add(rule.after.pattern)
        if rule.before:
            before.add(rule.before.pattern)
        for statement in rule.statements:
            for label in labels:
                by_label.setdefault((statement, label), []).append(rule)
        if rule.patterns:
            pattern_rules.append(rule)
    frozen = {key: tuple(rules) for key, rules in by_label.items()}
    relationships = _relationships(read_taxonomy_yaml("calculations.yaml"))
    by_member: dict[str, list[int]] = {}
    for position, rel in enumerate(relationships):
        for name in rel.members:
            by_member.setdefault(name, []).append(position)
    extra = read_taxonomy_yaml("labels.yaml")
    known = {statement: _known_labels(statement, frozen, extra)
             for statement in STATEMENT_KINDS}
    states = {str(name): str(code) for name, code in read_taxonomy_yaml("states.yaml").items()}
    return Taxonomy(year, (us_gaap, dei), frozen, tuple(pattern_rules), relationships,
                    {name: tuple(p) for name, p in by_member.items()}, known,
                    read_taxonomy_yaml("roles.yaml"), states, read_taxonomy_yaml("own.yaml"),
                    after=_compile("|".join(f"(?:{p})" for p in sorted(after))),
                    before=_compile("|".join(f"(?:{p})" for p in sorted(before))),
                    any_pattern={statement: re.compile("|".join(f"(?:{p.pattern})" for r in pattern_rules
                                                    if statement in r.statements for p in r.patterns), re.I)
                     for statement in STATEMENT_KINDS
                     if any(statement in r.statements for r in pattern_rules)})


def dei_name(role: str) -> str:
    """The dei concept of a cover-page field by its role ("registrant", "cik", ...: roles.yaml)."""
    return load_taxonomy().roles["cover"][role]


def load_states() -> dict[str, str]:
    """Printed US state names -> two-letter codes (taxonomy/states.yaml)."""
    return load_taxonomy().states
