"""Label segmentation: the pruned search finds exactly what the exhaustive one finds."""
import random

from converter.passes import p1_repair as repair
from converter.passes.p1_repair import segment
from converter.taxonomy import load_taxonomy


def vocabulary_for(statement):
    return load_taxonomy().known_labels[statement]


def _exhaustive(label, vocabulary):
    words = label.split()
    joined = repair.joined_to_previous(words)  # a rule of the labels, not a pruning
    best = [None] * (len(words) + 1)
    best[0] = []
    for end in range(1, len(words) + 1):
        for start in range(end):
            if best[start] is None or joined[start]:
                continue
            piece = repair._piece(words[start:end], vocabulary, is_last=end == len(words))
            if piece is not None and (best[end] is None or len(best[start]) + 1 < len(best[end])):
                best[end] = best[start] + [piece]
    return best[len(words)]


def test_pruned_segmentation_matches_the_exhaustive_search():
    rng = random.Random(7)
    vocabularies = [vocabulary_for("income"), vocabulary_for("balance"), vocabulary_for("cash_flow")]
    phrases = sorted(set().union(*(v.items | v.sections for v in vocabularies)))
    noise = [":", "::", "(a)", "(", "a", ")", "*", "[1]", ":(a)", "Net", "TOTAL", "Revenue:", "and",
             "Total:", "\u2014", "\u2019s"]
    checked = 0
    for _ in range(1500):
        parts = []
        for _ in range(rng.randint(1, 4)):
            phrase = rng.choice(phrases)
            phrase = phrase.title() if rng.random() < 0.3 else phrase
            parts.append(phrase + (rng.choice([":", " (a)", "*", ": (a)", " ( a )", " [1]", " :"])
                                   if rng.random() < 0.4 else ""))
            if rng.random() < 0.3:
                parts.append(rng.choice(noise))
        words = " ".join(parts).split()
        label = " ".join(words[:rng.randint(1, len(words))])
        for vocabulary in vocabularies:
            assert segment(label, vocabulary) == _exhaustive(label, vocabulary), label
            checked += segment(label, vocabulary) is not None
    assert checked > 1000  # most generated labels do segment


def test_fused_labels_split_into_known_rows():
    vocabulary = vocabulary_for("balance")
    parts = segment("Total current assets Property and equipment, net", vocabulary)
    assert [p.text for p in parts] == ["Total current assets", "Property and equipment, net"]


def test_a_comma_or_a_dash_keeps_the_words_after_it_in_the_label():
    vocabulary = vocabulary_for("balance")
    # once "Goodwill," and the start of a wrapped label "net ..." (which emptied the section above)
    assert segment("Goodwill, net", vocabulary) is None
    income = vocabulary_for("income")
    assert segment("Net Income - Basic", income) in (None, [])  # not "Net Income" + "- Basic"


def test_a_row_taken_for_the_start_of_a_wrapped_label_keeps_its_amounts():
    """"Income taxes  36  (156)" is the start of known labels ("Income taxes paid"), but the
    row below does not finish it: it stays a row with its amounts (they were dropped silently)."""
    from decimal import Decimal

    from converter.model import Cell, Column, Row, Scale, Table
    from converter.passes.p1_repair import repair_table

    def row(label, line, *values):
        return Row(label, line, tuple(Cell(v, Decimal(v.strip("()")) * (-1 if "(" in v else 1), line)
                                      for v in values))
    table = Table("Statements of Cash Flows", "cash_flow", 1, Scale(), (Column("2023", None), Column("2022", None)), (
        row("Accounts payable", 10, "(1099)", "(201)"),
        row("Income taxes", 11, "36", "(156)"),
        row("Other liabilities", 12, "(483)", "479")))
    repaired, _ = repair_table(table, vocabulary_for("cash_flow"))
    taxes = [r for r in repaired.rows if r.label == "Income taxes"]
    assert [c.value for c in taxes[0].cells] == [Decimal(36), Decimal(-156)]
