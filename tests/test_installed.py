"""The installed package, not only the source tree: run from a folder outside the checkout, the
interpreter's `converter` and its console script convert a sample with the data files the
package carries (taxonomy YAML, templates)."""
import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SEED_000

SCRIPT = Path(sys.executable).parent / "xbrl-export"


def test_the_installed_package_converts_from_outside_the_checkout(tmp_path):
    found = subprocess.run([sys.executable, "-c", "import converter, converter.paths as p; "
                            "print(converter.__file__); print(p.taxonomy_dir()); print(p.templates_dir())"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout.split("\n")
    package, taxonomy, templates = (Path(line) for line in found[:3])
    assert (taxonomy / "us-gaap.yaml").is_file() and (templates / "instance.xml.j2").is_file()
    if ROOT not in package.parents:  # a regular install: its data is the packaged copy
        assert taxonomy.parent == package.parent and taxonomy.name == "_taxonomy"
    out = tmp_path / "out.xml"
    result = subprocess.run([str(SCRIPT), "convert", str(SEED_000), "-o", str(out),
                             "--report", str(tmp_path / "r.json")],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    facts = json.loads((tmp_path / "r.json").read_text())["facts"]
    assert {"concept": "us-gaap:Revenues", "context": "D2004-04-01_2004-06-30", "value": "42361000"} \
        .items() <= next(f for f in facts if f["concept"] == "us-gaap:Revenues").items()
