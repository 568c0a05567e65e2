"""The categories the model and the passes use, in one place (Literal types: plain strings at run
time, checked by the type checker).

- CellKind: what a printed cell holds. `amount` a number; `dash` a printed dash (zero);
  `percent` a percentage (maps to nothing); `empty` nothing printed; `refused` unreadable text;
  `ambiguous` several readings for one label; `ambiguous-or-blank` a merged line's value that
  may belong to this label or to none.
- LineKind: what one line of a text table is (the readers' row builder).
- Basis: a column's reporting basis. `gaap`; `non-gaap` and `adjustments` (non-GAAP
  reconciliations, written under xbrl-export's reporting-basis dimension); `unknown` (a column
  whose basis the header leaves in doubt: never written).
- StatementKind: what a table is. The three face statements are mapped; `segment` (columns
  are segments, not the consolidated entity) and `other` are not.
- NoticeKind: `warning`, `refusal` (a value or row left out, with its reason), `note`.
- SignRule: how a printed number becomes the concept's value (taxonomy/us-gaap.yaml explains).
- ConceptType: the item types a concept may have (taxonomy.ITEM_TYPES).
- UnitKind: the units facts are written in.
- ClaimMetric: what a narrative figure states.
"""
from __future__ import annotations

from typing import Literal

CellKind = Literal["amount", "dash", "percent", "empty", "refused", "ambiguous", "ambiguous-or-blank"]
LineKind = Literal["blank", "separator", "label", "header"]
Basis = Literal["gaap", "non-gaap", "adjustments", "unknown"]
StatementKind = Literal["income", "balance", "cash_flow", "segment", "other"]
FACE_STATEMENTS: tuple[StatementKind, ...] = ("income", "balance", "cash_flow")
STATEMENT_KINDS: tuple[StatementKind, ...] = FACE_STATEMENTS + ("segment", "other")
NoticeKind = Literal["warning", "refusal", "note"]
SignRule = Literal["as_printed", "negate", "magnitude", "either"]
ConceptType = Literal["monetary", "perShare", "shares", "pure", "string", "date"]
UnitKind = Literal["USD", "shares", "USD_per_share", "pure"]
ClaimMetric = Literal["revenues", "net income", "net loss"]
