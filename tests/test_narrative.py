"""The narrative scan: its event pattern opens with a lookahead on the first characters an event
can have (for speed); it must find exactly what the pattern without it finds."""
import random
import re

from converter.narrative import _EVENTS, claims_in
from converter.readers import read_document
from tests.conftest import SAMPLES

_LOOKAHEAD = re.compile(r"^\(\?=\[[^\]]+\]\)")
_PLAIN = re.compile(_LOOKAHEAD.sub("", _EVENTS.pattern, count=1), re.I)

SENTENCES = [
    "Revenues for the second quarter of fiscal 2003 were $21.4 million compared with $16.0 "
    "million for the first quarter of fiscal 2003.",
    "NET LOSS FOR THE SAME PERIOD LAST YEAR WAS $3.2 MILLION, OR $0.01 PER SHARE.",
    "Total net revenues of $1.2 billion for the first six months of 2004; net sales rose.",
    "Fiscal Year 2002 net earnings were $5 million and Full year 2001 $4.5 million.",
    "Revenues in second quarter 2003 were $5.0 million, up from $4.1 million in same quarter "
    "a year ago.",
]


def _events(pattern, text):
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def test_the_lookahead_changes_no_event_found():
    assert _LOOKAHEAD.match(_EVENTS.pattern) and _PLAIN.pattern != _EVENTS.pattern
    texts = list(SENTENCES)
    for sample in sorted(SAMPLES.glob("*.txt")):
        document = read_document(sample.read_bytes(), sample.name)
        texts += [text for _, text in document.narrative]
    rng = random.Random(7)
    for text in list(texts):  # the same texts in random letter case
        texts.append("".join(c.upper() if rng.random() < 0.5 else c.lower() for c in text))
    found = 0
    for text in texts:
        assert _events(_EVENTS, text) == _events(_PLAIN, text), text
        found += len(_events(_EVENTS, text))
    assert found > 20


def test_claims_from_a_sentence():
    claims = claims_in(12, SENTENCES[0])
    assert [(c.metric, c.period.year, c.period.quarters_in, c.amount) for c in claims] == [
        ("revenues", 2003, 2, 21400000), ("revenues", 2003, 1, 16000000)]
    assert all(c.line == 12 for c in claims)
