"""Where the data that ships with the package lives: the YAML taxonomy and the jinja2 templates.

In a source checkout they are the top-level `taxonomy/` and `templates/` folders; an installed
package carries the same folders as `converter/_taxonomy` and `converter/_templates` (mapped in
pyproject.toml). This is the only module that knows either location.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def taxonomy_dir() -> Path:
    return _first_existing(_PACKAGE / "_taxonomy", _PACKAGE.parent / "taxonomy")


def templates_dir() -> Path:
    return _first_existing(_PACKAGE / "_templates", _PACKAGE.parent / "templates")
