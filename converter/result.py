"""What one conversion gives: the model (the document as read, the tables after the passes, the
instance, the calculations its facts satisfy), the outputs the writers rendered from it, and the
conversion report.

`ConversionResult` is plain data: the pipeline fills it, writers (converter/writers) read it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import Document, Instance, Notice, Table
from .taxonomy import Relationship


@dataclass(frozen=True, slots=True)
class Rendered:
    """One writer's output: the main file's text and the supporting files it references (file
    name -> text: schemas and linkbases)."""

    text: str
    files: dict[str, str] = field(default_factory=dict)


@dataclass
class ConversionResult:
    source: str
    document: Document
    instance: Instance
    calculations: tuple[Relationship, ...] = ()
    tables: tuple[Table, ...] = ()  # the tables after the passes (repaired, periods placed)
    reader: str = ""  # the name of the reader that read the input
    outputs: dict[str, Rendered] = field(default_factory=dict)  # writer name -> what it rendered
    checks: tuple[dict, ...] = ()  # the invariants checked (invariants.py), as report entries

    @property
    def instance_xml(self) -> str:
        """The XBRL 2.1 instance (the `xml` writer's output)."""
        return self.outputs["xml"].text

    @property
    def taxonomy_files(self) -> dict[str, str]:
        """The schemas and linkbases the XBRL instance references: name -> text."""
        return self.outputs["xml"].files

    @property
    def warnings(self) -> list[Notice]:
        return [n for n in self.instance.notices if n.kind == "warning"]

    @property
    def refusals(self) -> list[Notice]:
        return [n for n in self.instance.notices if n.kind == "refusal"]

    def summary(self) -> dict:
        """Counts for a run report line; `assumed_periods`: the periods whose start or length
        the document does not prove (week-counted quarters of a 52/53-week filer)."""
        periods = sorted({c.period.key() for c in self.instance.contexts})
        assumed = sorted({c.period.key() for t in self.tables for c in t.columns
                          if c.period is not None and c.period.rule.startswith("assumed: ")})
        return {"source": self.source, "reader": self.reader, "facts": len(self.instance.facts),
                "tables": len(self.document.tables), "periods": periods,
                "assumed_periods": assumed,
                "warnings": len(self.warnings), "refusals": len(self.refusals)}

    def report(self) -> dict:
        """The conversion report: every fact with its line and confirmation, every notice."""
        return {"source": self.source, "summary": self.summary(),
                "facts": [{"concept": f.concept, "context": f.context_id, "value": f.value,
                           "line": f.line, "label": f.label, "confirmation": f.confirmation}
                          for f in self.instance.facts],
                "refusals": [n.to_dict() for n in self.refusals],
                "warnings": [n.to_dict() for n in self.warnings],
                "notes": [n.to_dict() for n in self.instance.notices if n.kind == "note"],
                "tables": [{"title": t.title, "line": t.line, "statement": t.statement,
                            "columns": [c.to_dict() for c in t.columns]}
                           for t in self.tables or self.document.tables],
                "calculations": [r.describe() for r in self.calculations],
                "invariants": list(self.checks)}
