"""The `xbrl-export` command line: turns options into library calls and library errors into one
clear message and an exit code (see converter.errors). No logic of its own."""
from __future__ import annotations

import json
import math
import os
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import NoReturn

import typer

from . import __version__
from .batch import MAX_JOBS, BatchOptions, collect_inputs, review_name, run_batch
from .build import Overrides
from .errors import EXIT_INTERRUPTED, EXIT_SOME_FAILED, ConverterError, InputError, InternalError, OutputError
from .limits import read_input
from .outputs import prepare_folder, write_atomically
from .pipeline import convert_bytes, output_targets, write_outputs
from .progress import print_summary_table, progress_reporter
from .result import ConversionResult
from .writers import FORMATS
from .writers.xbrl import safe_stem
from .writers.xbrl_csv import table_name

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn SEC 8-K earnings releases into XBRL 2.1 instance documents.")


def _show_version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Turn SEC 8-K earnings releases into XBRL 2.1 instance documents."""


class SchemaRef(str, Enum):
    local = "local"
    official = "official"


EXIT_USAGE = 2
EXIT_STRICT = 5


def _fail(error: ConverterError) -> NoReturn:
    typer.echo(f"xbrl-export: {error.user_message()}", err=True)
    raise typer.Exit(error.exit_code)


def _usage(message: str) -> NoReturn:
    """Bad usage: one line and exit 2 (typer's own checks exit 2 as well)."""
    typer.echo(f"xbrl-export: {message} (see xbrl-export convert --help)", err=True)
    raise typer.Exit(EXIT_USAGE)


def _period_end(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        _usage(f"--period-end {text!r} is not a date (YYYY-MM-DD)")


def _check_options(jobs: int, timeout: float, cik: str | None) -> str | None:
    """One line and exit 2 for an option out of range; the CIK written with its 10 digits."""
    if not 0 <= jobs <= MAX_JOBS:
        _usage(f"--jobs must be between 0 (the machine's cores) and {MAX_JOBS}, not {jobs}")
    if not (math.isfinite(timeout) and timeout > 0):
        _usage(f"--timeout must be a positive number of seconds, not {timeout}")
    if cik is None:
        return None
    digits = cik.strip()
    if not digits.isdigit() or len(digits.lstrip("0")) > 10 or not digits.strip("0"):
        _usage(f"--cik {cik!r} is not a CIK (up to 10 digits)")
    return digits.lstrip("0").zfill(10)


def _formats(values: list[str] | None) -> tuple[str, ...]:
    """The output formats asked for (--format repeated or a comma list), in order, once each."""
    names = [name.strip().lower() for value in values or ["xml"] for name in value.split(",")]
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        _usage(f"--format {', '.join(unknown) or repr('')} is not a format (known: {', '.join(FORMATS)})")
    return tuple(dict.fromkeys(names))


OUTPUT_SUFFIXES = (".csv-metadata.json", ".xml", ".xbrl", ".json", ".csv")


def _targets(output: str | None, source: Path, formats: tuple[str, ...]) -> tuple[Path, dict[str, Path]]:
    """One input's output files (format -> main file) and the path without suffix they share:
    `-o FILE` with the xml format alone is FILE itself; otherwise each format's file is FILE
    without a known output suffix (.xml, .xbrl, .json, .csv, .csv-metadata.json) plus its own
    suffix; no `-o`: the input's name in the current folder."""
    base = Path(source.stem)
    if output is not None:
        base = Path(output)
        for suffix in OUTPUT_SUFFIXES:
            if base.name.lower().endswith(suffix) and len(base.name) > len(suffix):
                base = base.with_name(base.name[: -len(suffix)])
                break
    if output is not None and formats == ("xml",):
        return base, {"xml": Path(output)}
    return base, output_targets(base, formats)


def _print_summary(result: ConversionResult, written: list[Path]) -> None:
    summary = result.summary()
    typer.echo(f"{result.source}: {summary['facts']} facts, {summary['tables']} tables, "
               f"{len(summary['periods'])} periods, {summary['warnings']} warnings, "
               f"{summary['refusals']} refusals", err=True)
    for notice in result.warnings:
        where = f"line {notice.line}: " if notice.line else ""
        typer.echo(f"  warning: {where}{notice.message}", err=True)
    if summary["periods"]:
        typer.echo(f"  periods: {', '.join(summary['periods'])}", err=True)
    for path in written:
        typer.echo(f"  wrote {path}", err=True)


class DatasetFormat(str, Enum):
    sqlite = "sqlite"
    parquet = "parquet"


class LogFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"


@app.command()
def convert(
    sources: list[str] = typer.Argument(None, help="Filings (plain text, EDGAR .txt or HTML), "
                                        "folders (searched recursively) or glob patterns."),
    output: str | None = typer.Option(None, "-o", "--output",
                                         help="One input: the instance file ('-' for stdout; "
                                              "default <input name>.xml here). Several inputs: "
                                              "the output folder."),
    from_list: Path | None = typer.Option(None, help="Also convert the paths listed in this "
                                             "file, one a line."),
    jobs: int = typer.Option(0, help="Worker processes for several inputs (0: the machine's cores)."),
    skip_existing: bool = typer.Option(False, help="Skip inputs whose instance already exists "
                                       "(resume an interrupted run)."),
    timeout: float = typer.Option(60.0, help="Seconds allowed per input (a positive number)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or per-file lines."),
    log_format: LogFormat = typer.Option(LogFormat.text, help="'jsonl': one JSON record a line "
                                         "per input on stdout (for scripts)."),
    validate: bool = typer.Option(True, help="Check each instance against the XBRL schemas as "
                                  "it is written."),
    cik: str | None = typer.Option(None, help="Central Index Key (overrides the filing)."),
    entity_name: str | None = typer.Option(None, help="Registrant name (overrides the filing)."),
    file_number: str | None = typer.Option(None, help="Commission file number (overrides)."),
    document_type: str | None = typer.Option(None, help="Form type, e.g. 8-K (overrides)."),
    period_end: str | None = typer.Option(None, help="Date of report, YYYY-MM-DD (overrides)."),
    taxonomy_year: int = typer.Option(2024, help="us-gaap/dei release year of the namespaces."),
    schema_ref: SchemaRef = typer.Option(SchemaRef.local, help="'local': write and reference the "
                                         "generated schema; 'official': reference the official "
                                         "us-gaap/dei entry points (for online tools)."),
    report: Path | None = typer.Option(None, help="One input: write the conversion report "
                                          "(JSON) here. Several: each input gets <name>.report.json."),
    reports: bool = typer.Option(True, help="Several inputs: write each input's report beside its "
                                 "instance (--no-reports: instances only, one file per input; "
                                 "the run report still has a line per input)."),
    fsync: bool = typer.Option(True, help="Sync each written file to disk before renaming it into "
                               "place (--no-fsync: faster batches on a disk, but a machine crash "
                               "may leave empty files)."),
    strict: bool = typer.Option(False, help="Exit 5 when a conversion had warnings (in a batch: "
                                "when any input had warnings and none failed)."),
    output_format: list[str] | None = typer.Option(None, "--format", help="Output formats: xml "
                                                   "(XBRL 2.1, the default), json (xBRL-JSON), csv "
                                                   "(xBRL-CSV: <name>.csv-metadata.json and "
                                                   "<name>.csv); repeat it or give a comma list."),
    dataset: Path | None = typer.Option(None, help="Several inputs: also write every fact to this "
                                        "dataset (tables sub/num/tag/pre shaped like the SEC's "
                                        "Financial Statement Data Sets)."),
    dataset_format: DatasetFormat = typer.Option(DatasetFormat.sqlite, help="'sqlite': one file "
                                                 "(the default); 'parquet': a folder of Parquet "
                                                 "files by filing year (needs the parquet extra)."),
    review: Path | None = typer.Option(None, "--review", help="Also write each input's review "
                                          "page (<name>.review.html: the statements as printed, "
                                          "facts and refusals marked) into this folder, and with "
                                          "several inputs review-index.html listing them."),
) -> None:
    """Convert filings into XBRL 2.1 instances, xBRL-JSON or xBRL-CSV (--format), and the schema
    files they reference."""
    cik = _check_options(jobs, timeout, cik)
    formats = _formats(output_format)
    overrides = Overrides(cik, entity_name, file_number, document_type, _period_end(period_end))
    sources = sources or []
    if not sources and from_list is None:
        _usage("give at least one input or --from-list")
    single = (len(sources) == 1 and from_list is None and not Path(sources[0]).is_dir()
              and not any(ch in sources[0] for ch in "*?[")
              and not (output and (Path(output).is_dir() or output.endswith(os.sep))))
    if single and dataset is not None:
        _usage("--dataset writes a batch's facts: give an output folder (-o DIR)")
    if single:
        _convert_single(Path(sources[0]), output, overrides, taxonomy_year, schema_ref, report,
                        strict, validate, timeout, formats, review)
        return
    if not output or output == "-":
        _usage("several inputs need an output folder: -o DIR")
    if Path(output).suffix.lower() in (".xml", ".xbrl", ".json", ".csv", ".xsd") and not Path(output).is_dir():
        _usage(f"several inputs need an output folder, and -o {output} names a file")
    options = BatchOptions(Path(output), jobs, skip_existing, timeout, validate, taxonomy_year,
                           schema_ref.value, overrides, write_reports=reports, durable=fsync,
                           formats=formats, dataset=dataset, dataset_format=dataset_format.value,
                           review_dir=review)
    _convert_batch(sources, from_list, options, quiet, log_format, strict)


def _convert_single(source: Path, output, overrides, taxonomy_year, schema_ref, report, strict,
                    validate, timeout, formats: tuple[str, ...], review: Path | None = None) -> None:
    if output == "-" and (len(formats) > 1 or formats[0] == "csv"):
        _usage("-o - writes one file: the xml or the json format alone")
    try:
        base, targets = (Path(source.stem), {}) if output == "-" else _targets(output, source, formats)
        table = [base.with_name(table_name(base.name))] if "csv" in targets else []  # xBRL-CSV's
        page = None if review is None else review / review_name(safe_stem(source.stem))
        for path in [*targets.values(), *table, report, page]:
            if path is not None and _same_file(path, source):
                raise OutputError("refused: this would write over the input; choose another -o "
                                  "or --report", str(path))
        if review is not None:
            prepare_folder(review)
        result = convert_bytes(read_input(source), str(source), overrides=overrides,
                               year=taxonomy_year, schema_ref=schema_ref.value, validate=validate,
                               timeout=timeout, formats=formats + (("review",) if page else ()),
                               stem=base.name)
        written = _write(result, targets, formats[0])
        if report is not None:
            write_atomically(report, json.dumps(result.report(), indent=1) + "\n")
            written.append(report)
        if page is not None:
            write_atomically(page, result.outputs["review"].text)
            written.append(page)
    except ConverterError as error:
        _fail(error)
    except Exception as error:  # the catch-all at the input's boundary: one line, exit 7
        _fail(InternalError.wrapping(error, str(source)))
    _print_summary(result, written)
    if strict and result.warnings:
        raise typer.Exit(EXIT_STRICT)


def _same_file(path: Path, source: Path) -> bool:
    try:
        return os.path.realpath(path) == os.path.realpath(source) or path.samefile(source)
    except OSError:
        return False


def _convert_batch(sources, from_list, options: BatchOptions, quiet: bool, log_format,
                   strict: bool) -> None:
    try:
        prepare_folder(options.output_dir)
        inputs = collect_inputs(sources, from_list, options.output_dir, options.review_dir)
        if not inputs.paths:
            raise InputError("no inputs found" + _left_out(inputs))
        with progress_reporter(len(inputs.paths), quiet, log_format.value) as on_record:
            summary = run_batch(inputs.paths, options, on_record, inputs)
    except ConverterError as error:
        _fail(error)
    if not quiet:
        print_summary_table(summary, options.output_dir)
    if summary.failed:
        raise typer.Exit(EXIT_SOME_FAILED)
    if strict and summary.warned:
        raise typer.Exit(EXIT_STRICT)


def _left_out(inputs) -> str:
    parts = [f"{count} {what}" for count, what in (
        (inputs.hidden, "hidden files skipped"),
        (inputs.in_output_folder, "files inside the output folder skipped")) if count]
    return f" ({', '.join(parts)})" if parts else ""


def _write(result: ConversionResult, targets: dict[str, Path], first: str) -> list[Path]:
    if not targets:  # -o -: one format to stdout
        sys.stdout.write(result.outputs[first].text)
        if result.outputs[first].files:
            typer.echo("  note: with -o - the generated schema is not written; "
                       "use --schema-ref official or an output file", err=True)
        return []
    return write_outputs(result, targets)


@app.command("review")
def review_command(
    source: Path = typer.Argument(..., help="A filing (plain text, EDGAR .txt, HTML or PDF)."),
    output: Path | None = typer.Option(None, "-o", "--output", help="The page to write (default "
                                          "<input name>.review.html here)."),
    cik: str | None = typer.Option(None, help="Central Index Key (overrides the filing)."),
    entity_name: str | None = typer.Option(None, help="Registrant name (overrides the filing)."),
    taxonomy_year: int = typer.Option(2024, help="us-gaap/dei release year of the namespaces."),
    timeout: float = typer.Option(60.0, help="Seconds allowed for the conversion."),
) -> None:
    """Convert one filing and write its review page: one self-contained HTML file showing each
    statement as printed, every number that became a fact marked and linked to its concept,
    period, unit, decimals and confirmation, every refusal and warning at its line, and a
    sortable, filterable table of the facts. Writes no instance."""
    cik = _check_options(0, timeout, cik)
    target = output or Path(review_name(safe_stem(source.stem)))
    try:
        if _same_file(target, source):
            raise OutputError("refused: this would write over the input; choose another -o",
                              str(target))
        result = convert_bytes(read_input(source), str(source),
                               overrides=Overrides(cik, entity_name), year=taxonomy_year,
                               validate=False, timeout=timeout, formats=("review",))
        write_atomically(target, result.outputs["review"].text)
    except ConverterError as error:
        _fail(error)
    except Exception as error:  # the catch-all at the input's boundary: one line, exit 7
        _fail(InternalError.wrapping(error, str(source)))
    _print_summary(result, [target])


@app.command()
def cluster(
    inputs: str = typer.Argument(..., help="A glob or folder of filings that fsspec reads: a local "
                                 "path, file://..., s3://bucket/edgar/**/*.txt, gs://..."),
    output: str = typer.Option(..., "-o", "--output", help="Where the Parquet dataset and the run "
                               "report go: a folder or an fsspec URL."),
    scheduler: str | None = typer.Option(None, help="A running Dask scheduler (tcp://host:8786); "
                                         "default: a local cluster of --workers processes."),
    workers: int = typer.Option(0, help="Processes of the local cluster (0: the machine's cores)."),
    partition_size: int = typer.Option(100, help="Inputs per Dask task (one part of the dataset "
                                       "per partition)."),
    skip_existing: bool = typer.Option(False, help="Leave what an earlier run finished (its failed "
                                       "inputs are tried again)."),
    timeout: float = typer.Option(60.0, help="Seconds allowed per input (a positive number)."),
    validate: bool = typer.Option(True, help="Check each instance against the XBRL schemas."),
    taxonomy_year: int = typer.Option(2024, help="us-gaap/dei release year of the namespaces."),
) -> None:
    """Convert filings on a Dask cluster into the Parquet dataset (needs the dask extra)."""
    from .cluster import ClusterOptions, list_inputs, local_client, remote_client, run_on_dask

    if not 0 <= workers <= MAX_JOBS:
        _usage(f"--workers must be between 0 (the machine's cores) and {MAX_JOBS}, not {workers}")
    _check_options(0, timeout, None)
    if partition_size < 1:
        _usage(f"--partition-size must be at least 1, not {partition_size}")
    options = ClusterOptions(output, partition_size, skip_existing, timeout, validate, taxonomy_year)
    local = None
    try:
        found = list_inputs(inputs)
        if not found:
            raise InputError("no inputs found", inputs)
        if scheduler:
            client = remote_client(scheduler)
        else:
            local, client = local_client(workers or os.cpu_count() or 1)
        try:
            summary = run_on_dask(found, options, client)
        finally:
            client.close()
            if local is not None:
                local.close()
    except ConverterError as error:
        _fail(error)
    counts = ", ".join(f"{n} {status}" for status, n in sorted(summary.statuses.items()))
    typer.echo(f"{summary.total} inputs in {summary.seconds:.1f} s: {counts}; {summary.facts} facts "
               f"(run report: {output.rstrip('/')}/run-report.jsonl)")
    if summary.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


@app.command()
def validate(
    instances: list[Path] = typer.Argument(..., help="Instance files to validate: XBRL 2.1 (.xml), "
                                           "xBRL-JSON (.json), xBRL-CSV metadata (.json) or its "
                                           "table (.csv, validated through its metadata)."),
    arelle: bool = typer.Option(True, help="Also run Arelle's XBRL 2.1 and calculation checks."),
) -> None:
    """Validate instances offline: XML Schema, then Arelle (xBRL-JSON and xBRL-CSV: Arelle's OIM
    loader). Exits 1 on any error or warning."""
    from .validate import explain_with_xmlschema, validate_file

    failed = False
    for path in instances:
        try:
            problems = validate_file(path, use_arelle=arelle)
            if problems and problems[0].source == "schema":
                problems = explain_with_xmlschema(path) or problems
        except ConverterError as error:
            _fail(error)
        except Exception as error:  # one line, never a traceback
            _fail(InternalError.wrapping(error, str(path)))
        for problem in problems:
            typer.echo(str(problem), err=True)
        typer.echo(f"{path}: {'valid' if not problems else f'{len(problems)} problems'}")
        failed = failed or bool(problems)
    if failed:
        raise typer.Exit(1)


@app.command()
def check(
    inputs: list[Path] = typer.Argument(..., help="Filings, folders (searched recursively) or globs."),
    as_json: bool = typer.Option(False, "--json", help="One JSON record per input on stdout."),
) -> None:
    """Convert each filing and check what its statements guarantee, with no golden file:
    EPS x shares ~ net income, assets = liabilities + equity, ending cash = balance-sheet cash,
    each balance-sheet line in a section of its balance. Exits 1 when any check fails."""
    from .batch import collect_inputs
    from .corpus_check import check_paths, totals

    try:
        paths = collect_inputs([str(p) for p in inputs]).paths
    except ConverterError as error:
        _fail(error)
    records = []
    for record in check_paths(paths):
        records.append(record)
        if as_json:
            typer.echo(json.dumps(record))
            continue
        failed = sum(c["fails"] for c in record["checks"].values())
        held = sum(c["holds"] for c in record["checks"].values())
        state = record["error"] or f"{record['facts']} facts, {held} checks hold, {failed} fail"
        typer.echo(f"{record['input']}: {state}")
        for failure in record["failures"]:
            typer.echo(f"  {failure['check']} {failure['where']}: {failure['detail']}")
    if not as_json:
        for name, counts in sorted(totals(records).items()):
            typer.echo(f"{name}: {counts['holds']} hold, {counts['fails']} fail")
    if any(record["failures"] for record in records):
        raise typer.Exit(1)


class InspectFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def inspect(
    source: Path = typer.Argument(..., help="A filing (text, EDGAR .txt, HTML or PDF)."),
    output_format: InspectFormat = typer.Option(InspectFormat.table, "--format",
                                                help="'table' (terminal), 'csv' or 'json' (scripts)."),
    cik: str | None = typer.Option(None, help="Central Index Key (overrides the filing)."),
    entity_name: str | None = typer.Option(None, help="Registrant name (overrides the filing)."),
    timeout: float = typer.Option(60.0, help="Seconds allowed for the conversion."),
) -> None:
    """Print each statement of a filing as converted: label, concept, one column per period,
    refusals marked. Writes no file."""
    from rich.console import Console

    from .inspection import csv_text, json_data, print_tables
    from .statements import statement_view

    cik = _check_options(0, timeout, cik)
    try:
        result = convert_bytes(read_input(source), str(source), overrides=Overrides(cik, entity_name),
                               formats=(), timeout=timeout)
        statements = statement_view(result)
    except ConverterError as error:
        _fail(error)
    except Exception as error:  # the catch-all at the input's boundary: one line, exit 7
        _fail(InternalError.wrapping(error, str(source)))
    if output_format is InspectFormat.csv:
        sys.stdout.write(csv_text(statements))
    elif output_format is InspectFormat.json:
        sys.stdout.write(json.dumps(json_data(statements), indent=1) + "\n")
    else:
        console = Console(width=None if sys.stdout.isatty() else 200)
        print_tables(statements, console)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    """The console entry point (and `python -m converter`): runs the command, turns whatever ends
    it into one line and an exit code (never a traceback), and exits with that code."""
    try:
        app()
        code = 0
    except InputError as error:  # pragma: no cover - commands catch their own
        typer.echo(f"xbrl-export: {error.user_message()}", err=True)
        code = error.exit_code
    except SystemExit as stop:  # how click ends every command
        code = _exit_status(stop.code)
    except KeyboardInterrupt:
        typer.echo("xbrl-export: interrupted", err=True)
        code = EXIT_INTERRUPTED
    except Exception as error:  # pragma: no cover - commands catch their own
        typer.echo(f"xbrl-export: {InternalError.wrapping(error).user_message()}", err=True)
        code = InternalError.exit_code
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):  # a closed pipe (`| head`): nothing more to write there
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    raise SystemExit(code)


def _exit_status(code) -> int:
    """What the interpreter would exit with for SystemExit(code)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1
