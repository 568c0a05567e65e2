"""The calculation relationships an instance may assert: those its facts satisfy wherever an
XBRL processor would check them (used by build, for the calculation linkbase the writer writes).
"""
from __future__ import annotations

from decimal import Decimal

from ...model import Notice
from ...taxonomy import Relationship


def linkbase_relationships(facts_by_context: dict[str, dict[str, Decimal]],
                           relationships: tuple[Relationship, ...]
                           ) -> tuple[list[Relationship], list[Notice]]:
    """The relationships this instance's facts satisfy, as an XBRL processor would check them
    (in every context holding the total and a child). One that fails somewhere is left out of
    the linkbase, with a warning naming the context: the filing itself is inconsistent there,
    or a component line maps to no concept."""
    kept, notices = [], []
    contexts = sorted(facts_by_context.items())
    reported = set().union(*facts_by_context.values())  # every concept with a value somewhere
    for rel in relationships:
        if not rel.linkbase or rel.total not in reported:
            continue  # (checked nowhere: the total has no value in any context)
        checked, failed, inapplicable = 0, [], False
        for context, values in contexts:
            if rel.total not in values or values.keys().isdisjoint(rel.weights):
                continue
            checked += 1
            if rel.residual(values) == 0:
                continue
            if rel.applies(values):
                failed.append(f"{context} (off by {rel.residual(values)})")
            else:
                inapplicable = True  # another form of the relationship is the one that holds there
        if checked and not failed and not inapplicable:
            kept.append(rel)
        elif failed:
            notices.append(Notice("warning", 0, f"calculation {rel.describe()} not asserted: it does "
                                  f"not hold in {', '.join(failed)}"))
    return kept, notices
