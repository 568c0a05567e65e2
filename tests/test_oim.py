"""The xBRL-JSON and xBRL-CSV writers (OIM 1.0): what they write, and the proof that Arelle's OIM
loader reads from each the same facts, contexts and units as from the XML instance, fact by
fact (tests/oim_facts.py), for a hand-built instance, the seeds and every corpus file."""
import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from converter.model import Context, Document, Entity, Fact, Instance, Unit
from converter.periods import Period
from converter.pipeline import convert_bytes, convert_file, output_targets, write_outputs
from converter.result import ConversionResult
from converter.validate import oim_problems
from converter.writers import WRITERS
from converter.writers.oim import period_text, unit_text
from tests.conftest import SAMPLES, SHARED
from tests.oim_facts import load

FORMATS = ("xml", "json", "csv")
CORPUS = SHARED / "corpus"
NON_GAAP = (("xbx:ReportingBasisAxis", "xbx:NonGaapMember"),)
ADJUSTMENTS = (("xbx:ReportingBasisAxis", "xbx:NonGaapAdjustmentsMember"),)
UNITS_PER_SHARE = (("{http://www.xbrl.org/2003/iso4217}USD",), ("{http://www.xbrl.org/2003/instance}shares",))


def hand_built(entity: Entity = Entity("http://www.sec.gov/CIK", "0000320193")) -> ConversionResult:
    """Everything the formats must carry: text with XML's special characters and a leading "#",
    negative amounts, decimals -3 and 2, per-share units, instants and durations, and both
    non-GAAP members."""
    quarter = Period(date(2004, 6, 30), date(2004, 4, 1))
    instance = Instance(
        entity,
        (Context("D2004-04-01_2004-06-30", quarter),
         Context("I2004-06-30", Period(date(2004, 6, 30))),
         Context("D2004-04-01_2004-06-30_nongaap", quarter, NON_GAAP),
         Context("D2004-04-01_2004-06-30_adjustments", quarter, ADJUSTMENTS)),
        (Unit("USD", ("iso4217:USD",)), Unit("USD_per_share", ("iso4217:USD",), ("xbrli:shares",)),
         Unit("shares", ("xbrli:shares",))),
        (Fact("dei:EntityRegistrantName", "D2004-04-01_2004-06-30", "AT&T <Wireless>, \"Inc\""),
         Fact("dei:DocumentType", "D2004-04-01_2004-06-30", "#8-K"),
         Fact("us-gaap:Revenues", "D2004-04-01_2004-06-30", "42361000", "USD", "-3"),
         Fact("us-gaap:NetIncomeLoss", "D2004-04-01_2004-06-30", "-7614000", "USD", "-3"),
         Fact("us-gaap:EarningsPerShareBasic", "D2004-04-01_2004-06-30", "-0.03", "USD_per_share", "2"),
         Fact("us-gaap:WeightedAverageNumberOfSharesOutstandingBasic", "D2004-04-01_2004-06-30",
              "245623000", "shares", "-3"),
         Fact("us-gaap:Assets", "I2004-06-30", "378778000", "USD", "-3"),
         Fact("us-gaap:NetIncomeLoss", "D2004-04-01_2004-06-30_nongaap", "5100000", "USD", "-3"),
         Fact("us-gaap:NetIncomeLoss", "D2004-04-01_2004-06-30_adjustments", "12714000", "USD", "-3"),
         Fact("us-gaap:EarningsPerShareDiluted", "D2004-04-01_2004-06-30_nongaap", "0.02",
              "USD_per_share", "2")))
    result = ConversionResult("hand-built.txt", Document("hand-built.txt", "text"), instance)
    for name in FORMATS:
        result.outputs[name] = WRITERS[name].render(result, "local", "hand-built")
    return result


def test_oim_periods_and_units():
    assert period_text(Period(date(2004, 6, 30))) == "2004-07-01T00:00:00"
    assert period_text(Period(date(2004, 6, 30), date(2004, 4, 1))) == "2004-04-01T00:00:00/2004-07-01T00:00:00"
    assert period_text(Period(date(2004, 12, 31), date(2004, 1, 1))) == "2004-01-01T00:00:00/2005-01-01T00:00:00"
    assert unit_text(Unit("USD_per_share", ("iso4217:USD",), ("xbrli:shares",))) == "iso4217:USD/xbrli:shares"
    assert unit_text(Unit("shares", ("xbrli:shares",))) == "xbrli:shares"


def test_json_report_holds_each_fact_with_its_dimensions():
    result = hand_built()
    report = json.loads(result.outputs["json"].text)
    info = report["documentInfo"]
    assert info["documentType"] == "https://xbrl.org/2021/xbrl-json"
    assert info["taxonomy"] == [name for name in result.outputs["xml"].files if name.startswith("xbrl-export-2024-calc")
                                and name.endswith(".xsd")]
    assert info["namespaces"]["cik"] == "http://www.sec.gov/CIK"
    assert info["namespaces"]["xbx"] == "urn:xbrl-export:taxonomy:2024"
    facts = report["facts"]
    assert list(facts) == [f"f{n}" for n in range(1, 11)]
    assert facts["f1"] == {"value": "AT&T <Wireless>, \"Inc\"", "dimensions": {
        "concept": "dei:EntityRegistrantName", "entity": "cik:0000320193",
        "period": "2004-04-01T00:00:00/2004-07-01T00:00:00"}}
    assert facts["f5"] == {"value": "-0.03", "decimals": 2, "dimensions": {
        "concept": "us-gaap:EarningsPerShareBasic", "entity": "cik:0000320193",
        "period": "2004-04-01T00:00:00/2004-07-01T00:00:00", "unit": "iso4217:USD/xbrli:shares"}}
    assert facts["f7"]["dimensions"]["period"] == "2004-07-01T00:00:00"
    assert facts["f9"]["dimensions"]["xbx:ReportingBasisAxis"] == "xbx:NonGaapAdjustmentsMember"
    assert result.outputs["json"].files == result.outputs["xml"].files  # the same taxonomy


