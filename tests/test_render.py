"""Model -> XML seam: the seed instance against its golden file, determinism, escaping, units."""
from datetime import date

from lxml import etree

from converter.build import Overrides
from converter.model import Context, Entity, Fact, Instance, Unit
from converter.periods import Period
from converter.pipeline import convert_bytes
from converter.writers.xbrl import render_instance, render_taxonomy
from tests.conftest import SEED_000, as_json


def test_seed_000_instance_matches_golden(golden):
    result = convert_bytes(SEED_000.read_bytes(), SEED_000.name)
    golden("instance/000_b9bdeb844bb02c76.xml", result.instance_xml)


def test_model_to_xml_from_a_hand_built_model(golden):
    instance = Instance(
        Entity("http://www.sec.gov/CIK", "0000320193"),
        (Context("D2004-04-01_2004-06-30", Period(date(2004, 6, 30), date(2004, 4, 1))),
         Context("I2004-06-30", Period(date(2004, 6, 30)))),
        (Unit("USD", ("iso4217:USD",)), Unit("USD_per_share", ("iso4217:USD",), ("xbrli:shares",))),
        (Fact("dei:EntityRegistrantName", "D2004-04-01_2004-06-30", "AT&T <Wireless>"),
         Fact("us-gaap:Revenues", "D2004-04-01_2004-06-30", "42361000", "USD", "-3"),
         Fact("us-gaap:EarningsPerShareBasic", "D2004-04-01_2004-06-30", "-0.03", "USD_per_share", "2"),
         Fact("us-gaap:Assets", "I2004-06-30", "378778000", "USD", "-3")))
    xml = render_instance(instance, "hand-built")
    golden("instance/hand_built.xml", xml)
    root = etree.fromstring(xml.encode())
    name = root.find("{http://xbrl.sec.gov/dei/2024}EntityRegistrantName")
    assert name.text == "AT&T <Wireless>"  # escaped on the way out, intact on the way back
    assert Instance.from_dict(instance.to_dict()) == instance


def test_output_is_byte_identical_across_runs():
    first = convert_bytes(SEED_000.read_bytes(), SEED_000.name)
    second = convert_bytes(SEED_000.read_bytes(), SEED_000.name)
    assert first.instance_xml == second.instance_xml
    assert as_json(first.report()) == as_json(second.report())


def test_contexts_and_units_are_deduplicated_with_readable_ids():
    instance = convert_bytes(SEED_000.read_bytes(), SEED_000.name).instance
    ids = [c.id for c in instance.contexts]
    assert len(ids) == len(set(ids))
    assert "D2004-04-01_2004-06-30" in ids and "I2004-03-31" in ids
    assert [u.id for u in instance.units] == ["USD", "USD_per_share", "shares"]


def test_cik_override_uses_the_sec_scheme():
    result = convert_bytes(SEED_000.read_bytes(), SEED_000.name, overrides=Overrides(cik="1105472"))
    assert result.instance.entity == Entity("http://www.sec.gov/CIK", "0001105472")
    assert "EntityCentralIndexKey" in result.instance_xml


def test_generated_schema_types():
    files = render_taxonomy(2024)
    us_gaap = etree.fromstring(files["xbrl-export-2024-us-gaap.xsd"].encode())
    assert us_gaap.get("targetNamespace") == "http://fasb.org/us-gaap/2024"
    types = {e.get("name"): e.get("type") for e in us_gaap.iter("{http://www.w3.org/2001/XMLSchema}element")}
    assert types["Revenues"] == "xbrli:monetaryItemType"
    assert types["EarningsPerShareBasic"] == "us-gaap:perShareItemType"
    assert types["WeightedAverageNumberOfSharesOutstandingBasic"] == "xbrli:sharesItemType"


def test_official_schema_ref_and_year():
    result = convert_bytes(SEED_000.read_bytes(), SEED_000.name, year=2023, schema_ref="official")
    assert "https://xbrl.fasb.org/us-gaap/2023/elts/us-gaap-2023.xsd" in result.instance_xml
    assert 'xmlns:us-gaap="http://fasb.org/us-gaap/2023"' in result.instance_xml
    assert result.taxonomy_files == {}
