"""The passes as a newcomer meets them: their order is the folder's, no pass imports a later
one, and seed 002's working state after each pass is a golden file (a change in any pass shows
as a readable diff of that file)."""
import ast
import json
import re
from pathlib import Path

from converter.passes import PASSES, run_passes
from converter.readers import read_document
from converter.taxonomy import load_taxonomy
from tests.conftest import ROOT, SEED_002

PASSES_DIR = ROOT / "converter" / "passes"
ORDERED = sorted(p for p in PASSES_DIR.iterdir() if re.match(r"p\d_", p.name))


def test_the_folder_listing_gives_the_order_of_the_passes():
    names = [re.sub(r"^p\d_|\.py$", "", p.name) for p in ORDERED]
    assert names == [step.name for step in PASSES] == [
        "repair", "calendar", "claims", "periods", "map", "duplicates", "arithmetic", "cross_check"]


def _imports(path: Path) -> set[str]:
    files = [path] if path.is_file() else sorted(path.rglob("*.py"))
    found = set()
    for file in files:
        for node in ast.walk(ast.parse(file.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
            if isinstance(node, ast.ImportFrom) and not node.module:
                found.update(alias.name for alias in node.names)
    return found


def test_no_pass_imports_a_later_one():
    for index, path in enumerate(ORDERED):
        later = {re.sub(r"\.py$", "", p.name) for p in ORDERED[index + 1:]}
        imported = {name.rsplit(".", 1)[-1] for name in _imports(path)}
        assert not imported & later, (path.name, imported & later)


def test_no_generated_code_and_no_class_relabelling():
    for path in (ROOT / "converter").rglob("*.py"):
        text = path.read_text()
        assert "exec(" not in text and "__class__ =" not in text, path
        assert "os._exit" not in text, path


def test_seed_002_state_after_each_pass_matches_golden(golden):
    document = read_document(SEED_002.read_bytes(), SEED_002.name)
    seen = []

    def after(name, state):
        seen.append(name)
        number = len(seen)
        golden(f"passes/002/{number}-{name}.json",
               json.dumps(state.to_dict(), indent=1, sort_keys=True, default=str) + "\n")

    run_passes(document, load_taxonomy(2024), after=after)
    assert seen == [step.name for step in PASSES]


def test_pass_timings_are_gathered_per_pass():
    timings = {}
    run_passes(read_document(SEED_002.read_bytes(), SEED_002.name), load_taxonomy(2024), timings)
    assert list(timings) == [step.name for step in PASSES]


def test_python_names_no_concept_the_taxonomy_yaml_holds():
    """Every concept the code needs comes from taxonomy/*.yaml, never from a string literal."""
    taxonomy = load_taxonomy(2024)
    names = {name for vocabulary in taxonomy.vocabularies for name in vocabulary.concepts}
    names |= {f"{v.prefix}:{name}" for v in taxonomy.vocabularies for name in v.concepts}
    found = []
    for path in (ROOT / "converter").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names:
                found.append((path.name, node.lineno, node.value))
    assert found == []