def test_csv_table_and_metadata():
    result = hand_built()
    metadata = json.loads(result.outputs["csv"].text)
    assert metadata["documentInfo"]["documentType"] == "https://xbrl.org/2021/xbrl-csv"
    assert metadata["tables"] == {"facts": {"template": "facts", "url": "hand-built.csv"}}
    value = metadata["tableTemplates"]["facts"]["columns"]["value"]
    assert value["dimensions"]["entity"] == "cik:0000320193"
    assert value["dimensions"]["xbx:ReportingBasisAxis"] == "$ReportingBasisAxis"
    rows = list(csv.DictReader(io.StringIO(result.outputs["csv"].files["hand-built.csv"])))
    assert len(rows) == 10
    assert rows[0]["value"] == "AT&T <Wireless>, \"Inc\"" and rows[0]["unit"] == ""
    assert rows[1]["value"] == "##8-K"  # a leading "#" is escaped, not read as a special value
    assert rows[3] == {"concept": "us-gaap:NetIncomeLoss", "period": "2004-04-01T00:00:00/2004-07-01T00:00:00",
                       "unit": "iso4217:USD", "decimals": "-3", "ReportingBasisAxis": "", "value": "-7614000"}
    assert rows[7]["ReportingBasisAxis"] == "xbx:NonGaapMember"
    other = set(result.outputs["csv"].files) - {"hand-built.csv"}
    assert other == set(result.outputs["xml"].files)


def test_csv_of_an_instance_without_dimensions_has_no_axis_column():
    result = convert_bytes((SAMPLES / "003_0e315d5e1cee0acc.txt").read_bytes(), "003.txt", formats=("csv",))
    table = result.outputs["csv"].files["003.csv"]
    assert table.splitlines()[0] == "concept,period,unit,decimals,value"


def _compare(targets: dict[str, Path], facts: int) -> None:
    """Arelle loads each format offline with no problem, and finds the XML's facts in each."""
    loaded = {name: load(path) for name, path in targets.items()}
    xml = loaded["xml"]
    assert sum(xml.facts.values()) == facts
    for name, other in loaded.items():
        assert other.problems == (), name
        assert other.facts == xml.facts, (name, set(other.facts) ^ set(xml.facts))
        assert other.contexts == xml.contexts, name
        assert other.units == xml.units, name


@pytest.mark.parametrize("entity", [Entity("http://www.sec.gov/CIK", "0000320193"),
                                    Entity("urn:xbrl-export:sec-file-number", "000-30229"),
                                    Entity("urn:xbrl-export:entity-name", "SONUS-NETWORKS-INC")])
def test_hand_built_round_trips_through_arelle(tmp_path, entity):
    result = hand_built(entity)
    targets = output_targets(tmp_path / "hand-built", FORMATS)
    write_outputs(result, targets)
    _compare(targets, 10)
    loaded = load(targets["csv"])
    non_gaap = [key for key in loaded.facts if key[3]]
    assert len(non_gaap) == 3
    assert {key[-1] for key in loaded.facts} == {None, "2", "-3"}  # decimals
    assert [key[-3:] for key in loaded.facts if key[-2] == "-0.03"] == [(UNITS_PER_SHARE, "-0.03", "2")]


def test_arelle_sees_a_changed_value(tmp_path):
    """The comparison can fail: a JSON report with one value changed differs from the XML."""
    result = hand_built()
    targets = output_targets(tmp_path / "hand-built", FORMATS)
    write_outputs(result, targets)
    changed = targets["json"].read_text().replace('"-7614000"', '"-7615000"')
    targets["json"].write_text(changed)
    assert load(targets["json"]).facts != load(targets["xml"]).facts


SEEDS = sorted(SAMPLES.glob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))
CORPUS_FILES = sorted(p for p in CORPUS.glob("*") if p.suffix not in (".json", ".tsv")) if CORPUS.is_dir() else []


def _round_trip(tmp_path: Path, source: Path) -> None:
    result = convert_file(source, formats=FORMATS, stem=source.stem)
    targets = output_targets(tmp_path / source.stem, FORMATS)
    write_outputs(result, targets)
    _compare(targets, len(result.instance.facts))
    assert oim_problems(targets["json"], use_arelle=False) == []  # what validate checks first
    assert oim_problems(targets["csv"], use_arelle=False) == []


@pytest.mark.parametrize("source", SEEDS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_format_of_a_seed_loads_with_the_same_facts(tmp_path, source):
    _round_trip(tmp_path, source)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
@pytest.mark.parametrize("source", CORPUS_FILES, ids=lambda p: p.name)
def test_every_format_of_a_corpus_file_loads_with_the_same_facts(tmp_path, source):
    _round_trip(tmp_path, source)
