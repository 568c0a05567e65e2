"""Issue 11, a bounded fuzz run: mutated copies of every sample and fragment (and of the corpus's
text files, when ../shared is there) through `convert_bytes` and through one batch. Only the
library's documented errors, never an internal one; one report line per input; no traceback; no
partial, temporary or stray file; nothing written outside the output folder.

The mutations are drawn from a fixed seed, so a failure is reproducible; they are aimed at what
broke before: SGML tags left open, impossible dates, control characters after a script, names
and text holding "--", long runs of digits, byte-order marks, cut and doubled passages."""
import json
import os
import random

from lxml import etree

from converter.batch import BatchOptions, expand_inputs, run_batch
from converter.errors import ConverterError, InternalError
from converter.pipeline import convert_bytes
from tests.conftest import SAMPLES, SHARED

FRAGMENTS = SAMPLES.parent / "tests" / "fragments"
SEEDS = sorted(SAMPLES.glob("*.txt")) + sorted(FRAGMENTS.glob("*"))
CORPUS = sorted(p for p in (SHARED / "corpus").glob("*") if p.suffix in (".txt", ".html")
                and p.stat().st_size < 2_000_000) if (SHARED / "corpus").is_dir() else []
COPIES_PER_SEED = 250
COPIES_PER_CORPUS_FILE = 25
BATCH_SHARE = 3  # every third copy also goes through the batch

TOKENS = [b"<DOCUMENT>", b"</DOCUMENT>", b"<TEXT>", b"</TEXT>", b"<SEC-HEADER>", b"<TABLE>",
          b"<script>\x01</script>\x02", b"<td colspan='999999'>", b"</table>", b"<tr>", b"--",
          b"CONFORMED PERIOD OF REPORT:\t20051325\n", b"9" * 40, b"(1,234,567,890,123,456,789,012,345,678)",
          b"\xff\xfe", b"\x00", b"\r", b"\t\t\t", b"(NASDAQ: X)", b"February 30, 2004", b"\xe2\x80",
          b"&#0;", b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"$", b")", b"(", b"In thousands"]


def mutate(data: bytes, generator: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(generator.randint(1, 6)):
        position = generator.randrange(max(len(data), 1))
        operation = generator.randrange(5)
        if operation == 0:
            data[position:position + 1] = bytes([generator.randrange(256)])
        elif operation == 1:
            data[position:position] = generator.choice(TOKENS)
        elif operation == 2:
            del data[position:position + generator.randint(1, 3000)]
        elif operation == 3:
            chunk = data[position:position + generator.randint(1, 2000)]
            data[position:position] = chunk * generator.randint(1, 4)
        else:
            del data[position:]
    return bytes(data)


def mutated_copies():
    generator = random.Random(11)
    copies = []
    for seed in SEEDS + CORPUS:
        original = seed.read_bytes()
        count = COPIES_PER_SEED if seed in SEEDS else COPIES_PER_CORPUS_FILE
        for number in range(count):
            name = f"{seed.stem}-{number:03d}{'--x' if number % 7 == 0 else ''}{seed.suffix}"
            copies.append((name, mutate(original, generator)))
    return copies


COPIES = mutated_copies()


def test_convert_bytes_raises_only_documented_errors():
    outcomes = {"converted": 0}
    for name, data in COPIES:
        try:
            result = convert_bytes(data, name, validate=True, timeout=60)
        except InternalError as error:
            raise AssertionError(f"{name}: {error.user_message()}") from error
        except ConverterError as error:
            message = error.user_message()
            assert message.startswith(name) and "\n" not in message
            kind = type(error).__name__
            outcomes[kind] = outcomes.get(kind, 0) + 1
            continue
        etree.fromstring(result.instance_xml.encode())  # well-formed, names with "--" too
        outcomes["converted"] += 1
    assert outcomes["converted"] > len(COPIES) // 3, outcomes


def _tree(folder):
    return {os.path.join(root, name) for root, _, files in os.walk(folder) for name in files}


def test_one_batch_over_the_mutations_keeps_a_true_record(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    chosen = COPIES[::BATCH_SHARE]
    for name, data in chosen:
        (folder / name).write_bytes(data)
    before = _tree(tmp_path)
    out = tmp_path / "out"
    summary = run_batch(expand_inputs([str(folder)]), BatchOptions(out, jobs=2, timeout=60))
    records = [json.loads(line) for line in (out / "run-report.jsonl").read_text().splitlines()]
    assert summary.total == len(records) == len(chosen)
    assert sorted(os.path.basename(r["input"]) for r in records) == sorted(n for n, _ in chosen)
    expected = {"run-report.jsonl"}
    for record in records:
        assert "internal error" not in (record["error"] or ""), record["error"]
        assert "worker process died" not in (record["error"] or ""), record["error"]
        if record["status"] == "failed":
            assert record["output"] == "" and record["error"]
        else:
            stem = os.path.basename(record["output"])[:-4]
            expected |= {f"{stem}.xml", f"{stem}.report.json"}
            etree.parse(record["output"])
    written = {p.name for p in out.iterdir()}
    shared = {n for n in written if n.startswith("xbrl-export-2024")}
    assert written - shared == expected  # no partial, temporary or stray file
    assert _tree(tmp_path) - before == {str(out / name) for name in written}  # nothing outside -o
