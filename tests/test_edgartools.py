"""Downstream proof, optional (issue 15): edgartools' statements API, reading what xbrl-export
writes (instance, schemas, linkbases), gives the income statement and the balance sheet with the
values of the golden files. Skipped unless edgartools is installed (it is never a dependency;
see benchmarks/edgartools_check.py for running it in a throwaway environment)."""
import pytest

from benchmarks.edgartools_check import check
from converter.pipeline import convert_file, write_result
from tests.conftest import SAMPLES, SHARED

pytest.importorskip("edgar", reason="edgartools is not installed (optional check)")

GOLDEN = SHARED / "golden"
INPUTS = sorted(SAMPLES.glob("*.txt")) + sorted(p for p in (SHARED / "corpus").glob("*")
                                                if p.suffix not in (".json", ".tsv"))
WITH_GOLDEN = [p for p in INPUTS if (GOLDEN / f"{p.stem}.csv").is_file()]


@pytest.mark.skipif(not WITH_GOLDEN, reason="../shared/golden is not present")
@pytest.mark.parametrize("source", WITH_GOLDEN, ids=lambda p: p.stem)
def test_edgartools_statements_hold_the_golden_values(source, tmp_path):
    target = tmp_path / f"{source.stem}.xml"
    result = convert_file(source)
    write_result(result, target)
    record = check(target, GOLDEN / f"{source.stem}.csv")
    kinds = {t.statement for t in result.tables}
    for name, kind in (("income_statement", "income"), ("balance_sheet", "balance")):
        counts = record[name]
        if kind not in kinds:
            continue
        assert counts is not None, f"{source.name}: edgartools finds no {name}"
        assert counts["differ"] == 0, counts["differences"]
        assert counts["agree"] > 0
