"""The YAML taxonomy, loaded once per process and compiled into lookup tables.

`load_taxonomy(year)` reads taxonomy/us-gaap.yaml and taxonomy/dei.yaml into Concept objects and
an index from (statement, normalised label) to mapping rules. The data lives in YAML only; this
module just reads and checks it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from .errors import TaxonomyError
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
    qname: str = field(init=False, repr=False, compare=False, default="")  # prefix:name

    def __post_init__(self):
        object.__setattr__(self, "qname", f"{self.prefix}:{self.name}")

    @property
    def item_type(self) -> str:
        return ITEM_TYPES[self.type]


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

    @property
    def constrained(self) -> bool:
        return bool(self.section or self.within)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """One namespace's concepts (us-gaap or dei) as loaded."""

    prefix: str
    namespace: str
    official_schema: str
    concepts: dict[str, Concept]


@dataclass(frozen=True, slots=True, eq=False)  # one per year and process: compared by identity
class Taxonomy:
    year: int
    vocabularies: tuple[Vocabulary, ...]
    by_label: dict[tuple[str, str], tuple[Rule, ...]]
    pattern_rules: tuple[Rule, ...]

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


_FOOTNOTE_MARK = re.compile(r"\s*(\(\s*[a-z0-9]\s*\)|\*+|\[\d+\])\s*$")
_SPACES = re.compile(r"\s+")


def plain_text(text: str) -> str:
    """Lower case, straight quotes, plain dashes (the first step of normalising a label)."""
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2014", "-").lower()


@lru_cache(maxsize=8192)
def normalise_label(label: str) -> str:
    """Lower case, straight quotes, no footnote marks or trailing colon, single spaces."""
    text = plain_text(label)
    text = _FOOTNOTE_MARK.sub("", text)
    text = _SPACES.sub(" ", text).strip(" :")
    return text


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: 6x faster


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
                                 spec.get("balance"))
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
                        tuple(re.compile(p, re.I) for p in raw.get("patterns", [])))
            yield rule, [normalise_label(label) for label in raw.get("labels", [])]


@lru_cache(maxsize=4)
def load_taxonomy(year: int = 2024) -> Taxonomy:
    """The compiled taxonomy for a us-gaap/dei release year (cached per process)."""
    us_gaap_data, dei_data = read_taxonomy_yaml("us-gaap.yaml"), read_taxonomy_yaml("dei.yaml")
    us_gaap, dei = _vocabulary(us_gaap_data, year), _vocabulary(dei_data, year)
    by_label: dict[tuple[str, str], list[Rule]] = {}
    pattern_rules: list[Rule] = []
    for rule, labels in _rules(us_gaap_data, us_gaap):
        for statement in rule.statements:
            for label in labels:
                by_label.setdefault((statement, label), []).append(rule)
        if rule.patterns:
            pattern_rules.append(rule)
    frozen = {key: tuple(rules) for key, rules in by_label.items()}
    return Taxonomy(year, (us_gaap, dei), frozen, tuple(pattern_rules))


@lru_cache(maxsize=1)
def load_states() -> dict[str, str]:
    """Printed US state names -> two-letter codes."""
    return {str(name): str(code) for name, code in read_taxonomy_yaml("states.yaml").items()}
