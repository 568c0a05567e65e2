"""Offline validation of instances: XML Schema (fast, lxml; detailed, xmlschema) and Arelle;
xBRL-JSON and xBRL-CSV outputs (OIM 1.0) through Arelle's OIM loader (`oim_problems`).

The XBRL 2.1 base schemas are never copied into this repository: every http(s) schema URL is
mapped to the copy bundled inside arelle-release (arelle/resources/cache/http/<host>/<path>).
The instance's own schemaRef files are read from beside it; a reference to the official
us-gaap or dei schema (--schema-ref official) is served by the generated concept schema for the
same namespace, so validation stays offline.

Nothing outside the instance's folder and the bundled schemas is ever read: every
`schemaLocation` and `xlink:href` of the instance and of the local schemas it references must be
a plain relative path inside the instance's folder, or an http(s) URL with no `..` in it (served
from the bundled copies, and never mapped outside their folder). A DOCTYPE (entities), a
malformed file or a reference that leaves the folder is refused with one line. The same holds
for an OIM document's taxonomy, tables, parameter file and the documents it extends.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from .errors import ConverterError, InputError
from .writers.xbrl import concept_schema_name, render_taxonomy

XBRLI = "http://www.xbrl.org/2003/instance"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
_OFFICIAL = re.compile(r"https?://(xbrl\.fasb\.org/us-gaap|xbrl\.sec\.gov/dei)/(\d{4})/")


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation error: where and what."""

    source: str  # schema | xbrl
    location: str
    message: str
    level: str = "error"

    def __str__(self) -> str:
        return f"{self.location}: [{self.source}] {self.message}"


_SAFE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(/[A-Za-z0-9._~-]+)+/?")  # no "..", %, ?, \\


def arelle_cache_dir() -> Path:
    try:
        import arelle
    except ImportError:
        raise ConverterError("offline validation needs Arelle (the package arelle-release), "
                             "which is not installed: pip install arelle-release") from None
    return Path(arelle.__file__).resolve().parent / "resources" / "cache"


def _plain_url(url: str) -> bool:
    return bool(_SAFE_URL.fullmatch(url)) and "/../" not in url + "/" and "/./" not in url + "/"


def bundled_copy(url: str) -> Path | None:
    """arelle-release's bundled copy of a schema URL, if it has one (never a file outside the
    bundle, whatever the URL says)."""
    if not _plain_url(url):
        return None
    cache = arelle_cache_dir() / "http"
    candidate = (cache / url.split("://", 1)[1]).resolve()
    if not candidate.is_relative_to(cache.resolve()):
        return None
    return candidate if candidate.is_file() else None


def _checked_reference(location: str, folder: Path, source: str) -> Path | None:
    """The local file a schemaLocation or href names (None for an allowed URL), or InputError
    when it leaves the instance's folder."""
    if re.match(r"https?://", location):
        if not _plain_url(location.split("#", 1)[0]):
            raise InputError(f"refused: the reference {location[:200]!r} is not a plain URL", source)
        return None
    path = location.split("#", 1)[0]
    target = folder / path
    plain = re.fullmatch(r"[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*", path or "x")
    if not plain or ".." in path.split("/") or not _within(target, folder):
        raise InputError(f"refused: the reference {location[:200]!r} leaves the instance's folder "
                         "(only files beside it and the bundled schemas are read)", source)
    return target


