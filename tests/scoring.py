"""An in-repo scorer for the expected-facts CSVs (same rules as shared/tools/score_instance.py),
so the project checks its own fidelity without ../shared."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from lxml import etree

XBRLI = "http://www.xbrl.org/2003/instance"


@dataclass
class Score:
    correct: int = 0
    wrong: list = field(default_factory=list)
    recall: dict = field(default_factory=dict)
    missed: list = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        total = self.correct + len(self.wrong)
        return self.correct / total if total else None


def _prefix(namespace: str) -> str:
    if "fasb.org/us-gaap" in namespace:
        return "us-gaap"
    if "xbrl.sec.gov/dei" in namespace:
        return "dei"
    return namespace


def instance_facts(xml: str) -> list[dict]:
    root = etree.fromstring(xml.encode())
    contexts = {}
    for context in root.iter(f"{{{XBRLI}}}context"):
        instant = context.find(f".//{{{XBRLI}}}instant")
        if instant is not None:
            period = instant.text
        else:
            period = (context.find(f".//{{{XBRLI}}}startDate").text + "--"
                      + context.find(f".//{{{XBRLI}}}endDate").text)
        dimensional = context.find(f".//{{{XBRLI}}}segment") is not None
        contexts[context.get("id")] = (period, dimensional)
    facts = []
    for element in root:
        if not isinstance(element.tag, str) or element.get("contextRef") is None:
            continue
        name = etree.QName(element)
        period, dimensional = contexts[element.get("contextRef")]
        facts.append({"concept": f"{_prefix(name.namespace)}:{name.localname}", "period": period,
                      "dimensional": dimensional, "numeric": element.get("unitRef") is not None,
                      "text": (element.text or "").strip()})
    return facts


def score(xml: str, expected_csv: Path) -> Score:
    with open(expected_csv, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # unverifiable rows (value '*'): a period (for one concept, or '*' for all) the truth behind
    # the golden file cannot check; facts there are unverified, never wrong, never missed
    blind = {(alt, r["period"]) for r in rows if r["status"] == "unverifiable"
             for alt in r["concept"].split("|")}
    rows = [r for r in rows if r["status"] != "unverifiable"]
    known = {alt for r in rows for alt in r["concept"].split("|")}
    hit = [False] * len(rows)
    result = Score()
    facts = instance_facts(xml)
    for fact in facts:
        if not fact["numeric"] or fact["dimensional"]:
            continue
        value = Decimal(fact["text"])
        matched = False
        for i, row in enumerate(rows):
            if (fact["concept"] in row["concept"].split("|") and fact["period"] in row["period"].split("|")
                    and any(Decimal(v) == value for v in row["value"].split("|"))):
                hit[i] = matched = True
        if matched:
            result.correct += 1
        elif fact["concept"] in known and not blind & {(fact["concept"], fact["period"]),
                                                          ("*", fact["period"])}:
            result.wrong.append(fact)
    for i, row in enumerate(rows):
        if row["period"]:
            continue
        wanted = {v.strip().lower() for v in row["value"].split("|")}
        hit[i] = any(not f["numeric"] and f["concept"] in row["concept"].split("|")
                     and " ".join(f["text"].split()).lower() in wanted for f in facts)
    for status in ("required", "hard", "optional"):
        index = [i for i, r in enumerate(rows) if r["status"] == status and r["period"]]
        result.recall[status] = (sum(hit[i] for i in index), len(index))
    cover = [i for i, r in enumerate(rows) if not r["period"]]
    result.recall["cover"] = (sum(hit[i] for i in cover), len(cover))
    result.missed = [rows[i] for i in range(len(rows)) if not hit[i] and rows[i]["status"] != "optional"]
    return result
