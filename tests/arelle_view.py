"""What Arelle's presentation view shows for an instance (offline): per link role of the
statements, its definition and the rows of its tree in order as (depth, label, concept), each
label taken in the role its presentation arc prefers, as `arelle --pre` prints them."""
from __future__ import annotations

from pathlib import Path


def presentation(instance: Path) -> dict[str, tuple[str, list[tuple[int, str, str]]]]:
    """role URI -> (definition, [(depth, label, concept qname), ...]) for the statement roles."""
    from arelle import Cntlr, XbrlConst

    controller = Cntlr.Cntlr(logFileName="logToBuffer")
    controller.webCache.workOffline = True
    model = controller.modelManager.load(str(instance))
    try:
        views = {}
        for role in sorted(model.relationshipSet(XbrlConst.parentChild).linkRoleUris):
            if not role.startswith("urn:xbrl-export:role:statement:"):
                continue
            relationships = model.relationshipSet(XbrlConst.parentChild, role)
            rows: list[tuple[int, str, str]] = []
            for root in relationships.rootConcepts:
                _walk(relationships, root, 0, None, frozenset(), rows)
            definition = model.roleTypes[role][0].definition
            views[role] = (definition, rows)
        return views
    finally:
        model.close()
        controller.close()


def _walk(relationships, concept, depth: int, preferred, seen: frozenset, rows: list) -> None:
    """Append the concept's row and, depth first in arc order, its children's."""
    rows.append((depth, concept.label(preferred, lang="en-US"), str(concept.qname)))
    for rel in relationships.fromModelObject(concept):
        if rel.toModelObject is not None and rel.toModelObject not in seen:
            _walk(relationships, rel.toModelObject, depth + 1, rel.preferredLabel, seen | {concept}, rows)