def _within(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


def _refuse_doctype(tree, source: str) -> None:
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise InputError("refused: the file has a DOCTYPE (XBRL and schema files have none; "
                         "its entities are never expanded)", source)


class _Resolver(etree.Resolver):
    def __init__(self, files: dict[str, bytes]):
        super().__init__()
        self.files = files

    def resolve(self, url, public_id, context):
        name = url.rsplit("/", 1)[-1]
        if name in self.files and not url.startswith("http"):
            return self.resolve_string(self.files[name], context, base_url=name)
        local = bundled_copy(url)
        if local is not None:
            return self.resolve_filename(str(local), context)
        return None


def _driver(files: dict[str, bytes]) -> bytes:
    imports = [f'<xs:import namespace="{XBRLI}" '
               f'schemaLocation="http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"/>']
    for name, text in sorted(files.items()):
        namespace = etree.fromstring(text).get("targetNamespace")
        imports.append(f'<xs:import namespace="{namespace}" schemaLocation="{name}"/>')
    return ('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            'targetNamespace="urn:xbrl-export:validation-driver">' + "".join(imports)
            + "</xs:schema>").encode()


_SCHEMAS: dict[str, etree.XMLSchema] = {}


def compiled_schema(files: dict[str, bytes]) -> etree.XMLSchema:
    """An lxml XMLSchema for the XBRL instance schema plus these schema files (cached)."""
    key = hashlib.sha256(b"".join(n.encode() + t for n, t in sorted(files.items()))).hexdigest()
    if key not in _SCHEMAS:
        parser = etree.XMLParser(no_network=True, resolve_entities=False)
        parser.resolvers.add(_Resolver(files))
        driver = etree.fromstring(_driver(files), parser, base_url="driver.xsd")
        _SCHEMAS[key] = etree.XMLSchema(driver)
    return _SCHEMAS[key]


def _parse_instance(path: Path) -> etree._ElementTree:
    parser = etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=False,
                             load_dtd=False)
    try:
        if not path.is_file():
            raise OSError
        tree = etree.parse(str(path), parser)
    except OSError:
        raise InputError("no such file", str(path)) from None
    except (etree.XMLSyntaxError, ValueError) as error:
        raise InputError(f"not well-formed XML: {' '.join(str(error).split())[:300]}",
                         str(path)) from None
    _refuse_doctype(tree, str(path))
    for element in tree.getroot().iter():
        if isinstance(element.tag, str):
            reference = element.get(f"{{{XLINK}}}href")
            if reference:
                _checked_reference(reference, path.parent, str(path))
    return tree


def schema_files_for(tree: etree._ElementTree, base: Path) -> dict[str, bytes]:
    """The schema files an instance references, read from beside it or generated (official)."""
    files: dict[str, bytes] = {}
    for ref in tree.getroot().iter(f"{{{LINK}}}schemaRef"):
        href = ref.get(f"{{{XLINK}}}href", "")
        official = _OFFICIAL.match(href)
        if official:
            generated = render_taxonomy(int(official[2]))
            prefix = "us-gaap" if "fasb" in official[1] else "dei"
            name = concept_schema_name(int(official[2]), prefix)
            files[name] = generated[name].encode()
            continue
        target = _checked_reference(href, base, str(base))
        if target is not None:
            files.update(_local_schema_tree(target, base))
    return files


def _local_schema_tree(path: Path, folder: Path) -> dict[str, bytes]:
    """A local schema and the local schemas it imports, by file name (each inside `folder`)."""
    found: dict[str, bytes] = {}
    pending = [path]
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    while pending:
        current = pending.pop()
        if current.name in found:
            continue
        try:
            found[current.name] = current.read_bytes()
        except OSError:
            raise InputError(f"referenced schema {current.name} is missing", str(current)) from None
        try:
            root = etree.fromstring(found[current.name], parser)
        except (etree.XMLSyntaxError, ValueError) as error:
            raise InputError(f"referenced schema is not well-formed XML: "
                             f"{' '.join(str(error).split())[:300]}", str(current)) from None
        _refuse_doctype(root.getroottree(), str(current))
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            reference = element.get(f"{{{XLINK}}}href")
            if reference:
                target = _checked_reference(reference, folder, str(current))
                if target is not None and element.tag.endswith("}linkbaseRef"):
                    _check_linkbase(target, folder, parser)
            location = element.get("schemaLocation", "")
            if location and element.tag.endswith(("}import", "}include", "}redefine")):
                target = _checked_reference(location, folder, str(current))
                if target is not None:
                    pending.append(target)
    return found


