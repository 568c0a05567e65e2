"""The YAML taxonomy, loaded once per process and compiled into lookup tables.

`load_taxonomy(year)` reads taxonomy/us-gaap.yaml and taxonomy/dei.yaml into Concept objects and
an index from (statement, normalised label) to mapping rules. The data lives in YAML only; this
module just reads and checks it.
"""
from __future__ import annotations

import re
from dataclasses import field
from functools import lru_cache

import yaml

from .errors import TaxonomyError
from .paths import taxonomy_dir
from .records import record

SIGN_RULES = ("as_printed", "negate", "magnitude", "either")
ITEM_TYPES = {
    "monetary": "xbrli:monetaryItemType",
    "perShare": "perShareItemType",
    "shares": "xbrli:sharesItemType",
    "pure": "xbrli:pureItemType",
    "string": "xbrli:stringItemType",
    "date": "xbrli:dateItemType",
}


@record
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


@record
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

    @property
    def constrained(self) -> bool:
        return bool(self.section or self.within or self.after)


@record
class Vocabulary:
    """One namespace's concepts (us-gaap or dei) as loaded."""

    prefix: str
    namespace: str
    official_schema: str
    concepts: dict[str, Concept]


@record(eq=False)  # one per year and process: compared by identity
class Taxonomy:
    year: int
    vocabularies: tuple[Vocabulary, ...]
    by_label: dict[tuple[str, str], tuple[Rule, ...]]
    pattern_rules: tuple[Rule, ...]
    after: re.Pattern | None = None  # every rule's `after`: the total rows mapping looks out for

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


# How the same line item is printed across filings, folded into one key by `normalise_label`
# (each rule only rewrites spelling that cannot change which concept a label names):
_NOTE_REFERENCE = re.compile(  # "(note 3)", "(notes 3 and 4)", "- see note 5", "(unaudited)"
    r"\s*(?:,\s*|-+\s*)?(?:\(\s*(?:see\s+)?notes?\s+[0-9a-z]{1,3}(?:\s*(?:,|and|&|-)\s*[0-9a-z]{1,3})*\s*\)"
    r"|(?<=\s)-+\s*see\s+notes?\s+[0-9a-z]{1,3}(?:\s*(?:,|and|&|-)\s*[0-9a-z]{1,3})*"
    r"|\(\s*unaudited\s*\))\s*$")
_LEADING_MARK = re.compile(r"^[\u2022\u25cf\u25aa*\s]+")  # bullets before a label
_SEPARATOR = re.compile(r"\s+[-\u2013]+\s+")  # "per share - basic": "per share, basic"
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
_PAREN_FIRST = re.compile(r"\((%s)\)\s*(%s)\b" % (
    "|".join(sorted({w for pair in _PAIRS for w in pair}, key=len, reverse=True)),
    "|".join(sorted({w for pair in _PAIRS for w in pair}, key=len, reverse=True))))
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


def _paren_first(match: re.Match) -> str:
    inside, after = match[1], match[2]
    return f"{after} ({inside})" if (inside, after) in _PAIR_SET else match[0]


@lru_cache(maxsize=8192)
def normalise_label(label: str) -> str:
    """The key a printed label is looked up by: lower case, straight quotes, single spaces, no
    footnote marks, note references or trailing colon; "&" is "and", no plural possessive
    apostrophe ("stockholders'"; "stockholder's" stays apart), no serial
    comma, hyphenated words and "non-" prefixes joined one way, separators and a trailing
    "net" printed one way, a leading "less" dropped, plurals singular, and complementary words
    around a parenthesis in one order ("net (loss) income" is "net income (loss)")."""
    text = plain_text(label)
    for _ in range(3):  # "(1)(2)", "(note 3) (a)"
        stripped = _NOTE_REFERENCE.sub("", _FOOTNOTE_MARK.sub("", text))
        if stripped == text:
            break
        text = stripped
    text = _LEADING_MARK.sub("", _POSSESSIVE_PLURAL.sub("", text.replace("&", " and ")))
    text = _SEPARATOR.sub(", ", _SPACES.sub(" ", text).strip(" :"))
    text = _SLASH_PAREN.sub(" ", text)
    text = _WORD_HYPHEN.sub(" ", _NON_PREFIX.sub("non", text))
    text = _SERIAL_COMMA.sub(" and ", text)
    text = _LEADING_LESS.sub("", text)
    text = _WORD.sub(lambda m: _singular(m[0]), text)
    text = _PAREN_FIRST.sub(_paren_first, text)
    text = _TRAILING_NET.sub(", net", _SPACES.sub(" ", text).strip(" :,"))
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
                        tuple(re.compile(p, re.I) for p in raw.get("patterns", [])),
                        _compile(raw.get("after")))
            yield rule, [normalise_label(label) for label in raw.get("labels", [])]


@lru_cache(maxsize=4)
def load_taxonomy(year: int = 2024) -> Taxonomy:
    """The compiled taxonomy for a us-gaap/dei release year (cached per process)."""
    us_gaap_data, dei_data = read_taxonomy_yaml("us-gaap.yaml"), read_taxonomy_yaml("dei.yaml")
    us_gaap, dei = _vocabulary(us_gaap_data, year), _vocabulary(dei_data, year)
    by_label: dict[tuple[str, str], list[Rule]] = {}
    pattern_rules: list[Rule] = []
    after: set[str] = set()
    for rule, labels in _rules(us_gaap_data, us_gaap):
        if rule.after:
            after.add(rule.after.pattern)
        for statement in rule.statements:
            for label in labels:
                by_label.setdefault((statement, label), []).append(rule)
        if rule.patterns:
            pattern_rules.append(rule)
    frozen = {key: tuple(rules) for key, rules in by_label.items()}
    return Taxonomy(year, (us_gaap, dei), frozen, tuple(pattern_rules),
                    _compile("|".join(f"(?:{p})" for p in sorted(after))))


@lru_cache(maxsize=1)
def load_states() -> dict[str, str]:
    """Printed US state names -> two-letter codes."""
    return {str(name): str(code) for name, code in read_taxonomy_yaml("states.yaml").items()}
