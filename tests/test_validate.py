"""Offline validation: lxml and xmlschema agree; Arelle finds no error or warning on any sample
output; broken instances are caught with their location."""
from pathlib import Path

import pytest

from converter.pipeline import convert_file, write_result
from converter.validate import arelle_problems, explain_with_xmlschema, schema_problems
from tests.conftest import SAMPLES

SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("instances")
    paths = {}
    for sample in SAMPLE_FILES:
        target = folder / (sample.stem + ".xml")
        write_result(convert_file(sample), target)
        paths[sample.name] = target
    return paths


@pytest.mark.parametrize("sample", [p.name for p in SAMPLE_FILES])
def test_lxml_and_xmlschema_agree_on_every_sample(written, sample):
    assert schema_problems(written[sample]) == []
    assert explain_with_xmlschema(written[sample]) == []


@pytest.mark.parametrize("sample", [p.name for p in SAMPLE_FILES])
def test_arelle_finds_nothing(written, sample):
    assert [str(p) for p in arelle_problems(written[sample])] == []


def _broken(written, tmp_path, old, new) -> Path:
    source = written["000_b9bdeb844bb02c76.txt"]
    for taxonomy_file in source.parent.glob("xbrl-export-*"):  # schemas and linkbases
        (tmp_path / taxonomy_file.name).write_bytes(taxonomy_file.read_bytes())
    target = tmp_path / "broken.xml"
    text = source.read_text()
    assert old in text
    target.write_text(text.replace(old, new, 1))
    return target


def test_schema_error_is_found_by_both(written, tmp_path):
    broken = _broken(written, tmp_path, ">42361000<", ">forty-two<")
    assert schema_problems(broken) and explain_with_xmlschema(broken)
    assert ":" in schema_problems(broken)[0].location


def test_arelle_catches_a_monetary_fact_in_shares(written, tmp_path):
    broken = _broken(written, tmp_path, 'unitRef="USD" decimals="-3">42361000',
                     'unitRef="shares" decimals="-3">42361000')
    assert schema_problems(broken) == []
    assert any("monetary" in p.message for p in arelle_problems(broken))


def test_arelle_checks_the_generated_calculation_linkbase(written, tmp_path):
    broken = _broken(written, tmp_path, ">28420000<", ">28421000<")
    problems = [p.message for p in arelle_problems(broken)]
    assert any("calcInconsistency" in m and "GrossProfit" in m for m in problems)
