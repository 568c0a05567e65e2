"""Issue 11, `validate`: it reads nothing outside the instance's folder and the bundled schemas,
and a DOCTYPE, a malformed file or a reference that leaves the folder is one line (exit 3)."""
import re

import pytest
from typer.testing import CliRunner

from converter.cli import app
from converter.pipeline import convert_file, write_result
from converter.validate import bundled_copy
from tests.conftest import SEED_000

runner = CliRunner()


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    folder = tmp_path_factory.mktemp("valid")
    target = folder / "a.xml"
    write_result(convert_file(SEED_000), target)
    return target


def _variant(instance, tmp_path, text):
    for sibling in instance.parent.iterdir():
        (tmp_path / sibling.name).write_bytes(sibling.read_bytes())
    target = tmp_path / "variant.xml"
    target.write_text(text)
    return target


def _one_line_exit_3(path):
    result = runner.invoke(app, ["validate", str(path), "--no-arelle"])
    assert result.exit_code == 3, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize("reference", ["../outside.xsd", "/etc/passwd", "sub/../../outside.xsd",
                                       "http://www.xbrl.org/2003/../../../../../../etc/passwd",
                                       "file:///etc/passwd"])
def test_a_schema_reference_outside_the_folder_is_refused(instance, tmp_path, reference):
    text = re.sub(r'(schemaRef[^>]*href=")[^"]+"', rf'\g<1>{reference}"', instance.read_text())
    (tmp_path.parent / "outside.xsd").write_text("<not-read/>")
    line = _one_line_exit_3(_variant(instance, tmp_path, text))
    assert "refused: the reference" in line


def test_a_linkbase_reference_outside_the_folder_is_refused(instance, tmp_path):
    target = _variant(instance, tmp_path, instance.read_text())
    linkbase = next(tmp_path.glob("*-cal.xml"))
    linkbase.write_text(linkbase.read_text().replace('xlink:href="xbrl-export-2024-us-gaap.xsd',
                                                     'xlink:href="/etc/passwd'))
    assert "leaves the instance's folder" in _one_line_exit_3(target)


def test_a_doctype_with_entities_is_refused(instance, tmp_path):
    text = instance.read_text().replace('<?xml version="1.0" encoding="utf-8"?>',
                                        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY big "aaaa">]>', 1)
    assert "DOCTYPE" in _one_line_exit_3(_variant(instance, tmp_path, text))


def test_a_malformed_instance_or_schema_is_one_line(instance, tmp_path):
    assert "not well-formed XML" in _one_line_exit_3(_variant(instance, tmp_path, instance.read_text()[:400]))
    target = _variant(instance, tmp_path, instance.read_text())
    next(tmp_path.glob("xbrl-export-2024-calc-*.xsd")).write_text("<xs:schema")
    assert "not well-formed XML" in _one_line_exit_3(target)


def test_a_crafted_url_never_maps_outside_the_bundle():
    assert bundled_copy("http://www.xbrl.org/2003/../../../../../../etc/passwd") is None
    assert bundled_copy("http://www.xbrl.org/2003/%2e%2e/%2e%2e/etc/passwd") is None
    assert bundled_copy("http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd") is not None


def test_the_valid_instance_still_validates_with_arelle(instance):
    result = runner.invoke(app, ["validate", str(instance)])
    assert result.exit_code == 0, result.output
