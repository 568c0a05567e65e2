"""Tests' helper: what Arelle loads from an XBRL 2.1 instance, an xBRL-JSON report or an
xBRL-CSV metadata file (its OIM loader, the loadFromOIM plugin), offline, and validates it as
`xbrl-export validate` does (XBRL 2.1 and the calculation checks), as plain sets, so that the
three formats can be compared fact by fact.

Takes a path; gives `Loaded`: the facts (concept, entity, period, dimensions, unit, value,
decimals; a Counter, so a duplicate counts twice), the contexts (entity, period, dimensions),
the units (numerator and denominator measures) and every warning or error logged while loading.
Names are Clark names ({namespace}local), so prefixes do not matter.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Loaded:
    facts: Counter
    contexts: frozenset
    units: frozenset
    problems: tuple[str, ...]


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(f"[{getattr(record, 'messageCode', '')}] {record.getMessage()}")


def _period(context) -> tuple:
    if context.isInstantPeriod:
        return ("instant", context.instantDatetime)
    return ("duration", context.startDatetime, context.endDatetime)


def _dimensions(context) -> frozenset:
    return frozenset((str(dim.clarkNotation), str(value.memberQname.clarkNotation))
                     for dim, value in context.qnameDims.items())


def _context(context) -> tuple:
    return (tuple(context.entityIdentifier), _period(context), _dimensions(context))


def _unit(unit) -> tuple | None:
    if unit is None:
        return None
    numerator, denominator = unit.measures
    return (tuple(sorted(m.clarkNotation for m in numerator)),
            tuple(sorted(m.clarkNotation for m in denominator)))


def load(path: Path) -> Loaded:
    from arelle.api.Session import Session
    from arelle.RuntimeOptions import RuntimeOptions

    options = RuntimeOptions(entrypointFile=str(path), internetConnectivity="offline", validate=True, calcs="c10",
                             disablePersistentConfig=True, plugins="loadFromOIM", keepOpen=True,
                             logFormat="[%(messageCode)s] %(message)s")
    collector = _Collect()
    with Session() as session:
        session.run(options, logHandler=collector)
        models = session.get_models()
        assert len(models) == 1, collector.messages
        model = models[0]
        facts = Counter((f.qname.clarkNotation, *_context(f.context), _unit(f.unit), f.value,
                         f.decimals) for f in model.facts)
        contexts = frozenset(_context(c) for c in model.contexts.values())
        units = frozenset(_unit(u) for u in model.units.values())
    return Loaded(facts, contexts, units, tuple(collector.messages))