def _check_linkbase(path: Path, folder: Path, parser) -> None:
    """A linkbase Arelle will read: well-formed, no DOCTYPE, every href inside the folder."""
    try:
        root = etree.fromstring(path.read_bytes(), parser)
    except OSError:
        raise InputError("referenced linkbase is missing", str(path)) from None
    except (etree.XMLSyntaxError, ValueError) as error:
        raise InputError(f"referenced linkbase is not well-formed XML: "
                         f"{' '.join(str(error).split())[:300]}", str(path)) from None
    _refuse_doctype(root.getroottree(), str(path))
    for element in root.iter():
        if isinstance(element.tag, str) and element.get(f"{{{XLINK}}}href"):
            _checked_reference(element.get(f"{{{XLINK}}}href"), folder, str(path))


def static_schema_files(year: int) -> dict[str, bytes]:
    """The generated shared schemas of a taxonomy year (what every instance's facts need)."""
    files = render_taxonomy(year)
    return {name: text.encode() for name, text in files.items() if name.endswith(".xsd")}


_THREAD = threading.local()  # a parser per thread: callers may map convert_bytes over threads


def _instance_parser() -> etree.XMLParser:
    """The whitespace between an instance's elements carries nothing: dropping it makes the
    parse and the validation of every instance cheaper."""
    parser = getattr(_THREAD, "parser", None)
    if parser is None:
        parser = _THREAD.parser = etree.XMLParser(no_network=True, resolve_entities=False,
                                                  remove_blank_text=True)
    return parser


def instance_text_problems(xml: str, year: int, source: str = "") -> list[Problem]:
    """Schema errors of an instance held in memory: the fast check run after each conversion."""
    tree = etree.fromstring(xml.encode("utf-8"), _instance_parser())
    schema = year_schema(year)
    if schema.validate(tree):
        return []
    return [Problem("schema", f"{source}:{e.line}", e.message) for e in schema.error_log]


@lru_cache(maxsize=8)
def year_schema(year: int) -> etree.XMLSchema:
    """The compiled schema of a taxonomy year, found once per process (not hashed per call)."""
    return compiled_schema(static_schema_files(year))


def schema_problems(path: Path) -> list[Problem]:
    """XML Schema errors of an instance file (fast lxml path)."""
    tree = _parse_instance(path)
    schema = compiled_schema(schema_files_for(tree, path.parent))
    if schema.validate(tree):
        return []
    return [Problem("schema", f"{path}:{e.line}", e.message) for e in schema.error_log]


def explain_with_xmlschema(path: Path) -> list[Problem]:
    """The same check through xmlschema, whose messages say more about a failure."""
    import xmlschema

    tree = _parse_instance(path)
    files = schema_files_for(tree, path.parent)
    with tempfile.TemporaryDirectory() as folder:
        for name, text in files.items():
            (Path(folder) / name).write_bytes(text)
        (Path(folder) / "driver.xsd").write_bytes(_driver(files))
        schema = xmlschema.XMLSchema(str(Path(folder) / "driver.xsd"),
                                     uri_mapper=_map_to_bundled)
        return [Problem("schema", f"{path}:{getattr(e, 'sourceline', '') or ''}", e.reason or str(e))
                for e in schema.iter_errors(str(path))]


def _map_to_bundled(url: str) -> str:
    local = bundled_copy(url)
    return local.as_uri() if local else url


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def arelle_problems(path: Path, calculations: bool = True, plugins: str | None = None) -> list[Problem]:
    """Arelle's XBRL 2.1 validation (and calculation checks), offline; warnings count too.
    `plugins`: Arelle plugins to load first (loadFromOIM for xBRL-JSON and xBRL-CSV)."""
    try:
        from arelle.api.Session import Session
        from arelle.RuntimeOptions import RuntimeOptions
    except ImportError:
        raise ConverterError("Arelle (the package arelle-release) is not installed: "
                             "pip install arelle-release, or validate with --no-arelle") from None

    options = RuntimeOptions(entrypointFile=str(path), validate=True,
                             internetConnectivity="offline", disablePersistentConfig=True,
                             calcs="c10" if calculations else None, plugins=plugins,
                             logFormat="[%(messageCode)s] %(message)s")
    collector = _Collect()
    with Session() as session:
        session.run(options, logHandler=collector)
    problems = []
    for entry in collector.records:
        if entry.levelno < logging.WARNING:
            continue
        code = getattr(entry, "messageCode", "")
        problems.append(Problem("xbrl", str(path), f"[{code}] {entry.getMessage()}",
                                "error" if entry.levelno >= logging.ERROR else "warning"))
    return problems


