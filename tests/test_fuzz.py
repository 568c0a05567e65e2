"""Fuzzing the readers: random bytes and mutated sample filings may only ever end in a
conversion or in one of the library's own clean errors (never another exception)."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.errors import ConverterError
from converter.pipeline import convert_bytes
from tests.conftest import SAMPLES

FRAGMENTS = SAMPLES.parent / "tests" / "fragments"
SAMPLE_BYTES = [p.read_bytes() for p in sorted(SAMPLES.glob("*.txt"))] + \
    [p.read_bytes() for p in sorted(FRAGMENTS.glob("*"))]  # an SGML submission, an HTML release
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def _convert(data: bytes) -> None:
    try:
        result = convert_bytes(data, "fuzz.txt", validate=True)
    except ConverterError as error:
        assert error.user_message()
        return
    assert result.instance_xml.startswith("<?xml")


@FUZZ
@given(st.binary(max_size=4000))
def test_random_bytes(data):
    _convert(data)


@FUZZ
@given(st.sampled_from(SAMPLE_BYTES), st.lists(st.tuples(st.integers(0, 20000), st.binary(max_size=12)),
                                               max_size=12))
def test_mutated_samples(sample, edits):
    data = bytearray(sample)
    for position, replacement in edits:
        position %= max(len(data), 1)
        data[position:position + len(replacement)] = replacement
    _convert(bytes(data))


@FUZZ
@given(st.sampled_from(SAMPLE_BYTES), st.integers(0, 14000), st.integers(0, 3000))
def test_cut_samples(sample, start, length):
    _convert(sample[:start] + sample[start + length:])


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("0123456789,.$()-\t \nRevenuesTotal:%")), max_size=2000))
def test_table_shaped_text(text):
    _convert(("Condensed Consolidated Statements of Operations\n(In thousands)\n"
              "\tThree Months Ended June 30, 2004\tJune 30, 2003\n" + text).encode())


def _pdf_sample() -> bytes:
    from tests.pdfmaker import row, statement_pdf

    page = [item for y, label in enumerate(("Revenues", "Cost of revenues", "Gross profit"))
            for item in row(100 + 12 * y, label, "1,000", "(85)", columns=(400, 480))]
    return statement_pdf([page])


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 4000), st.binary(max_size=12)), max_size=8))
def test_mutated_pdf(edits):
    data = bytearray(_pdf_sample())
    for position, replacement in edits:
        position %= max(len(data), 1)
        data[position:position + len(replacement)] = replacement
    _convert(bytes(data))


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_after_a_pdf_signature(data):
    _convert(b"%PDF-1.4\n" + data)
