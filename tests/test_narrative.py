"""The narrative's claims: metric, fiscal period, amount, per-share figure and line."""
from decimal import Decimal

from converter.passes.p3_claims import claims_in
from converter.taxonomy import load_taxonomy

CONCEPTS = load_taxonomy().roles["narrative_metrics"]
SENTENCES = [
    "Revenues for the second quarter of fiscal 2003 were $21.4 million compared with $16.0 "
    "million for the first quarter of fiscal 2003.",
    "NET LOSS FOR THE SAME PERIOD LAST YEAR WAS $3.2 MILLION, OR $0.01 PER SHARE.",
]


def test_claims_from_a_sentence():
    claims = claims_in(12, SENTENCES[0], CONCEPTS)
    assert [(c.metric, c.period.year, c.period.quarters_in, c.amount, c.concept) for c in claims] == [
        ("revenues", 2003, 2, 21400000, "Revenues"), ("revenues", 2003, 1, 16000000, "Revenues")]
    assert all(c.line == 12 for c in claims)


def test_same_period_last_year_and_per_share():
    sentence = ("Net loss for the second quarter of 2004 was $1.5 million, or $0.02 per share, "
                "compared with $3.2 million for the same period last year.")
    claims = claims_in(3, sentence, CONCEPTS)
    assert [(c.metric, c.period.year, c.period.months, c.amount, c.per_share) for c in claims] == [
        ("net loss", 2004, 3, 1500000, Decimal("0.02")), ("net loss", 2003, 3, 3200000, None)]
    assert claims[0].signed_amount == -1500000 and claims[0].concept == "NetIncomeLoss"