def validate_file(path: Path, use_arelle: bool = True) -> list[Problem]:
    """Every problem with an instance: schema errors, then Arelle's errors and warnings. An
    xBRL-JSON report or xBRL-CSV metadata (.json; a .csv table stands for the metadata beside it,
    `<table>-metadata.json`) is checked by `oim_problems` instead."""
    if path.suffix.lower() in (".json", ".csv"):
        return oim_problems(oim_entry(path), use_arelle)
    problems = schema_problems(path)
    if problems:
        return problems
    return arelle_problems(path) if use_arelle else []


OIM_DOCUMENT_TYPES = ("https://xbrl.org/2021/xbrl-json", "https://xbrl.org/2021/xbrl-csv")


def oim_entry(path: Path) -> Path:
    """The file Arelle loads for an OIM output: a .json itself, a .csv table its metadata."""
    if path.suffix.lower() != ".csv":
        return path
    metadata = path.with_name(path.name + "-metadata.json")
    if not metadata.is_file():
        raise InputError(f"an xBRL-CSV table is validated through its metadata, and "
                         f"{metadata.name} is not beside it", str(path))
    return metadata


def oim_problems(path: Path, use_arelle: bool = True) -> list[Problem]:
    """Problems with an xBRL-JSON report or xBRL-CSV metadata file (OIM 1.0): the references
    checked as an instance's are (only files beside it and the bundled schemas are read), the
    generated schemas well-formed, then Arelle loads it (its OIM loader, the loadFromOIM
    plugin) and validates what it loaded, offline, with the calculation checks."""
    _check_oim_references(path, path.parent, set())
    return arelle_problems(path, plugins="loadFromOIM") if use_arelle else []


def _check_oim_references(path: Path, folder: Path, seen: set[Path]) -> None:
    """Every file an OIM document names (taxonomy, tables, parameter files, documents it
    extends) must lie in `folder`; local schemas are checked as an instance's are."""
    seen.add(path)
    document = _oim_document(path)
    info = document["documentInfo"]
    if "baseURL" in info:
        raise InputError("refused: documentInfo.baseURL moves where references point "
                         "(only files beside the document are read)", str(path))
    for reference in _strings(info.get("taxonomy", []), path, "taxonomy"):
        target = _checked_reference(reference, folder, str(path))
        if target is not None:
            _local_schema_tree(target, folder)
    tables = _mapping(document.get("tables", {}), path, "tables").values()
    locations = [table.get("url") for table in tables if isinstance(table, dict)]
    locations += [document["parameterURL"]] if "parameterURL" in document else []
    for location in locations:
        if not isinstance(location, str):
            raise InputError("not an OIM document: a table url or parameterURL is not a string", str(path))
        _checked_reference(location, folder, str(path))
    for reference in _strings(info.get("extends", []), path, "extends"):
        target = _checked_reference(reference, folder, str(path))
        if target is not None and target not in seen:
            _check_oim_references(target, folder, seen)


def _oim_document(path: Path) -> dict:
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise InputError("no such file", str(path)) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or type(error).__name__}", str(path)) from None
    except (ValueError, RecursionError) as error:
        raise InputError(f"not well-formed JSON: {' '.join(str(error).split())[:300]}", str(path)) from None
    info = data.get("documentInfo") if isinstance(data, dict) else None
    if not isinstance(info, dict) or info.get("documentType") not in OIM_DOCUMENT_TYPES:
        raise InputError("not an xBRL-JSON report or xBRL-CSV metadata file (its documentInfo "
                         f"documentType is none of {', '.join(OIM_DOCUMENT_TYPES)})", str(path))
    return data


def _strings(value, path: Path, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InputError(f"not an OIM document: documentInfo.{what} is not a list of strings", str(path))
    return value


def _mapping(value, path: Path, what: str) -> dict:
    if not isinstance(value, dict):
        raise InputError(f"not an OIM document: {what} is not an object", str(path))
    return value
